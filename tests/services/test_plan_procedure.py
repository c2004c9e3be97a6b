"""Who decides a level change, what must come first, and which plan governs a response (issue 11).

Every test quotes the clause it checks, with its line in ../shared/seeds/000_acf93dc6e7de9179.txt.
"""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from wzcommand import clock
from wzcommand.services import events, levels, meetings, schedule
from wzcommand.services.audit_log import entries
from wzcommand.services.errors import ValidationError
from wzcommand.services.levels import RefusedError, SwitchRequest
from level_support import complete

TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)  # a Monday
NOW = T0 + timedelta(days=60)
ASSESSED = dict(assessment="专家咨询委员会评估：建议调整", assessed_on=T0.date())


def req(target, hours=0, **kw):
    kw.setdefault("basis", "专家咨询委员会评估意见")
    kw.setdefault("decided_by", "市政府")
    return SwitchRequest(target=target, decided_at=T0 + timedelta(hours=hours), **kw)


def switch(db, target, hours=0, **kw):
    return levels.switch_level(db, req(target, hours, **kw), "主任", now=NOW)


def event(db, category, name="事件"):
    return events.register_event(db, events.EventInput(
        name=name, category=category, district="鹿城区", occurred_at=T0 - timedelta(hours=3),
        received_at=T0 - timedelta(hours=2), grade="一般"), "值班员", now=T0)


# --- the expert assessment ------------------------------------------------------------------

def test_no_change_without_the_expert_assessment(db):
    # phe 6.1.3, lines 1928-1930: "由市卫生健康主管部门组织专家咨询委员会评估后提出是否启动应急响应的建议"
    with pytest.raises(RefusedError, match="专家咨询委员会评估") as err:
        switch(db, "III")
    assert "6.1.3" in str(err.value) and "请填写专家评估意见和评估日期" in str(err.value)
    with pytest.raises(RefusedError, match="专家"):  # the text alone is not enough: when it was made
        switch(db, "III", assessment="建议启动Ⅲ级")
    d = switch(db, "III", **ASSESSED)
    assert d.assessed_by == "市卫生健康主管部门组织专家咨询委员会评估" and d.assessed_on == T0.date()
    # phe 6.4.2, lines 2441-2447: "应在专家评估基础上，按照谁启动谁调整、谁启动谁终止的原则"
    with pytest.raises(RefusedError, match="专家咨询委员会进行分析论证"):
        switch(db, "none", 5)
    assert levels.current_state(db).level == "III"


# --- the deciding body ----------------------------------------------------------------------

def test_only_the_bodies_the_plan_names_may_decide(db):
    switch(db, "II", **ASSESSED)
    # phe 6.4.3(2), lines 2467-2472: "其中，降低应急响应级别或终止响应由市政府发布实施"
    with pytest.raises(RefusedError, match="应由市政府决定") as err:
        switch(db, "none", 1, decided_by="张三", **ASSESSED)
    assert "“张三”不是预案规定的决定机关" in str(err.value)
    switch(db, "none", 1, **ASSESSED)


def test_level_iv_is_decided_by_the_health_department_and_approved_by_the_city(db):
    # phe 6.1.4, lines 1939-1943: "由市卫生健康主管部门组织专家咨询委员会评估后决定是否启动相应级别的应急
    # 响应，如启动应报市政府批准后按程序向社会发布实施"
    with pytest.raises(RefusedError, match="应由市卫生健康主管部门决定"):
        switch(db, "IV", **ASSESSED)
    with pytest.raises(RefusedError, match="须报市政府批准"):
        switch(db, "IV", decided_by="市卫生健康主管部门", **ASSESSED)
    with pytest.raises(ValidationError) as err:  # the approval needs its document and time
        switch(db, "IV", decided_by="市卫生健康主管部门", approved_by="市政府", **ASSESSED)
    assert {"approved_ref", "approved_at"} <= set(err.value.fields)
    d = switch(db, "IV", decided_by="市卫生健康主管部门", approved_by="市政府", approval_ref="温政函〔2026〕9号",
               approved_at=T0 + timedelta(hours=1), **ASSESSED)
    assert (d.approved_by, d.approval_ref, d.approved_at) == ("市政府", "温政函〔2026〕9号", T0 + timedelta(hours=1))


