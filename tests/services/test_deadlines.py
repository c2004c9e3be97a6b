"""Reporting clocks of registered events at their edges (plan 5.2.3): injected `now`, real services."""
from datetime import datetime, timedelta, timezone

import pytest
from doc_support import ensure_signer

from wzcommand.services import clock_status, deadlines, events
from wzcommand.services.errors import NotFoundError

TZ = timezone(timedelta(hours=8))
OCC = datetime(2026, 11, 29, 8, 0, tzinfo=TZ)
REC = OCC + timedelta(minutes=40)
LATER = OCC + timedelta(days=30)          # "now" for the services that refuse future times
SECOND = timedelta(seconds=1)


@pytest.fixture
def issue_first():
    """Issue the first report at a given time (real drafting, rendering and numbering)."""
    from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
    from wzcommand.services import reports

    try:
        resolve_fonts("鹿城区某学校诺如病毒感染聚集性疫情")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")

    def issue(db, event_id, at):
        ensure_signer(db)
        return reports.issue_report(db, reports.draft_first(db, event_id), "值班员", now=at)
    return issue


def new(db, grade="较大", **kw):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                occurred_at=OCC, received_at=REC, grade=grade, counts={"ill": 23})
    data.update(kw)
    return events.register_event(db, events.EventInput(**data), "值班员", now=LATER)


def clock_of(db, event_id, kind, now):
    return next(c for c in deadlines.event_clocks(db, event_id, now=now) if c.kind == kind)


def test_phone_clock_edges_without_a_report(db):
    e = new(db)
    at_due = clock_of(db, e.id, "phone", REC + timedelta(minutes=60))
    assert at_due.clock.due == REC + timedelta(hours=1) and at_due.clock.aim == REC + timedelta(minutes=30)
    assert not at_due.overdue and at_due.overdue_by is None and at_due.remaining == timedelta(0)
    late = clock_of(db, e.id, "phone", REC + timedelta(minutes=60) + SECOND)
    assert late.overdue and late.overdue_by == SECOND and late.remaining is None


def test_phone_logged_exactly_at_60_minutes_is_on_time(db):
    e = new(db)
    events.log_phone_report(db, e.id, REC + timedelta(minutes=60), "市委市政府总值班室", "李四", "值班员", now=LATER)
    c = clock_of(db, e.id, "phone", LATER)
    assert c.clock.done == REC + timedelta(minutes=60) and not c.overdue and c.overdue_by is None
    assert "按时完成" in clock_status.status_text(c)


def test_late_phone_report_stays_overdue_with_how_late(db):
    e = new(db)
    events.log_phone_report(db, e.id, REC + timedelta(minutes=75), "市委市政府总值班室", "李四", "值班员", now=LATER)
    c = clock_of(db, e.id, "phone", LATER)
    assert not c.open and c.overdue and c.overdue_by == timedelta(minutes=15)
    assert "超时 15分钟" in clock_status.status_text(c)


def test_written_report_issued_exactly_at_120_minutes_is_on_time(db, issue_first):
    e = new(db)
    before = clock_of(db, e.id, "written", REC + timedelta(minutes=120))
    assert before.clock.due == REC + timedelta(hours=2) and not before.overdue
    assert clock_of(db, e.id, "written", REC + timedelta(minutes=120) + SECOND).overdue
    issue_first(db, e.id, REC + timedelta(minutes=120))
    done = clock_of(db, e.id, "written", LATER)
    assert done.clock.done == REC + timedelta(minutes=120) and not done.overdue


def test_minor_event_first_report_two_hours_after_it_happened(db):
    e = new(db, grade="一般")
    clocks = deadlines.event_clocks(db, e.id, now=OCC + timedelta(hours=2))
    assert [c.kind for c in clocks] == ["first"]
    assert clocks[0].clock.due == OCC + timedelta(hours=2) and not clocks[0].overdue
    assert clock_of(db, e.id, "first", OCC + timedelta(hours=2) + SECOND).overdue_by == SECOND
    events.log_phone_report(db, e.id, OCC + timedelta(hours=2), "市委市政府总值班室", "李四", "值班员", now=LATER)
    assert not clock_of(db, e.id, "first", LATER).overdue


def test_raising_the_grade_recomputes_from_the_received_time_and_is_already_overdue(db):
    e = new(db, grade="一般")
    raised_at = OCC + timedelta(hours=2, minutes=30)
    assert clock_of(db, e.id, "first", raised_at - SECOND).clock.due == OCC + timedelta(hours=2)
    events.update_event(db, e.id, "值班员", grade="较大", at=raised_at, now=LATER)
    clocks = {c.kind: c for c in deadlines.event_clocks(db, e.id, now=raised_at)}
    assert set(clocks) == {"phone", "written"}
    assert clocks["phone"].clock.due == REC + timedelta(hours=1)
    assert clocks["phone"].overdue and clocks["phone"].overdue_by == timedelta(minutes=50)
    assert not clocks["written"].overdue and clocks["written"].remaining == timedelta(minutes=10)
    assert "已超时 50分钟" in clock_status.status_text(clocks["phone"])


