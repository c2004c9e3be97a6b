"""The expert advisory committee: its members (with their membership periods) and its assessments,
recorded once and linked from the level or warning decision each supports (plan.experts)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import experts as rules
from ..storage import audit
from ..storage.models import Assessment, AssessmentMember, ExpertMember, ScheduleAssessment, ScheduleItem, utcnow
from . import phones
from .accounts import require
from .changes import EXPERTS, NO_CHANGES, SCHEDULE, Changes
from .errors import NotFoundError, ValidationError

# services.levels links assessments (so this module cannot import it): the same tolerance for a clock ahead.
SCHEDULED_KIND = "expert_assessment"  # the schedule's 疫情风险评估会商 (plan.schedule)


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    specialty: str
    employer: str
    title: str
    mobile: str
    office_phone: str
    member_from: date
    member_to: date | None
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @classmethod
    def of(cls, row: ExpertMember, changes: Changes = NO_CHANGES) -> Member:
        return cls(row.id, row.name, row.specialty, row.employer, row.title, row.mobile, row.office_phone,
                   row.member_from, row.member_to, changes)

    def serving_on(self, day: date) -> bool:
        return self.member_from <= day and (self.member_to is None or day <= self.member_to)

    @property
    def period(self) -> str:
        return f"{self.member_from:%Y-%m-%d}至{self.member_to:%Y-%m-%d}" if self.member_to else \
            f"{self.member_from:%Y-%m-%d}起"


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    held_at: datetime
    question: str
    recommendation: str
    text: str
    members: tuple[Member, ...]
    operator: str
    recorded_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @classmethod
    def of(cls, row: Assessment, changes: Changes = NO_CHANGES) -> AssessmentRecord:
        return cls(row.id, row.held_at, row.question, row.recommendation, row.text,
                   tuple(Member.of(p.member) for p in row.present), row.operator, row.recorded_at, changes)

    @property
    def question_name(self) -> str:
        return rules.question_name(self.question)

    def summary(self) -> str:
        """第3号评估（2026-11-29 08:00，5名委员）：建议启动Ⅲ级应急响应"""
        return f"第{self.id}号评估（{clock.local_text(self.held_at)}，{len(self.members)}名委员）：{self.recommendation}"


def _member_values(name: str, specialty: str, employer: str, title: str, mobile: str, office_phone: str,
                   start: date, member_to: date | None) -> dict:
    """The member's fields, cleaned; a ValidationError names every bad one."""
    errors: dict[str, str] = {}
    values = {"name": (name or "").strip(), "specialty": (specialty or "").strip(), "employer": (employer or "").strip(),
              "title": (title or "").strip(), "mobile": phones.normalise(mobile),
              "office_phone": phones.normalise(office_phone)}
    if not values["name"]:
        errors["name"] = "请填写姓名"
    if not values["specialty"]:
        errors["specialty"] = "请填写专业（如 流行病学、临床医学）"
    for key, kind in (("mobile", "mobile"), ("office_phone", "phone")):
        problem = phones.check(kind, values[key])
        if problem:
            errors[key] = problem
    if member_to is not None and member_to < start:
        errors["member_to"] = "聘期结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)
    return values


def _overlapping(session, name: str, start: date, end: date | None, other_than: int | None = None) -> bool:
    """Another membership of the same name overlaps [start, end]."""
    for m in session.scalars(select(ExpertMember).where(ExpertMember.name == name)):
        if m.id != other_than and m.member_from <= (end or date.max) and start <= (m.member_to or date.max):
            return True
    return False


def _period_json(start: date, end: date | None) -> dict:
    return {"member_from": start.isoformat(), "member_to": end.isoformat() if end else None}


def add_member(db, name: str, specialty: str, operator: str, *, employer: str = "", title: str = "",
               mobile: str = "", office_phone: str = "", member_from: date | None = None,
               member_to: date | None = None) -> Member:
    start = member_from or clock.local(clock.now()).date()
    values = _member_values(name, specialty, employer, title, mobile, office_phone, start, member_to)
    with db.write() as session:
        require(session, operator, "experts.edit")
        if _overlapping(session, values["name"], start, member_to):
            raise ValidationError({"name": f"专家咨询委员会已有委员“{values['name']}”（同一聘期内不能重复登记）"})
        row = ExpertMember(**values, member_from=start, member_to=member_to, added_by=operator, added_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "expert.add", row.name, after={**values, **_period_json(start, member_to)})
        return Member.of(row, Changes.of(EXPERTS))


