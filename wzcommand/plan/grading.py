"""Grading aid: the count-based criteria of both plans' event grading (phe 3.1-3.4, and the
respiratory plan's own 3.1-3.4 in :mod:`.grading_ari`), each match naming its plan and clause.

Each criterion with a number is data: its grade, kind, verbatim text and the
numeric condition.  Comparisons follow Chinese legal usage: ``以上``/``及以下``
include the number, ``超过`` excludes it, ``10～19``/``10-49`` are inclusive ranges.
``超过前5年同期平均发病水平N倍以上`` is read as: the excess over the 5-year
average is at least N times that average (current >= (N+1) x average); "1倍"
read as "equal to the average" would make every above-average week an event.
Criteria without numbers are only listed (:func:`qualitative_criteria`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Mapping

from . import grading_ari
from .criteria import Condition, Criterion
from .sources import require_rules

GRADES: tuple[str, ...] = ("特别重大", "重大", "较大", "一般")  # high -> low

# Fact fields the caller may supply (all optional), with Chinese labels for forms: the public-health
# plan's, then the respiratory plan's (grading_ari.FACT_FIELDS).
FACT_FIELDS: Mapping[str, str] = {
    "bubonic_plague_city_cases": "全市1个平均潜伏期内腺鼠疫发病数（例）",
    "bubonic_plague_county_cases": "单个县（市、区）1个平均潜伏期内腺鼠疫病例数（例）",
    "bubonic_plague_counties": "腺鼠疫波及县（市、区）数",
    "cholera_city_week_cases": "全市1周内霍乱发病数（例）",
    "cholera_county_week_cases": "单个县（市、区）1周内霍乱发病数（例）",
    "cholera_counties": "霍乱波及县（市、区）数",
    "class_bc_counties": "乙、丙类传染病疫情波及县（市、区）数",
    "class_bc_week_incidence": "1周内乙、丙类传染病发病水平",
    "class_bc_baseline_incidence": "前5年同期平均发病水平",
    "unexplained_cluster_counties": "群体性不明原因疾病波及县（市、区）数",
    "occupational_poisoning_cases": "一次急性职业中毒人数",
    "occupational_poisoning_deaths": "一次急性职业中毒死亡人数",
    **grading_ari.FACT_FIELDS,
}
# Derived: (week incidence - baseline) / baseline, i.e. "超过…N倍".
EDITION = "2021"  # the edition whose grading criteria (phe 附件, ari 3) this module and grading_ari quote
WHAT = "事件分级标准"
EXCESS_MULTIPLE = "class_bc_excess_multiple"


@dataclass(frozen=True)
class Match:
    grade: str
    criterion_text: str
    id: str
    source: str



def _c(field: str, op: str, value: int, upper: int | None = None, wording: str = "") -> Condition:
    reading = "“超过…N倍以上”：超出部分至少为N倍（≥）" if wording.startswith("超过…") else ""
    return Condition(field, op, Decimal(value), None if upper is None else Decimal(upper), wording, reading)


P, C, BC = "腺鼠疫", "霍乱", "乙、丙类传染病"
U, OP = "群体性不明原因疾病", "急性职业中毒"

COUNT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("3.1(1)", "特别重大", P, "腺鼠疫发生流行，在我市范围内，1个平均潜伏期内多点连续发病20例以上。",
              ((_c("bubonic_plague_city_cases", ">=", 20, wording="20例以上"),),),
              note="“多点连续”须人工确认"),
    Criterion("3.2(1)", "重大", P,
              "腺鼠疫在1个县（市、区）发生流行，1个平均潜伏期内连续发病10～19例，或波及我市范围内2个以上县（市、区）。",
              ((_c("bubonic_plague_county_cases", "range", 10, 19, "10～19例"),),
               (_c("bubonic_plague_counties", ">=", 2, wording="2个以上县（市、区）"),))),
    Criterion("3.2(2)", "重大", C, "霍乱在我市范围内流行，1周内发病30例以上。",
              ((_c("cholera_city_week_cases", ">=", 30, wording="30例以上"),),)),
    Criterion("3.2(3)", "重大", BC,
              "乙、丙类传染病疫情波及2个以上县（市、区），1周内发病水平超过前5年同期平均发病水平2倍以上。",
              ((_c("class_bc_counties", ">=", 2, wording="2个以上县（市、区）"),
                _c(EXCESS_MULTIPLE, ">=", 2, wording="超过…2倍以上")),)),
    Criterion("3.2(5)", "重大", U, "发生群体性不明原因疾病，波及我市的2个以上县（市、区）。",
              ((_c("unexplained_cluster_counties", ">=", 2, wording="2个以上县（市、区）"),),)),
    Criterion("3.2(9)", "重大", OP, "我市一次发生急性职业中毒50人以上，或死亡5人以上。",
              ((_c("occupational_poisoning_cases", ">=", 50, wording="50人以上"),),
               (_c("occupational_poisoning_deaths", ">=", 5, wording="死亡5人以上"),))),
    Criterion("3.3(1)", "较大", P, "腺鼠疫在1个县（市、区）内发生，1个平均潜伏期内病例数9例及以下。",
              ((_c("bubonic_plague_county_cases", "range", 1, 9, "9例及以下"),),)),
    Criterion("3.3(2)", "较大", C,
              "霍乱在1个县（市、区）内发生流行，1周内发病10～29例，或波及2个以上县（市、区）。",
              ((_c("cholera_county_week_cases", "range", 10, 29, "10～29例"),),
               (_c("cholera_counties", ">=", 2, wording="2个以上县（市、区）"),))),
    Criterion("3.3(3)", "较大", BC,
              "1周内在1个县（市、区），乙、丙类传染病发病水平超过前5年同期平均发病水平1倍以上。",
              ((_c("class_bc_counties", ">=", 1, wording="1个县（市、区）"),
                _c(EXCESS_MULTIPLE, ">=", 1, wording="超过…1倍以上")),)),
    Criterion("3.3(4)", "较大", U, "在1个县（市、区）内发生群体性不明原因疾病。",
              ((_c("unexplained_cluster_counties", ">=", 1, wording="1个县（市、区）"),),)),
    Criterion("3.3(6)", "较大", OP, "我市一次发生急性职业中毒10-49人，或死亡4人及以下。",
              ((_c("occupational_poisoning_cases", "range", 10, 49, "10-49人"),),
               (_c("occupational_poisoning_deaths", "range", 1, 4, "死亡4人及以下"),)),
              note="“死亡4人及以下”按至少1人死亡理解（无死亡者见3.4(2)）"),
    Criterion("3.4(1)", "一般", C, "霍乱在1个县（市、区）发生，1周内发病9例及以下。",
              ((_c("cholera_county_week_cases", "range", 1, 9, "9例及以下"),),)),
    Criterion("3.4(2)", "一般", OP, "我市一次发生急性职业中毒9人及以下，未出现死亡病例。",
              ((_c("occupational_poisoning_cases", "range", 1, 9, "9人及以下"),
                _c("occupational_poisoning_deaths", "==", 0, wording="未出现死亡病例")),)),
)

QUALITATIVE_CRITERIA: tuple[tuple[str, str, str], ...] = (  # (id, grade, verbatim text)
    ("3.1(2)", "特别重大", "发生群体性不明原因疾病，波及我市，并有扩散趋势。"),
    ("3.1(3)", "特别重大", "我市发生新发传染病，或我国尚未发现的传染病发生或传入，并有扩散趋势；或发现我国已消灭的传染病再次流行。"),
    ("3.1(4)", "特别重大", "我市发生烈性病菌株、毒株、致病因子等丢失、泄露等事件。"),
    ("3.1(5)", "特别重大", "国内以及与我国通航的国家和地区发生特别重大传染病疫情，并且我市出现输入性病例，严重危及我市公共卫生安全的事件。"),
    ("3.1(6)", "特别重大", "国务院卫生健康主管部门或省政府认定的其他特别重大的健康危害事件。"),
    ("3.2(4)", "重大", "我市发生新发传染病，或我国尚未发现的传染病发生或传入，尚未造成扩散。"),
    ("3.2(6)", "重大", "我市发生重大医源性感染事件。"),
    ("3.2(7)", "重大", "国内发生预防接种或群体预防性用药出现群体不良反应事件并造成人员死亡，波及我市。"),
    ("3.2(8)", "重大", "境内外隐匿运输、邮寄烈性生物病原体、生物毒素，造成我市人员感染或死亡的。"),
    ("3.2(10)", "重大", "省政府或省级卫生健康主管部门认定的其他具有严重健康危害的重大事件。"),
    ("3.3(5)", "较大", "我市发生预防接种或群体预防性服药出现重大群体心因性反应或不良反应。"),
    ("3.3(7)", "较大", "市政府或市级卫生健康主管部门认定的其他具有严重健康危害的较大事件。"),
    ("3.4(3)", "一般", "市政府或市级卫生健康主管部门认定的其他具有严重健康危害的一般事件。"),
)


def _number(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"{FACT_FIELDS[name]}必须是数值，收到 {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{FACT_FIELDS[name]}不是有效数值：{value!r}") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{FACT_FIELDS[name]}必须是非负数，收到 {value!r}")
    return number


def normalise_facts(facts: Mapping[str, object]) -> dict[str, Decimal]:
    """Validate ``facts`` (keys of :data:`FACT_FIELDS`; None = unknown) and derive
    the 乙、丙类 excess multiple when both incidence figures are given."""
    unknown = sorted(set(facts) - set(FACT_FIELDS))
    if unknown:
        raise ValueError(f"未知的事实字段：{', '.join(unknown)}")
    out = {k: _number(k, v) for k, v in facts.items() if v is not None}
    week, base = out.get("class_bc_week_incidence"), out.get("class_bc_baseline_incidence")
    if week is not None and base is not None:
        if base == 0:
            raise ValueError("前5年同期平均发病水平为0，无法按倍数判断，请组织专家研判")
        out[EXCESS_MULTIPLE] = (week - base) / base
    return out


def all_criteria(*, edition: str) -> tuple[Criterion, ...]:
    """Both plans' count-based criteria: the public-health plan's, then the respiratory plan's."""
    require_rules(edition, EDITION, WHAT)
    return COUNT_CRITERIA + grading_ari.COUNT_CRITERIA


