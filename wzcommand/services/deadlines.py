"""Reporting clocks of the events (plan 5.2.3 and 7.1), from what was recorded and issued.

The rules are pure (:mod:`wzcommand.plan.deadlines`); this module gathers each event's facts:
its current grade (a raised grade recomputes the first-report clocks from the time word was
received), phone reports, the first and newest written reports issued, and the end of the
event.  A clock done late stays overdue, with how late it was; one never done when the event ended
is missed (plan.deadlines), late by as much as it was at the end.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from .. import clock as clocks
from ..plan.deadlines import ReportFacts, all_clocks
from ..storage.models import Event, IssuedReport, PhoneReport
from ..storage.seeding import plan_edition
from .clock_status import EventClock
from .errors import NotFoundError

WRITTEN_KINDS = ("first", "progress")


def event_facts(session, event: Event, phones: tuple | None = None, issued: list | None = None) -> ReportFacts:
    """What the clocks need to know about one event (corrections do not count as new reports).
    `phones` and `issued` may be given when read for many events at once."""
    if phones is None:
        phones = tuple(session.scalars(select(PhoneReport.at).where(PhoneReport.event_id == event.id)))
    if issued is None:
        issued = session.execute(select(IssuedReport.kind, IssuedReport.issued_at)
                                 .where(IssuedReport.event_id == event.id, IssuedReport.corrects_id.is_(None))).all()
    firsts = [at for kind, at in issued if kind == "first"]
    written = [at for kind, at in issued if kind in WRITTEN_KINDS]
    closings = [at for kind, at in issued if kind == "closing"]
    return ReportFacts(grade=event.grade or None, occurred_at=event.occurred_at, received_at=event.received_at,
                       phone_reports=phones, first_issued=min(firsts, default=None),
                       last_written=max(written, default=None), ended_at=event.ended_at,
                       closing_issued=min(closings, default=None))


def event_clocks(db, event_id: int | None = None, now: datetime | None = None, *,
                 progress_hours: int | None = None, closing_days: int | None = None) -> list[EventClock]:
    """Every reporting clock of one event (or of all events), soonest due first."""
    now = now or clocks.now()
    out: list[EventClock] = []
    with db.read() as session:
        if progress_hours is None or closing_days is None:
            from .office import office_in

            office = office_in(session)
            progress_hours = progress_hours or office.progress_hours
            closing_days = closing_days or office.closing_days
        if event_id is not None:
            event = session.get(Event, event_id)
            if event is None:
                raise NotFoundError(f"没有编号为 {event_id} 的事件。")
            events = [event]
        else:
            events = list(session.scalars(select(Event).order_by(Event.received_at, Event.id)))
        phones, issued = _batch(session, None if event_id is None else [event_id])
        edition = plan_edition(session)
        for event in events:
            facts = event_facts(session, event, tuple(phones.get(event.id, ())), issued.get(event.id, []))
            for c in all_clocks(facts, edition=edition, progress_hours=progress_hours, closing_days=closing_days):
                out.append(EventClock.at(event.id, event.name, c, now))
    out.sort(key=lambda e: (e.clock.due, e.event_id))
    return out


def _batch(session, ids: list[int] | None):
    """Phone reports and issued reports of all events in two queries (ten years: thousands)."""
    phone_q = select(PhoneReport.event_id, PhoneReport.at)
    issued_q = select(IssuedReport.event_id, IssuedReport.kind, IssuedReport.issued_at).where(
        IssuedReport.corrects_id.is_(None), IssuedReport.event_id.is_not(None))
    if ids is not None:
        phone_q, issued_q = phone_q.where(PhoneReport.event_id.in_(ids)), issued_q.where(IssuedReport.event_id.in_(ids))
    phones: dict[int, list] = {}
    issued: dict[int, list] = {}
    for event_id, at in session.execute(phone_q):
        phones.setdefault(event_id, []).append(at)
    for event_id, kind, at in session.execute(issued_q):
        issued.setdefault(event_id, []).append((kind, at))
    return phones, issued
