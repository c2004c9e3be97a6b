"""Meetings and briefings by hand: add, edit, record what happened, cancel; list and conflicts.

The use cases return plain records (ItemRecord with its attendance and speakers), never ORM rows;
a write's record says what it changed (SCHEDULE)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock
from ..plan import schedule as rules
from ..storage import audit
from ..storage.models import Attendance, ScheduleItem, Speaker
from .changes import NO_CHANGES, SCHEDULE, Changes
from .errors import ConflictError, NotFoundError, ValidationError
from .level_state import current_state, state_in
from .records import copy_row
from .roster import plan_of_session
from .schedule import ATTENDANCE, default_attendees


@dataclass(frozen=True)
class AttendanceRecord:
    unit: str
    status: str  # ""|present|absent|substitute
    substitute: str


@dataclass(frozen=True)
class SpeakerRecord:
    person: str
    unit: str
    topic: str


@dataclass(frozen=True)
class ItemRecord:
    """A meeting, briefing or due item of the schedule, with who attends and who speaks."""

    id: int
    kind: str
    title: str
    start: datetime
    end: datetime
    place: str
    host_post: str
    host_person: str
    organiser: str
    status: str  # planned|held|cancelled
    origin: str  # cadence|manual
    edited: bool
    level: str
    agenda: str
    minutes: str
    decisions: str
    created_by: str
    notice_no: str
    version: int
    attendees: tuple[AttendanceRecord, ...]
    speakers: tuple[SpeakerRecord, ...]
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what the write altered (SCHEDULE), if one made it
    assessment_id: int | None = None  # the committee's assessment record a 风险评估会商 became when held


def _record(item: ScheduleItem, changed: bool = False) -> ItemRecord:
    link = item.assessment_link
    return copy_row(ItemRecord, item, attendees=tuple(copy_row(AttendanceRecord, a) for a in item.attendees),
                    speakers=tuple(copy_row(SpeakerRecord, s) for s in item.speakers),
                    changes=Changes.of(SCHEDULE) if changed else NO_CHANGES,
                    assessment_id=link.assessment_id if link is not None else None)


def default_units(db, kind: str) -> list[str]:
    """The kind's default attendees at the level in force (as add_meeting fills them)."""
    level = current_state(db).level
    with db.read() as session:
        return default_attendees(session, kind, level)


@dataclass
class MeetingInput:
    kind: str
    title: str
    start: datetime | None
    end: datetime | None
    place: str = ""
    host_post: str = ""
    host_person: str = ""
    organiser: str = ""
    attendees: list[str] | None = None  # None: the defaults for the kind
    speakers: list[tuple[str, str, str]] = field(default_factory=list)  # (person, unit, topic)
    agenda: str = ""


def _validate(session, data: MeetingInput) -> None:
    errors = {}
    if data.kind not in rules.KINDS:
        errors["kind"] = f"未知的类别“{data.kind}”（可选：{'、'.join(rules.KINDS.values())}）"
    if not (data.title or "").strip():
        errors["title"] = "请填写名称"
    if data.start is None or data.start.tzinfo is None:
        errors["start"] = "请填写开始时间"
    if data.end is None or data.end.tzinfo is None:
        errors["end"] = "请填写结束时间"
    elif data.start and data.end < data.start:
        errors["end"] = "结束时间不能早于开始时间"
    plan = plan_of_session(session)
    if data.organiser and plan.resolve(data.organiser) is None:
        errors["organiser"] = f"未知单位“{data.organiser}”"
    for person, unit, _topic in data.speakers:
        if not person.strip():
            errors["speakers"] = "发言人姓名不能为空"
        elif unit and plan.resolve(unit) is None:
            errors["speakers"] = f"发言人单位“{unit}”不是成员单位"
    if errors:
        raise ValidationError(errors)


def _resolved(session, name: str) -> str:
    return plan_of_session(session).resolve(name) or name.strip()


def add_meeting(db, data: MeetingInput, operator: str) -> ItemRecord:
    with db.write() as session:
        _validate(session, data)
        level = state_in(session).level
        attendees = data.attendees if data.attendees is not None else default_attendees(session, data.kind, level)
        speaker_units = [u for _, u, _ in data.speakers if u]
        item = ScheduleItem(kind=data.kind, title=data.title.strip(), start=data.start, end=data.end,
                            place=data.place.strip(), host_post=data.host_post.strip(),
                            host_person=data.host_person.strip(),
                            organiser=_resolved(session, data.organiser) if data.organiser else "",
                            agenda=data.agenda.strip(), status="planned", origin="manual", level=level,
                            created_by=operator)
        item.attendees = [Attendance(unit=_resolved(session, u)) for u in dict.fromkeys([*attendees, *speaker_units])]
        item.speakers = [Speaker(person=p.strip(), unit=_resolved(session, u) if u else "", topic=t.strip())
                         for p, u, t in data.speakers]
        session.add(item)
        session.flush()
        audit.record(session, operator, "schedule.add", f"#{item.id} {item.title}",
                     after={"kind": item.kind, "start": clock.iso(item.start), "place": item.place})
        return _record(item, changed=True)


def _get(session, item_id: int) -> ScheduleItem:
    item = session.scalars(select(ScheduleItem).options(selectinload(ScheduleItem.attendees),
                                                        selectinload(ScheduleItem.speakers))
                           .where(ScheduleItem.id == item_id)).one_or_none()
    if item is None:
        raise NotFoundError(f"没有编号为 {item_id} 的日程。")
    return item


EDITABLE = ("title", "start", "end", "place", "host_post", "host_person", "organiser", "agenda")


