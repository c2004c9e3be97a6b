"""Event use cases: register, update (counts and grade kept over time), log phone reports, end.

They return plain records (below), never ORM rows; a write's record says what it changed."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import clock
from ..plan import events as kinds
from ..storage import audit
from ..storage.models import Event, EventCount, EventGrade, PhoneReport, utcnow
from . import phones
from .changes import EVENTS, NO_CHANGES, Changes
from .errors import NotFoundError, ValidationError
from .records import copy_row
from .roster import plan_of

TEXT_FIELDS = ("name", "disease", "township", "place", "place_kind", "area", "symptoms", "cause", "measures",
               "reporting_unit", "reporter", "reporter_phone")
SHORT_LIMIT = 200
LONG_LIMIT = 5000
LONG_FIELDS = {"area", "symptoms", "cause", "measures"}


@dataclass(frozen=True)
class EventRecord:
    """An event as registered (and updated since); its counts and grades are kept over time apart."""

    id: int
    name: str
    category: str
    disease: str
    district: str
    township: str
    place: str
    place_kind: str
    occurred_at: datetime
    received_at: datetime
    grade: str
    area: str
    symptoms: str
    cause: str
    measures: str
    reporting_unit: str
    reporter: str
    reporter_phone: str
    ended_at: datetime | None
    created_at: datetime
    created_by: str
    version: int
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what the write altered (EVENTS), if one made it


@dataclass(frozen=True)
class CountRecord:
    """One update of an event's counts (None: not given)."""

    id: int
    event_id: int
    at: datetime
    ill: int
    dead: int
    severe: int | None
    hospitalised: int | None
    close_contacts: int | None
    observed: int | None
    recorded_by: str
    correction: bool


@dataclass(frozen=True)
class GradeRecord:
    id: int
    event_id: int
    grade: str
    at: datetime
    recorded_by: str


@dataclass(frozen=True)
class PhoneRecord:
    """A telephone report logged as made."""

    id: int
    event_id: int
    at: datetime
    to_whom: str
    by_whom: str
    recorded_by: str
    changes: Changes = field(default=NO_CHANGES, compare=False)


def _record(event: Event, changed: bool = False) -> EventRecord:
    return copy_row(EventRecord, event, changes=Changes.of(EVENTS) if changed else NO_CHANGES)


@dataclass
class EventInput:
    name: str = ""
    category: str = ""
    district: str = ""
    occurred_at: datetime | None = None
    received_at: datetime | None = None
    grade: str = ""
    disease: str = ""
    township: str = ""
    place: str = ""
    place_kind: str = ""
    area: str = ""
    symptoms: str = ""
    cause: str = ""
    measures: str = ""
    reporting_unit: str = ""
    reporter: str = ""
    reporter_phone: str = ""
    counts: dict[str, int | None] = field(default_factory=dict)


def _check_text(values: dict, errors: dict) -> dict:
    out = {}
    for key, raw in values.items():
        text = (raw or "").strip()
        limit = LONG_LIMIT if key in LONG_FIELDS else SHORT_LIMIT
        if len(text) > limit:
            errors[key] = f"内容过长（不超过{limit}字）"
        out[key] = text
    return out


def check_counts(counts: dict, errors: dict) -> dict[str, int | None]:
    out = {}
    for key, value in counts.items():
        if key not in kinds.COUNT_FIELDS:
            errors[key] = f"未知的人数项“{key}”"
            continue
        if value is None or value == "":
            out[key] = None if key not in ("ill", "dead") else 0
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[key] = f"{kinds.COUNT_FIELDS[key]}人数应为整数"
            continue
        if number < 0:
            errors[key] = f"{kinds.COUNT_FIELDS[key]}人数不能为负数"
        elif number > 10_000_000:
            errors[key] = f"{kinds.COUNT_FIELDS[key]}人数过大"
        out[key] = number
    return out


