"""The 12 县（市、区） of 温州 and the plans' rules for them: the city's instruction to start a
response, the deadline the office gives it, and the warning annex's "not below the city" rule.

Names: the plans only say 县（市、区）; the divisions are named in the same gazette (line numbers of
``shared/seeds/000_acf93dc6e7de9179.txt``): lines 5790–5808 list all twelve — ten by full name, 乐清
and 瑞安 by short name (乐清电气、瑞安汽摩配; their full names 乐清市 and 瑞安市 are at 6581 and 6597) — with
瓯江口产业集聚区 and 浙南产业集聚区, functional zones that are not 县（市、区）.
Order: the districts, the county-level cities, the counties (as the city lists them).

Texts are verbatim from the plans; pure stdlib.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .deadlines import Clock
from .levels import ACTIVE_LEVELS, LEVEL_ORDER, display_name, parse_level
from .sources import require_rules
from .warning import COLOUR_NAMES, LOCAL_QUOTE, colour_rank


@dataclass(frozen=True)
class County:
    name: str
    line: int  # a line of the gazette text where the full name is printed whole


COUNTIES: tuple[County, ...] = (
    County("鹿城区", 6330), County("龙湾区", 5794), County("瓯海区", 5794), County("洞头区", 5806),
    County("乐清市", 6581), County("瑞安市", 6597), County("龙港市", 5808),
    County("永嘉县", 5806), County("平阳县", 5806), County("苍南县", 5808), County("文成县", 5806),
    County("泰顺县", 6612),
)
COUNTY_NAMES: tuple[str, ...] = tuple(c.name for c in COUNTIES)

# The county's own command (phe 4.1.3; ari 4.1.3 has the same words).
HQ_QUOTE = ("phe:4.1.3", "发生突发公共卫生事件，县（市、区）政府启动预案实施应急响应后，县（市、区）领导小组自动转为"
            "县（市、区）突发公共卫生事件应急指挥部，县（市、区）政府相应负责人任应急指挥部总指挥，负责本行政区域内事件"
            "应急处置的决策部署和指挥协调，与上级应急组织体系建立工作联系与信息共享机制。")

# The city asks counties to start (phe 6.1.3, 6.1.4) and they must (6.1.5); ari 6.1.2 县级响应原则.
INSTRUCTION_QUOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "public_health": (
        ("phe:6.1.3", "市政府根据市卫生健康主管部门提出的建议，决定是否启动相应级别的应急响应，如启动按程序向社会发布实施"
                      "或要求相关县（市、区）启动应急响应。"),
        ("phe:6.1.4", "由市卫生健康主管部门组织专家咨询委员会评估后决定是否启动相应级别的应急响应，如启动应报市政府批准后"
                      "按程序向社会发布实施或要求相关县（市、区）启动应急响应。"),
        ("phe:6.1.5", "县（市、区）政府启动区域内应急响应，可参照省、市级响应原则，按规范程序启动相应响应级别，省、市级要求"
                      "启动的，必须启动相应级别的应急响应。"),
    ),
    "respiratory": (
        ("ari:6.1.2", "上级政府启动应急响应后，如无特别要求的，下级政府应随之启动相应级别响应。"),
        ("ari:6.1.2", "县（市、区）政府启动区域内应急响应，参照市级响应原则，按规范程序启动相应级别的响应。上级政府根据"
                      "疫情形势、评估结果和防控工作需要，可指定下级政府启动应急响应。"),
    ),
}
# The clause a county breaks when it has not started: the one that says it must.
MUST_START = {"public_health": INSTRUCTION_QUOTES["public_health"][2], "respiratory": INSTRUCTION_QUOTES["respiratory"][1]}
ADJUST_QUOTES = {"public_health": ("phe:6.4.3(4)", "各县（市、区）应急响应调整或终止程序参照以上程序及“6.1响应原则”实施。"),
                 "respiratory": ("ari:6.3.3", "各县（市、区）调整响应级别或终止应急响应程序参照以上程序及“6.1响应原则”。")}

# The warning annex (ari 附件 三、预警原则): the trigger site, and every county.
COUNTY_WARNING_QUOTE = ("ari:附件 三", "县（市、区）卫生健康主管部门参照市级预警原则，对本行政区域内发生的急性呼吸道传染病"
                                      "疫情进行预警，预警级别应不低于市级预警级别。")
WARNING_QUOTES: tuple[tuple[str, str], ...] = (LOCAL_QUOTE, COUNTY_WARNING_QUOTE)

# Neither plan gives the counties a time to start after the city's instruction (6.1.5 only says 必须启动;
# ari 6.1.2 应随之启动). The office's clock: 24 hours from the instruction, this program's choice.
EDITION = "2021"  # the edition whose county clauses this module quotes
WHAT = "县（市、区）应急响应规定"
START_WITHIN = timedelta(hours=24)
START_SETTING = "本程序设定（预案未规定时限，6.1.5只规定“必须启动”）：市级要求下达后24小时内报告启动。"
CLOCK_KIND = "county_start"

FLAG_WARNING = "warning_below_city"
FLAG_OVERDUE = "instruction_overdue"
FLAG_TRIGGER = "trigger_site_below_city"  # the city's own 预警触发地 warning for the county, left below its colour


@dataclass(frozen=True)
class Flag:
    kind: str  # FLAG_WARNING | FLAG_OVERDUE
    text: str  # one line for people
    source: str  # "ari:附件 三", "phe:6.1.5"
    quote: str  # the clause, verbatim
    county: str = ""


def parse_county(text: str) -> str:
    """A division's full name from its full or short name (鹿城区 or 鹿城); ValueError otherwise."""
    value = (text or "").strip()
    for name in COUNTY_NAMES:
        if value in (name, name[:-1]):
            return name
    raise ValueError(f"没有名为“{value}”的县（市、区）（可选：{'、'.join(COUNTY_NAMES)}）")


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(parse_level(level))


