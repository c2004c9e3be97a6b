"""The expert advisory committee: members with membership periods, assessments as records, and a
level decision resting on a recorded assessment of its own question (`--assessment-id`)."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from level_support import complete
from sqlalchemy import func, select

from wzcommand.services import experts, levels
from wzcommand.services.errors import NotFoundError, ValidationError
from wzcommand.services.levels import RefusedError, SwitchRequest
from wzcommand.storage.models import Assessment, AuditEntry, ExpertMember, LevelDecision

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=1)


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (ExpertMember, Assessment, AuditEntry))


def committee(db):
    experts.add_member(db, "王教授", "流行病学", "值班员", employer="市疾控中心", title="主任医师", mobile="13900000011",
                       member_from=date(2026, 1, 1))
    experts.add_member(db, "李主任", "呼吸与危重症医学", "值班员", employer="温医大附一院", member_from=date(2026, 1, 1))
    experts.add_member(db, "赵研究员", "卫生检验", "值班员", member_from=date(2025, 1, 1), member_to=date(2025, 12, 31))


def test_members_are_registered_with_their_period_and_audited(db):
    before = counts(db)
    committee(db)
    assert counts(db) == (before[0] + 3, before[1], before[2] + 3)
    serving = experts.list_members(db, on=date(2026, 11, 20))
    assert [m.name for m in serving] == ["王教授", "李主任"] and serving[0].period == "2026-01-01起"
    with pytest.raises(ValidationError) as err:
        experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2026, 6, 1))
    assert "已有委员“王教授”" in err.value.fields["name"]
    with pytest.raises(ValidationError) as err:
        experts.add_member(db, "钱医生", "", "值班员", mobile="123")
    assert set(err.value.fields) == {"specialty", "mobile"} and counts(db)[0] == before[0] + 3


def test_an_assessment_records_who_was_present_and_its_recommendation(db):
    committee(db)
    record = experts.record_assessment(db, "启动应急响应", "建议启动Ⅲ级应急响应", T0, ["王教授", "李主任", "王教授"],
                                       "值班员", text="经研判……", now=NOW)
    assert record.question == "level.start" and [m.name for m in record.members] == ["王教授", "李主任"]
    assert record.summary() == "第1号评估（2026-11-20 09:00，2名委员）：建议启动Ⅲ级应急响应"
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "assessment.add" and json.loads(entry.after)["members"] == ["王教授", "李主任"]
    assert experts.get_assessment(db, record.id).text == "经研判……"
    assert [a.id for a in experts.list_assessments(db)] == [record.id]


def test_only_serving_members_can_be_present_and_bad_input_writes_nothing(db):
    committee(db)
    before = counts(db)
    with pytest.raises(ValidationError, match="赵研究员在2026-11-20不是专家咨询委员会委员"):
        experts.record_assessment(db, "risk", "风险中等", T0, ["王教授", "赵研究员"], "值班员", now=NOW)
    with pytest.raises(ValidationError) as err:
        experts.record_assessment(db, "开会", "", T0 + timedelta(days=9), [], "值班员", now=NOW)
    assert set(err.value.fields) == {"question", "recommendation", "held_at", "members"}
    assert counts(db) == before


def request(db, target, hours=2, **kw):
    req = SwitchRequest(target=target, decided_at=T0 + timedelta(hours=hours), decided_by="", basis="专家评估后决定", **kw)
    return complete(db, req, skip=("assessment",))


def test_a_level_decision_rests_on_the_recorded_assessment_and_shows_it(db):
    committee(db)
    record = experts.record_assessment(db, "level.start", "建议启动Ⅲ级应急响应", T0, ["王教授", "李主任"], "值班员",
                                       now=NOW)
    decision = levels.switch_level(db, request(db, "III", assessment_id=record.id), "主任", now=NOW)
    assert decision.assessment_id == record.id and decision.assessment == record.summary()
    assert decision.assessed_on == date(2026, 11, 20)
    assert levels.history(db)[-1].assessment_id == record.id
    assert levels.command_view(db).assessment == "第1号评估（2026-11-20 09:00，2名委员）：建议启动Ⅲ级应急响应"
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "level.switch")).first()
    assert json.loads(entry.after)["assessment_id"] == record.id


@pytest.mark.parametrize("question,hours,needle", [
    ("level.end", 2, "第1号评估的事项是“终止应急响应”，不能作为启动应急响应的依据"),
    ("level.start", -1, "晚于决定时间"),
])
def test_an_assessment_of_another_question_or_held_later_is_refused(db, question, hours, needle):
    committee(db)
    record = experts.record_assessment(db, question, "建议", T0, ["王教授"], "值班员", now=NOW)
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(LevelDecision))
    with pytest.raises(RefusedError, match=needle):
        levels.switch_level(db, request(db, "III", hours=hours, assessment_id=record.id), "主任", now=NOW)
    with pytest.raises(NotFoundError):
        levels.switch_level(db, request(db, "III", assessment_id=999), "主任", now=NOW)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(LevelDecision)) == before


def test_a_member_is_corrected_and_the_membership_ended_with_audit_entries(db):
    committee(db)
    wang = experts.find_member(db, "王教授")
    edited = experts.edit_member(db, wang.id, "值班员", name="王教授", specialty="流行病学与卫生统计",
                                 employer="市疾控中心", title="主任医师", mobile="13900000022",
                                 member_from=date(2026, 1, 1))
    assert (edited.specialty, edited.mobile) == ("流行病学与卫生统计", "13900000022")
    record = experts.record_assessment(db, "risk", "维持", T0, ["王教授"], "值班员", now=NOW)
    with pytest.raises(ValidationError, match="王教授曾于2026-11-20出席评估，聘期须包含这些日期"):
        experts.end_membership(db, wang.id, date(2026, 11, 19), "值班员")
    ended = experts.end_membership(db, wang.id, date(2026, 11, 30), "值班员")
    assert ended.member_to == date(2026, 11, 30) and not ended.serving_on(date(2026, 12, 1))
    assert [m.name for m in experts.list_members(db, on=date(2026, 12, 1))] == ["李主任"]
    assert experts.get_assessment(db, record.id).members[0].specialty == "流行病学与卫生统计"
    with db.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(3))]
    assert actions == ["expert.end", "assessment.add", "expert.edit"]
    with pytest.raises(ValidationError, match="聘期已于2026-11-30结束"):
        experts.end_membership(db, wang.id, date(2026, 12, 5), "值班员")
    # a later membership of the same name may start after the first one ended, not before
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="已有委员“王教授”"):
        experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2026, 6, 1), member_to=date(2026, 6, 30))


def test_bad_edits_write_nothing(db):
    committee(db)
    li = experts.find_member(db, "李主任")
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        experts.edit_member(db, li.id, "值班员", name="", specialty="临床", mobile="12", member_from=date(2026, 1, 1),
                            member_to=date(2025, 1, 1))
    assert set(err.value.fields) == {"name", "mobile", "member_to"}
    with pytest.raises(ValidationError, match="已有委员“王教授”"):
        experts.edit_member(db, li.id, "值班员", name="王教授", specialty="临床", member_from=date(2026, 1, 1))
    with pytest.raises(NotFoundError, match="没有编号为 99 的专家咨询委员会委员"):
        experts.end_membership(db, 99, date(2026, 1, 1), "值班员")
    with pytest.raises(NotFoundError, match="没有名为“钱医生”"):
        experts.find_member(db, "钱医生")
    assert counts(db) == before and experts.find_member(db, str(li.id)).name == "李主任"


def test_a_scheduled_risk_assessment_becomes_its_record_and_the_others_show_missed(db):
    from level_support import switch

    from wzcommand import clock
    from wzcommand.services import meetings, schedule

    now = clock.now()
    switch(db, "II", now - timedelta(days=3), plan="respiratory")  # ari Ⅱ: a 风险评估会商 every day
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    today = clock.local(now).date()
    past = [i for i in meetings.list_items(db, now - timedelta(days=4), now, kind="expert_assessment")
            if clock.local(i.start).date() < today]
    assert len(past) >= 2 and all(schedule.missed(i, now) for i in past)
    held, missed = past[0], past[1]
    assert schedule.status_text(missed, now) == "未评估（无评估记录）"
    record = experts.record_assessment(db, "risk", "维持Ⅱ级响应", held.start + timedelta(minutes=30), ["王教授"],
                                       "值班员", schedule_item_id=held.id)
    assert record.changes.topics >= {"experts", "schedule"}
    item = meetings.get_item(db, held.id)
    assert (item.status, item.assessment_id) == ("held", record.id) and not schedule.missed(item, now)
    assert schedule.status_text(item, now) == f"已评估（第{record.id}号）"
    assert held.id not in [i.id for i in experts.unrecorded_sessions(db, now)]
    assert missed.id in [i.id for i in experts.unrecorded_sessions(db, now)]
    before = counts(db)
    press = meetings.list_items(db, now - timedelta(days=2), now, kind="press_briefing")[0]
    for item_id, at, needle in ((held.id, held.start, f"已登记为第{record.id}号评估"),
                                (missed.id, missed.start + timedelta(days=1), "评估时间应在日程“疫情风险评估会商”当天"),
                                (press.id, press.start, "不是评估会商"), (99999, now, "没有编号为 99999 的日程")):
        with pytest.raises((ValidationError, NotFoundError), match=needle):
            experts.record_assessment(db, "risk", "维持", at, ["王教授"], "值班员", schedule_item_id=item_id)
    assert counts(db) == before
    switch(db, "III", now - timedelta(hours=1))  # a held session is kept when the schedule is regenerated
    assert meetings.get_item(db, held.id).assessment_id == record.id
