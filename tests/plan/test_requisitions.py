"""The plans' words on requisitions and compensation (verbatim), amounts in 元, and which response a
requisition falls in."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from shared_files import shared_file
from wzcommand.plan import requisitions as rules

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def flat(first: int, last: int) -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")[first - 1:last]
    return re.sub(r"\s+", "", "".join(x for x in lines if not re.match(r"^\s*·\s*\d+\s*·\s*$", x)))


@pytest.mark.parametrize("source,quote,first,last", [
    (*rules.REQUISITION_QUOTES["public_health"][0], 2154, 2174),
    (*rules.COMPENSATION_QUOTES["public_health"], 2516, 2524),
    (*rules.REQUISITION_QUOTES["respiratory"][0], 4988, 5002),
    (*rules.REQUISITION_QUOTES["respiratory"][1], 5101, 5111),
    (*rules.COMPENSATION_QUOTES["respiratory"], 5256, 5264)])
def test_quotes_are_verbatim_at_their_clause(source, quote, first, last):
    assert re.sub(r"\s+", "", quote) in flat(first, last), source


@pytest.mark.parametrize("text,fen", [("12345.6", 1_234_560), ("12,345.60元", 1_234_560), ("1.5万", 1_500_000),
                                      ("1.5万元", 1_500_000), (" 0 ", 0), ("80，000", 8_000_000)])
def test_amounts_are_read_in_yuan(text, fen):
    assert rules.parse_amount(text) == fen


@pytest.mark.parametrize("text,reason", [("-1", "负数"), ("1.234", "两位小数"), ("abc", "不是数字"),
                                         ("", "不是数字"), ("1e20", "过大"), ("nan", "负数|不是数字")])
def test_bad_amounts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        rules.parse_amount(text)


def test_amounts_print_with_separators_and_in_capitals():
    assert rules.yuan(1_234_567_80) == "1,234,567.80元" and rules.yuan(5) == "0.05元" and rules.yuan(None) == ""
    assert rules.capital_yuan(12_345_600) == "壹拾贰万叁仟肆佰伍拾陆元整"
    assert rules.capital_yuan(100_000_000) == "壹佰万元整"
    assert rules.capital_yuan(1_000_050_00) == "壹佰万零伍拾元整"
    assert rules.capital_yuan(10_100) == "壹佰零壹元整"
    assert rules.capital_yuan(1_005) == "壹拾元零伍分"
    assert rules.capital_yuan(35) == "叁角伍分" and rules.capital_yuan(0) == "零元整"
    assert rules.capital_yuan(10_000_000_000) == "壹亿元整"


def test_each_requisition_falls_in_the_response_in_force():
    found = rules.responses([(1, "start", T0, "public_health"), (2, "raise", T0 + timedelta(days=1), "public_health"),
                             (3, "end", T0 + timedelta(days=5), "public_health"),
                             (4, "start", T0 + timedelta(days=9), "respiratory")])
    assert [(r.start_id, r.end_id) for r in found] == [(1, 3), (4, None)] and found[1].plan == "respiratory"
    assert rules.response_at(found, T0 + timedelta(days=2)).start_id == 1
    assert rules.response_at(found, T0 + timedelta(days=5)) is None  # the end's own minute is after it
    assert rules.response_at(found, T0 + timedelta(days=30)).start_id == 4
    assert rules.response_at(found, T0 - timedelta(minutes=1)) is None
    # belonging: the latest response started by then, also after an end recorded with an earlier time
    assert rules.response_of(found, T0 + timedelta(days=6)).start_id == 1
    assert rules.response_of(found, T0 - timedelta(minutes=1)) is None


def test_kinds_by_key_or_name():
    assert rules.parse_kind("房屋", rules.KINDS, "征用类别") == "building"
    assert rules.parse_kind(" vehicle ", rules.KINDS, "征用类别") == "vehicle"
    with pytest.raises(ValueError, match="征用类别应为：房屋（building）、交通工具（vehicle）"):
        rules.parse_kind("飞机", rules.KINDS, "征用类别")
