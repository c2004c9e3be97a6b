"""The expert advisory committee: its members (with their membership periods) and its assessments,
recorded once and linked from the level or warning decision each supports (plan.experts)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from .. import clock
from ..plan import experts as rules
from ..storage import audit
from ..storage.models import Assessment, AssessmentMember, ExpertMember, utcnow
from . import phones
from .accounts import require
from .changes import EXPERTS, NO_CHANGES, Changes
from .errors import NotFoundError, ValidationError

# services.levels links assessments (so this module cannot import it): the same tolerance for a clock ahead.


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


def add_member(db, name: str, specialty: str, operator: str, *, employer: str = "", title: str = "",
               mobile: str = "", office_phone: str = "", member_from: date | None = None,
               member_to: date | None = None) -> Member:
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
    start = member_from or clock.local(clock.now()).date()
    if member_to is not None and member_to < start:
        errors["member_to"] = "聘期结束日期不能早于开始日期"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "experts.edit")
        same = session.scalars(select(ExpertMember).where(ExpertMember.name == values["name"])).all()
        if any(Member.of(m).serving_on(start) for m in same):
            raise ValidationError({"name": f"专家咨询委员会已有委员“{values['name']}”（同一聘期内不能重复登记）"})
        row = ExpertMember(**values, member_from=start, member_to=member_to, added_by=operator, added_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "expert.add", row.name,
                     after={**values, "member_from": start.isoformat(),
                            "member_to": member_to.isoformat() if member_to else None})
        return Member.of(row, Changes.of(EXPERTS))


def list_members(db, on: date | None = None) -> list[Member]:
    """Every member (or those serving on ``on``), by name."""
    with db.read() as session:
        rows = [Member.of(r) for r in session.scalars(select(ExpertMember).order_by(ExpertMember.id))]
    return [m for m in rows if on is None or m.serving_on(on)]


def record_assessment(db, question: str, recommendation: str, held_at: datetime, members: Iterable[str],
                      operator: str, *, text: str = "", now: datetime | None = None) -> AssessmentRecord:
    """An assessment as held: the question, the members present (by name; serving that day), the
    recommendation and its text."""
    errors: dict[str, str] = {}
    try:
        question = rules.parse_question(question)
    except ValueError as exc:
        errors["question"] = str(exc)
    if not (recommendation or "").strip():
        errors["recommendation"] = "请填写评估建议（如 建议启动Ⅲ级应急响应）"
    if held_at is None or held_at.tzinfo is None:
        errors["held_at"] = "请填写评估时间"
    elif held_at > (now or clock.now()) + clock.FUTURE_TOLERANCE:
        errors["held_at"] = "评估时间不能晚于当前时间"
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
        row = Assessment(held_at=held_at, question=question, recommendation=recommendation.strip(),
                         text=(text or "").strip(), operator=operator, recorded_at=utcnow(),
                         present=[AssessmentMember(member_id=by_name[n]) for n in names])
        session.add(row)
        session.flush()
        audit.record(session, operator, "assessment.add", f"第{row.id}号评估",
                     after={"question": question, "held_at": clock.iso(held_at), "members": names,
                            "recommendation": row.recommendation})
        session.refresh(row)
        return AssessmentRecord.of(row, Changes.of(EXPERTS))


def assessment_in(session, assessment_id: int) -> AssessmentRecord:
    row = session.get(Assessment, assessment_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {assessment_id} 的专家评估。")
    return AssessmentRecord.of(row)


def get_assessment(db, assessment_id: int) -> AssessmentRecord:
    with db.read() as session:
        return assessment_in(session, assessment_id)


def list_assessments(db) -> list[AssessmentRecord]:
    with db.read() as session:
        return [AssessmentRecord.of(r) for r in
                session.scalars(select(Assessment).order_by(Assessment.held_at, Assessment.id))]
