"""Services hand out plain records, never ORM rows, and a write says what it changed (issue 15).

Each use case of events, 交办单, meetings, the roster, the post register and accounts is run the way the
window runs it; every value it returns (and every value inside it) must be free of storage models,
and a write's result must name the topics it altered, so the bus can tell the panels."""
from dataclasses import FrozenInstanceError, fields, is_dataclass, replace
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand.services import (
    accounts,
    alerts,
    backups,
    changes,
    checklists,
    events,
    meetings,
    people,
    roster,
    schedule,
    tasks,
)
from wzcommand.services.changes import changes_of
from wzcommand.storage.models import Base

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(hours=3)


def orm_inside(value, seen=None) -> list[str]:
    """Paths to every ORM row inside ``value`` (records, tuples, lists, dicts)."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Base):
        return [type(value).__name__]
    if is_dataclass(value) and not isinstance(value, type):
        return [f"{type(value).__name__}.{f.name}>{p}" for f in fields(value)
                for p in orm_inside(getattr(value, f.name), seen)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for item in value for p in orm_inside(item, seen)]
    if isinstance(value, dict):
        return [p for item in value.values() for p in orm_inside(item, seen)]
    return []


def plain(value):
    assert orm_inside(value) == [], f"an ORM row leaves the service: {orm_inside(value)}"
    return value


def wrote(result, *topics):
    plain(result)
    assert changes_of(result).topics == frozenset(topics), changes_of(result)
    return result


def test_events_return_records_and_say_what_changed(db):
    data = events.EventInput(name="某校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                             occurred_at=T0, received_at=T0 + timedelta(hours=1), counts={"ill": 12})
    event = wrote(events.register_event(db, data, "甲", now=NOW), changes.EVENTS)
    assert event.name == data.name and event.version == 1
    updated = wrote(events.update_event(db, event.id, "甲", counts={"ill": 15}, grade="一般",
                                                       at=T0 + timedelta(hours=2), now=NOW),
                    changes.EVENTS)
    assert updated.version == event.version + 1  # the version the next edit must expect
    same = plain(events.update_event(db, event.id, "甲", fields={"name": event.name}, now=NOW))
    assert not changes_of(same), "a save that changes nothing reports nothing"
    wrote(events.log_phone_report(db, event.id, T0 + timedelta(hours=1, minutes=30), "市委市政府总值班室", "乙", "甲",
                                  now=NOW), changes.EVENTS)
    ended = wrote(events.end_event(db, event.id, T0 + timedelta(hours=2, minutes=30), "甲", now=NOW), changes.EVENTS)
    assert ended.ended_at == T0 + timedelta(hours=2, minutes=30)
    for listed in (events.list_events(db), events.get_event(db, event.id), events.count_history(db, event.id),
                   events.grade_history(db, event.id), events.phone_reports(db, event.id)):
        assert not changes_of(plain(listed))
    assert [c.ill for c in events.count_history(db, event.id)] == [12, 15]
    with pytest.raises(FrozenInstanceError):
        events.get_event(db, event.id).name = "改"  # a record is read-only: write through the service


def test_tasks_return_records_and_say_what_changed(db):
    task = wrote(tasks.add_task(db, "排查供应商", "市市场监管局", "甲", deadline=NOW + timedelta(days=1), now=NOW),
                 changes.TASKS)
    assert task.doc_no.startswith("交办〔") and task.status == "assigned"
    wrote(tasks.record_receipt(db, task.id, NOW + timedelta(minutes=5), "甲"), changes.TASKS)
    wrote(tasks.add_note(db, task.id, "已部署", "甲", now=NOW + timedelta(minutes=6)), changes.TASKS)
    done = wrote(tasks.update_status(db, task.id, "done", "甲", now=NOW + timedelta(hours=1)), changes.TASKS)
    assert done.status == "done" and done.done_at == NOW + timedelta(hours=1)
    for listed in (tasks.list_tasks(db, now=NOW), tasks.notes(db, task.id), tasks.chase_list(db, NOW)):
        assert not changes_of(plain(listed))


def test_meetings_return_records_and_say_what_changed(db):
    data = meetings.MeetingInput("work_meeting", "工作例会", NOW + timedelta(hours=1), NOW + timedelta(hours=2),
                                 speakers=[("张三", "市卫生健康委", "疫情通报")])
    item = wrote(meetings.add_meeting(db, data, "甲"), changes.SCHEDULE)
    assert item.speakers[0].person == "张三" and "市卫生健康委" in [a.unit for a in item.attendees]
    edited = wrote(meetings.edit_meeting(db, item.id, {"title": "工作例会（调整）"}, "甲",
                                         expected_version=item.version), changes.SCHEDULE)
    assert edited.edited and edited.version == item.version + 1  # the version the next edit must expect
    wrote(meetings.record_meeting(db, item.id, "甲", minutes="会议纪要"), changes.SCHEDULE)
    other = meetings.add_meeting(db, data, "甲")
    wrote(meetings.cancel_meeting(db, other.id, "改期", "甲"), changes.SCHEDULE)
    for listed in (meetings.list_items(db), meetings.get_item(db, item.id), meetings.find_item(db, item.id),
                   meetings.default_units(db, "dispatch")):
        assert not changes_of(plain(listed))
    assert meetings.find_item(db, 9999) is None


def test_roster_and_posts_return_plain_rows_and_say_what_changed(db):
    saved = wrote(roster.update_contact(db, "市公安局", {"liaison": "王五"}, "甲"), changes.ROSTER)
    assert saved.contact["liaison"] == "王五"
    again = plain(roster.update_contact(db, "市公安局", {"liaison": "王五"}, "甲", expected_version=saved.version))
    assert not changes_of(again), "saving the same values writes and reports nothing"
    holder = wrote(people.set_person(db, "市长", "张市长", "甲", mobile="13900000001"), changes.PEOPLE)
    assert holder.person == "张市长"
    assert not changes_of(plain(people.set_person(db, "市长", "张市长", "甲", mobile="13900000001")))
    for listed in (roster.list_units(db), roster.get_unit(db, "市公安局"), people.list_people(db)):
        assert not changes_of(plain(listed))


def test_accounts_return_records_without_the_password_hash(db):
    made = wrote(accounts.create_account(db, "管理员甲", "admin", "password-0", "甲"), changes.ACCOUNTS)
    assert made.name == "管理员甲" and made.role == "admin" and made.active
    listed = plain(accounts.list_accounts(db))
    assert [a.name for a in listed] == ["管理员甲"]
    assert not any(hasattr(a, "password_hash") for a in [made, *listed]), "a hash never leaves the service"


def test_checklists_alerts_and_schedule_defaults_say_what_changed(db):
    event = events.register_event(db, events.EventInput(
        name="某校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", occurred_at=NOW - timedelta(hours=2),
        received_at=NOW - timedelta(minutes=27), grade="较大"), "甲", now=NOW)
    point = wrote(checklists.mark_point(db, event.id, "市卫生健康委", 29, 1, "done", "甲", note="方案已印发", now=NOW),
                  changes.CHECKLISTS)
    assert (point.unit, point.duty_no, point.point, point.status, point.note) == ("市卫生健康委", 29, 1, "done", "方案已印发")
    listed = {c.unit: c for c in checklists.checklist(db, event.id)}["市卫生健康委"].points[0]
    assert (point.text, point.at, point.by) == (listed.text, listed.at, listed.by) and not changes_of(listed)
    back = wrote(checklists.mark_reported_back(db, event.id, "市卫生健康委", "甲", now=NOW), changes.CHECKLISTS)
    assert back.at == NOW and back.by == "甲"
    again = plain(checklists.mark_reported_back(db, event.id, "市卫生健康委", "乙", now=NOW + timedelta(hours=1)))
    assert not changes_of(again) and (again.at, again.by) == (NOW, "甲"), "the first report back stands"

    calling = alerts.pending_alerts(db, NOW)
    assert calling, "the phone report's aim is three minutes away"
    done = wrote(alerts.acknowledge(db, calling, "甲", NOW), changes.ALERTS)
    assert done.count == len(calling)
    assert not changes_of(plain(alerts.acknowledge(db, calling, "乙", NOW))), "acknowledged in another window already"

    defaults = schedule.schedule_defaults(db)
    moved = wrote(schedule.save_schedule_defaults(db, replace(defaults, dispatch_time="08:30"), "甲", now=NOW),
                  changes.SCHEDULE)
    assert moved.removed == moved.added  # at Ⅳ nothing is scheduled: only the settings changed
    same = plain(schedule.save_schedule_defaults(db, replace(defaults, dispatch_time="08:30"), "甲", now=NOW))
    assert not changes_of(same), "saving the same settings reports nothing"


@pytest.mark.sqlite_only
def test_backups_are_plain_records_and_a_new_one_changes_the_list(db):
    taken = wrote(backups.backup_now(db, manual=True), changes.BACKUPS)
    assert taken.manual and taken.path.exists() and taken.size == taken.path.stat().st_size
    listed = plain(backups.list_backups(db))
    assert [b.path for b in listed] == [taken.path] and not changes_of(listed[0])
