"""Warning calculator for the acute respiratory infectious disease plan (2021).

Thresholds and situations are verbatim from the plan's annex
《温州市突发急性呼吸道传染病事件预警方案》 (二、预警的分级标准).  ILI% and the
ILI specimen positive rate are compared with their baselines in *percentage
points* (``超过基线水平1.5个百分点`` = value - baseline > 1.5); "超过" is strict,
so an excess exactly equal to the threshold does not trigger.  Several
situations merge and the highest wins (三、预警原则).  Pure stdlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable

from .sources import require_rules

EDITION = "2021"  # the edition whose annex this module quotes (sources.require_rules)
WHAT = "预警分级标准"
COLOURS: tuple[str, ...] = ("blue", "yellow", "orange", "red")  # low -> high
WARNING_LEVELS: tuple[str, ...] = ("none",) + COLOURS
COLOUR_NAMES = {"blue": "蓝色预警", "yellow": "黄色预警", "orange": "橙色预警", "red": "红色预警"}

# The annex gives no colour -> grade mapping; the public-health plan 5.4.1 does.
COLOUR_GRADES = {"red": "特别重大", "orange": "重大", "yellow": "较大", "blue": "一般"}
COLOUR_GRADE_QUOTE = ("phe:5.4.1", "依次用红色、橙色、黄色和蓝色表示特别重大、重大、较大、一般四个级别的预警")
GRADING_QUOTE = ("ari:附件 一", "从低到高将预警分为四个级别，依次用蓝色、黄色、橙色和红色表示")
PRINCIPLE_QUOTE = ("ari:附件 三", "当同时存在2种及以上预警情形的，应合并发布预警，并以分级标准最高的情形作为最终预警的级别。")
LOCAL_QUOTE = ("ari:附件 三", "预警触发地的预警级别须不低于全市预警级别。")
BASELINE_NOTE = "（注：基线水平根据监测结果，由省疾病预防控制机构每年动态调整）"

DISEASES: tuple[str, ...] = (
    "新冠肺炎", "传染性非典型肺炎（SARS）", "中东呼吸综合征（MERS）", "人感染禽流感",
    "季节性流感", "新型流感", "不明原因肺炎", "肺鼠疫、肺炭疽",
)


@dataclass(frozen=True)
class Situation:
    """One numbered item of the annex; ``id`` is ``<colour>-<item no.>``."""

    id: str
    colour: str
    disease: str
    text: str


@dataclass(frozen=True)
class IliThreshold:
    id: str
    level: str  # a colour, or an event grade for EVENT_ILI_THRESHOLDS
    ili_points: Decimal
    positive_points: Decimal
    source: str
    text: str


@dataclass(frozen=True)
class Suggestion:
    warning: str  # "none" | "blue" | "yellow" | "orange" | "red"
    # The warning's own level name (phe 5.4.1: 红、橙、黄、蓝 stand for 特别重大…一般 *warning* levels).
    # Not an event grade: never show it beside the colour as if it were one; the event grade the
    # surveillance figures meet is ``event_grade`` (ari 3.2(5)/3.3(4)/3.4(3)).
    colour_level: str | None
    reasons: tuple[str, ...]  # "<颜色预警>：<verbatim criterion>", highest first
    matched: tuple[str, ...] = ()  # criterion ids, same order as reasons
    ili_excess: Decimal | None = None  # ILI% - baseline, percentage points
    positive_excess: Decimal | None = None
    event_grade: str | None = None  # ari 3.x ILI event criterion met, if any
    event_criterion: str | None = None
    event_source: str | None = None  # e.g. "ari:3.2(5)"


def _sit(colour: str, no: int, disease: str, text: str) -> Situation:
    return Situation(f"{colour}-{no}", colour, disease, text)


SITUATIONS: tuple[Situation, ...] = (
    _sit("blue", 1, "中东呼吸综合征（MERS）", "省内出现中东呼吸综合征（MERS）输入性病例。"),
    _sit("blue", 2, "人感染禽流感", "省内发生人感染禽流感病例；或我市出现禽间禽流感疫情，并发生职业人员暴露。"),
    _sit("blue", 4, "新型流感", "省内出现新型流感病例。"),
    _sit("blue", 5, "不明原因肺炎", "省内出现不明原因肺炎聚集性疫情。"),
    _sit("yellow", 1, "新冠肺炎", "省内出现新冠肺炎本土病例。"),
    _sit("yellow", 2, "中东呼吸综合征（MERS）",
         "省内出现中东呼吸综合征本地病例,波及2个以上设区市；或我市出现中东呼吸综合征输入性病例。"),
    _sit("yellow", 3, "人感染禽流感", "我市发生人感染禽流感病例。"),
    _sit("yellow", 5, "新型流感", "我市出现新型流感病例。"),
    _sit("yellow", 6, "不明原因肺炎", "我市出现可能为新病原引起的不明原因肺炎聚集性事件，并出现重症病例。"),
    _sit("yellow", 7, "肺鼠疫、肺炭疽", "我省发生肺鼠疫、肺炭疽输入性病例。"),
    _sit("orange", 1, "新冠肺炎", "省内其他设区市出现新冠肺炎局部社区传播；或我市出现新冠肺炎本地病例。"),
    _sit("orange", 2, "传染性非典型肺炎（SARS）", "省内出现传染性非典型肺炎病例。"),
    _sit("orange", 3, "中东呼吸综合征（MERS）",
         "省内出现中东呼吸综合征本地聚集性疫情；或我市出现中东呼吸综合征本地病例。"),
    _sit("orange", 4, "人感染禽流感", "我市3个以上县（市、区）范围内发生人感染禽流感病例并出现聚集性疫情。"),
    _sit("orange", 6, "新型流感", "我市出现新型流感聚集性疫情，并出现重症病例。"),
    _sit("orange", 7, "肺鼠疫、肺炭疽", "我市发生肺鼠疫、肺炭疽本地疑似病例。"),
    _sit("red", 1, "新冠肺炎", "我市出现新冠肺炎局部社区传播。"),
    _sit("red", 2, "传染性非典型肺炎（SARS）", "我市出现传染性非典型肺炎（SARS）聚集性疫情。"),
    _sit("red", 3, "中东呼吸综合征（MERS）", "我市出现中东呼吸综合征（MERS）聚集性疫情，并出现本地续发病例。"),
    _sit("red", 4, "人感染禽流感", "我市出现人感染禽流感的社区传播。"),
    _sit("red", 5, "新型流感", "我市出现新型流感社区传播，并呈扩散趋势。"),
    _sit("red", 6, "肺鼠疫、肺炭疽", "我市1个平均潜伏期内发生2例以上肺鼠疫、肺炭疽病例。"),
)
SITUATIONS_BY_ID = {s.id: s for s in SITUATIONS}


def _ili(id_: str, level: str, ili: str, pos: str, source: str, of: str = "") -> IliThreshold:
    text = (f"流感哨点监测每周流感样病例百分比（ILI%）超过基线水平{of}{ili}个百分点，"
            f"且每周流感样病例标本阳性检出率超过基线水平{of}{pos}个百分点。")
    return IliThreshold(id_, level, Decimal(ili), Decimal(pos), source, text)


# Annex 二: highest first.  Red has no ILI criterion.
ILI_THRESHOLDS: tuple[IliThreshold, ...] = (
    _ili("orange-5", "orange", "6", "30", "ari:附件 二（三）5", of="的"),
    _ili("yellow-4", "yellow", "3", "15", "ari:附件 二（二）4", of="的"),
    _ili("blue-3", "blue", "1.5", "5", "ari:附件 二（一）3"),
)
# The plan's own event grading (ari 3.2(5), 3.3(4), 3.4(3)); highest first.
EVENT_ILI_THRESHOLDS: tuple[IliThreshold, ...] = (
    _ili("3.2(5)", "重大", "8", "40", "ari:3.2(5)"),
    _ili("3.3(4)", "较大", "4", "20", "ari:3.3(4)"),
    _ili("3.4(3)", "一般", "2", "10", "ari:3.4(3)"),
)


def colour_rank(warning: str) -> int:
    """0 for ``none`` up to 4 for ``red``."""
    if warning not in WARNING_LEVELS:
        raise ValueError(f"未知的预警级别：{warning!r}")
    return WARNING_LEVELS.index(warning)


def highest(warnings: Iterable[str], *, edition: str) -> str:
    """The merged warning of several (预警原则: 以分级标准最高的情形为准)."""
    require_rules(edition, EDITION, WHAT)
    return max(warnings, key=colour_rank, default="none")


def local_warning_allowed(city_warning: str, local_warning: str, *, edition: str) -> bool:
    """预警触发地的预警级别须不低于全市预警级别."""
    require_rules(edition, EDITION, WHAT)
    return colour_rank(local_warning) >= colour_rank(city_warning)


def _percent(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError(f"{name} 必须是数值，收到 {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{name} 不是有效数值：{value!r}") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"{name} 必须在 0～100（%）之间，收到 {value!r}")
    return number


def ili_excess(ili: object, ili_baseline: object, positive: object,
               positive_baseline: object) -> tuple[Decimal, Decimal] | None:
    """(ILI% excess, positive-rate excess) in percentage points; None if no data.

    Either all four figures are given or none; floats are read by their decimal
    text so ``3.5 - 2.0`` is exactly ``1.5``."""
    values = (ili, ili_baseline, positive, positive_baseline)
    if all(v is None for v in values):
        return None
    names = ("ILI%", "ILI%基线水平", "阳性检出率", "阳性检出率基线水平")
    missing = [n for n, v in zip(names, values, strict=True) if v is None]
    if missing:
        raise ValueError("缺少监测数据：" + "、".join(missing))
    i, ib, p, pb = (_percent(n, v) for n, v in zip(names, values, strict=True))
    return i - ib, p - pb


def _exceeds(t: IliThreshold, excess: tuple[Decimal, Decimal]) -> bool:
    return excess[0] > t.ili_points and excess[1] > t.positive_points  # 超过: strict


def suggest_warning(
    ili: object = None,
    ili_baseline: object = None,
    positive: object = None,
    positive_baseline: object = None,
    situations: Iterable[str] = (),
    *,
    edition: str,
) -> Suggestion:
    """Suggest the warning colour from weekly ILI surveillance and ticked situations.

    ``situations`` are ids of :data:`SITUATIONS` (e.g. ``"yellow-1"``).  Only the
    highest ILI threshold met is listed (they are nested).  ``event_grade`` reports
    the plan's ILI event-grading criterion (3.2(5)/3.3(4)/3.4(3)) if also met."""
    require_rules(edition, EDITION, WHAT)
    hits: list[tuple[str, str, str]] = []  # (colour, id, text)
    for sid in dict.fromkeys(situations):
        if sid in {t.id for t in ILI_THRESHOLDS}:
            raise ValueError(f"{sid} 由流感哨点监测数据计算，不能勾选")
        if sid not in SITUATIONS_BY_ID:
            raise ValueError(f"未知的预警情形：{sid!r}")
        s = SITUATIONS_BY_ID[sid]
        hits.append((s.colour, s.id, s.text))
    excess = ili_excess(ili, ili_baseline, positive, positive_baseline)
    event = None
    if excess is not None:
        met = next((t for t in ILI_THRESHOLDS if _exceeds(t, excess)), None)
        if met is not None:
            hits.append((met.level, met.id, met.text))
        event = next((t for t in EVENT_ILI_THRESHOLDS if _exceeds(t, excess)), None)
    hits.sort(key=lambda h: (-colour_rank(h[0]), int(h[1].split("-")[1])))  # annex order
    warning = hits[0][0] if hits else "none"
    return Suggestion(
        warning=warning,
        colour_level=COLOUR_GRADES.get(warning),
        reasons=tuple(f"{COLOUR_NAMES[c]}：{text}" for c, _, text in hits),
        matched=tuple(i for _, i, _ in hits),
        ili_excess=excess[0] if excess else None,
        positive_excess=excess[1] if excess else None,
        event_grade=event.level if event else None,
        event_criterion=event.text if event else None,
        event_source=event.source if event else None,
    )
