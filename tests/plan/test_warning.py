"""Tests for wzcommand.plan.warning (respiratory plan annex 预警方案)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_files import shared_file
from wzcommand.plan.warning import (
    COLOUR_GRADES,
    COLOUR_NAMES,
    COLOURS,
    EVENT_ILI_THRESHOLDS,
    ILI_THRESHOLDS,
    PRINCIPLE_QUOTE,
    SITUATIONS,
    SITUATIONS_BY_ID,
    Suggestion,
    highest,
    ili_excess,
    local_warning_allowed,
    suggest_warning,
)

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")

# (colour, ILI% points, positive-rate points) from the annex, typed from the gazette
ANNEX_ILI = [("blue", "1.5", "5"), ("yellow", "3", "15"), ("orange", "6", "30")]
EVENT_ILI = [("一般", "2", "10"), ("较大", "4", "20"), ("重大", "8", "40")]
BASE_ILI, BASE_POS = Decimal("3.2"), Decimal("12.0")


def run(ili_pts, pos_pts, **kw):
    return suggest_warning(BASE_ILI + Decimal(ili_pts), BASE_ILI, BASE_POS + Decimal(pos_pts), BASE_POS, **kw, edition="2021")


def test_colours_and_names():
    assert COLOURS == ("blue", "yellow", "orange", "red")
    assert [COLOUR_NAMES[c] for c in COLOURS] == ["蓝色预警", "黄色预警", "橙色预警", "红色预警"]
    assert COLOUR_GRADES == {"red": "特别重大", "orange": "重大", "yellow": "较大", "blue": "一般"}
    assert PRINCIPLE_QUOTE[1] == "当同时存在2种及以上预警情形的，应合并发布预警，并以分级标准最高的情形作为最终预警的级别。"


def test_threshold_table_matches_annex():
    got = sorted(((t.level, t.ili_points, t.positive_points) for t in ILI_THRESHOLDS), key=lambda x: x[1])
    assert got == [(c, Decimal(i), Decimal(p)) for c, i, p in ANNEX_ILI]
    assert ILI_THRESHOLDS[0].text == ("流感哨点监测每周流感样病例百分比（ILI%）超过基线水平的6个百分点，"
                                      "且每周流感样病例标本阳性检出率超过基线水平的30个百分点。")
    assert ILI_THRESHOLDS[2].text == ("流感哨点监测每周流感样病例百分比（ILI%）超过基线水平1.5个百分点，"
                                      "且每周流感样病例标本阳性检出率超过基线水平5个百分点。")


@pytest.mark.parametrize("colour,ili,pos", ANNEX_ILI)
def test_equal_is_not_above(colour, ili, pos):
    s = run(ili, pos)
    assert s.warning != colour
    assert run(ili, Decimal(pos) + Decimal("0.01")).warning != colour  # ILI only equal
    assert run(Decimal(ili) + Decimal("0.01"), pos).warning != colour  # positive only equal


@pytest.mark.parametrize("colour,ili,pos", ANNEX_ILI)
def test_just_above_triggers(colour, ili, pos):
    s = run(Decimal(ili) + Decimal("0.01"), Decimal(pos) + Decimal("0.01"))
    assert s.warning == colour
    assert s.colour_level == COLOUR_GRADES[colour]
    assert len(s.reasons) == 1 and s.reasons[0].startswith(COLOUR_NAMES[colour] + "：流感哨点监测")


def test_one_indicator_alone_never_triggers():
    assert run("50", "0").warning == "none"
    assert run("0", "80").warning == "none"


def test_points_not_percent_of_baseline():
    # ILI 3.2 -> 4.9 is +1.7 points (53% relative); positive 12 -> 17.5 is +5.5 points
    s = suggest_warning(4.9, 3.2, 17.5, 12.0, edition="2021")
    assert s.warning == "blue"
    assert s.ili_excess == Decimal("1.7") and s.positive_excess == Decimal("5.5")
    # +60% relative but only +0.6 points: no warning
    assert suggest_warning(1.6, 1.0, 16, 10, edition="2021").warning == "none"


def test_float_edges_are_exact():
    assert suggest_warning(3.5, 2.0, 10.0, 5.0, edition="2021").warning == "none"  # exactly 1.5 / 5
    assert suggest_warning(2.3, 0.8, 15.1, 10.1, edition="2021").warning == "none"  # float noise would say 1.4999...
    assert suggest_warning(2.31, 0.8, 15.11, 10.1, edition="2021").warning == "blue"


def test_red_has_no_ili_criterion():
    assert run("90", "85").warning == "orange"


@given(st.decimals(min_value=0, max_value=40, places=2), st.decimals(min_value=0, max_value=40, places=2))
def test_property_colour_follows_table(ili_pts, pos_pts):
    s = run(ili_pts, pos_pts)
    expected = "none"
    for colour, i, p in ANNEX_ILI:
        if ili_pts > Decimal(i) and pos_pts > Decimal(p):
            expected = colour
    assert s.warning == expected


def test_event_grade_edges():
    for grade, i, p in EVENT_ILI:
        assert run(i, p).event_grade != grade
        s = run(Decimal(i) + Decimal("0.1"), Decimal(p) + Decimal("0.1"))
        assert s.event_grade == grade
        assert s.event_criterion == next(t.text for t in EVENT_ILI_THRESHOLDS if t.level == grade)
    assert run("1.9", "9.9").event_grade is None


def test_situation_ids_and_texts():
    ids = [s.id for s in SITUATIONS]
    assert len(ids) == len(set(ids)) == 22
    assert {c: sum(s.colour == c for s in SITUATIONS) for c in COLOURS} == {
        "blue": 4, "yellow": 6, "orange": 6, "red": 6}
    assert SITUATIONS_BY_ID["red-6"].text == "我市1个平均潜伏期内发生2例以上肺鼠疫、肺炭疽病例。"
    assert SITUATIONS_BY_ID["blue-2"].text == "省内发生人感染禽流感病例；或我市出现禽间禽流感疫情，并发生职业人员暴露。"
    assert SITUATIONS_BY_ID["orange-7"].text == "我市发生肺鼠疫、肺炭疽本地疑似病例。"
    assert SITUATIONS_BY_ID["yellow-2"].text == ("省内出现中东呼吸综合征本地病例,波及2个以上设区市；"
                                                 "或我市出现中东呼吸综合征输入性病例。")


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.id)
def test_each_situation_alone(situation):
    s = suggest_warning(situations=[situation.id], edition="2021")
    assert s == Suggestion(situation.colour, COLOUR_GRADES[situation.colour],
                           (f"{COLOUR_NAMES[situation.colour]}：{situation.text}",), (situation.id,))


def test_highest_wins_and_all_are_merged():
    s = run("3.5", "16", situations=["blue-1", "red-4", "yellow-7"])
    assert s.warning == "red" and s.colour_level == "特别重大"
    assert s.matched == ("red-4", "yellow-4", "yellow-7", "blue-1")
    assert s.reasons[0] == "红色预警：我市出现人感染禽流感的社区传播。"
    assert len(s.reasons) == 4
    assert run("3.5", "16", situations=["blue-1"]).warning == "yellow"
    assert suggest_warning(situations=["blue-1", "blue-1"], edition="2021").matched == ("blue-1",)


def test_no_data_no_warning():
    s = suggest_warning(edition="2021")
    assert (s.warning, s.colour_level, s.reasons, s.ili_excess) == ("none", None, (), None)


def test_bad_input():
    with pytest.raises(ValueError, match="未知"):
        suggest_warning(situations=["purple-1"], edition="2021")
    with pytest.raises(ValueError, match="监测数据"):
        suggest_warning(situations=["blue-3"], edition="2021")
    with pytest.raises(ValueError, match="缺少"):
        suggest_warning(5.0, 3.0, None, None, edition="2021")
    with pytest.raises(ValueError):
        suggest_warning(105, 3, 10, 5, edition="2021")
    with pytest.raises(ValueError):
        suggest_warning(-1, 3, 10, 5, edition="2021")
    with pytest.raises(ValueError):
        suggest_warning(True, 3, 10, 5, edition="2021")
    with pytest.raises(ValueError):
        suggest_warning("abc", 3, 10, 5, edition="2021")
    with pytest.raises(ValueError):
        suggest_warning(float("nan"), 3, 10, 5, edition="2021")


def test_ili_excess():
    assert ili_excess(None, None, None, None) is None
    assert ili_excess("5.5", 3, 20, "12.5") == (Decimal("2.5"), Decimal("7.5"))


def test_merge_helpers():
    assert highest(["blue", "orange", "yellow"], edition="2021") == "orange"
    assert highest([], edition="2021") == "none"
    assert local_warning_allowed("yellow", "orange", edition="2021")
    assert local_warning_allowed("yellow", "yellow", edition="2021")
    assert not local_warning_allowed("yellow", "blue", edition="2021")
    with pytest.raises(ValueError):
        highest(["green"], edition="2021")


def test_texts_are_verbatim():
    if not SEED.is_file():
        pytest.skip("gazette text not available")
    furniture = re.compile(r"^(·\s*\d+\s*·|\d{4}年第\s*\d+\s*期文件发布|温州市人民政府公报.*)$")
    lines = (ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines())
    gazette = "".join(re.sub(r"\s+", "", ln) for ln in lines if not furniture.match(ln))
    texts = [s.text for s in SITUATIONS] + [t.text for t in ILI_THRESHOLDS + EVENT_ILI_THRESHOLDS]
    texts += list(COLOUR_NAMES.values()) + [PRINCIPLE_QUOTE[1]]
    assert [t for t in texts if re.sub(r"\s+", "", t) not in gazette] == []


def test_trigger_sites_are_not_below_the_city_and_named_once():
    from wzcommand.plan.warning_procedure import ProcedureError, trigger_sites

    assert trigger_sites("yellow", [("鹿城", "yellow"), ("瑞安市", "red")], edition="2021") == (
        ("鹿城区", "yellow"), ("瑞安市", "red"))
    for sites, needle in (([("鹿城区", "blue")], "预警触发地鹿城区的蓝色预警低于全市黄色预警（附件 三：“预警触发地的预警级别须不低于全市预警级别。”）"),
                          ([("鹿城区", "red"), ("鹿城", "red")], "预警触发地鹿城区重复列出"),
                          ([("鹿城区", "none")], "预警触发地鹿城区的预警级别应为"),
                          ([("上海", "red")], "没有名为“上海”的县（市、区）")):
        with pytest.raises(ProcedureError) as err:
            trigger_sites("yellow", sites, edition="2021")
        assert needle in str(err.value)


def test_sites_stay_in_force_until_named_again_or_the_warning_is_lifted():
    from wzcommand.plan.warning_procedure import site_below_city, sites_in_force

    decisions = [(1, "yellow", [("鹿城区", "orange")]), (2, "red", []), (3, "red", [("瑞安市", "red")])]
    assert sites_in_force(decisions) == {"鹿城区": ("orange", 1), "瑞安市": ("red", 3)}
    assert sites_in_force([*decisions, (4, "none", []), (5, "blue", [])]) == {}
    assert site_below_city("red", "orange", edition="2021") and not site_below_city("orange", "orange", edition="2021")
