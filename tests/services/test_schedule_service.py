"""The schedule follows the level: cadence per level, regeneration that keeps touched items, conflicts."""
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand import clock
from wzcommand.plan.schedule import ScheduleDefaults, duty_points, planned_items
from wzcommand.services import levels, meetings, schedule
from wzcommand.services.errors import ValidationError
from wzcommand.services.levels import SwitchRequest
from level_support import complete

TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 2, 7, 0, tzinfo=TZ)  # a Monday morning
NOW = T0 + timedelta(days=60)


def switch(db, target, at, plan="respiratory"):
    return levels.switch_level(db, complete(db, SwitchRequest(target=target, decided_at=at, decided_by="市政府",
                                                              basis="评估", plan=plan)), "主任", now=NOW)


@pytest.mark.parametrize("level,expected", [
    ("IV", {"release": 1, "work_meeting": 5}),
    ("III", {"press_briefing": 5, "report_due": 30, "expert_assessment": 5, "risk_map": 5, "work_meeting": 5}),
    ("II", {"press_briefing": 30, "report_due": 30, "expert_assessment": 30, "risk_map": 9, "dispatch": 30,
            "work_meeting": 5}),
    ("I", {"press_briefing": 60, "report_due": 30, "expert_assessment": 30, "risk_map": 30, "dispatch": 30,
           "work_meeting": 5}),
])
def test_cadence_per_level_over_a_month(level, expected):
    """A month from Monday 2 Nov 07:00 to 2 Dec 07:00 under the respiratory plan: weekly = 5 Mondays,
    daily = 30, Ⅱ maps every 3 days."""
    items = planned_items(level, T0, T0 + timedelta(days=30), ScheduleDefaults(), plan="respiratory")
    assert dict(Counter(i.kind for i in items)) == expected


def test_briefings_a_day_at_I_is_a_setting():
    items = planned_items("I", T0, T0 + timedelta(days=1), ScheduleDefaults(briefings_per_day_at_I=3), plan="respiratory")
    assert [i.start.strftime("%H:%M") for i in items if i.kind == "press_briefing"] == ["10:00", "16:00", "20:00"]


def test_switch_regenerates_but_keeps_held_edited_and_cancelled(db):
    switch(db, "III", T0)
    items = meetings.list_items(db)
    briefings = [i for i in items if i.kind == "press_briefing"]
    assert len(briefings) == 5
    held, edited, cancelled = briefings[1], briefings[2], briefings[3]
    meetings.record_meeting(db, held.id, "甲", minutes="已开")
    meetings.edit_meeting(db, edited.id, {"place": "市政府第一会议室"}, "甲")
    meetings.cancel_meeting(db, cancelled.id, "与省发布会冲突", "甲")
    manual = meetings.add_meeting(db, meetings.MeetingInput("other", "临时会议", T0 + timedelta(days=3),
                                                            T0 + timedelta(days=3, hours=1)), "甲")
    preview = levels.preview_switch(db, complete(db, SwitchRequest(target="II", decided_at=T0 + timedelta(days=1),
                                                                   decided_by="市政府", basis="升级")), now=NOW)
    assert preview.schedule.added["dispatch"] == 31 and preview.schedule.removed["press_briefing"] == 1  # Nov 30; Nov 2 is past
    switch(db, "II", T0 + timedelta(days=1))
    after = {i.id: i for i in meetings.list_items(db)}
    for kept in (held, edited, cancelled, manual):
        assert kept.id in after
    assert after[edited.id].place == "市政府第一会议室" and after[cancelled.id].status == "cancelled"
    assert briefings[4].id not in after  # untouched future item of the old cadence: replaced
    daily = [i for i in after.values() if i.kind == "press_briefing" and i.start > T0 + timedelta(days=1)]
    assert len(daily) >= 30
    # the slots already taken by the touched items are not doubled
    assert len({(i.kind, i.start) for i in after.values()}) == len(after)
    switch(db, "none", T0 + timedelta(days=2))
    future = [i for i in meetings.list_items(db, start=T0 + timedelta(days=2, hours=1)) if i.origin == "cadence"]
    assert all(i.status != "planned" or i.edited for i in future)


def test_conflicts_place_and_person(db):
    def add(title, h, place="", host="", speakers=()):
        return meetings.add_meeting(db, meetings.MeetingInput(
            "other", title, T0 + timedelta(hours=h), T0 + timedelta(hours=h + 1), place=place, host_person=host,
            speakers=list(speakers)), "甲")
    a = add("会一", 0, "一号会议室", "张三")
    b = add("会二", 0.5, "一号会议室")
    c = add("会三", 0.75, "二号会议室", speakers=[("张三", "市卫生健康委", "疫情通报")])
    d = add("会四", 1, "一号会议室")  # starts as 会一 ends: no clash
    found = meetings.find_conflicts(meetings.list_items(db))
    pairs = {(x, y): text for x, y, text in found}
    assert "地点冲突" in pairs[(a.id, b.id)]
    assert "张三" in pairs[(a.id, c.id)]
    assert not any(d.id in (x, y) and a.id in (x, y) for x, y, _ in found)


