"""Deadline alerts: a reporting clock nearing its aim or its due time calls out until someone
acknowledges it; the acknowledgement (who, when) is kept and audited.

Stages of one open clock: ``aim`` from AIM_LEAD before its aim (力争) time, ``due`` from DUE_LEAD
before its due time (and on past it). Each stage is acknowledged once; a clock done stops calling.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..storage import audit
from ..storage.models import DeadlineAck
from .changes import ALERTS, NO_CHANGES, Changes
from .clock_status import EventClock, duration_text
from .deadlines import event_clocks
from .errors import ValidationError

AIM_LEAD = timedelta(minutes=5)
DUE_LEAD = timedelta(minutes=15)  # the clocks turn amber then too
AIM, DUE = "aim", "due"


@dataclass(frozen=True)
class Alert:
    event_id: int
    event_name: str
    kind: str
    label: str  # 书面报告
    stage: str  # aim | due
    due: datetime
    aim: datetime | None

    @property
    def key(self) -> tuple:
        return (self.event_id, self.kind, self.stage, self.due)

    def text(self, now: datetime) -> str:
        """某事件·书面报告：距力争时限 4分钟 / 距报告时限 12分钟 / 已超时 3分钟"""
        if self.stage == AIM and self.aim is not None:
            return f"{self.event_name}·{self.label}：距力争时限 {duration_text(max(self.aim - now, timedelta()))}"
        if now > self.due:
            return f"{self.event_name}·{self.label}：已超时 {duration_text(now - self.due)}"
        return f"{self.event_name}·{self.label}：距报告时限 {duration_text(self.due - now)}"


@dataclass(frozen=True)
class Acknowledgement:
    event_id: int
    kind: str
    stage: str
    due: datetime
    at: datetime
    by: str


def stage_of(item: EventClock, now: datetime) -> str | None:
    c = item.clock
    if not c.running:  # done, or missed with the event's end: nothing left to call for
        return None
    if now >= c.due - DUE_LEAD:
        return DUE
    if c.aim is not None and now >= c.aim - AIM_LEAD:
        return AIM
    return None


def _acked(session) -> set[tuple]:
    rows = session.execute(select(DeadlineAck.event_id, DeadlineAck.clock_kind, DeadlineAck.stage, DeadlineAck.due))
    return {(r.event_id, r.clock_kind, r.stage, r.due) for r in rows}


def pending_alerts(db, now: datetime | None = None) -> list[Alert]:
    """The clock stages calling now that nobody has acknowledged, most urgent first."""
    now = now or clock.now()
    with db.read() as session:
        acked = _acked(session)
    out = []
    for item in event_clocks(db, now=now):
        stage = stage_of(item, now)
        if stage is None:
            continue
        alert = Alert(item.event_id, item.event_name, item.clock.kind, item.clock.label, stage, item.clock.due,
                      item.clock.aim)
        if alert.key not in acked:
            out.append(alert)
    return out


@dataclass(frozen=True)
class Acknowledged:
    """What `acknowledge` recorded: how many alerts were new (another window may have acknowledged the rest)."""
    count: int
    changes: Changes = NO_CHANGES


def acknowledge(db, alerts: list[Alert], operator: str, now: datetime | None = None) -> Acknowledged:
    """Record that `operator` saw these alerts (they stop calling, in every window)."""
    if not alerts:
        raise ValidationError({"alerts": "没有需要确认的时限提醒。"})
    now = now or clock.now()
    with db.write() as session:
        acked = _acked(session)
        new = [a for a in alerts if a.key not in acked]
        for a in new:
            session.add(DeadlineAck(event_id=a.event_id, clock_kind=a.kind, stage=a.stage, due=a.due,
                                    acked_at=now, acked_by=operator))
        if new:
            audit.record(session, operator, "deadline.acknowledge", "；".join(a.text(now) for a in new),
                         after={"alerts": [f"{a.event_id}/{a.kind}/{a.stage}/{a.due.isoformat()}" for a in new]},
                         at=now)
        return Acknowledged(len(new), Changes.of(ALERTS) if new else NO_CHANGES)


def acknowledgements(db, event_id: int | None = None) -> list[Acknowledgement]:
    with db.read() as session:
        query = select(DeadlineAck).order_by(DeadlineAck.acked_at, DeadlineAck.id)
        if event_id is not None:
            query = query.where(DeadlineAck.event_id == event_id)
        return [Acknowledgement(r.event_id, r.clock_kind, r.stage, r.due, r.acked_at, r.acked_by)
                for r in session.scalars(query)]