def edit_member(db, member_id: int, operator: str, *, name: str, specialty: str, employer: str = "",
                title: str = "", mobile: str = "", office_phone: str = "", member_from: date,
                member_to: date | None = None) -> Member:
    """Correct a member's details or membership period. The assessments the member attended stay
    within the period (the member was serving on each of those days)."""
    values = _member_values(name, specialty, employer, title, mobile, office_phone, member_from, member_to)
    with db.write() as session:
        require(session, operator, "experts.edit")
        row = _member_row(session, member_id)
        if _overlapping(session, values["name"], member_from, member_to, other_than=row.id):
            raise ValidationError({"name": f"专家咨询委员会已有委员“{values['name']}”（同一聘期内不能重复登记）"})
        _keep_attended(session, row, member_from, member_to)
        before = {**{k: getattr(row, k) for k in values}, **_period_json(row.member_from, row.member_to)}
        for key, value in {**values, "member_from": member_from, "member_to": member_to}.items():
            setattr(row, key, value)
        session.flush()
        audit.record(session, operator, "expert.edit", row.name, before=before,
                     after={**values, **_period_json(member_from, member_to)})
        return Member.of(row, Changes.of(EXPERTS))


def end_membership(db, member_id: int, last_day: date, operator: str) -> Member:
    """The member's membership ends on ``last_day`` (the last day served)."""
    if last_day is None:
        raise ValidationError({"member_to": "请填写聘期结束日期"})
    with db.write() as session:
        require(session, operator, "experts.edit")
        row = _member_row(session, member_id)
        if last_day < row.member_from:
            raise ValidationError({"member_to": f"聘期结束日期不能早于开始日期（{row.member_from:%Y-%m-%d}）"})
        if row.member_to is not None and row.member_to <= last_day:
            raise ValidationError({"member_to": f"{row.name}的聘期已于{row.member_to:%Y-%m-%d}结束"})
        _keep_attended(session, row, row.member_from, last_day)
        before = _period_json(row.member_from, row.member_to)
        row.member_to = last_day
        session.flush()
        audit.record(session, operator, "expert.end", row.name, before=before,
                     after=_period_json(row.member_from, last_day))
        return Member.of(row, Changes.of(EXPERTS))