def _validate(db, data: EventInput, now: datetime) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    text = _check_text({k: getattr(data, k) for k in TEXT_FIELDS}, errors)
    if not text["name"]:
        errors["name"] = "请填写事件名称"
    category = kinds.category_key((data.category or "").strip())
    if category is None:
        errors["category"] = "请选择事件类别（" + "、".join(kinds.CATEGORIES.values()) + "）"
    districts = plan_of(db).districts
    if (data.district or "").strip() not in districts:
        errors["district"] = f"未知的县（市、区）“{data.district}”（可选：{'、'.join(districts)}）"
    if data.grade and data.grade not in kinds.GRADES:
        errors["grade"] = "事件等级应为：" + "、".join(kinds.GRADES)
    for key, label in (("occurred_at", "发生时间"), ("received_at", "接报时间")):
        clock.check_time(errors, key, getattr(data, key), label, now)
    if data.occurred_at and data.received_at and data.received_at < data.occurred_at:
        errors["received_at"] = "接报时间不能早于发生时间"
    problem = phones.check("phone", text["reporter_phone"])
    if problem:
        errors["reporter_phone"] = "报告人电话：" + problem
    counts = check_counts(data.counts, errors)
    if errors:
        raise ValidationError(errors)
    return {**text, "category": category, "district": data.district.strip(), "grade": data.grade or "",
            "occurred_at": data.occurred_at, "received_at": data.received_at}, counts


def register_event(db, data: EventInput, operator: str, now: datetime | None = None) -> EventRecord:
    values, counts = _validate(db, data, now or clock.now())
    with db.write() as session:
        at = utcnow()
        event = Event(**values, created_at=at, created_by=operator)
        session.add(event)
        session.flush()
        if values["grade"]:
            session.add(EventGrade(event_id=event.id, grade=values["grade"], at=values["received_at"],
                                   recorded_by=operator))
        session.add(EventCount(event_id=event.id, at=values["received_at"], recorded_by=operator,
                               **{"ill": 0, "dead": 0, **counts}))
        audit.record(session, operator, "event.register", f"#{event.id} {event.name}",
                     after={**{k: v for k, v in values.items() if v}, "counts": counts})
        session.flush()
        return _record(event, changed=True)


def update_event(db, event_id: int, operator: str, *, fields: dict | None = None, grade: str | None = None,
                 counts: dict | None = None, at: datetime | None = None, now: datetime | None = None,
                 correction: bool = False) -> EventRecord:
    """Change fields in place; a new grade or new counts are added as dated records.

    ``correction`` marks the new counts as correcting earlier figures (reports print 核减/核增);
    without it a fall in a current figure (住院, 重症, 医学观察) is reported as news."""
    now = now or clock.now()
    at = at or now
    with db.write() as session:
        event = _get(session, event_id)
        current = EventInput(**{k: getattr(event, k) for k in (*TEXT_FIELDS, "category", "district", "grade",
                                                                "occurred_at", "received_at")})
        for key, value in (fields or {}).items():
            if not hasattr(current, key) or key in ("counts", "grade"):
                raise ValidationError({key: f"不能修改“{key}”"})
            setattr(current, key, value)
        if grade is not None:
            current.grade = grade
        current.counts = counts or {}
        values, clean_counts = _validate(db, current, now)
        if at.tzinfo is None or at < event.received_at:
            raise ValidationError({"at": "更新时间不能早于接报时间"})
        before = {k: getattr(event, k) for k in values if getattr(event, k) != values[k]}
        for key, value in values.items():
            setattr(event, key, value)
        if "grade" in before:  # a new judgement is kept beside the earlier ones
            session.add(EventGrade(event_id=event.id, grade=grade, at=at, recorded_by=operator))
        if clean_counts:
            last = _last_counts(session, event.id)
            session.add(EventCount(event_id=event.id, at=at, recorded_by=operator, correction=bool(correction),
                                   **{**last, **clean_counts}))
        if not before and not clean_counts:
            return _record(event)
        audit.record(session, operator, "event.update", f"#{event.id} {event.name}",
                     before={k: str(v) for k, v in before.items()},
                     after={**{k: str(values[k]) for k in before}, **({"counts": clean_counts} if clean_counts else {}),
                            **({"correction": True} if clean_counts and correction else {})})
        session.flush()  # the version the next edit expects
        return _record(event, changed=True)


