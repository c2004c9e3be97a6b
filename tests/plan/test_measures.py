"""The control measures the plans name: each basis verbatim, the approvals each needs, who may give them."""
from __future__ import annotations

import re

import pytest

from shared_files import shared_file
from wzcommand.plan import measures as rules

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
FURNITURE = (re.compile(r"^·\s*\d+\s*·$"), re.compile(r"^\d{4}年第\s*\d+\s*期文件发布$"), re.compile(r"^温州市人民政府公报.*$"))
# each clause from its own heading line to the line before the next one
CLAUSE_LINES = {"phe:6.3.1(4)": (2130, 2153), "phe:6.3.1(5)": (2154, 2181), "phe:6.3.1(7)": (2204, 2227),
                "ari:6.2.1(4)": (4664, 4685), "ari:6.2.2(4)": (4762, 4790), "ari:6.2.3(4)": (4877, 4939),
                "ari:6.2.4(4)": (5059, 5082)}


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def flat(lines: list[str], first: int, last: int) -> str:
    kept = [x.strip() for x in lines[first - 1:last] if x.strip() and not any(p.match(x.strip()) for p in FURNITURE)]
    return re.sub(r"\s+", "", "".join(kept))


QUOTES = sorted({q for k in rules.kinds("2021") for q in k.basis} | {(n.source, n.quote) for n in rules.NEEDS.values()})


@pytest.mark.parametrize("source,quote", QUOTES)
def test_every_basis_is_verbatim_in_its_clause(lines, source, quote):
    first, last = CLAUSE_LINES[source]
    clause = flat(lines, first, last)
    assert re.sub(r"\s+", "", quote) in clause, (source, quote)


def test_the_kinds_the_issue_names_with_their_approvals():
    trunk = rules.parse_kind("中断交通干道", "2021")
    assert trunk.needs == (rules.PROVINCE,) and rules.NEEDS[rules.PROVINCE].quote == "中断交通干道的，应经省政府批准。"
    assert rules.parse_kind("停工停业停学", "2021").name == "停工停业停课"
    assert rules.parse_kind("疫区封锁", "2021").needs == (rules.DECLARING,)
    assert rules.NEEDS[rules.UPPER].quote.endswith("必要时请示上一级政府同意。")
    with pytest.raises(ValueError, match="未知的措施类别“封城”（可选：划定疫区、疫区封锁、.*中断交通干道"):
        rules.parse_kind("封城", "2021")
    with pytest.raises(ValueError):
        rules.kinds("1999")


def test_governments_county_level_and_above():
    assert rules.government_level("鹿城区政府") == "county" and rules.government_level("乐清市人民政府") == "county"
    assert rules.government_level("温州市人民政府") == "city" and rules.government_level("市政府") == "city"
    assert rules.government_level("浙江省人民政府") == "province" and rules.government_level("国务院") == "state"
    for body in ("市卫生健康委", "五马街道办事处", "市应急指挥部", "县政府", "温州政府", "鹿城区卫生健康局"):
        assert rules.government_level(body) is None, body


def test_a_zone_is_declared_only_by_a_county_level_or_higher_government():
    zone = rules.parse_kind("划定疫区", "2021")
    assert rules.decider_problem(zone, "鹿城区政府") is None
    problem = rules.decider_problem(zone, "市卫生健康委")
    assert problem and problem.startswith("划定疫区须由县级以上政府决定") and "6.3.1(4)：“发生甲、乙类传染病" in problem
    assert rules.decider_problem(rules.parse_kind("停工停业停课", "2021"), "市卫生健康委") is None


def test_what_each_measure_needs_and_who_meets_it():
    trunk, lockdown = rules.parse_kind("中断交通干道", "2021"), rules.parse_kind("疫区封锁", "2021")
    assert rules.needs_of(trunk, "市应急指挥部", False) == (rules.PROVINCE,)
    assert rules.needs_of(trunk, "鹿城区政府", True) == (rules.PROVINCE, rules.UPPER)
    assert rules.needs_of(lockdown, "市公安局", False) == (rules.DECLARING,)
    assert rules.needs_of(lockdown, "鹿城区政府", False) == ()  # the declaring government decided it itself
    assert rules.fits(rules.PROVINCE, "浙江省人民政府", "市政府") and not rules.fits(rules.PROVINCE, "市政府", "市政府")
    # 上一级政府: the city for a county's measure, the province for the city's
    assert rules.fits(rules.UPPER, "市政府", "瑞安市政府") and not rules.fits(rules.UPPER, "省政府", "瑞安市政府")
    assert rules.fits(rules.UPPER, "省政府", "市应急指挥部") and not rules.fits(rules.UPPER, "市政府", "市应急指挥部")
    assert rules.upper_government("鹿城区卫生健康局") == "温州市政府"
    assert rules.fits(rules.PROVINCE_GROUP, "省领导小组", "市应急指挥部")
    problem = rules.approval_problem((rules.PROVINCE,), "市政府", "市应急指挥部")
    assert problem == "“市政府”不是本措施所需的批准机关。尚需：省政府批准"


def test_an_ari_clause_names_the_level_whose_measures_it_lists():
    assert [rules.clause_level(s) for s in ("ari:6.2.1(4)", "ari:6.2.3(4)", "ari:6.2.4(4)", "phe:6.3.1(5)")] == \
        ["Ⅳ级", "Ⅱ级", "Ⅰ级", ""]
    lockdown = rules.parse_kind("县域封锁", "2021")
    assert lockdown.needs == (rules.PROVINCE_GROUP,) and rules.clause_level(lockdown.source) == "Ⅱ级"


def test_areas_are_a_division_and_a_place():
    assert rules.parse_area("鹿城区五马街道") == ("鹿城区", "五马街道")
    assert rules.parse_area("温州市瑞安 安阳街道") == ("瑞安市", "安阳街道")
    assert rules.parse_area("全市") == ("全市", "")
    assert rules.parse_area("鹿城区、龙湾区") == ("鹿城区、龙湾区", "")
    assert rules.area_text("鹿城区", "五马街道") == "鹿城区五马街道"
    with pytest.raises(ValueError, match="请以县（市、区）开头写明区域"):
        rules.parse_area("五马街道")