@pytest.mark.parametrize("category,needs,refused", [
    # phe 6.4.3(3), lines 2476-2479: "终止响应的，报市政府备案后发布实施"
    ("occupational", "filed_with", "approved_by"),
    # ari 6.3.3, lines 5194-5198: "得出终止应急响应结论后，报市政府批准后发布实施"
    ("respiratory", "approved_by", "filed_with"),
])
def test_ending_iv_is_filed_or_approved_as_its_plan_says(db, category, needs, refused):
    e = event(db, category)
    levels.switch_level(db, complete(db, req("IV", event_id=e.id)), "主任", now=NOW)
    base = dict(decided_by="市卫生健康主管部门", **ASSESSED)
    wrong = {refused: "市政府", ("approval_ref" if refused == "approved_by" else "filing_ref"): "第1号",
             ("approved_at" if refused == "approved_by" else "filed_at"): T0 + timedelta(hours=2)}
    with pytest.raises(RefusedError, match="须报市政府" + ("批准" if needs == "approved_by" else "备案")):
        switch(db, "none", 2, **base, **wrong)
    right = {needs: "市政府", ("approval_ref" if needs == "approved_by" else "filing_ref"): "第2号",
             ("approved_at" if needs == "approved_by" else "filed_at"): T0 + timedelta(hours=2)}
    d = switch(db, "none", 2, **base, **right)
    assert getattr(d, needs) == "市政府" and not getattr(d, refused)


# --- responses the province started -----------------------------------------------------------

def test_a_province_started_response_is_lowered_and_ended_by_the_province(db):
    # phe 6.1, lines 1900-1902: "国务院、省政府启动Ⅰ级应急响应或者省政府要求我市启动Ⅰ级应急响应，则直接启动。"
    d = switch(db, "I", decided_by="省政府", province_directed=True)
    assert d.initiator == "province" and d.assessment == ""  # started directly: no city assessment
    # phe 6.4.2, line 2447: "按照谁启动谁调整、谁启动谁终止的原则"
    with pytest.raises(RefusedError, match="谁启动谁调整"):
        switch(db, "II", 1, province_record="已向省政府报告", **ASSESSED)
    with pytest.raises(RefusedError, match="国务院或省政府"):  # the province's decision is the province's
        switch(db, "II", 2, decided_by="市政府", province_decision="浙政发〔2026〕3号")
    lowered = switch(db, "II", 2, decided_by="省政府", province_decision="浙政发〔2026〕3号")
    assert (lowered.kind, lowered.province_decision, lowered.initiator) == ("lower", "浙政发〔2026〕3号", "province")
    ended = switch(db, "none", 3, decided_by="国务院", province_decision="国发明电〔2026〕1号")
    assert ended.kind == "end" and levels.current_state(db).level == "none"
    steps = [json.loads(e.after)["steps"] for e in entries(db) if e.action == "level.switch"]
    assert steps[0][0].startswith("省级启动或要求我市启动Ⅰ级，直接启动：省政府")
    assert steps[1][0].startswith("省级决定：省政府（浙政发〔2026〕3号")
    assert steps[2][0].startswith("省级决定：国务院（国发明电〔2026〕1号")


def test_the_province_decision_is_refused_for_a_city_started_response(db):
    switch(db, "III", **ASSESSED)
    with pytest.raises(RefusedError, match="由市级启动"):
        switch(db, "none", 1, decided_by="省政府", province_decision="浙政发〔2026〕3号")


def test_direct_start_applies_to_level_i_only(db):
    # phe 6.1, lines 1900-1902: direct start is for "Ⅰ级应急响应" only
    with pytest.raises(RefusedError, match="只适用于Ⅰ级") as err:
        switch(db, "III", decided_by="省政府", province_directed=True)
    assert "则直接启动" in str(err.value)
    assert levels.current_state(db).level == "none"


# --- which plan governs a response -----------------------------------------------------------

def test_the_event_category_chooses_the_plan_and_only_its_cadences_apply(db):
    # phe 1.3, lines 446-451: "事件中属突发急性呼吸道传染病事件……分别依照《温州市突发急性呼吸道传染病事件
    # 应急预案》……实施"; ari 6.2.1(5) (its monthly release) is the respiratory plan's alone.
    poisoning = event(db, "occupational", "某厂职业中毒")
    levels.switch_level(db, complete(db, req("IV", event_id=poisoning.id)), "主任", now=NOW)
    view = levels.command_view(db)
    assert view.state.plan == "public_health" and view.plan_name == "温州市突发公共卫生事件应急预案"
    assert all(v is None for v in view.cadence.values())  # phe 6.2.1 names no cadence at Ⅳ
    assert not [i for i in meetings.list_items(db) if i.kind == "release"]
    flu = event(db, "respiratory", "某校流感聚集")  # a second event does not change the plan
    levels.switch_level(db, complete(db, req("III", 1, event_id=flu.id)), "主任", now=NOW)
    assert levels.current_state(db).plan == "public_health"
    levels.switch_level(db, complete(db, req("none", 2)), "主任", now=NOW)
    levels.switch_level(db, complete(db, req("IV", 3, event_id=flu.id)), "主任", now=NOW)
    view = levels.command_view(db)
    assert view.state.plan == "respiratory"
    assert view.cadence["press_briefing"] == "由市卫生健康主管部门按照常规每月发布疫情，必要时及时发布。"
    assert [i for i in meetings.list_items(db) if i.kind == "release"]


