"""Check the shipped plan data word for word against the gazette text.

The gazette (温州市人民政府公报 2021年第3期) is a PDF-to-text dump: short lines with
blank lines between them, page headers/footers, some letter-spaced lines.  The
normalisation below is deliberately independent of how plan_2021.json was made.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from shared_files import shared_file

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")

# Line ranges (1-based, inclusive) from shared/seeds/README.md.
NOTICE = (383, 399)
SECTION_411 = (849, 1021)
SECTION_422 = (1022, 1326)
ANNEX_1 = (2818, 3542)

PAGE_FURNITURE = (
    re.compile(r"^·\s*\d+\s*·$"),  # page number, e.g. "·    26    ·"
    re.compile(r"^\d{4}年第\s*\d+\s*期文件发布$"),  # running header
    re.compile(r"^温州市人民政府公报.*$"),  # running header
)
# Running title printed on the annex's first page, in the middle of item 5.
ANNEX_RUNNING_TITLE = ("附件1", "市领导小组成员单位职责")

GROUP_HEADINGS = {
    "office": "（1）办公室",
    "control_service": "（2）管控服务组",
    "medical": "（3）医疗组",
    "publicity": "（4）宣传组",
    "supplies": "（5）物资保障组",
    "inspection": "（6）督查组",
}


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"gazette seed text not found at {SEED} (expected a shared/ folder beside the checkout or above it)")
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def plan() -> dict:
    path = resources.files("wzcommand.plan") / "data" / "plan_2021.json"
    return json.loads(path.read_text(encoding="utf-8"))


def normalise(lines: list[str], span: tuple[int, int], running: tuple[str, ...] = ()) -> str:
    """Join the lines of a span into one string of plan text.

    Drops blank lines and page furniture, then removes all whitespace (ASCII and
    the ideographic space U+3000): inside these Chinese sections whitespace is
    only layout, including in letter-spaced lines such as ``2 6 . 市 农 业``.
    """
    kept = []
    for line in lines[span[0] - 1 : span[1]]:
        stripped = line.strip().strip("\u3000").strip()
        if not stripped or stripped in running:
            continue
        if any(p.match(stripped) for p in PAGE_FURNITURE):
            continue
        kept.append(stripped)
    text = "".join(kept)
    # Guard: whitespace must never separate two Latin words in these sections.
    assert not re.search(r"[A-Za-z0-9]\s+[A-Za-z]", text), "unexpected Latin text"
    return re.sub(r"\s+", "", text)


def split_names(text: str) -> list[str]:
    return [part for part in re.split(r"[、，]", text) if part]


def alias_index(plan: dict) -> dict[str, str]:
    index = {}
    for unit in plan["units"]:
        index[unit["name"]] = unit["name"]
        for alias in unit["aliases"]:
            index[alias] = unit["name"]
    return index


def test_normalise_handles_letter_spacing_and_furniture():
    lines = ["2 6 . 市 农 业 农 村 局 ： 负 责", "", "·    26    ·", "2021年第3 期文件发布", " 抓好"]
    assert normalise(lines, (1, len(lines))) == "26.市农业农村局：负责抓好"


def test_notice_gives_title_number_and_date(seed_lines, plan):
    notice = normalise(seed_lines, NOTICE)
    assert f"《{plan['title']}》" in notice
    assert plan["document_no"] in notice
    assert plan["issued_by"] in notice
    year, month, day = (int(p) for p in plan["issued_on"].split("-"))
    assert f"{year}年{month}月{day}日" in notice


def test_annex_duty_items_are_verbatim_and_complete(seed_lines, plan):
    annex = normalise(seed_lines, ANNEX_1, ANNEX_RUNNING_TITLE)
    heading = "一、市领导小组成员单位职责"
    assert heading in annex
    body = annex[annex.index(heading) + len(heading) :]
    duties = plan["duties"]
    assert [d["no"] for d in duties] == list(range(1, 63))
    # The items, rebuilt in order, must be exactly the annex body: nothing
    # missing, nothing added, every character as printed.
    rebuilt = "".join(f"{d['no']}.{d['units_text']}：{d['text']}" for d in duties)
    if rebuilt != body:
        at = next(
            (i for i, (a, b) in enumerate(zip(rebuilt, body)) if a != b),
            min(len(rebuilt), len(body)),
        )
        pytest.fail(
            f"annex differs at {at}: json …{rebuilt[at - 20:at + 20]}… vs plan …{body[at - 20:at + 20]}…"
        )
    for d in duties:
        assert "：" not in d["units_text"], d["no"]
        assert not re.search(r"\s", d["text"]), d["no"]


def test_duty_units_resolve_from_units_text(plan):
    index = alias_index(plan)
    for d in plan["duties"]:
        if d["units_text"] == "其他有关部门":
            assert d["no"] == 62 and d["units"] == []
            continue
        assert d["units"] == [index[n] for n in d["units_text"].split("、")], d["no"]
    multi = {d["no"]: len(d["units"]) for d in plan["duties"] if len(d["units"]) > 1}
    assert multi == {47: 2, 58: 3, 61: 2}


def test_groups_are_verbatim_under_their_headings(seed_lines, plan):
    section = normalise(seed_lines, SECTION_422)
    assert [g["key"] for g in plan["groups"]] == list(GROUP_HEADINGS)
    for group in plan["groups"]:
        heading = GROUP_HEADINGS[group["key"]]
        assert heading.endswith(group["name"])
        passage = (
            f"{heading}：成员单位为{group['members_text']}等。"
            f"主要职责为{group['duties']}"
        )
        assert passage in section, group["key"]
        # The duties paragraph is complete: the next paragraph starts right after.
        after = section[section.index(passage) + len(passage) :]
        assert after.startswith("启动Ⅲ级应急响应后"), group["key"]
        assert group["duties"].endswith("。")


def test_group_members_are_the_resolved_member_list(plan):
    index = alias_index(plan)
    for group in plan["groups"]:
        names = split_names(group["members_text"])
        assert all(n in index for n in names), [n for n in names if n not in index]
        assert group["members"] == [index[n] for n in names], group["key"]


def test_member_unit_list_411(seed_lines, plan):
    section = normalise(seed_lines, SECTION_411)
    match = re.search(r"市领导小组（市应急指挥部）组成单位有：(.*?)等。", section)
    assert match, "4.1.1 member list not found"
    listed = split_names(match.group(1))
    index = alias_index(plan)
    assert all(n in index for n in listed), [n for n in listed if n not in index]
    from_411 = [u["name"] for u in plan["units"] if u["source"] == "4.1.1"]
    # The 4.1.1 units come first, in the plan's order, written as the list writes them.
    assert from_411 == listed
    assert [u["name"] for u in plan["units"][: len(from_411)]] == from_411


def test_every_named_unit_is_one_record(plan):
    index = alias_index(plan)
    names = [u["name"] for u in plan["units"]]
    assert len(names) == len(set(names))
    forms = names + [a for u in plan["units"] for a in u["aliases"]]
    assert len(forms) == len(set(forms)), "a name or alias is used twice"
    # Order and source: 4.1.1 list first, then units first named in a group
    # member list (4.2.2), then units first named in 附件1.
    expected: dict[str, str] = {}
    for unit in plan["units"]:
        if unit["source"] == "4.1.1":
            expected.setdefault(unit["name"], "4.1.1")
    for group in plan["groups"]:
        for name in split_names(group["members_text"]):
            expected.setdefault(index[name], "4.2.2")
    for d in plan["duties"]:
        for name in d["units"]:
            expected.setdefault(name, "附件1")
    assert list(expected) == names, "units must be in 4.1.1 order, then in order of first appearance"
    assert [u["source"] for u in plan["units"]] == list(expected.values())


def test_aliases_are_forms_the_plan_writes(seed_lines, plan):
    whole = normalise(seed_lines, (400, 3652), ANNEX_RUNNING_TITLE)
    for unit in plan["units"]:
        assert unit["name"] in whole, unit["name"]
        for alias in unit["aliases"]:
            assert alias in whole, alias