def edit_meeting(db, item_id: int, changes: dict, operator: str, expected_version: int | None = None) -> ItemRecord:
    """Edit by hand: the item is then never replaced by a level switch."""
    with db.write() as session:
        item = _get(session, item_id)
        if expected_version is not None and item.version != expected_version:
            raise ConflictError("该日程已被他人修改，请刷新后重新编辑。")
        unknown = set(changes) - set(EDITABLE) - {"speakers", "attendees"}
        if unknown:
            raise ValidationError({k: f"不能修改“{k}”" for k in unknown})
        data = MeetingInput(item.kind, changes.get("title", item.title), changes.get("start", item.start),
                            changes.get("end", item.end), speakers=changes.get("speakers", []),
                            organiser=changes.get("organiser", item.organiser))
        _validate(session, data)
        before = {k: str(getattr(item, k)) for k in changes if k in EDITABLE}
        for key in EDITABLE:
            if key in changes:
                setattr(item, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
        if "speakers" in changes:
            item.speakers = [Speaker(person=p, unit=_resolved(session, u) if u else "", topic=t)
                             for p, u, t in changes["speakers"]]
        if "attendees" in changes:  # keep what was recorded for units still on the list
            recorded = {a.unit: a for a in item.attendees}
            item.attendees = [recorded.get(name) or Attendance(unit=name) for name in
                              dict.fromkeys(_resolved(session, u) for u in changes["attendees"])]
        item.edited = True
        audit.record(session, operator, "schedule.edit", f"#{item.id} {item.title}", before=before,
                     after={k: str(getattr(item, k)) for k in before})
        session.flush()  # the version the next edit expects
        return _record(item, changed=True)


def not_recordable_reason(item, now: datetime) -> str:
    """Why `item` (a row or an ItemRecord) cannot be recorded as held now, or "" when it can: a
    cancelled item, or one whose scheduled start is still ahead."""
    if item.status == "cancelled":
        return "已取消的日程不能登记为已召开"
    if now < item.start:
        return f"“{item.title}”定于{clock.local_text(item.start)}开始，尚未召开，不能登记召开情况"
    return ""


def record_meeting(db, item_id: int, operator: str, *, attendance: dict[str, tuple[str, str]] | None = None,
                   minutes: str = "", decisions: str = "", now: datetime | None = None) -> ItemRecord:
    """Mark held with who came (present / absent / substitute and the substitute's name); not
    before the meeting's scheduled start."""
    now = now or clock.now()
    with db.write() as session:
        item = _get(session, item_id)
        refusal = not_recordable_reason(item, now)
        if refusal:
            raise ValidationError({"status": refusal})
        rows = {a.unit: a for a in item.attendees}
        for unit, (status, substitute) in (attendance or {}).items():
            name = _resolved(session, unit)
            if status not in ATTENDANCE:
                raise ValidationError({"attendance": f"出席情况应为：{'、'.join(k for k in ATTENDANCE if k)}"})
            if status == "substitute" and not substitute.strip():
                raise ValidationError({"attendance": f"{name}委派代表时须填写代表姓名"})
            row = rows.get(name) or Attendance(unit=name)
            row.status, row.substitute = status, substitute.strip()
            if name not in rows:
                item.attendees.append(row)
        item.status, item.minutes, item.decisions = "held", minutes.strip(), decisions.strip()
        audit.record(session, operator, "schedule.record", f"#{item.id} {item.title}",
                     after={"attendance": {a.unit: a.status for a in item.attendees}, "decisions": item.decisions})
        session.flush()
        return _record(item, changed=True)


def cancel_meeting(db, item_id: int, reason: str, operator: str) -> ItemRecord:
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写取消原因"})
    with db.write() as session:
        item = _get(session, item_id)
        if item.status != "planned":
            raise ValidationError({"status": f"“{item.title}”已{'召开' if item.status == 'held' else '取消'}，不能取消"})
        item.status = "cancelled"
        item.minutes = f"取消原因：{reason.strip()}"
        audit.record(session, operator, "schedule.cancel", f"#{item.id} {item.title}", after={"reason": reason})
        session.flush()
        return _record(item, changed=True)


def list_items(db, start: datetime | None = None, end: datetime | None = None, kind: str | None = None,
               unit: str | None = None) -> list[ItemRecord]:
    with db.read() as session:
        query = select(ScheduleItem).options(selectinload(ScheduleItem.attendees),
                                             selectinload(ScheduleItem.speakers)).order_by(ScheduleItem.start)
        if start:
            query = query.where(ScheduleItem.end >= start)
        if end:
            query = query.where(ScheduleItem.start < end)
        if kind:
            query = query.where(ScheduleItem.kind == kind)
        items = list(session.scalars(query))
        if unit:
            name = _resolved(session, unit)
            items = [i for i in items if i.organiser == name or any(a.unit == name for a in i.attendees)
                     or any(s.unit == name for s in i.speakers)]
        return [_record(i) for i in items]


def get_item(db, item_id: int) -> ItemRecord:
    with db.read() as session:
        return _record(_get(session, item_id))


def find_item(db, item_id: int) -> ItemRecord | None:
    """The item, or None if there is none with that number (a 交办单 may name a meeting since removed)."""
    with db.read() as session:
        item = session.get(ScheduleItem, item_id)
        return _record(item) if item is not None else None


def find_conflicts(items: list[ItemRecord]) -> list[tuple[int, int, str]]:
    slots = [rules.Slot(i.id, i.title, i.start, max(i.end, i.start), i.place,
                        frozenset(p for p in [i.host_person, *(s.person for s in i.speakers)] if p))
             for i in items if i.status != "cancelled" and i.end > i.start]
    return rules.conflicts(slots)
