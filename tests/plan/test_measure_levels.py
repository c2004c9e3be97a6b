"""Control measures against the response level in force: the respiratory plan lists its measures by level
(ari 6.2.1–6.2.4), the public-health plan's 6.3.1 at every level; what falls outside is stated."""
from __future__ import annotations

import pytest

from wzcommand.plan import measures as rules
from wzcommand.plan.measure_levels import level_note, listing

ARI = "《温州市突发急性呼吸道传染病事件应急预案》"
PHE = "《温州市突发公共卫生事件应急预案》"


def kind(name):
    return rules.parse_kind(name, "2021")


def test_the_respiratory_plan_lists_its_measures_from_their_level():
    assert listing(kind("县域封锁"), "respiratory").level == "II"  # 6.2.3 (4)
    assert listing(kind("全市区域封锁"), "respiratory").level == "I"  # 6.2.4 (4)
    assert listing(kind("公共场所限流限客"), "respiratory").level == "III"  # 6.2.2 (4)
    assert listing(kind("关闭公共场所"), "respiratory").level == "II"  # 6.2.3 before 6.2.4
    assert listing(kind("社区封闭式管理"), "respiratory").level == "IV"  # 6.2.1 (4)
    assert listing(kind("划定疫区"), "respiratory").level == "III"  # ari 6.2.2 names it: not 未尽事宜
    # named only by the public-health plan: taken from it at every level (phe 1.3 未尽事宜)
    assert listing(kind("中断交通干道"), "respiratory") == listing(kind("中断交通干道"), "public_health")
    assert listing(kind("中断交通干道"), "respiratory").level == "IV"


def test_the_public_health_plan_lists_6_3_1_at_every_level_and_not_the_respiratory_plans_own():
    assert listing(kind("疫区封锁"), "public_health").source == "phe:6.3.1(4)"
    assert listing(kind("县域封锁"), "public_health") is None
    assert listing(kind("县域封锁"), None).level == "II"  # plan unknown: either


def test_what_the_record_says():
    assert level_note("县域封锁", "III", "respiratory", "2021") == (
        f"县域封锁是{ARI}6.2.3(4)所列的Ⅱ级应急响应措施，实施时全市为Ⅲ级应急响应")
    assert level_note("县域封锁", "II", "respiratory", "2021") == ""
    assert level_note("县域封锁", "I", "respiratory", "2021") == ""
    assert level_note("全市区域封锁", "II", "respiratory", "2021", where="全市").endswith("Ⅰ级应急响应措施，实施时全市为Ⅱ级应急响应")
    assert level_note("停工停业停课", "none", None, "2021") == (
        f"实施时全市未启动应急响应，而停工停业停课是{PHE}6.3.1(5)所列的应急响应措施")
    assert level_note("县域封锁", "I", "public_health", "2021", where="鹿城区") == (
        f"实施时鹿城区为Ⅰ级应急响应，依{PHE}；该预案未列县域封锁（县域封锁是{ARI}6.2.3(4)所列的Ⅱ级应急响应措施）")
    assert level_note("停工停业停课", "IV", "public_health", "2021") == ""
    with pytest.raises(ValueError):
        level_note("封城", "I", "respiratory", "2021")


def test_every_kind_is_listed_by_one_plan_at_some_level():
    for k in rules.kinds("2021"):
        assert listing(k, None) is not None, k.name
