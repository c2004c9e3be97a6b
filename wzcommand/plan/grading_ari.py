"""The respiratory plan's own event grading (ari 3.1-3.4, seed lines 3886-4057), all 32 clauses.

Clauses with a number are :class:`~.grading.Criterion` data with their numeric edges; the others
are listed verbatim for the experts.  How the plan's words are read is stated beside each
condition (``reading``):

* ``以上`` includes the number (``2个以上`` = 2 or more), as in Chinese legal usage (立法法/刑法
  "以上、以下、以内，包括本数");
* ``超过`` excludes it (``超过基线水平8个百分点`` = more than 8 points over the baseline); the
  warning annex reads it the same way;
* ``未超过`` includes it (``未超过5例`` = 5 or fewer).

ILI% and the positive rate are compared with their baselines in percentage points, as in the
warning annex.  Pure stdlib.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from .criteria import Condition, Criterion

FACT_FIELDS: Mapping[str, str] = {
    "sars_counties": "传染性非典型肺炎波及县（市、区）数",
    "pneumonic_cases": "全市1个平均潜伏期内肺鼠疫、肺炭疽病例数（例）",
    "pneumonic_local_cases": "其中本地病例数（例）",
    "avian_flu_counties": "发生人感染禽流感病例的县（市、区）数",
    "avian_flu_clusters": "人感染禽流感聚集性疫情数（起）",
    "avian_flu_clusters_2w": "2周内人感染禽流感聚集性疫情数（起）",
    "novel_flu_deaths": "新型流感死亡病例数（例）",
    "ili_excess_points": "每周ILI%超过基线水平（百分点）",
    "positive_excess_points": "每周流感样病例标本阳性检出率超过基线水平（百分点）",
}


PLAN = "ari"
READ_AT_LEAST = "“以上”含本数（≥）"
READ_MORE_THAN = "“超过”不含本数（>）"
READ_NOT_MORE = "“未超过”含本数（≤）"
READ_ANY = "“发生……病例”即至少1例（≥1）"



def _c(field: str, op: str, value: str, wording: str, reading: str, upper: str | None = None) -> Condition:
    return Condition(field, op, Decimal(value), None if upper is None else Decimal(upper), wording, reading)


def _ili(ili: str, positive: str) -> tuple[Condition, ...]:
    return (_c("ili_excess_points", ">", ili, f"超过基线水平{ili}个百分点", READ_MORE_THAN),
            _c("positive_excess_points", ">", positive, f"超过基线水平{positive}个百分点", READ_MORE_THAN))


def _k(clause: str, grade: str, kind: str, text: str, alternatives, note: str | None = None) -> Criterion:
    return Criterion(clause, grade, kind, text, alternatives, note, PLAN)


COUNT_CRITERIA: tuple[Criterion, ...] = (
    _k("3.1(2)", "特别重大", "传染性非典型肺炎", "传染性非典型肺炎波及我市2个以上县（市、区），呈扩散趋势。",
       ((_c("sars_counties", ">=", "2", "2个以上县（市、区）", READ_AT_LEAST),),),
       note="“呈扩散趋势”须专家研判"),
    _k("3.1(5)", "特别重大", "肺鼠疫、肺炭疽", "我市1个平均潜伏期内发生5例以上肺鼠疫、肺炭疽病例，并有扩散趋势。",
       ((_c("pneumonic_cases", ">=", "5", "5例以上", READ_AT_LEAST),),),
       note="“并有扩散趋势”须专家研判"),
    _k("3.2(4)", "重大", "人感染禽流感",
       "我市6个以上县（市、区）范围内发生人感染禽流感病例并出现2起以上人感染禽流感聚集性疫情，"
       "或发现人感染禽流感病毒已具备人传人的能力。",
       ((_c("avian_flu_counties", ">=", "6", "6个以上县（市、区）", READ_AT_LEAST),
         _c("avian_flu_clusters", ">=", "2", "2起以上", READ_AT_LEAST)),),
       note="“已具备人传人的能力”须专家研判"),
    _k("3.2(5)", "重大", "流感", "流感哨点监测每周流感样病例百分比（ILI%）超过基线水平8个百分点，"
       "且每周流感样病例标本阳性检出率超过基线水平40个百分点。", (_ili("8", "40"),)),
    _k("3.2(6)", "重大", "新型流感", "我市出现新型流感疫情局部社区传播，并出现5例以上死亡病例。",
       ((_c("novel_flu_deaths", ">=", "5", "5例以上死亡病例", READ_AT_LEAST),),),
       note="“局部社区传播”须专家研判"),
    _k("3.2(7)", "重大", "肺鼠疫、肺炭疽", "我市发生肺鼠疫、肺炭疽本地病例，1个平均潜伏期内病例数未超过5例。",
       ((_c("pneumonic_local_cases", ">=", "1", "发生……本地病例", READ_ANY),
         _c("pneumonic_cases", "<=", "5", "未超过5例", READ_NOT_MORE)),)),
    _k("3.3(3)", "较大", "人感染禽流感", "我市2周内发生2起以上人感染禽流感聚集性疫情。",
       ((_c("avian_flu_clusters_2w", ">=", "2", "2起以上", READ_AT_LEAST),),)),
    _k("3.3(4)", "较大", "流感", "流感哨点监测每周流感样病例百分比（ILI%）超过基线水平4个百分点，"
       "且每周流感样病例标本阳性检出率超过基线水平20个百分点。", (_ili("4", "20"),)),
    _k("3.4(3)", "一般", "流感", "流感哨点监测每周流感样病例百分比（ILI%）超过基线水平2个百分点，"
       "且每周流感样病例标本阳性检出率超过基线水平10个百分点。", (_ili("2", "10"),),
       note="（注：基线水平根据监测结果，由省疾病预防控制机构每年动态调整）"),
)

QUALITATIVE_CRITERIA: tuple[tuple[str, str, str], ...] = (  # (clause, grade, verbatim text)
    ("3.1(1)", "特别重大", "我市出现新冠肺炎、新型流感疫情广泛社区传播。"),
    ("3.1(3)", "特别重大", "我市出现中东呼吸综合征疫情持续社区传播。"),
    ("3.1(4)", "特别重大", "我市出现人感染禽流感疫情社区传播，重症病例或死亡病例持续出现。"),
    ("3.1(6)", "特别重大", "我市急性呼吸道传染病短期内大量发病，已经超过我市医疗救治和防控能力。"),
    ("3.1(7)", "特别重大", "省政府或国家卫生健康主管部门认定的其他特别重大急性呼吸道传染病事件。"),
    ("3.2(1)", "重大", "我市出现新冠肺炎局部社区传播。"),
    ("3.2(2)", "重大", "我市出现传染性非典型肺炎病例。"),
    ("3.2(3)", "重大", "我市出现中东呼吸综合征本地聚集性疫情。"),
    ("3.2(8)", "重大", "我市急性呼吸道传染病短期内大量发病，可能超过我市医疗救治和防控能力。"),
    ("3.2(9)", "重大", "省卫生健康主管部门认定的其他重大急性呼吸道传染病事件。"),
    ("3.3(1)", "较大", "我省其他设区市出现新冠肺炎持续性社区传播，或我市出现新冠肺炎病例。"),
    ("3.3(2)", "较大", "我市出现中东呼吸综合征本地病例。"),
    ("3.3(5)", "较大", "我市出现新型流感疫情。"),
    ("3.3(6)", "较大", "我市出现可能为新病原引起的不明原因肺炎聚集性疫情，且出现多点扩散、病例死亡、社区传播、"
                     "院内感染等情况之一者。"),
    ("3.3(7)", "较大", "我市发生肺鼠疫、肺炭疽输入性病例。"),
    ("3.3(8)", "较大", "我市局部区域急性呼吸道传染病短期内大量发病，已超过发病所在县（市、区）医疗救治和防控能力。"),
    ("3.3(9)", "较大", "市卫生健康主管部门认定的其他较大急性呼吸道传染病事件。"),
    ("3.4(1)", "一般", "我市出现中东呼吸综合征输入性病例。"),
    ("3.4(2)", "一般", "我市发生人感染禽流感病例。"),
    ("3.4(4)", "一般", "我省其他设区市出现新型流感病例，可能波及我市。"),
    ("3.4(5)", "一般", "我市出现可能为新病原引起的不明原因肺炎聚集性疫情。"),
    ("3.4(6)", "一般", "我市局部区域急性呼吸道传染病短期内大量发病，可能超过发病所在县（市、区）医疗救治和防控能力。"),
    ("3.4(7)", "一般", "市卫生健康主管部门认定的其他一般急性呼吸道传染病事件。"),
)
