"""What the event reports say, read from the database in one go (no writing here).

The drafting functions (:mod:`.report_drafts`) turn these facts into text; keeping the
reads together means a draft is built from one consistent snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer

from ..plan import events as kinds
from ..plan.levels import display_name
from ..reports.event_reports import cn_datetime
from ..storage.models import Event, EventCount, EventGrade, IssuedReport, LevelDecision, PhoneReport, ScheduleItem, Task
from ..storage.seeding import plan_edition
from .errors import NotFoundError
from .report_wording import merge_places


@dataclass(frozen=True)
class LevelPeriod:
    level: str              # display name, e.g. Ⅲ级应急响应
    start: datetime
    end: datetime | None    # None: still in force
    decided_by: str


@dataclass
class EventFacts:
    event: Event
    counts: list[EventCount]
    grades: list[EventGrade]
    phones: list[PhoneReport]
    issued: list[IssuedReport]          # this event's issued reports, oldest first
    decisions: list[LevelDecision]      # every response decision, oldest first
    meetings: list[ScheduleItem]        # meetings and briefings held since the event was received
    tasks: list[Task]                   # 交办单 created since the event was received
    edition: str                        # the plan edition the database records (the levels' names)

    def changes_since(self, since: datetime) -> tuple[dict, list[tuple[str, int, int]]]:
        """(baseline, corrections) for a report covering what happened after ``since``.

        ``corrections`` are (field, before, after) of the updates the user marked as corrections;
        ``baseline`` is the figures at ``since`` shifted by those corrections, so that comparing it
        with the latest figures gives the news alone."""
        base = dict(self.counts_at(since))
        current, corrections = dict(base), []
        for row in self.counts:
            if row.at <= since:
                continue
            new = counts_of(row)
            if row.correction:
                for key, value in new.items():
                    old = current.get(key)
                    if value is not None and old is not None and value != old:
                        corrections.append((key, old, value))
                        base[key] = (base.get(key) or 0) + value - old
            current = new
        return base, corrections

    @property
    def latest_counts(self) -> dict:
        return counts_of(self.counts[-1]) if self.counts else {"ill": 0, "dead": 0}

    def counts_at(self, when: datetime) -> dict:
        rows = [c for c in self.counts if c.at <= when]
        return counts_of(rows[-1]) if rows else {"ill": 0, "dead": 0}

    def response_runs(self) -> list[list[LevelDecision]]:
        """Decisions split into responses: each run ends with the decision that ends it."""
        runs, current = [], []
        for d in self.decisions:
            current.append(d)
            if d.to_level == "none":
                runs.append(current)
                current = []
        return runs + ([current] if current else [])

    def runs_of_event(self) -> list[list[LevelDecision]]:
        """Responses linked to the event, or else those that overlap its span."""
        runs = self.response_runs()
        linked = [r for r in runs if any(d.event_id == self.event.id for d in r)]
        if linked:
            return linked
        start, end = self.event.occurred_at, self.event.ended_at
        return [r for r in runs if (end is None or r[0].decided_at <= end)
                and (r[-1].to_level != "none" or r[-1].decided_at >= start)]

    def levels_held(self) -> list[LevelPeriod]:
        out = []
        for run in self.runs_of_event():
            for d, nxt in zip(run, [*run[1:], None], strict=True):
                if d.to_level != "none":
                    out.append(LevelPeriod(display_name(d.to_level, edition=self.edition), d.decided_at,
                                           nxt.decided_at if nxt else None, d.decided_by))
        return out

    def response_in_force(self) -> LevelDecision | None:
        """The decision in force now, if the response it belongs to concerns this event."""
        runs = self.response_runs()
        if not runs or runs[-1][-1].to_level == "none":
            return None
        if any(d.event_id == self.event.id for d in runs[-1]):
            return runs[-1][-1]
        return None


def counts_of(row: EventCount) -> dict:
    return {k: getattr(row, k) for k in kinds.COUNT_FIELDS}


def load_facts(db, event_id: int, *, history: bool = True) -> EventFacts:
    with db.read() as session:
        return facts_in(session, event_id, history=history)


@cache
def _event_rows() -> tuple:
    """An event's counts, grades, phone reports and issued reports (without their PDFs), oldest first:
    the statements are built once, the event bound on each call (a first report reads them for every
    draft; building a statement and its cache key cost about as much as running it)."""
    def rows(model, order, *options):
        return select(model).where(model.event_id == bindparam("event_id")).order_by(*order).options(*options)

    return (rows(EventCount, (EventCount.at, EventCount.id)), rows(EventGrade, (EventGrade.at, EventGrade.id)),
            rows(PhoneReport, (PhoneReport.at, PhoneReport.id)),
            rows(IssuedReport, (IssuedReport.issued_at, IssuedReport.id), defer(IssuedReport.pdf)))


def facts_in(session, event_id: int, *, history: bool = True) -> EventFacts:
    """The facts as ``session`` sees them (a write transaction re-checks with its own). Without
    `history` the response decisions, meetings and 交办单 are left empty (a first report needs
    only the event, its counts, grades, phone reports and issued reports)."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"没有编号为 {event_id} 的事件。")
    counts, grades, phones, issued = (list(session.scalars(query, {"event_id": event_id})) for query in _event_rows())
    return EventFacts(event, counts, grades, phones, issued,
                      *((list(session.scalars(select(LevelDecision).order_by(LevelDecision.decided_at,
                                                                              LevelDecision.id))),
                         list(session.scalars(select(ScheduleItem).where(ScheduleItem.status == "held",
                                                                         ScheduleItem.start >= event.received_at)
                                              .order_by(ScheduleItem.start, ScheduleItem.id))),
                         list(session.scalars(select(Task).where(Task.created_at >= event.received_at)
                                              .order_by(Task.created_at, Task.id))))
                        if history else ([], [], [])),
                      plan_edition(session))


def sentence(text: str) -> str:
    """The text ending with a full stop (unless it ends with other closing punctuation)."""
    t = (text or "").strip().rstrip("，,;；")
    return t if not t or t[-1] in "。！？…”" else t + "。"


def decision_text(d: LevelDecision, edition: str) -> str:
    """2026年11月29日8时，市政府决定启动Ⅲ级应急响应"""
    to, frm = display_name(d.to_level, edition=edition), display_name(d.from_level, edition=edition)
    act = {"start": f"启动{to}", "raise": f"将应急响应提高至{to}", "lower": f"将应急响应降低至{to}",
           "end": f"终止{frm}"}.get(d.kind, f"调整为{to}")
    return f"{cn_datetime(d.decided_at)}，{d.decided_by}决定{act}"


def place_text(event: Event) -> str:
    """District, township and place, none said twice."""
    return merge_places([event.district, event.township, event.place])
