"""The respiratory plan's own grading (ari 3.1-3.4, seed lines 3886-4057) in the grading aid: all 32
clauses verbatim, the numeric edges exact, the reading of 以上/超过/未超过 stated beside each condition."""
from __future__ import annotations

import re
import pytest

from wzcommand.plan import grading_ari
from wzcommand.plan.grading import GRADES, qualitative_by_plan, suggest_grade
from shared_files import shared_file

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
CLAUSES = {"3.1": 7, "3.2": 9, "3.3": 9, "3.4": 7}  # 32 in all


def sources(facts):
    return [m.source for m in suggest_grade(facts, edition="2021")]


def test_all_32_clauses_are_there_once():
    ids = [c.id for c in grading_ari.COUNT_CRITERIA] + [i for i, _, _ in grading_ari.QUALITATIVE_CRITERIA]
    expected = [f"{section}({n})" for section, count in CLAUSES.items() for n in range(1, count + 1)]
    assert sorted(ids) == sorted(expected) and len(ids) == 32
    for c in grading_ari.COUNT_CRITERIA:
        assert c.grade == GRADES[int(c.id[2]) - 1] and c.source == f"ari:{c.id}"


def test_texts_are_verbatim_from_the_respiratory_plan():
    if not SEED.is_file():
        pytest.skip("gazette text not available")
    furniture = re.compile(r"^(·\s*\d+\s*·|\d{4}年第\s*\d+\s*期文件发布|温州市人民政府公报.*)$")
    lines = SEED.read_text(encoding="utf-8").splitlines()[3885:4058]  # ari 3 事件分级 only
    section = "".join(re.sub(r"\s+", "", ln) for ln in lines if not furniture.match(ln.strip()))
    texts = [c.text for c in grading_ari.COUNT_CRITERIA] + [t for _, _, t in grading_ari.QUALITATIVE_CRITERIA]
    for t in texts:
        assert re.sub(r"\s+", "", t) in section, t
    for c in grading_ari.COUNT_CRITERIA:
        for alt in c.alternatives:
            for cond in alt:
                assert all(part in c.text for part in cond.wording.split("……")), (c.id, cond.wording)
                assert cond.read  # the reading is stated beside the clause


@pytest.mark.parametrize("facts,expected", [
    # ari 3.2(5), lines 3944-3948: "ILI%超过基线水平8个百分点，且……阳性检出率超过基线水平40个百分点" — 超过 is strict
    ({"ili_excess_points": "8", "positive_excess_points": "40.01"}, ["ari:3.3(4)", "ari:3.4(3)"]),
    ({"ili_excess_points": "8.01", "positive_excess_points": "40.01"}, ["ari:3.2(5)", "ari:3.3(4)", "ari:3.4(3)"]),
    ({"ili_excess_points": "2", "positive_excess_points": "10"}, []),
    # ari 3.1(2), line 3905: "波及我市2个以上县（市、区）" — 以上 includes 2
    ({"sars_counties": 2}, ["ari:3.1(2)"]),
    ({"sars_counties": 1}, []),
    # ari 3.1(5) "1个平均潜伏期内发生5例以上" and 3.2(7) "本地病例，1个平均潜伏期内病例数未超过5例"
    ({"pneumonic_cases": 5, "pneumonic_local_cases": 1}, ["ari:3.1(5)", "ari:3.2(7)"]),
    ({"pneumonic_cases": 6, "pneumonic_local_cases": 1}, ["ari:3.1(5)"]),
    ({"pneumonic_cases": 4, "pneumonic_local_cases": 0}, []),
    # ari 3.2(4): "6个以上县（市、区）……并出现2起以上……聚集性疫情" — both needed
    ({"avian_flu_counties": 6, "avian_flu_clusters": 2}, ["ari:3.2(4)"]),
    ({"avian_flu_counties": 5, "avian_flu_clusters": 9}, []),
    ({"avian_flu_clusters_2w": 2}, ["ari:3.3(3)"]),
    ({"novel_flu_deaths": 5}, ["ari:3.2(6)"]),
    ({"novel_flu_deaths": 4}, []),
])
def test_numeric_edges(facts, expected):
    assert sources(facts) == expected


def test_the_aid_names_the_plan_of_every_clause():
    both = qualitative_by_plan("重大", edition="2021")
    assert ("ari:3.2(1)", "我市出现新冠肺炎局部社区传播。") in both
    assert any(s.startswith("phe:") for s, _ in both)
    mixed = suggest_grade({"occupational_poisoning_cases": 50, "ili_excess_points": "9",
                           "positive_excess_points": "41"}, edition="2021")
    assert [m.source for m in mixed if m.grade == "重大"] == ["phe:3.2(9)", "ari:3.2(5)"]
