"""Tests for wzcommand.plan.levels: posts, offices, leads, cadences, transitions."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from importlib import resources
from itertools import product
from pathlib import Path

import pytest

from shared_files import shared_file
from wzcommand.plan.levels import (
    ACTIVE_LEVELS,
    LEVEL_ORDER,
    Change,
    GroupState,
    Structure,
    cadence_at,
    cadence_rules_at,
    compare_levels,
    diff_structures,
    display_name,
    is_active,
    level_rank,
    load_levels,
    parse_level,
    structure_at,
)
from wzcommand.plan.transitions import (
    TransitionError,
    allowed_targets,
    check_transition,
    decision_rule,
    transition_kind,
)

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
T0 = datetime(2021, 3, 9, 9, 0)
T1 = T0 + timedelta(hours=1)

# --- the plan's words, typed from the gazette ----------------------------------

COMMANDER = {"none": None, "IV": "市政府分管副市长", "III": "市政府分管副市长",
             "II": "市政府常务副市长", "I": "市长"}
DISPLAY = {"none": "未启动应急响应", "IV": "Ⅳ级应急响应", "III": "Ⅲ级应急响应",
           "II": "Ⅱ级应急响应", "I": "Ⅰ级应急响应"}
OFFICE = {  # (location, director posts, relation)
    "none": ("市卫生健康主管部门", ("市卫生健康主管部门分管负责人",), None),
    "IV": ("市卫生健康主管部门", ("市卫生健康主管部门分管负责人",), None),
    "III": ("市卫生健康主管部门", ("市卫生健康主管部门主要负责人", "市政府联系工作副秘书长"), "或"),
    "II": ("市政府办公室", ("市政府联系工作副秘书长",), None),
    "I": ("市政府办公室", ("市政府分管副市长",), None),
}
LEADS = {
    "III": {
        "office": ("市卫生健康主管部门主要负责人", "市政府联系工作副秘书长"),
        "control_service": ("主要成员单位分管负责人",),
        "medical": ("市卫生健康主管部门分管负责人",),
        "publicity": ("主要成员单位分管负责人",),
        "supplies": ("主要成员单位分管负责人",),
        "inspection": ("主要成员单位分管负责人",),
    },
    "II": {
        "office": ("市政府联系工作副秘书长",),
        "control_service": ("市政府相关副秘书长", "主要成员单位主要负责人"),
        "medical": ("市卫生健康主管部门主要负责人", "温州医科大学分管负责人"),
        "publicity": ("市委宣传部常务副部长",),
        "supplies": ("市政府相关副秘书长", "主要成员单位主要负责人"),
        "inspection": ("市纪委市监委机关常务负责人", "市委组织部常务负责人"),
    },
    "I": {
        "office": ("市政府分管副市长",),
        "control_service": ("市政府相关副市长",),
        "medical": ("市政府分管副市长",),
        "publicity": ("市政府相关副市长",),
        "supplies": ("市政府相关副市长",),
        "inspection": ("市政府相关副市长",),
    },
}
GROUP_NAMES = ("办公室", "管控服务组", "医疗组", "宣传组", "物资保障组", "督查组")
MECH_IV = ("启动联防联控工作机制，市应急指挥部由市卫生健康主管部门牵头，抽调相关部门工作人员组成工作组"
           "和工作专班，指导应急响应区域内县（市、区）政府开展防控工作。")
MECH_III_UP = ("启动Ⅲ级及以上应急响应后，市应急指挥部以“一办五组”为基本架构，即组建办公室、管控服务组、"
               "医疗组、宣传组、物资保障组、督查组等工作组，实行实体化运作，并可根据防控和应急处置工作需要，"
               "增设工作组和工作专班，形成“1+5+N”的工作机制。")
NONE4 = dict.fromkeys(("press_briefing", "reporting", "risk_assessment", "risk_map"))
PRESS_PHE = {  # phe 6.3.1(8), seed lines ~2226-2250
    "III": "启动Ⅲ级应急响应后，由市委宣传部（市政府新闻办）每周组织有关县（市、区）、部门、"
           "单位负责人举行新闻发布会，发布事件进展信息、防控相关政策和措施，及时发布健康提示和就医指南等。",
    "II": "启动Ⅱ级应急响应后，由市委宣传部（市政府新闻办）每日组织县（市、区）、部门、"
          "相关单位负责人举行新闻发布会，发布事件进展信息、防控相关政策和措施。",
    "I": "启动Ⅰ级应急响应后，市委宣传部（市政府新闻办）增加每日新闻发布频次，组织有关县"
         "（市、区）、部门、相关单位主要负责人举行新闻发布会，及时发布事件进展信息、防控相关政策和措施。",
}
DAILY_I_ARI = ("每日开展疫情风险评估，编制以乡镇（街道）为单位的疫情风险地图，并向社会发布。"
               "发布频次可根据防控需要及时调整。")
WEEKLY_III_ARI = "每周开展疫情风险评估和以乡镇（街道）为单位编制疫情风险地图，并向社会发布。"
CADENCE = {  # plan -> level -> kind -> text as shown
    "public_health": {
        "none": NONE4, "IV": NONE4,  # phe 6.2.1 names no cadence at Ⅳ
        "III": {**NONE4, "press_briefing": PRESS_PHE["III"]},
        "II": {**NONE4, "press_briefing": PRESS_PHE["II"], "reporting": "启动每日工作日报告机制。"},
        # Ⅰ "在Ⅱ级应急响应基础上" (phe 6.2.4(1), seed line 2063): Ⅱ's daily report carries on, and says so
        "I": {**NONE4, "press_briefing": PRESS_PHE["I"],
              "reporting": "启动每日工作日报告机制。（沿用Ⅱ级规定，《温州市突发公共卫生事件应急预案》6.2.4(1)"
                           "“在Ⅱ级应急响应基础上”）"},
    },
    "respiratory": {
        "none": NONE4,
        "IV": {"press_briefing": "由市卫生健康主管部门按照常规每月发布疫情，必要时及时发布。",
               "reporting": "按照《国家突发公共卫生事件相关信息报告管理工作规范（试行）》要求进行信息报告",
               "risk_assessment": "针对事件开展专题风险评估和形势研判。", "risk_map": None},
        "III": {"press_briefing": "由市委宣传部（市政府新闻办）每周发布事件进展信息、防控相关政策和措施。必要时及时发布。",
                "reporting": "实行疫情日报告零报告制度", "risk_assessment": WEEKLY_III_ARI, "risk_map": WEEKLY_III_ARI},
        "II": {"press_briefing": "市委宣传部（市政府新闻办）每日发布事件进展信息、防控相关政策和措施",
               "reporting": "实行疫情日报告零报告制度（沿用Ⅲ级规定，《温州市突发急性呼吸道传染病事件应急预案》6.2.3"
                            "“在Ⅲ级应急响应的基础上，强化和增加以下响应措施”）",
               "risk_assessment": "每日开展疫情风险评估",
               "risk_map": "每三日编制以乡镇（街道）为单位的疫情风险地图，并向社会发布。发布频次可根据防控需要及时调整。"},
        "I": {"press_briefing": "增加每日新闻发布频次，及时发布事件进展信息、防控相关政策和措施。",
              "reporting": "实行疫情日报告零报告制度（沿用Ⅱ级规定，《温州市突发急性呼吸道传染病事件应急预案》6.2.4"
                           "“在Ⅱ级应急响应的基础上，强化和增加以下响应措施”）",
              "risk_assessment": DAILY_I_ARI, "risk_map": DAILY_I_ARI},
    },
}
RULES = {  # plan -> level -> kind -> (per, interval, count, min_count) or None
    "public_health": {
        "none": NONE4, "IV": NONE4,
        "III": {**NONE4, "press_briefing": ("week", 1, 1, None)},
        "II": {**NONE4, "press_briefing": ("day", 1, 1, None), "reporting": ("day", 1, 1, None)},
        "I": {**NONE4, "press_briefing": ("day", 1, None, 2), "reporting": ("day", 1, 1, None)},
    },
    "respiratory": {
        "none": NONE4,
        "IV": {"press_briefing": ("month", 1, 1, None), "reporting": None, "risk_assessment": None, "risk_map": None},
        "III": {"press_briefing": ("week", 1, 1, None), "reporting": ("day", 1, 1, None),
                "risk_assessment": ("week", 1, 1, None), "risk_map": ("week", 1, 1, None)},
        "II": {"press_briefing": ("day", 1, 1, None), "reporting": ("day", 1, 1, None),
               "risk_assessment": ("day", 1, 1, None), "risk_map": ("day", 3, 1, None)},
        "I": {"press_briefing": ("day", 1, None, 2), "reporting": ("day", 1, 1, None),
              "risk_assessment": ("day", 1, 1, None), "risk_map": ("day", 1, 1, None)},
    },
}


def ok(current, target, **kw):
    args = dict(decided_at=T1, previous_decided_at=T0)
    args.update(kw)
    check_transition(current, target, **args)


# --- loading and order ----------------------------------------------------------

def test_load_is_cached_and_complete():
    book = load_levels()
    assert book is load_levels("2021")
    assert book.edition == "2021"
    assert tuple(book.levels) == LEVEL_ORDER
    assert tuple(book.group_names.values()) == GROUP_NAMES
    with pytest.raises(ValueError, match="1999"):
        load_levels("1999")


def test_order_helpers():
    assert LEVEL_ORDER == ("none", "IV", "III", "II", "I")
    assert [level_rank(k) for k in LEVEL_ORDER] == [0, 1, 2, 3, 4]
    assert [is_active(k) for k in LEVEL_ORDER] == [False, True, True, True, True]
    assert compare_levels("I", "II") == 1 and compare_levels("IV", "III") == -1
    assert compare_levels("Ⅱ", "II") == 0
    for text, key in [("Ⅳ", "IV"), ("Ⅲ级", "III"), ("Ⅱ级应急响应", "II"), ("i", "I"),
                      ("none", "none"), ("未启动应急响应", "none"), (" III ", "III")]:
        assert parse_level(text) == key
    for bad in ("V", "", "Ⅴ", "level1"):
        with pytest.raises(ValueError):
            parse_level(bad)


@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_display_and_commander(level):
    assert display_name(level) == DISPLAY[level]
    s = structure_at(level)
    assert isinstance(s, Structure)
    assert s.display_name == DISPLAY[level]
    assert s.commander_post == COMMANDER[level]
    assert s.body == ("市突发公共卫生事件应急领导小组" if level == "none" else "市突发公共卫生事件应急指挥部")


def test_roman_numerals_are_the_u2160_series():
    assert [ord(DISPLAY[k][0]) for k in ACTIVE_LEVELS] == [0x2163, 0x2162, 0x2161, 0x2160]


@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_office(level):
    s = structure_at(level)
    assert (s.office_location, s.office_director_posts, s.office_director_relation) == OFFICE[level]
    assert s.office_alternative is False


def test_office_iii_special_alternative():
    s = structure_at("III", office_alternative=True)
    assert s.office_location == "市政府办公室"
    assert s.office_director_posts == ("市卫生健康主管部门主要负责人", "市政府联系工作副秘书长")
    assert s.office_director_relation == "或"
    opts = load_levels().levels["III"].office_options
    assert [o.location for o in opts] == ["市卫生健康主管部门", "市政府办公室"]
    assert opts[1].special == "特殊情况" and opts[0].special is None
    for level in ("none", "IV", "II", "I"):
        with pytest.raises(ValueError):
            structure_at(level, office_alternative=True)


def test_iv_office_is_the_standing_office_carried_over():
    opt = load_levels().levels["IV"].office_options[0]
    assert opt.carried_over and opt.source == "phe:4.2.1"
    assert not load_levels().levels["III"].office_options[0].carried_over


@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_mechanism(level):
    s = structure_at(level)
    expected = {"none": None, "IV": MECH_IV}.get(level, MECH_III_UP)
    assert s.mechanism == expected
    modes = {"none": None, "IV": None,
             "III": "实行专班运作、分工负责，统筹组织协调全市或特定区域的卫生应急处置工作。",
             "II": "根据工作需要，增设相应的工作组和工作专班，实行专班运作、集中办公、分工负责",
             "I": "实行战时工作机制，进一步优化组织架构，进一步加强组织领导，全社会动员，统一调配全市防控力量与资源"}
    assert s.working_mode == modes[level]


@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_groups_and_leads(level):
    s = structure_at(level)
    assert [g.name for g in s.groups] == list(GROUP_NAMES)
    assert all(isinstance(g, GroupState) for g in s.groups)
    for g in s.groups:
        key, name, active, posts = g  # plain 4-tuple
        if level in ("none", "IV"):
            assert (active, posts) == (False, ())
            assert s.lead_relations[key] is None
        else:
            assert active is True
            assert posts == LEADS[level][key]
            rel = s.lead_relations[key]
            assert rel == ("或" if (level, key) == ("III", "office") else ("和" if len(posts) > 1 else None))


def test_control_service_ii_wording():
    s = structure_at("II")
    g = next(g for g in s.groups if g.key == "control_service")
    assert s.lead_relations["control_service"].join(g.lead_posts) == "市政府相关副秘书长和主要成员单位主要负责人"


@pytest.mark.parametrize("plan", ["public_health", "respiratory"])
@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_cadence_text(level, plan):
    assert cadence_at(level, plan=plan) == CADENCE[plan][level]
    assert dict(structure_at(level, plan=plan).cadences) == CADENCE[plan][level]


@pytest.mark.parametrize("plan", ["public_health", "respiratory"])
@pytest.mark.parametrize("level", LEVEL_ORDER)
def test_cadence_rules(level, plan):
    rules = cadence_rules_at(level, plan=plan)
    got = {k: None if r is None else (r.per, r.interval, r.count, r.min_count) for k, r in rules.items()}
    assert got == RULES[plan][level]
    prefix = {"public_health": "phe:", "respiratory": "ari:"}[plan]
    for r in rules.values():
        if r is not None:
            assert r.quote and r.source.startswith(prefix)  # only the plan's own words


def test_cadence_rule_details():
    assert cadence_rules_at("I")["reporting"].inherited_from == "II"
    assert cadence_rules_at("II", plan="respiratory")["risk_map"].adjustable
    assert cadence_rules_at("III")["press_briefing"].by == "市委宣传部（市政府新闻办）"
    assert cadence_rules_at("IV", plan="respiratory")["press_briefing"].by == "市卫生健康主管部门"


# --- transitions -----------------------------------------------------------------

PAIRS = list(product(LEVEL_ORDER, repeat=2))


@pytest.mark.parametrize("current,target", PAIRS)
def test_transition_kind_every_pair(current, target):
    if current == target:
        with pytest.raises(TransitionError):
            transition_kind(current, target)
        return
    expected = ("start" if current == "none" else "end" if target == "none"
                else "raise" if level_rank(target) > level_rank(current) else "lower")
    assert transition_kind(current, target) == expected
    assert target in allowed_targets(current)


@pytest.mark.parametrize("current,target", PAIRS)
def test_check_transition_every_pair(current, target):
    if current == target:
        with pytest.raises(TransitionError, match="相同"):
            ok(current, target, province_record=True)
        return
    touches_i = "I" in (current, target)
    if touches_i:
        with pytest.raises(TransitionError, match="省政府"):
            ok(current, target, province_record=False)
    ok(current, target, province_record=touches_i)  # allowed with the record
    ok(current, target, province_record=True)  # a record where none is needed is harmless


@pytest.mark.parametrize("current,target", [p for p in PAIRS if p[0] != p[1]])
def test_decision_time_order(current, target):
    with pytest.raises(TransitionError, match="早于"):
        ok(current, target, decided_at=T0, previous_decided_at=T1, province_record=True)
    ok(current, target, decided_at=T0, previous_decided_at=T0, province_record=True)  # same instant
    ok(current, target, previous_decided_at=None, province_record=True)


def test_mixed_timezones_refused():
    with pytest.raises(TransitionError, match="时区"):
        ok("none", "IV", decided_at=T1.replace(tzinfo=timezone.utc), previous_decided_at=T0)


@pytest.mark.parametrize("current,target", [p for p in PAIRS if p[0] != p[1]])
def test_expert_assessment_required(current, target):
    with pytest.raises(TransitionError, match="专家"):
        ok(current, target, province_record=True, expert_assessed=False)


def test_province_directed_level_i_needs_no_record_nor_assessment():
    for current in ("none", "IV", "III", "II"):
        ok(current, "I", province_directed=True, expert_assessed=False)
        with pytest.raises(TransitionError):
            ok(current, "I", province_directed=False)
    with pytest.raises(TransitionError):  # directing Ⅰ does not cover other levels
        ok("none", "II", province_directed=True, expert_assessed=False)


@pytest.mark.parametrize("current,target", [p for p in PAIRS if p[0] != p[1]])
def test_who_started_it_adjusts_it(current, target):
    kind = transition_kind(current, target)
    if kind in ("lower", "end"):
        with pytest.raises(TransitionError, match="谁启动谁调整"):
            ok(current, target, province_record=True, started_by_city=False)
    else:
        ok(current, target, province_record=True, started_by_city=False)


def test_none_to_none_and_same_level_refused():
    for level in LEVEL_ORDER:
        with pytest.raises(TransitionError):
            ok(level, level, province_record=True)
    assert "none" not in allowed_targets("none")


def test_jumps_allowed():
    ok("IV", "II")
    ok("none", "II")
    ok("II", "none")
    ok("I", "III", province_record=True)
    assert allowed_targets("IV") == ("none", "III", "II", "I")


def test_decision_rules():
    r = decision_rule("none", "IV")
    assert r.deciders == ("市卫生健康主管部门",)
    assert (r.proposer, r.decider, r.approver, r.report_to) == (None, "市卫生健康主管部门", "市政府", ())
    for target in ("III", "II"):
        r = decision_rule("none", target)
        assert (r.proposer, r.decider, r.approver, r.report_to) == ("市卫生健康主管部门", "市政府", None, ())
    r = decision_rule("none", "I")
    assert (r.proposer, r.decider, r.report_to) == ("市卫生健康主管部门", "市政府", ("省政府",))
    assert r.report_quote == "市领导小组决定启动Ⅰ级应急响应后，由市政府向省政府报告备案后向社会发布实施；"
    assert decision_rule("none", "I", province_directed=True).quote.endswith("则直接启动。")
    assert decision_rule("IV", "II") is decision_rule("none", "II")  # raising = starting the target
    assert decision_rule("II", "IV") is load_levels().levels["II"].exit["public_health"]  # lowering: whoever started it
    r = decision_rule("IV", "none")
    assert (r.decider, r.filed_with, r.approver) == ("市卫生健康主管部门", "市政府", None)
    assert "报市政府备案后发布实施" in r.quote
    r = decision_rule("I", "II")
    assert (r.proposer, r.decider, r.report_to) == ("市卫生健康主管部门", "市政府", ("省政府",))
    assert r.quote.endswith("由市政府向省政府报告后发布实施。")
    for cur in ("III", "II"):
        assert decision_rule(cur, "none").quote.startswith("Ⅱ级应急响应和Ⅲ级应急响应")


# --- diff ----------------------------------------------------------------------

def test_diff_identical_is_empty():
    for level in LEVEL_ORDER:
        assert diff_structures(structure_at(level), structure_at(level)) == []


def test_diff_iii_to_ii():
    changes = {c.field: (c.from_, c.to) for c in diff_structures(structure_at("III"), structure_at("II"))}
    assert changes["commander"] == ("市政府分管副市长", "市政府常务副市长")
    assert changes["office.location"] == ("市卫生健康主管部门", "市政府办公室")
    assert changes["office.director"] == ("市卫生健康主管部门主要负责人或市政府联系工作副秘书长", "市政府联系工作副秘书长")
    assert changes["group.control_service.lead"] == ("主要成员单位分管负责人", "市政府相关副秘书长和主要成员单位主要负责人")
    assert changes["group.medical.lead"] == ("市卫生健康主管部门分管负责人", "市卫生健康主管部门主要负责人和温州医科大学分管负责人")
    assert changes["group.publicity.lead"] == ("主要成员单位分管负责人", "市委宣传部常务副部长")
    assert changes["group.inspection.lead"] == ("主要成员单位分管负责人", "市纪委市监委机关常务负责人和市委组织部常务负责人")
    assert "mechanism" not in changes and "group.office.lead" not in changes
    assert not any(f.endswith(".active") for f in changes)
    assert {f for f in changes if f.startswith("cadence.")} == {"cadence.press_briefing", "cadence.reporting"}
    resp = {c.field for c in diff_structures(structure_at("III", plan="respiratory"), structure_at("II", plan="respiratory"))}
    # the zero report goes on at Ⅱ (ari 6.2.3 builds on Ⅲ): not a change
    assert {f for f in resp if f.startswith("cadence.")} == {
        "cadence.press_briefing", "cadence.risk_assessment", "cadence.risk_map"}


def test_diff_iv_to_iii_starts_groups():
    changes = diff_structures(structure_at("IV"), structure_at("III"))
    assert all(isinstance(c, Change) for c in changes)
    started = [c.label for c in changes if c.field.endswith(".active")]
    assert started == list(GROUP_NAMES)
    assert all((c.from_, c.to) == (False, True) for c in changes if c.field.endswith(".active"))
    fields = [c.field for c in changes]
    assert "commander" not in fields  # 市政府分管副市长 at both
    assert "mechanism" in fields and "office.director" in fields and "office.location" not in fields


def test_diff_i_to_none_stops_everything():
    changes = {c.field: (c.from_, c.to) for c in diff_structures(structure_at("I", plan="respiratory"),
                                                                 structure_at("none", plan="respiratory"))}
    assert changes["commander"] == ("市长", None)
    assert changes["group.supplies.active"] == (True, False)
    assert changes["group.supplies.lead"] == ("市政府相关副市长", None)
    assert changes["cadence.risk_map"][1] is None


def test_diff_iii_office_alternative():
    changes = diff_structures(structure_at("III"), structure_at("III", office_alternative=True))
    assert changes == [Change("office.location", "市卫生健康主管部门", "市政府办公室", "办公室设在")]


# --- every quoted string is in the gazette -----------------------------------------

def _gazette() -> str:
    if not SEED.is_file():
        pytest.skip("gazette text not available")
    furniture = re.compile(r"^(·\s*\d+\s*·|\d{4}年第\s*\d+\s*期文件发布|温州市人民政府公报.*)$")
    lines = (ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines())
    return "".join(re.sub(r"\s+", "", ln) for ln in lines if not furniture.match(ln))


def _strings(node):
    keys = {"text", "quote", "report_quote", "post", "location", "body", "decider", "proposer",
            "approver", "filed_with", "by", "assessment"}
    lists = ("director_posts", "lead_posts", "report_to", "deciders")
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, str):
                yield v
            elif k in lists:
                yield from v
            else:
                yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_every_json_string_is_verbatim():
    gazette = _gazette()
    raw = json.loads((resources.files("wzcommand.plan") / "data" / "levels_2021.json").read_text("utf-8"))
    strings = list(_strings(raw)) + [g["name"] for g in raw["groups"]]
    strings += [v["display_name"] for k, v in raw["levels"].items() if k != "none"]
    assert len(strings) > 150
    missing = [s for s in strings if re.sub(r"\s+", "", s) not in gazette]
    assert missing == []