def _member_row(session, member_id: int) -> ExpertMember:
    row = session.get(ExpertMember, member_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {member_id} 的专家咨询委员会委员。")
    return row


def _keep_attended(session, row: ExpertMember, start: date, end: date | None) -> None:
    """Refuse a period that would leave out a day the member attended an assessment."""
    held = session.scalars(select(Assessment.held_at).join(AssessmentMember)
                           .where(AssessmentMember.member_id == row.id)).all()
    outside = sorted(d for d in {clock.local(h).date() for h in held} if d < start or (end is not None and d > end))
    if outside:
        days = "、".join(f"{d:%Y-%m-%d}" for d in outside)
        raise ValidationError({"member_to" if end is not None and outside[-1] > end else "member_from":
                               f"{row.name}曾于{days}出席评估，聘期须包含这些日期"})


def find_member(db, key: str) -> Member:
    """A member by number or by name (the name of exactly one member)."""
    text = (key or "").strip()
    with db.read() as session:
        if text.isdigit():
            return Member.of(_member_row(session, int(text)))
        rows = session.scalars(select(ExpertMember).where(ExpertMember.name == text).order_by(ExpertMember.id)).all()
    if not rows:
        raise NotFoundError(f"没有名为“{text}”的专家咨询委员会委员。")
    if len(rows) > 1:
        raise ValidationError({"member": f"有{len(rows)}名委员名为“{text}”，请用编号（{'、'.join(str(r.id) for r in rows)}）"})
    return Member.of(rows[0])


def list_members(db, on: date | None = None) -> list[Member]:
    """Every member (or those serving on ``on``), by name."""
    with db.read() as session:
        rows = [Member.of(r) for r in session.scalars(select(ExpertMember).order_by(ExpertMember.id))]
    return [m for m in rows if on is None or m.serving_on(on)]


def record_assessment(db, question: str, recommendation: str, held_at: datetime, members: Iterable[str],
                      operator: str, *, text: str = "", now: datetime | None = None,
                      schedule_item_id: int | None = None) -> AssessmentRecord:
    """An assessment as held: the question, the members present (by name; serving that day), the
    recommendation and its text. ``schedule_item_id``: the scheduled 风险评估会商 it was (held that
    day); the item is marked held and shows the record."""
    errors: dict[str, str] = {}
    try:
        question = rules.parse_question(question)
    except ValueError as exc:
        errors["question"] = str(exc)
    if not (recommendation or "").strip():
        errors["recommendation"] = "请填写评估建议（如 建议启动Ⅲ级应急响应）"
    clock.check_time(errors, "held_at", held_at, "评估时间", now)
    names = list(dict.fromkeys(n.strip() for n in members if n and n.strip()))
    if not names:
        errors["members"] = "请填写出席评估的委员"
    if errors:
        raise ValidationError(errors)
    day = clock.local(held_at).date()
    with db.write() as session:
        require(session, operator, "experts.edit")
        serving = [Member.of(m) for m in session.scalars(select(ExpertMember).where(ExpertMember.name.in_(names)))]
        serving = [m for m in serving if m.serving_on(day)]
        unknown = [n for n in names if n not in {m.name for m in serving}]
        if unknown:
            raise ValidationError({"members": f"{'、'.join(unknown)}在{day:%Y-%m-%d}不是专家咨询委员会委员"
                                              "（请先登记委员及其聘期）"})
        by_name = {m.name: m.id for m in serving}
        item = _scheduled(session, schedule_item_id, held_at) if schedule_item_id is not None else None
        row = Assessment(held_at=held_at, question=question, recommendation=recommendation.strip(),
                         text=(text or "").strip(), operator=operator, recorded_at=utcnow(),
                         present=[AssessmentMember(member_id=by_name[n]) for n in names])
        session.add(row)
        session.flush()
        if item is not None:
            item.status = "held"
            item.assessment_link = ScheduleAssessment(assessment_id=row.id)
        audit.record(session, operator, "assessment.add", f"第{row.id}号评估",
                     after={"question": question, "held_at": clock.iso(held_at), "members": names,
                            "recommendation": row.recommendation, "schedule_item": schedule_item_id})
        session.flush()
        session.refresh(row)
        return AssessmentRecord.of(row, Changes.of(EXPERTS, SCHEDULE) if item is not None else Changes.of(EXPERTS))


def _scheduled(session, item_id: int, held_at: datetime) -> ScheduleItem:
    """The schedule's 风险评估会商 an assessment was: one not cancelled nor recorded yet, held on its day."""
    item = session.get(ScheduleItem, item_id)
    if item is None:
        raise NotFoundError(f"没有编号为 {item_id} 的日程。")
    if item.kind != SCHEDULED_KIND:
        raise ValidationError({"schedule_item": f"日程“{item.title}”不是评估会商，不能登记为专家评估"})
    if item.status == "cancelled":
        raise ValidationError({"schedule_item": f"日程“{item.title}”已取消，不能登记为已评估"})
    if item.assessment_link is not None:
        raise ValidationError({"schedule_item": f"日程“{item.title}”已登记为第{item.assessment_link.assessment_id}号评估"})
    day = clock.local(item.start).date()
    if clock.local(held_at).date() != day:
        raise ValidationError({"held_at": f"评估时间应在日程“{item.title}”当天（{day:%Y-%m-%d}）"})
    return item


def assessment_in(session, assessment_id: int) -> AssessmentRecord:
    row = session.get(Assessment, assessment_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {assessment_id} 的专家评估。")
    return AssessmentRecord.of(row)


def get_assessment(db, assessment_id: int) -> AssessmentRecord:
    with db.read() as session:
        return assessment_in(session, assessment_id)


def list_assessments(db, question: str | None = None) -> list[AssessmentRecord]:
    """Every assessment (or those of one question, e.g. ``level.raise``), oldest first."""
    query = select(Assessment).order_by(Assessment.held_at, Assessment.id)
    if question is not None:
        query = query.where(Assessment.question == question)
    with db.read() as session:
        return [AssessmentRecord.of(r) for r in session.scalars(query)]


def unrecorded_sessions(db, now: datetime | None = None, days: int = 14) -> list:
    """The schedule's 风险评估会商 of the last ``days`` days up to today with no assessment recorded
    (nor cancelled), newest first: what an assessment being recorded may have been."""
    from .meetings import list_items

    today = clock.local(now or clock.now()).date()
    start = datetime.combine(today - timedelta(days=days), datetime.min.time(), tzinfo=clock.zone())
    items = list_items(db, start, start + timedelta(days=days + 1), kind=SCHEDULED_KIND)
    return [i for i in reversed(items) if i.status == "planned" and i.assessment_id is None]
