"""Switching response levels: the plan's structure at each level, refusals, one transaction, audit."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from warning_support import STEPS
from wzcommand.services import levels, people, warnings
from wzcommand.services.errors import ConflictError, ValidationError
from wzcommand.services.levels import RefusedError, SwitchRequest
from wzcommand.storage.models import AuditEntry, LevelDecision
from level_support import complete

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=30)


def req(target, hours=0, **kw):
    kw.setdefault("decided_by", "市政府")
    kw.setdefault("basis", "市卫生健康委组织专家咨询委员会评估后建议")
    return SwitchRequest(target=target, decided_at=T0 + timedelta(hours=hours), **kw)


def switch(db, target, hours=0, skip=(), **kw):
    return levels.switch_level(db, complete(db, req(target, hours, **kw), skip), "主任甲", now=NOW)


def counts(db):
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(LevelDecision)),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def test_walk_up_and_down_reassigns_everything(db):
    people.set_person(db, "市长", "张市长", "甲", mobile="13900000001")
    people.set_person(db, "市政府常务副市长", "李常务", "甲", office_phone="0577-88880001")
    people.set_person(db, "主要成员单位分管负责人", "王分管", "甲", group="宣传组")
    switch(db, "IV")
    view = levels.command_view(db)
    assert view.state.level == "IV" and view.commander.post == "市政府分管副市长" and view.commander.person == ""
    assert not any(g.active for g in view.groups)  # Ⅳ: joint mechanism, no 一办五组
    switch(db, "III", 1)
    view = levels.command_view(db)
    publicity = next(g for g in view.groups if g.name == "宣传组")
    assert publicity.active and publicity.leads[0].post == "主要成员单位分管负责人" and publicity.leads[0].person == "王分管"
    assert view.office_location == "市卫生健康主管部门"
    switch(db, "II", 2)
    view = levels.command_view(db)
    assert (view.commander.post, view.commander.person, view.commander.phone) == ("市政府常务副市长", "李常务", "0577-88880001")
    assert view.office_location == "市政府办公室" and view.director.post == "市政府联系工作副秘书长"
    medical = next(g for g in view.groups if g.name == "医疗组")
    assert [r.post for r in medical.leads] == ["市卫生健康主管部门主要负责人", "温州医科大学分管负责人"]
    switch(db, "I", 3, province_record="2026-11-20 12:00 已报省政府备案")
    view = levels.command_view(db)
    assert view.commander.person == "张市长" and view.director.post == "市政府分管副市长"
    switch(db, "III", 4, province_record="已向省政府报告")
    switch(db, "none", 5)
    assert levels.command_view(db).state.level == "none"
    kinds = [d.kind for d in levels.history(db)]
    assert kinds == ["start", "raise", "raise", "raise", "lower", "end"]


def test_preview_lists_changes_with_names_and_changes_nothing(db):
    people.set_person(db, "市政府常务副市长", "李常务", "甲")
    switch(db, "III")
    before = counts(db)
    preview = levels.preview_switch(db, complete(db, req("II", 1)), now=NOW)
    assert counts(db) == before
    lines = {l.label: l for l in preview.lines}
    assert lines["总指挥"].before == "市政府分管副市长（空缺）" and lines["总指挥"].after == "市政府常务副市长（李常务）"
    assert lines["办公室设在"].after == "市政府办公室"
    assert "市委宣传部常务副部长" in lines["宣传组负责人"].after
    assert "每日" in lines["新闻发布"].after and "每周" in lines["新闻发布"].before
    assert preview.kind == "raise" and "Ⅲ级" in preview.title


def test_groups_start_and_stop_in_preview(db):
    switch(db, "IV")
    lines = {l.label: l for l in levels.preview_switch(db, complete(db, req("III", 1)), now=NOW).lines}
    assert lines["督查组"].before == "不运行" and lines["督查组"].after == "运行"


@pytest.mark.parametrize("steps,target,skip,needle", [
    ([], "none", (), "相同"),
    (["III"], "III", (), "相同"),
    ([], "I", ("province_record",), "省政府"),
    (["II"], "I", ("province_record",), "省政府"),
])
def test_refused_steps_change_nothing(db, steps, target, skip, needle):
    for i, step in enumerate(steps):
        switch(db, step, i)
    before = counts(db)
    with pytest.raises(RefusedError, match=needle):
        switch(db, target, 10, skip=skip)
    assert counts(db) == before


def test_decision_before_previous_is_refused(db):
    switch(db, "III", 5)
    with pytest.raises(RefusedError, match="早于上一次"):
        switch(db, "II", 4)


def test_lowering_a_province_started_response_is_refused(db):
    switch(db, "I", 0, province_directed=True, decided_by="省政府要求")
    with pytest.raises(RefusedError, match="谁启动谁调整"):
        switch(db, "II", 1, province_record="x")


@pytest.mark.parametrize("field,kw", [
    ("decided_by", {"decided_by": " "}), ("basis", {"basis": ""}),
    ("target", {"target": "V"}), ("office_reason", {"office_alternative": True}),
    ("office_alternative", {"target": "II", "office_alternative": True, "office_reason": "x"}),
    ("announced_at", {"announced_at": T0 - timedelta(hours=1)}),
    ("decided_at", {"decided_at": NOW + timedelta(days=1)}),
])
def test_missing_or_bad_fields_are_refused(db, field, kw):
    kw = dict(kw)  # parametrized values are shared between back ends
    target = kw.pop("target", "III")
    request = req(target, **{k: v for k, v in kw.items() if k not in ("decided_at",)})
    if "decided_at" in kw:
        request.decided_at = kw["decided_at"]
    with pytest.raises(ValidationError) as err:
        levels.switch_level(db, request, "甲", now=NOW)
    assert field in err.value.fields
    assert counts(db)[0] == 0


def test_office_alternative_at_III(db):
    switch(db, "III", office_alternative=True, office_reason="卫健委办公场所受疫情影响",
           office_director="市政府联系工作副秘书长")
    view = levels.command_view(db)
    assert view.office_location == "市政府办公室" and view.director.post == "市政府联系工作副秘书长"


def test_stale_preview_is_refused(db):
    switch(db, "III")
    with pytest.raises(ConflictError):
        levels.switch_level(db, req("II", 1, expected_from="IV"), "甲", now=NOW)


def test_switch_is_audited_in_the_same_transaction(db):
    d = switch(db, "IV", assessment="建议启动Ⅳ级", assessed_on=date(2026, 11, 20))
    from wzcommand.services.audit_log import entries
    last = entries(db)[-1]
    assert last.action == "level.switch" and last.operator == "主任甲" and f'"decision": {d.id}' in last.after


def test_warnings_are_a_separate_axis(db):
    warnings.record_warning(db, "yellow", T0, "市卫生健康委", "ILI 超基线", "甲", now=NOW, steps=STEPS)
    warnings.record_warning(db, "orange", T0 + timedelta(hours=1), "市卫生健康委", "升级", "甲", now=NOW, steps=STEPS)
    with pytest.raises(RefusedError):
        warnings.record_warning(db, "orange", T0 + timedelta(hours=2), "市卫生健康委", "重复", "甲", now=NOW, steps=STEPS)
    warnings.record_warning(db, "none", T0 + timedelta(hours=3), "市卫生健康委", "解除", "甲", now=NOW, steps=STEPS)
    assert [w.action for w in warnings.warning_history(db)] == ["issue", "adjust", "lift"]
    assert levels.current_state(db).level == "none"


def test_people_register_lists_vacancies_and_validates(db):
    slots = people.list_people(db)
    assert all(h.vacant for h in slots) and any(h.post == "市长" for h in slots)
    with pytest.raises(ValidationError):
        people.set_person(db, "市长", "张三", "甲", mobile="123")
    with pytest.raises(ValidationError, match="指定工作组"):
        people.set_person(db, "市政府相关副市长", "赵", "甲")
    from wzcommand.services.errors import NotFoundError
    with pytest.raises(NotFoundError):
        people.set_person(db, "市委书记", "赵", "甲")


def test_switch_returns_plain_data_and_says_what_it_changed(db):
    import dataclasses

    from wzcommand.services.changes import LEVELS, SCHEDULE

    d = switch(db, "II")
    assert dataclasses.is_dataclass(d) and not isinstance(d, LevelDecision)
    assert (d.kind, d.from_level, d.to_level, d.operator) == ("start", "none", "II", "主任甲")
    assert d.changes.topics == {LEVELS, SCHEDULE}  # the cadence of Ⅱ was planned into the schedule
    assert levels.history(db) == [d]  # the same plain record, read back
    assert not any(isinstance(x, LevelDecision) for x in levels.history(db))


def test_warning_record_is_plain_data_and_says_what_it_changed(db):
    import dataclasses

    from wzcommand.services.changes import WARNINGS
    from wzcommand.storage.models import WarningDecision

    w = warnings.record_warning(db, "yellow", T0, "市卫生健康委", "ILI%超过基线", "主任甲", now=NOW, steps=STEPS)
    assert dataclasses.is_dataclass(w) and not isinstance(w, WarningDecision)
    assert (w.action, w.colour, w.operator) == ("issue", "yellow", "主任甲") and w.changes.topics == {WARNINGS}
    assert warnings.warning_history(db) == [w]


def test_schedule_lines_of_the_preview_never_say_zero_items(db):
    """The clerk read "取消未召开的 0 项" when a level started with nothing to cancel."""
    start = levels.preview_switch(db, complete(db, req("IV")), now=NOW)
    switch(db, "IV")
    stop = levels.preview_switch(db, complete(db, req("none", 1)), now=NOW)
    schedule = [l for p in (start, stop) for l in p.lines if l.label.startswith("日程：")]
    assert schedule, "the start and the end of a level change the schedule"
    assert not [l for l in schedule if " 0 项" in l.before + l.after]
    assert any(l.before == "无未召开的需取消" and l.after.startswith("新增 ") for l in start.lines)
    assert any(l.after == "不新增" and l.before.startswith("取消未召开的 ") for l in stop.lines)