@pytest.mark.parametrize("kw,field", [
    ({"end": T0 - timedelta(hours=1)}, "end"), ({"kind": "party"}, "kind"), ({"title": ""}, "title"),
    ({"organiser": "市没有局"}, "organiser"),
])
def test_bad_meetings_are_refused(db, kw, field):
    data = dict(kind="work_meeting", title="例会", start=T0, end=T0 + timedelta(hours=1))
    data.update(kw)
    with pytest.raises(ValidationError) as err:
        meetings.add_meeting(db, meetings.MeetingInput(**data), "甲")
    assert field in err.value.fields and meetings.list_items(db) == []


def test_briefing_defaults_attendees_and_records_attendance(db):
    item = meetings.add_meeting(db, meetings.MeetingInput("press_briefing", "发布会", T0, T0 + timedelta(hours=1),
                                                          organiser="市委宣传部",
                                                          speakers=[("李四", "市卫生健康委", "疫情通报")]), "甲")
    units = [a.unit for a in item.attendees]
    assert "市委宣传部（市新闻办）" in units and "浙江日报温州分社" in units and item.organiser == "市委宣传部（市新闻办）"
    held = meetings.record_meeting(db, item.id, "甲", attendance={"市公安局": ("substitute", "王五"),
                                                                  "市委网信办": ("absent", "")}, decisions="加强舆情监测")
    status = {a.unit: (a.status, a.substitute) for a in held.attendees}
    assert status["市公安局"] == ("substitute", "王五") and status["市委网信办"] == ("absent", "")
    with pytest.raises(ValidationError):
        meetings.record_meeting(db, item.id, "甲", attendance={"市公安局": ("substitute", "")})


def test_a_meeting_cannot_be_recorded_as_held_before_it_starts(db):
    item = meetings.add_meeting(db, meetings.MeetingInput("work_meeting", "例会", T0, T0 + timedelta(hours=1)), "甲")
    with pytest.raises(ValidationError) as err:
        meetings.record_meeting(db, item.id, "甲", attendance={"市公安局": ("present", "")}, minutes="已开",
                                now=T0 - timedelta(minutes=1))
    assert "尚未召开" in err.value.message and "2026-11-02 07:00" in err.value.message
    assert meetings.get_item(db, item.id).status == "planned"
    held = meetings.record_meeting(db, item.id, "甲", minutes="已开", now=T0)   # from its start on
    assert held.status == "held"


def test_schedule_defaults_are_saved_and_validated(db):
    d = schedule.schedule_defaults(db)
    d.dispatch_time = "07:30"
    schedule.save_schedule_defaults(db, d, "甲")
    assert schedule.schedule_defaults(db).dispatch_time == "07:30"
    d.report_time = "25:00"
    with pytest.raises(ValidationError):
        schedule.save_schedule_defaults(db, d, "甲")


def test_duty_points_split_on_clauses():
    assert duty_points("负责甲；负责乙。负责丙") == ["负责甲；", "负责乙。", "负责丙"]


def test_new_default_times_move_untouched_items_only(db):
    switch(db, "II", T0)
    touched = next(i for i in meetings.list_items(db) if i.kind == "dispatch")
    meetings.edit_meeting(db, touched.id, {"place": "临时会场"}, "甲")
    d = schedule.schedule_defaults(db)
    d.dispatch_time = "07:30"
    schedule.save_schedule_defaults(db, d, "甲", now=T0 + timedelta(hours=1))
    dispatch = [i for i in meetings.list_items(db) if i.kind == "dispatch"]
    assert touched.id in {i.id for i in dispatch}
    later = [i for i in dispatch if i.id != touched.id and i.start > T0 + timedelta(hours=1)]
    # cadence times are the workstation's local time of day
    assert later and all(clock.local(i.start).strftime("%H:%M") == "07:30" for i in later)
    assert len({i.start for i in dispatch}) == len(dispatch)


def test_editing_attendees_keeps_recorded_attendance(db):
    item = meetings.add_meeting(db, meetings.MeetingInput("work_meeting", "例会", T0, T0 + timedelta(hours=1),
                                                          attendees=["市公安局", "市教育局"]), "甲")
    meetings.record_meeting(db, item.id, "甲", attendance={"市公安局": ("present", "")})
    edited = meetings.edit_meeting(db, item.id, {"attendees": ["市公安局", "市财政局"]}, "甲")
    status = {a.unit: a.status for a in edited.attendees}
    assert status == {"市公安局": "present", "市财政局": ""}