def test_progress_and_closing_clocks(db, issue_first):
    e = new(db, grade="重大")
    issue_first(db, e.id, REC + timedelta(minutes=50))
    progress = clock_of(db, e.id, "progress", REC + timedelta(hours=2))
    assert progress.clock.due == REC + timedelta(minutes=50, hours=24)   # at least daily for 重大
    six = deadlines.event_clocks(db, e.id, now=REC, progress_hours=6)
    assert next(c for c in six if c.kind == "progress").clock.due == REC + timedelta(minutes=50, hours=6)
    ended = REC + timedelta(days=3)
    events.end_event(db, e.id, ended, "值班员", now=LATER)
    kinds = [c.kind for c in deadlines.event_clocks(db, e.id, now=LATER)]
    assert "progress" not in kinds and "closing" in kinds
    closing = clock_of(db, e.id, "closing", ended + timedelta(days=14))
    assert closing.clock.due == ended + timedelta(days=14) and not closing.overdue


def test_office_settings_in_the_database_give_the_intervals(db, issue_first, monkeypatch, tmp_path):
    """The intervals are the office's (in the database), not one workstation's settings file."""
    from dataclasses import replace

    from wzcommand.services import office
    monkeypatch.setenv("WZCOMMAND_DATA_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text('{"progress_hours": 2, "closing_days": 3}', encoding="utf-8")
    office.save_office_settings(db, replace(office.office_settings(db), progress_hours=6, closing_days=10), "主任")
    e = new(db, grade="较大")
    issue_first(db, e.id, REC + timedelta(minutes=50))
    assert clock_of(db, e.id, "progress", REC).clock.due == REC + timedelta(minutes=50, hours=6)
    events.end_event(db, e.id, REC + timedelta(days=1), "值班员", now=LATER)
    assert clock_of(db, e.id, "closing", LATER).clock.due == REC + timedelta(days=11)


def test_all_events_sorted_by_due_and_unknown_event(db):
    a = new(db, name="甲事件")
    b = new(db, name="乙事件", grade="一般")
    dues = [c.clock.due for c in deadlines.event_clocks(db, now=LATER)]
    assert dues == sorted(dues) and {c.event_id for c in deadlines.event_clocks(db, now=LATER)} == {a.id, b.id}
    with pytest.raises(NotFoundError):
        deadlines.event_clocks(db, 999, now=LATER)


def test_duration_text():
    assert clock_status.duration_text(timedelta(days=2, hours=3, minutes=5)) == "2天3小时5分钟"
    assert clock_status.duration_text(timedelta(seconds=1)) == "不足1分钟"
    assert clock_status.duration_text(timedelta(0)) == "0分钟"


def test_first_report_clocks_never_done_are_missed_once_the_event_ends_and_stop_calling(db):
    """An event ended with no phone report logged: the phone clock is 逾期未报, late by what it was at the end,
    and no longer an alarm; the closing report's clock is what runs."""
    from wzcommand.services import alerts

    e = new(db)
    ended = REC + timedelta(days=2, hours=1)
    events.end_event(db, e.id, ended, "值班员", now=LATER)
    for now in (ended + timedelta(minutes=1), LATER):  # frozen at the end, whenever it is read
        phone = clock_of(db, e.id, "phone", now)
        assert phone.missed and not phone.open and phone.remaining is None
        assert phone.overdue and phone.overdue_by == timedelta(days=2)
        assert clock_status.status_text(phone) == ("电话报告：时限 2026-11-29 09:40，逾期未报"
                                                   "（事件于 2026-12-01 09:40 结束时已超时 2天）")
    open_kinds = [c.kind for c in deadlines.event_clocks(db, e.id, now=LATER) if c.open]
    assert open_kinds == ["closing"]
    calling = {(a.event_id, a.kind) for a in alerts.pending_alerts(db, ended + timedelta(minutes=1))}
    assert calling == set()
    assert [a.kind for a in alerts.pending_alerts(db, ended + timedelta(days=14))] == ["closing"]


def test_an_event_ended_before_its_phone_clock_ran_out_shows_it_unreported_not_late(db):
    e = new(db)
    events.end_event(db, e.id, REC + timedelta(minutes=20), "值班员", now=LATER)
    phone = clock_of(db, e.id, "phone", LATER)
    assert phone.missed and not phone.overdue and phone.overdue_by is None
    assert clock_status.status_text(phone).endswith("未报（事件于 2026-11-29 09:00 结束）")
