"""The 12 县（市、区）, the plans' words about them, and the pure rules (warning not below the city's,
the city's instruction and its clock)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from shared_files import shared_file
from wzcommand.plan import counties as rules
from wzcommand.plan.warning import LOCAL_QUOTE

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
FURNITURE = (re.compile(r"^·\s*\d+\s*·$"), re.compile(r"^\d{4}年第\s*\d+\s*期文件发布$"), re.compile(r"^温州市人民政府公报.*$"))
T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def flat(lines: list[str], first: int, last: int) -> str:
    kept = [x.strip() for x in lines[first - 1:last] if x.strip() and not any(p.match(x.strip()) for p in FURNITURE)]
    return re.sub(r"\s+", "", "".join(kept))


def test_twelve_divisions_named_as_the_gazette_prints_them(lines):
    assert len(rules.COUNTIES) == 12 and len(set(rules.COUNTY_NAMES)) == 12
    for county in rules.COUNTIES:
        assert county.name in re.sub(r"\s+", "", lines[county.line - 1]), county
    # lines 5790-5808 list all twelve, 乐清 and 瑞安 by short name (with two 产业集聚区, not 县（市、区）)
    listing = flat(lines, 5790, 5808)
    assert [n for n in rules.COUNTY_NAMES if n not in listing] == ["乐清市", "瑞安市"]
    assert "以乐清电气、瑞安汽摩配" in listing
    assert "瓯江口产业集聚区" in listing and not any("集聚区" in n for n in rules.COUNTY_NAMES)


@pytest.mark.parametrize("source,quote", [
    rules.HQ_QUOTE, *rules.INSTRUCTION_QUOTES["public_health"], *rules.INSTRUCTION_QUOTES["respiratory"],
    *rules.ADJUST_QUOTES.values(), rules.COUNTY_WARNING_QUOTE, LOCAL_QUOTE])
def test_every_quote_is_verbatim_in_its_plan(lines, source, quote):
    plan = flat(lines, 400, 3652) if source.startswith("phe:") else flat(lines, 3653, 5751)
    assert re.sub(r"\s+", "", quote) in plan, (source, quote)


def test_county_names_short_and_full():
    assert rules.parse_county("鹿城") == "鹿城区" and rules.parse_county(" 龙港市 ") == "龙港市"
    with pytest.raises(ValueError, match="没有名为“温州”的县"):
        rules.parse_county("温州")


def test_a_county_warning_below_the_citys_is_flagged_with_the_clause():
    flag = rules.warning_flag("orange", "yellow", "瑞安市", edition="2021")
    assert flag is not None and flag.kind == rules.FLAG_WARNING
    assert flag.text == "瑞安市黄色预警，低于全市橙色预警"
    assert flag.quote.endswith("预警级别应不低于市级预警级别。") and flag.source == "ari:附件 三"
    assert rules.warning_flag("orange", "orange", edition="2021") is None and rules.warning_flag("orange", "red", edition="2021") is None
    assert rules.warning_flag("none", "none", edition="2021") is None
    assert rules.warning_flag("blue", "none", "泰顺县", edition="2021").text == "泰顺县无预警，低于全市蓝色预警"


def test_instruction_is_met_by_the_level_or_a_higher_one_reported_after_it():
    hour = timedelta(hours=1)
    assert rules.started_at("III", T0, []) is None
    assert rules.started_at("III", T0, [(T0 + hour, "IV")]) is None
    assert rules.started_at("III", T0, [(T0 + hour, "IV"), (T0 + 3 * hour, "II")]) == T0 + 3 * hour
    assert rules.started_at("III", T0, [(T0 - hour, "III")]) == T0  # already running it
    assert rules.started_at("III", T0, [(T0 - 2 * hour, "III"), (T0 - hour, "none")]) is None  # ended before


def test_the_clock_is_24_hours_and_overdue_only_after_it():
    clock = rules.start_clock("IV", T0, [], "public_health", edition="2021")
    assert clock.due == T0 + timedelta(hours=24) and clock.label == "县级启动"
    assert "必须启动相应级别的应急响应" in clock.rule and "预案未规定时限" in clock.setting
    assert not clock.overdue(T0 + timedelta(hours=24))
    assert clock.overdue(T0 + timedelta(hours=24, seconds=1))
    flag = rules.overdue_flag("文成县", "IV", "温政办〔2026〕5号", clock, T0 + timedelta(hours=25),
                              "public_health", "11-30 08:00", "2021")
    assert flag.kind == rules.FLAG_OVERDUE and flag.source == "phe:6.1.5" and "文成县" in flag.text
    late = rules.start_clock("IV", T0, [(T0 + timedelta(hours=30), "IV")], "respiratory", edition="2021")
    assert late.done and late.overdue(T0 + timedelta(hours=40))  # done late stays late
    assert rules.overdue_flag("文成县", "IV", "x", late, T0 + timedelta(hours=40), "respiratory", "", "2021") is None
    assert rules.MUST_START["respiratory"][0] == "ari:6.1.2"


def test_instructions_name_an_active_level():
    assert rules.parse_instruction_level("Ⅲ", "2021") == "III"
    with pytest.raises(ValueError, match="应为"):
        rules.parse_instruction_level("none", "2021")