def suggest_grade(facts: Mapping[str, object], *, edition: str) -> list[Match]:
    """Count-based criteria (both plans) met by ``facts``, highest grade first (then plan and clause order)."""
    numbers = normalise_facts(facts)
    hits = [c for c in all_criteria(edition=edition) if c.matches(numbers)]
    hits.sort(key=lambda c: GRADES.index(c.grade))  # stable: keeps plan and clause order
    return [Match(c.grade, c.text, c.id, c.source) for c in hits]


def qualitative_by_plan(grade: str, *, edition: str) -> tuple[tuple[str, str], ...]:
    """(source, verbatim text) of both plans' criteria of ``grade`` without numbers, e.g. ("ari:3.2(1)", …)."""
    require_rules(edition, EDITION, WHAT)
    if grade not in GRADES:
        raise ValueError(f"未知的事件等级：{grade!r}")
    return tuple((f"phe:{i}", t) for i, g, t in QUALITATIVE_CRITERIA if g == grade) + \
        tuple((f"ari:{i}", t) for i, g, t in grading_ari.QUALITATIVE_CRITERIA if g == grade)


def highest_grade(facts: Mapping[str, object], *, edition: str) -> str | None:
    matches = suggest_grade(facts, edition=edition)
    return matches[0].grade if matches else None


def qualitative_criteria(grade: str, *, edition: str) -> tuple[tuple[str, str], ...]:
    """(id, verbatim text) of the public-health plan's criteria of ``grade`` that have no numbers."""
    require_rules(edition, EDITION, WHAT)
    if grade not in GRADES:
        raise ValueError(f"未知的事件等级：{grade!r}")
    return tuple((i, t) for i, g, t in QUALITATIVE_CRITERIA if g == grade)


def criteria_for(grade: str, *, edition: str) -> tuple[Criterion, ...]:
    """The public-health plan's count-based criteria of ``grade`` in clause order."""
    require_rules(edition, EDITION, WHAT)
    if grade not in GRADES:
        raise ValueError(f"未知的事件等级：{grade!r}")
    return tuple(c for c in COUNT_CRITERIA if c.grade == grade)

