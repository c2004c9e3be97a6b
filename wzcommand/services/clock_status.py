"""An event's reporting clock as the office reads it: what is due, and whether it was met.

Plain data and text, no database access (and no SQLAlchemy), so the command line's quick read
path shows clocks exactly as ``services.deadlines`` does.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import clock as clocks
from ..plan.deadlines import Clock


@dataclass(frozen=True)
class EventClock:
    event_id: int
    event_name: str
    clock: Clock
    overdue: bool                   # at ``now``; also true for a clock done after its due time
    overdue_by: timedelta | None    # done − due, the event's end − due if missed, or now − due while running
    remaining: timedelta | None     # due − now for a running clock not yet overdue

    @classmethod
    def at(cls, event_id: int, event_name: str, c: Clock, now: datetime) -> EventClock:
        """``c`` as it reads at ``now``."""
        overdue = c.overdue(now)
        return cls(event_id, event_name, c, overdue, c.overdue_by(now),
                   c.remaining(now) if c.running and not overdue else None)

    @property
    def kind(self) -> str:
        return self.clock.kind

    @property
    def open(self) -> bool:
        """Still running: neither done nor missed with the event's end."""
        return self.clock.running

    @property
    def missed(self) -> bool:
        return self.clock.missed


def duration_text(value: timedelta) -> str:
    """``1小时5分钟``, ``2天3小时``; seconds are dropped (never below 1 minute when non-zero)."""
    minutes = int(value.total_seconds() // 60)
    if minutes == 0 and value.total_seconds() > 0:
        return "不足1分钟"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{mins}分钟" if mins else ""]
    return "".join(parts) or "0分钟"


def status_text(item: EventClock) -> str:
    """One line for people: due time, and whether it was met, is open, or is late and by how much."""
    c = item.clock
    due = clocks.local_text(c.due)
    if c.done is not None:
        done = clocks.local_text(c.done)
        if item.overdue:
            return f"{c.label}：时限 {due}，{done} 完成，超时 {duration_text(item.overdue_by or timedelta())}"
        return f"{c.label}：时限 {due}，{done} 按时完成"
    if c.closed is not None:
        ended = clocks.local_text(c.closed)
        if item.overdue:
            return f"{c.label}：时限 {due}，逾期未报（事件于 {ended} 结束时已超时 {duration_text(item.overdue_by or timedelta())}）"
        return f"{c.label}：时限 {due}，未报（事件于 {ended} 结束）"
    if item.overdue:
        return f"{c.label}：时限 {due}，已超时 {duration_text(item.overdue_by or timedelta())}"
    aim = f"（力争 {clocks.local_text(c.aim)} 前）" if c.aim else ""
    return f"{c.label}：时限 {due}{aim}，剩余 {duration_text(item.remaining or timedelta())}"