def test_a_change_of_plan_is_recorded_with_a_level_decision(db):
    switch(db, "III", **ASSESSED)
    d = levels.switch_level(db, complete(db, req("II", 1, plan="respiratory")), "主任", now=NOW)
    assert d.plan == "respiratory" and levels.current_state(db).plan == "respiratory"
    audit = json.loads(entries(db)[-1].before), json.loads(entries(db)[-1].after)
    assert (audit[0]["plan"], audit[1]["plan"]) == ("public_health", "respiratory")
    e = event(db, "occupational")
    levels.switch_level(db, complete(db, req("none", 2)), "主任", now=NOW)
    with pytest.raises(ValidationError) as err:  # at a start the event's category decides
        levels.switch_level(db, complete(db, req("IV", 3, event_id=e.id, plan="respiratory")), "主任", now=NOW)
    assert "plan" in err.value.fields


# --- schedule series --------------------------------------------------------------------------

def test_risk_maps_every_three_days_stay_so_however_often_the_schedule_is_extended(db):
    # ari 6.2.3(2), line 4859-4861: "每三日编制以乡镇（街道）为单位的疫情风险地图，并向社会发布。"
    levels.switch_level(db, complete(db, req("II", plan="respiratory")), "主任", now=NOW)
    for day in range(1, 31):  # the window extends the schedule every day
        schedule.extend_schedule(db, "主任", now=T0 + timedelta(days=day, hours=1))
    start = clock.local(T0).date()  # times of day are the office's, in its time zone
    maps = sorted(clock.local(i.start).date() for i in meetings.list_items(db) if i.kind == "risk_map")
    first_month = [d for d in maps if d <= start + timedelta(days=30)]
    assert [(d - start).days for d in first_month] == list(range(3, 31, 3))
    assert all((d - start).days % 3 == 0 for d in maps) and len(maps) == len(set(maps))


# --- Ⅰ builds on Ⅱ (issue 17) ------------------------------------------------------------------

def test_level_i_keeps_the_daily_report_of_level_ii_and_says_where_from(db):
    # phe 6.2.4(1), line 2057: "（1）市级应急响应。在Ⅱ级应急响应基础上" — phe 6.2.3(1) line 2021:
    # "启动每日工作日报告机制。"
    levels.switch_level(db, complete(db, req("II")), "主任", now=NOW)
    preview = levels.preview_switch(db, complete(db, req("I", 1)), now=NOW)
    assert not [l for l in preview.lines if l.label == "信息报告"]  # the report does not end
    levels.switch_level(db, complete(db, req("I", 1)), "主任", now=NOW)
    text = levels.command_view(db).cadence["reporting"]
    assert text.startswith("启动每日工作日报告机制。") and "沿用Ⅱ级规定" in text and "6.2.4(1)" in text
    reports = {clock.local(i.start).date() for i in meetings.list_items(db) if i.kind == "report_due"}
    assert {clock.local(T0 + timedelta(days=n)).date() for n in range(1, 30)} <= reports


def test_each_step_of_the_procedure_is_in_the_audit(db):
    e = event(db, "occupational")
    levels.switch_level(db, SwitchRequest(
        "IV", T0, "市卫生健康主管部门", "评估报告", assessment="建议启动Ⅳ级", assessed_on=date(2026, 11, 2),
        event_id=e.id, approved_by="市政府", approval_ref="温政函〔2026〕9号", approved_at=T0 + timedelta(hours=1),
        announced_at=T0 + timedelta(hours=2)), "主任", now=NOW)
    after = json.loads(entries(db)[-1].after)
    assert after["plan"] == "public_health" and after["rule"] == "phe:6.1.4"
    assert after["steps"] == [
        "专家评估：市卫生健康主管部门组织专家咨询委员会评估（2026-11-02）：建议启动Ⅳ级",
        f"决定启动：市卫生健康主管部门（{clock.local_text(T0)}）",
        f"报市政府批准：温政函〔2026〕9号（{clock.local_text(T0 + timedelta(hours=1))}）",
        f"发布实施：{clock.local_text(T0 + timedelta(hours=2))}",
    ]