def _last_counts(session, event_id: int) -> dict:
    row = session.scalars(select(EventCount).where(EventCount.event_id == event_id)
                          .order_by(EventCount.at.desc(), EventCount.id.desc()).limit(1)).first()
    return {k: getattr(row, k) for k in kinds.COUNT_FIELDS} if row else {"ill": 0, "dead": 0}


def _get(session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"没有编号为 {event_id} 的事件。")
    return event


def log_phone_report(db, event_id: int, at: datetime, to_whom: str, by_whom: str, operator: str,
                     now: datetime | None = None) -> PhoneRecord:
    errors = {}
    if not (to_whom or "").strip():
        errors["to_whom"] = "请填写报告对象（如 市委市政府总值班室）"
    if not (by_whom or "").strip():
        errors["by_whom"] = "请填写报告人"
    clock.check_time(errors, "at", at, "报告时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        event = _get(session, event_id)
        if at < event.received_at:
            raise ValidationError({"at": "电话报告时间不能早于接报时间"})
        row = PhoneReport(event_id=event_id, at=at, to_whom=to_whom.strip(), by_whom=by_whom.strip(),
                          recorded_by=operator)
        session.add(row)
        audit.record(session, operator, "event.phone_report", f"#{event.id} {event.name}",
                     after={"at": clock.iso(at), "to": row.to_whom, "by": row.by_whom})
        session.flush()
        return copy_row(PhoneRecord, row, changes=Changes.of(EVENTS))


def end_event(db, event_id: int, at: datetime, operator: str, now: datetime | None = None) -> EventRecord:
    """Declare the event's handling over: starts the closing-report clock."""
    with db.write() as session:
        event = _get(session, event_id)
        if event.ended_at is not None:
            raise ValidationError({"ended_at": f"事件已于 {clock.local_text(event.ended_at)} 结束。"})
        errors: dict[str, str] = {}
        clock.check_time(errors, "ended_at", at, "结束时间", now)
        if not errors and at < event.received_at:
            errors["ended_at"] = f"结束时间不能早于接报时间（{clock.local_text(event.received_at)}）"
        if errors:
            raise ValidationError(errors)
        event.ended_at = at
        audit.record(session, operator, "event.end", f"#{event.id} {event.name}", after={"ended_at": clock.iso(at)})
        session.flush()
        return _record(event, changed=True)


def list_events(db) -> list[EventRecord]:
    with db.read() as session:
        return [_record(e) for e in session.scalars(select(Event).order_by(Event.received_at.desc(), Event.id.desc()))]


def get_event(db, event_id: int) -> EventRecord:
    with db.read() as session:
        return _record(_get(session, event_id))


def count_history(db, event_id: int) -> list[CountRecord]:
    with db.read() as session:
        _get(session, event_id)
        return [copy_row(CountRecord, c) for c in session.scalars(
            select(EventCount).where(EventCount.event_id == event_id).order_by(EventCount.at, EventCount.id))]


def grade_history(db, event_id: int) -> list[GradeRecord]:
    with db.read() as session:
        return [copy_row(GradeRecord, g) for g in session.scalars(
            select(EventGrade).where(EventGrade.event_id == event_id).order_by(EventGrade.at, EventGrade.id))]


def phone_reports(db, event_id: int) -> list[PhoneRecord]:
    with db.read() as session:
        return [copy_row(PhoneRecord, p) for p in session.scalars(
            select(PhoneReport).where(PhoneReport.event_id == event_id).order_by(PhoneReport.at))]


def latest_ill_dead(db) -> dict[int, tuple[int, int]]:
    """Each event's newest (ill, dead), in one query (the events list shows them for every event)."""
    from sqlalchemy import func

    ranked = select(EventCount.event_id, EventCount.ill, EventCount.dead, func.row_number().over(
        partition_by=EventCount.event_id, order_by=(EventCount.at.desc(), EventCount.id.desc())).label("n")).subquery()
    query = select(ranked.c.event_id, ranked.c.ill, ranked.c.dead).where(ranked.c.n == 1)
    with db.read() as session:
        return {event_id: (ill or 0, dead or 0) for event_id, ill, dead in session.execute(query)}
