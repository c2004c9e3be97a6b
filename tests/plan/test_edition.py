"""Tests for wzcommand.plan.edition (loading, lookups, validation)."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from wzcommand.plan.edition import (
    DutyItem,
    Group,
    PlanEdition,
    Unit,
    available_editions,
    load_edition,
)


@pytest.fixture(scope="module")
def plan() -> PlanEdition:
    return load_edition("2021")


@pytest.fixture()
def raw() -> dict:
    path = resources.files("wzcommand.plan") / "data" / "plan_2021.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_metadata(plan):
    assert available_editions() == ("2021",)
    assert plan.edition == "2021"
    assert plan.title == "温州市突发公共卫生事件应急预案"
    assert plan.document_no == "温政办〔2021〕11号"
    assert plan.issued_on == "2021-03-09"
    assert isinstance(plan.units[0], Unit)
    assert isinstance(plan.groups[0], Group)
    assert isinstance(plan.duties[0], DutyItem)


def test_load_is_cached(plan):
    assert load_edition("2021") is plan
    assert load_edition(" 2021 ") is plan


def test_no_edition_is_assumed():
    """Every rule takes the edition the database records: none falls back to 2021 by itself."""
    with pytest.raises(TypeError):
        load_edition()  # type: ignore[call-arg]


def test_unknown_edition():
    with pytest.raises(ValueError, match="1999"):
        load_edition("1999")


def test_units_order_and_sources(plan):
    assert [u.order for u in plan.units] == list(range(1, len(plan.units) + 1))
    assert plan.units[0].name == "市纪委市监委机关"
    sources = [u.source for u in plan.units]
    assert sources == sorted(sources, key=["4.1.1", "4.2.2", "附件1"].index)
    assert sources.count("4.1.1") == 65
    assert plan.unit("市疾控中心").source == "4.2.2"
    assert plan.unit("温州海事局").source == "4.2.2"


@pytest.mark.parametrize(
    ("form", "canonical"),
    [
        ("市委宣传部", "市委宣传部（市新闻办）"),
        ("市委宣传部（市新闻办）", "市委宣传部（市新闻办）"),
        ("市委宣传部（市政府新闻办）", "市委宣传部（市新闻办）"),
        ("市委办", "市委办公室"),
        ("市府办", "市政府办公室"),
        ("市侨办", "市委统战部（市侨办）"),
        ("  市委办\n", "市委办公室"),
        ("市卫生健康委", "市卫生健康委"),
    ],
)
def test_resolve_aliases(plan, form, canonical):
    assert plan.resolve(form) == canonical
    assert plan.unit(form).name == canonical


@pytest.mark.parametrize("name", ["市卫生健康主管部门", "其他有关部门", "", "市委", "不存在的单位"])
def test_unknown_names(plan, name):
    assert plan.resolve(name) is None
    with pytest.raises(KeyError):
        plan.unit(name)
    assert plan.duties_of(name) == ()
    assert plan.groups_of(name) == ()


def test_group_lookup(plan):
    assert plan.group("medical") is plan.group("医疗组")
    assert plan.group(" 督查组 ").key == "inspection"
    assert [g.key for g in plan.groups] == [
        "office", "control_service", "medical", "publicity", "supplies", "inspection",
    ]
    with pytest.raises(KeyError):
        plan.group("专家组")


def test_duties_of_shared_items(plan):
    assert [d.no for d in plan.duties_of("温州广电传媒集团")] == [47]
    assert [d.no for d in plan.duties_of("移动温州分公司")] == [58]
    assert [d.no for d in plan.duties_of("温州火车站")] == [61]
    assert [d.no for d in plan.duties_of("温州火车南站")] == [61]
    item = plan.duties[57]
    assert item.units == ("电信温州分公司", "移动温州分公司", "联通温州分公司")
    assert plan.duties[61].units == () and plan.duties[61].units_text == "其他有关部门"


def test_duties_of_resolves_aliases(plan):
    assert [d.no for d in plan.duties_of("市委宣传部")] == [5]
    assert [d.no for d in plan.duties_of("市府办")] == [3]
    # A unit named only in a group list has no annex duty.
    assert plan.duties_of("市统计局") == ()


def test_groups_of(plan):
    keys = lambda name: [g.key for g in plan.groups_of(name)]  # noqa: E731
    assert keys("市卫生健康委") == [
        "office", "control_service", "medical", "publicity", "supplies", "inspection",
    ]
    assert keys("市委办") == ["office", "inspection"]
    assert keys("市委宣传部（市新闻办）") == ["publicity"]
    assert keys("市疾控中心") == ["control_service"]
    assert keys("市气象局") == []


def test_districts(plan):
    assert plan.districts == (
        "鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县",
        "苍南县", "文成县", "泰顺县", "瑞安市", "乐清市", "龙港市",
    )


def test_from_dict_accepts_the_shipped_data(raw):
    assert PlanEdition.from_dict(raw) == load_edition("2021")


def _broken(raw: dict, mutate) -> dict:
    data = copy.deepcopy(raw)
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["duties"].pop(), r"numbered 1\.\.62"),
        (lambda d: d["duties"][3].update(no=40), r"numbered 1\.\.62"),
        (lambda d: d["duties"].insert(0, dict(d["duties"][0])), r"numbered 1\.\.62"),
        (lambda d: d["groups"][0]["members"].append("市不存在局"), "市不存在局"),
        (lambda d: d["duties"][46]["units"].append("温州晚报"), "duty item 47.*温州晚报"),
        (lambda d: d["units"][10]["aliases"].append("市委办"), "市委办"),
        (lambda d: d["units"][10]["aliases"].append("市公安局"), "市公安局"),
        (lambda d: d["units"].append(dict(d["units"][3])), "市委组织部"),
        (lambda d: d["units"][0].update(source="4.9"), "source"),
        (lambda d: d.pop("title"), "title"),
        (lambda d: d["duties"][0].update(no="1"), "integer"),
        (lambda d: d["groups"][1].update(key="office"), "group keys"),
    ],
)
def test_validation_errors(raw, mutate, message):
    with pytest.raises(ValueError, match=message):
        PlanEdition.from_dict(_broken(raw, mutate))
