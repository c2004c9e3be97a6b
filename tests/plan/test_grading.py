"""Tests for wzcommand.plan.grading (public-health plan 3.1-3.4, count-based)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from shared_files import shared_file
from wzcommand.plan.grading import (
    COUNT_CRITERIA,
    Condition,
    FACT_FIELDS,
    GRADES,
    QUALITATIVE_CRITERIA,
    Match,
    criteria_for,
    highest_grade,
    normalise_facts,
    qualitative_criteria,
    suggest_grade,
)

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")


def ids(facts):
    return [m.id for m in suggest_grade(facts, edition="2021")]


def test_catalogue_covers_every_numbered_clause():
    all_ids = [c.id for c in COUNT_CRITERIA] + [i for i, _, _ in QUALITATIVE_CRITERIA]
    expected = ([f"3.1({n})" for n in range(1, 7)] + [f"3.2({n})" for n in range(1, 11)]
                + [f"3.3({n})" for n in range(1, 8)] + [f"3.4({n})" for n in range(1, 4)])
    assert sorted(all_ids) == sorted(expected)
    assert len(all_ids) == len(set(all_ids))
    for c in COUNT_CRITERIA:
        assert c.grade == GRADES[int(c.id[2]) - 1]


def test_bubonic_plague_edges():
    assert ids({"bubonic_plague_city_cases": 19}) == []
    assert ids({"bubonic_plague_city_cases": 20}) == ["3.1(1)"]  # 20例以上 includes 20
    assert ids({"bubonic_plague_county_cases": 9}) == ["3.3(1)"]  # 9例及以下 includes 9
    assert ids({"bubonic_plague_county_cases": 10}) == ["3.2(1)"]  # 10～19 inclusive
    assert ids({"bubonic_plague_county_cases": 19}) == ["3.2(1)"]
    assert ids({"bubonic_plague_county_cases": 20}) == []
    assert ids({"bubonic_plague_county_cases": 0}) == []
    assert ids({"bubonic_plague_county_cases": 1}) == ["3.3(1)"]
    assert ids({"bubonic_plague_counties": 1}) == []
    assert ids({"bubonic_plague_counties": 2}) == ["3.2(1)"]  # 2个以上 includes 2


def test_cholera_edges():
    assert ids({"cholera_city_week_cases": 29}) == []
    assert ids({"cholera_city_week_cases": 30}) == ["3.2(2)"]
    assert ids({"cholera_county_week_cases": 9}) == ["3.4(1)"]
    assert ids({"cholera_county_week_cases": 10}) == ["3.3(2)"]
    assert ids({"cholera_county_week_cases": 29}) == ["3.3(2)"]
    assert ids({"cholera_county_week_cases": 30}) == []
    assert ids({"cholera_county_week_cases": 0}) == []
    assert ids({"cholera_counties": 2}) == ["3.3(2)"]
    assert ids({"cholera_counties": 1}) == []


def bc(counties, week, base=10):
    return ids({"class_bc_counties": counties, "class_bc_week_incidence": week, "class_bc_baseline_incidence": base})


def test_class_b_c_multiple_edges():
    # 超过…2倍以上: excess >= 2 x baseline, i.e. week >= 3 x baseline
    assert bc(2, 30) == ["3.2(3)", "3.3(3)"]
    assert bc(2, "29.99") == ["3.3(3)"]
    # 超过…1倍以上: excess >= 1 x baseline, i.e. week >= 2 x baseline
    assert bc(1, 20) == ["3.3(3)"]
    assert bc(1, "19.99") == []
    assert bc(1, 30) == ["3.3(3)"]  # one county: not 重大
    assert bc(0, 30) == []
    assert bc(2, "0.9", "0.3") == ["3.2(3)", "3.3(3)"]  # exact decimal arithmetic
    assert ids({"class_bc_counties": 3, "class_bc_week_incidence": 90}) == []  # baseline unknown


def test_unexplained_cluster_edges():
    assert ids({"unexplained_cluster_counties": 0}) == []
    assert ids({"unexplained_cluster_counties": 1}) == ["3.3(4)"]
    assert ids({"unexplained_cluster_counties": 2}) == ["3.2(5)", "3.3(4)"]


def poison(cases, deaths):
    return ids({"occupational_poisoning_cases": cases, "occupational_poisoning_deaths": deaths})


def test_occupational_poisoning_edges():
    assert poison(9, 0) == ["3.4(2)"]
    assert poison(9, 1) == ["3.3(6)"]  # a death lifts it out of 3.4(2)
    assert poison(10, 0) == ["3.3(6)"]
    assert poison(49, 0) == ["3.3(6)"]
    assert poison(50, 0) == ["3.2(9)"]
    assert poison(3, 4) == ["3.3(6)"]  # 死亡4人及以下 includes 4
    assert poison(3, 5) == ["3.2(9)"]  # 死亡5人以上 includes 5
    assert poison(60, 2) == ["3.2(9)", "3.3(6)"]
    assert poison(0, 0) == []
    assert ids({"occupational_poisoning_cases": 5}) == []  # deaths unknown: 3.4(2) not confirmed


def test_order_highest_first_and_match_fields():
    facts = {"cholera_county_week_cases": 5, "bubonic_plague_city_cases": 25, "occupational_poisoning_cases": 12,
             "occupational_poisoning_deaths": 0, "cholera_city_week_cases": 31}
    matches = suggest_grade(facts, edition="2021")
    assert [m.grade for m in matches] == ["特别重大", "重大", "较大", "一般"]
    assert matches[0] == Match("特别重大", "腺鼠疫发生流行，在我市范围内，1个平均潜伏期内多点连续发病20例以上。",
                               "3.1(1)", "phe:3.1(1)")
    assert matches[1].criterion_text == "霍乱在我市范围内流行，1周内发病30例以上。"
    assert highest_grade(facts, edition="2021") == "特别重大"
    assert highest_grade({}, edition="2021") is None


def test_condition_ops():
    facts = {"f": Decimal(5)}
    assert Condition("f", ">=", Decimal(5)).holds(facts)  # 以上 includes
    assert Condition("f", "<=", Decimal(5)).holds(facts)  # 及以下 includes
    assert not Condition("f", ">", Decimal(5)).holds(facts)  # 超过 excludes
    assert Condition("f", ">", Decimal("4.99")).holds(facts)
    assert Condition("f", "range", Decimal(5), Decimal(5)).holds(facts)
    assert not Condition("f", "==", Decimal(4)).holds(facts)
    assert not Condition("g", ">=", Decimal(0)).holds(facts)  # unknown fact never matches


def test_qualitative_criteria():
    assert [i for i, _ in qualitative_criteria("特别重大", edition="2021")] == ["3.1(2)", "3.1(3)", "3.1(4)", "3.1(5)", "3.1(6)"]
    assert qualitative_criteria("一般", edition="2021") == (
        ("3.4(3)", "市政府或市级卫生健康主管部门认定的其他具有严重健康危害的一般事件。"),)
    assert len(qualitative_criteria("重大", edition="2021")) == 5 and len(qualitative_criteria("较大", edition="2021")) == 2
    assert [c.id for c in criteria_for("一般", edition="2021")] == ["3.4(1)", "3.4(2)"]
    with pytest.raises(ValueError):
        qualitative_criteria("巨大", edition="2021")


def test_fact_validation():
    with pytest.raises(ValueError, match="未知"):
        suggest_grade({"cholera_cases": 3}, edition="2021")
    for bad in (-1, True, "x", float("inf"), [1]):
        with pytest.raises(ValueError):
            suggest_grade({"cholera_city_week_cases": bad}, edition="2021")
    with pytest.raises(ValueError, match="为0"):
        suggest_grade({"class_bc_week_incidence": 3, "class_bc_baseline_incidence": 0}, edition="2021")
    assert normalise_facts({"cholera_counties": None}) == {}
    assert set(FACT_FIELDS) >= {c.field for cr in COUNT_CRITERIA for alt in cr.alternatives for c in alt
                                if c.field != "class_bc_excess_multiple"}


def test_texts_are_verbatim():
    if not SEED.is_file():
        pytest.skip("gazette text not available")
    furniture = re.compile(r"^(·\s*\d+\s*·|\d{4}年第\s*\d+\s*期文件发布|温州市人民政府公报.*)$")
    lines = SEED.read_text(encoding="utf-8").splitlines()[681:848]  # 3 事件分级 only
    section = "".join(re.sub(r"\s+", "", ln) for ln in lines if not furniture.match(ln.strip()))
    texts = [c.text for c in COUNT_CRITERIA] + [t for _, _, t in QUALITATIVE_CRITERIA]
    for t in texts:
        assert re.sub(r"\s+", "", t) in section, t
    for c in COUNT_CRITERIA:  # each condition's wording appears in its criterion
        for alt in c.alternatives:
            for cond in alt:
                for part in cond.wording.split("…"):
                    assert part in c.text, (c.id, cond.wording)
