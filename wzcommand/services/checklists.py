"""Duty checklists per event: each active unit's duty items split into points and tracked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from .. import clock
from ..plan.levels import structure_at
from ..plan.schedule import duty_points
from ..storage import audit
from ..storage.models import DutyCheck, Event, UnitReportBack
from .changes import CHECKLISTS, NO_CHANGES, Changes
from .errors import NotFoundError, ValidationError
from .level_state import state_in
from .roster import plan_of_session

POINT_STATUS = {"done": "已完成", "in_progress": "进行中", "not_applicable": "不适用"}


@dataclass(frozen=True)
class Point:
    unit: str
    duty_no: int
    point: int
    text: str
    status: str = ""
    note: str = ""
    at: datetime | None = None
    by: str = ""
    changes: Changes = NO_CHANGES  # what a mark changed (nothing when read)


@dataclass(frozen=True)
class ReportedBack:
    """A unit's report back on an event: when and who recorded it."""
    event_id: int
    unit: str
    at: datetime
    by: str
    changes: Changes = NO_CHANGES


@dataclass(frozen=True)
class UnitChecklist:
    unit: str
    points: tuple[Point, ...]
    reported_back: datetime | None

    @property
    def confirmed(self) -> int:
        return sum(1 for p in self.points if p.status in ("done", "not_applicable"))


def active_units(session) -> list[str]:
    """Units with duty items in the groups running now; all such units while no group runs (Ⅳ)."""
    plan = plan_of_session(session)
    structure = structure_at(state_in(session).level, edition=plan.edition)
    running = {m for g in plan.groups if any(s.key == g.key and s.active for s in structure.groups) for m in g.members}
    with_duties = [u.name for u in plan.units if plan.duties_of(u.name)]
    return [u for u in with_duties if u in running] if running else with_duties


def checklist(db, event_id: int) -> list[UnitChecklist]:
    with db.read() as session:
        if session.get(Event, event_id) is None:
            raise NotFoundError(f"没有编号为 {event_id} 的事件。")
        plan = plan_of_session(session)
        marks = {(c.unit, c.duty_no, c.point): c for c in
                 session.scalars(select(DutyCheck).where(DutyCheck.event_id == event_id))}
        back = {r.unit: r.at for r in session.scalars(select(UnitReportBack).where(UnitReportBack.event_id == event_id))}
        out = []
        for unit in active_units(session):
            points = []
            for item in plan.duties_of(unit):
                for n, text in enumerate(duty_points(item.text), 1):
                    m = marks.get((unit, item.no, n))
                    points.append(Point(unit, item.no, n, text, *(m and (m.status, m.note, m.at, m.by) or ())))
            out.append(UnitChecklist(unit, tuple(points), back.get(unit)))
        return out


def mark_point(db, event_id: int, unit: str, duty_no: int, point: int, status: str, operator: str,
               note: str = "", now: datetime | None = None) -> Point:
    if status not in POINT_STATUS:
        raise ValidationError({"status": f"状态应为：{'、'.join(POINT_STATUS.values())}"})
    with db.write() as session:
        plan = plan_of_session(session)
        name = plan.resolve(unit) or unit  # an unknown unit has no duties: refused below
        items = {d.no: d for d in plan.duties_of(name)}
        if session.get(Event, event_id) is None:
            raise NotFoundError(f"没有编号为 {event_id} 的事件。")
        if duty_no not in items or not 1 <= point <= len(duty_points(items[duty_no].text)):
            raise ValidationError({"point": f"“{unit}”没有第{duty_no}项职责的第{point}点"})
        row = session.scalars(select(DutyCheck).where(DutyCheck.event_id == event_id, DutyCheck.unit == name,
                                                      DutyCheck.duty_no == duty_no, DutyCheck.point == point)).first()
        before = row.status if row else ""
        row = row or DutyCheck(event_id=event_id, unit=name, duty_no=duty_no, point=point)
        row.status, row.note, row.at, row.by = status, note.strip(), now or clock.now(), operator
        session.add(row)
        audit.record(session, operator, "checklist.mark", f"事件#{event_id} {name} 第{duty_no}项第{point}点",
                     before={"status": before}, after={"status": status, "note": row.note})
        return Point(name, duty_no, point, duty_points(items[duty_no].text)[point - 1], row.status, row.note, row.at,
                     row.by, Changes.of(CHECKLISTS))


def mark_reported_back(db, event_id: int, unit: str, operator: str, now: datetime | None = None) -> ReportedBack:
    """Record that `unit` reported back on the event (once: a second time returns the first, changing nothing)."""
    with db.write() as session:
        name = plan_of_session(session).resolve(unit)
        if name is None:
            raise ValidationError({"unit": f"未知单位“{unit}”"})
        if session.get(Event, event_id) is None:
            raise NotFoundError(f"没有编号为 {event_id} 的事件。")
        known = session.scalars(select(UnitReportBack).where(UnitReportBack.event_id == event_id,
                                                             UnitReportBack.unit == name)).first()
        if known is not None:
            return ReportedBack(event_id, name, known.at, known.by)
        row = UnitReportBack(event_id=event_id, unit=name, at=now or clock.now(), by=operator)
        session.add(row)
        audit.record(session, operator, "checklist.report_back", f"事件#{event_id} {name}")
        return ReportedBack(event_id, name, row.at, operator, Changes.of(CHECKLISTS))