def parse_instruction_level(text: str, edition: str) -> str:
    """The level a county is told to start: Ⅳ…Ⅰ (never none)."""
    level = parse_level(text)
    if level not in ACTIVE_LEVELS:
        names = "、".join(display_name(x, edition=edition) for x in ACTIVE_LEVELS)
        raise ValueError(f"要求县（市、区）启动的应急响应级别应为：{names}")
    return level


def warning_flag(city_warning: str, county_warning: str, county: str = "", *, edition: str) -> Flag | None:
    """预警级别应不低于市级预警级别: a county's colour below the city's is flagged (``none``: the county
    has no warning while the city has one)."""
    require_rules(edition, EDITION, WHAT)
    if colour_rank(county_warning) >= colour_rank(city_warning):
        return None
    mine = COLOUR_NAMES.get(county_warning, "无预警")
    source, quote = COUNTY_WARNING_QUOTE
    return Flag(FLAG_WARNING, f"{county}{mine}，低于全市{COLOUR_NAMES[city_warning]}", source, quote, county)


def level_at(reports: Iterable[tuple[datetime, str]], when: datetime) -> str:
    """The county's level in force at ``when`` from its reports ``(decided_at, level)``."""
    level = "none"
    for at, reported in sorted(reports, key=lambda r: r[0]):
        if at > when:
            break
        level = reported
    return level


def started_at(level: str, instructed_at: datetime, reports: Iterable[tuple[datetime, str]]) -> datetime | None:
    """When the county complied: at the instruction if it already ran that level or higher, else its
    first report at or after the instruction of that level or higher (相应级别: a higher one complies too)."""
    reports = sorted(reports, key=lambda r: r[0])
    if level_rank(level_at(reports, instructed_at)) >= level_rank(level):
        return instructed_at
    return next((at for at, reported in reports if at >= instructed_at and level_rank(reported) >= level_rank(level)),
                None)


def start_clock(level: str, instructed_at: datetime, reports: Iterable[tuple[datetime, str]], plan: str, *,
                edition: str) -> Clock:
    require_rules(edition, EDITION, WHAT)
    source, quote = MUST_START[plan]
    return Clock(CLOCK_KIND, instructed_at + START_WITHIN, None, started_at(level, instructed_at, reports),
                 rule=quote, setting=START_SETTING)


def overdue_flag(county: str, level: str, ref: str, clock: Clock, now: datetime, plan: str,
                 due_text: str, edition: str) -> Flag | None:
    """An instruction not followed by its due time (a late start stays flagged until it is reported)."""
    require_rules(edition, EDITION, WHAT)
    if clock.done is not None or not clock.overdue(now):
        return None
    source, quote = MUST_START[plan]
    return Flag(FLAG_OVERDUE, f"{county}：市级要求启动{display_name(level, edition=edition)}（{ref}），时限{due_text}已过，尚未报告启动",
                source, quote, county)


def trigger_site_flag(city_warning: str, site_warning: str, county: str = "", *, edition: str) -> Flag | None:
    """预警触发地的预警级别须不低于全市预警级别: the city's trigger-site warning for ``county``, issued with an
    earlier decision, is below the colour the city has raised to since."""
    require_rules(edition, EDITION, WHAT)
    if colour_rank(site_warning) >= colour_rank(city_warning):
        return None
    source, quote = LOCAL_QUOTE
    return Flag(FLAG_TRIGGER, f"预警触发地{county}{COLOUR_NAMES[site_warning]}，低于全市{COLOUR_NAMES[city_warning]}",
                source, quote, county)
