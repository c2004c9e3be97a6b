"""The register of control measures (管控措施): measures decided, the approvals each needs, lifting.

A measure whose approval the plan requires (中断交通干道 → 省政府批准; a measure affecting other divisions'
flows → 上一级政府同意; 疫区封锁 → the government that declared the 疫区; ari 县域/全市区域封锁 → 省领导小组)
is pending until the approval is recorded; then it is in force until lifted. Rules and texts:
:mod:`wzcommand.plan.measures`. Each use case is one transaction with its audit entry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock
from ..plan import measures as rules
from ..plan.sources import source_text
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import Event, Measure, MeasureApproval, utcnow
from ..storage.seeding import plan_edition
from .accounts import require
from .changes import MEASURES, NO_CHANGES, Changes
from .errors import NotFoundError, RefusedError, ValidationError
from .measure_levels import note_for

IN_FORCE, PENDING, LIFTED = "in_force", "pending_approval", "lifted"
STATUS_NAMES = {IN_FORCE: "实施中", PENDING: "待批准", LIFTED: "已解除"}


@dataclass(frozen=True)
class Approval:
    need: str
    approved_by: str
    ref: str
    approved_at: datetime
    operator: str

    @property
    def need_name(self) -> str:
        return rules.NEEDS[self.need].name


@dataclass(frozen=True)
class MeasureRecord:
    """One measure as registered, with its approvals (plain data)."""

    id: int
    kind: str
    division: str
    place: str
    decided_by: str
    basis: str
    affects_others: bool
    needs: tuple[str, ...]  # every approval it needs (plan.measures.NEEDS keys)
    approvals: tuple[Approval, ...]
    event_id: int | None
    started_at: datetime
    review_on: date | None
    lifted_at: datetime | None
    lifted_by: str
    lift_basis: str
    operator: str
    recorded_at: datetime
    level_note: str = ""  # what the plan's measures by level say against it ('' when the plan lists it then)
    level_reason: str = ""  # why it was decided all the same
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @classmethod
    def of(cls, row: Measure, changes: Changes = NO_CHANGES, level_note: str = "") -> MeasureRecord:
        return cls(row.id, row.kind, row.division, row.place, row.decided_by, row.basis, bool(row.affects_others),
                   tuple(n for n in row.needs.split(",") if n),
                   tuple(Approval(a.need, a.approved_by, a.ref, a.approved_at, a.operator) for a in row.approvals),
                   row.event_id, row.started_at, row.review_on, row.lifted_at, row.lifted_by, row.lift_basis,
                   row.operator, row.recorded_at, level_note, row.level_reason or "", changes)

    @property
    def area(self) -> str:
        return rules.area_text(self.division, self.place)

    @property
    def open_needs(self) -> tuple[str, ...]:
        given = {a.need for a in self.approvals}
        return tuple(n for n in self.needs if n not in given)

    @property
    def status(self) -> str:
        if self.lifted_at is not None:
            return LIFTED
        return PENDING if self.open_needs else IN_FORCE

    @property
    def withdrawn(self) -> bool:
        """Lifted before the approval it needed was given: it never came into force (撤销, not 解除)."""
        return self.lifted_at is not None and bool(self.open_needs)

    @property
    def status_name(self) -> str:
        return "已撤销（未经批准）" if self.withdrawn else STATUS_NAMES[self.status]

    @property
    def in_force_from(self) -> datetime | None:
        """When it came into force: its start, or the last approval it needed if that came later."""
        if self.open_needs:
            return None
        times = [self.started_at, *(a.approved_at for a in self.approvals)]
        return max(times)

    def needs_text(self) -> str:
        """What it still needs: 省政府批准；上一级政府同意（温州市政府）."""
        return "；".join(rules.need_text(n, self.decided_by) for n in self.open_needs)

    def review_overdue(self, today: date) -> bool:
        return self.lifted_at is None and self.review_on is not None and self.review_on < today


@dataclass(frozen=True)
class MeasureRegister:
    rows: tuple[MeasureRecord, ...]
    at: datetime
    edition: str

    @property
    def today(self) -> date:
        return clock.local(self.at).date()

    def with_status(self, status: str) -> list[MeasureRecord]:
        return [m for m in self.rows if m.status == status]

    def overdue_reviews(self) -> list[MeasureRecord]:
        return [m for m in self.rows if m.review_overdue(self.today)]


def _required(value: str, errors: dict, key: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        errors[key] = message
    return text


def _of(session, row: Measure, changes: Changes = NO_CHANGES, edition: str | None = None) -> MeasureRecord:
    """The record with what the plan's measures by level say against it (where and when it started)."""
    try:
        note, _ = note_for(session, row.kind, row.division, row.started_at, edition or plan_edition(session))
    except ValueError:  # a kind the edition does not know: nothing to compare
        note = ""
    return MeasureRecord.of(row, changes, note)


def _load(session, measure_id: int) -> Measure:
    row = session.get(Measure, measure_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {measure_id} 的管控措施。")
    return row


def add_measure(db, kind: str, area: str, decided_by: str, basis: str, operator: str, *,
                started_at: datetime | None = None, review_on: date | None = None, affects_others: bool = False,
                event_id: int | None = None, level_reason: str = "", now: datetime | None = None) -> MeasureRecord:
    """Register a measure decided: pending when an approval the plan requires is still to come. A measure
    the plan does not list at the response level in force where and when it starts (or with no response)
    is registered only with ``level_reason`` (why it was decided all the same); the register and the audit
    entry say what the plan lists."""
    now = now or clock.now()
    started_at = started_at or now
    errors: dict[str, str] = {}
    with db.read() as session:
        edition = plan_edition(session)
    try:
        rule = rules.parse_kind(kind, edition)
    except ValueError as exc:
        rule = None
        errors["kind"] = str(exc)
    division = place = ""
    try:
        division, place = rules.parse_area(area)
    except ValueError as exc:
        errors["area"] = str(exc)
    by = _required(decided_by, errors, "decided_by", "请填写决定机关（如 市政府、市应急指挥部、鹿城区政府）")
    if rule is not None and by:
        problem = rules.decider_problem(rule, by)
        if problem:
            errors["decided_by"] = problem
    text = _required(basis, errors, "basis", "请填写依据：决定文件及文号、会议纪要等")
    clock.check_time(errors, "started_at", started_at, "实施时间", now)
    if review_on is not None and started_at is not None and review_on < clock.local(started_at).date():
        errors["review_on"] = "复核日期不能早于实施日期"
    if errors:
        raise ValidationError(errors)
    assert rule is not None and started_at is not None
    needs = rules.needs_of(rule, by, affects_others or rule.crosses)
    reason = (level_reason or "").strip()
    with db.write() as session:
        require(session, operator, "measure.record")
        if event_id is not None and session.get(Event, event_id) is None:
            raise ValidationError({"event": f"没有编号为 {event_id} 的事件。"})
        note, in_force = note_for(session, rule.name, division, started_at, edition)
        if note and not reason:
            raise ValidationError({"level_reason": f"{note}。如确经依法决定，请填写理由（如 依据的法律条款、"
                                                   "政府的决定），登记后注明“超出响应级别”"})
        row = Measure(kind=rule.name, division=division, place=place, decided_by=by, basis=text,
                      affects_others=affects_others or rule.crosses, needs=",".join(needs), event_id=event_id,
                      started_at=started_at, review_on=review_on, lifted_by="", lift_basis="",
                      level_reason=reason if note else "", operator=operator,
                      recorded_at=utcnow(), approvals=[])
        session.add(row)
        session.flush()
        record = MeasureRecord.of(row, Changes.of(MEASURES), note)
        audit.record(session, operator, "measure.add", f"{rule.name}·{record.area}",
                     after={"id": row.id, "kind": rule.name, "division": division, "place": place, "decided_by": by,
                            "basis": text, "started_at": clock.iso(started_at),
                            "review_on": review_on.isoformat() if review_on else None,
                            "affects_others": row.affects_others, "needs": list(needs), "event_id": event_id,
                            "status": record.status, "level_in_force": in_force.as_json(),
                            "level_note": note or None, "level_reason": (reason or None) if note else None})
        return record


def approve_measure(db, measure_id: int, approved_by: str, ref: str, operator: str, *,
                    approved_at: datetime | None = None, now: datetime | None = None) -> MeasureRecord:
    """Record an approval a measure needed (who, reference, when); the approver must be the body the plan names."""
    now = now or clock.now()
    approved_at = approved_at or now
    errors: dict[str, str] = {}
    by = _required(approved_by, errors, "approved_by", "请填写批准机关（如 浙江省政府、市政府）")
    reference = _required(ref, errors, "ref", "请填写批准文件的文号或记录")
    clock.check_time(errors, "approved_at", approved_at, "批准时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "measure.record")
        serialise(session, f"measure:{measure_id}")
        row = _load(session, measure_id)
        record = MeasureRecord.of(row)
        what = f"第{row.id}号措施（{row.kind}·{record.area}）"
        if record.status == LIFTED:
            raise RefusedError(f"{what}已于{clock.local_text(row.lifted_at)}解除，不再登记批准。")
        if not record.open_needs:
            raise RefusedError(f"{what}无需批准或已全部批准，正在实施。" if record.needs else f"{what}预案未要求批准。")
        problem = rules.approval_problem(record.open_needs, by, row.decided_by)
        if problem:
            raise ValidationError({"approved_by": problem})
        given = [n for n in record.open_needs if rules.fits(n, by, row.decided_by)]
        for need in given:
            row.approvals.append(MeasureApproval(need=need, approved_by=by, ref=reference, approved_at=approved_at,
                                                 operator=operator, recorded_at=utcnow()))
        session.flush()
        after = _of(session, row, Changes.of(MEASURES))
        audit.record(session, operator, "measure.approve", f"{row.kind}·{after.area}",
                     before={"id": row.id, "status": record.status, "open_needs": list(record.open_needs)},
                     after={"id": row.id, "needs_met": given, "approved_by": by, "ref": reference,
                            "approved_at": clock.iso(approved_at), "status": after.status,
                            "open_needs": list(after.open_needs)})
        return after


def lift_measure(db, measure_id: int, lifted_at: datetime, operator: str, *, lifted_by: str = "", basis: str = "",
                 now: datetime | None = None) -> MeasureRecord:
    """Record that a measure was lifted (停工停业停课: 指导复工复产复学), or withdrawn while still pending."""
    now = now or clock.now()
    errors: dict[str, str] = {}
    clock.check_time(errors, "lifted_at", lifted_at, "解除时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "measure.record")
        serialise(session, f"measure:{measure_id}")
        row = _load(session, measure_id)
        before = MeasureRecord.of(row)
        what = f"第{row.id}号措施（{row.kind}·{before.area}）"
        if row.lifted_at is not None:
            raise RefusedError(f"{what}已于{clock.local_text(row.lifted_at)}解除。")
        if lifted_at < row.started_at:
            raise ValidationError({"lifted_at": f"解除时间早于{what}的实施时间（{clock.local_text(row.started_at)}）"})
        row.lifted_at, row.lifted_by, row.lift_basis = lifted_at, (lifted_by or "").strip(), (basis or "").strip()
        session.flush()
        after = _of(session, row, Changes.of(MEASURES))
        audit.record(session, operator, "measure.lift", f"{row.kind}·{after.area}",
                     before={"id": row.id, "status": before.status},
                     after={"id": row.id, "status": after.status, "lifted_at": clock.iso(lifted_at),
                            "lifted_by": row.lifted_by, "basis": row.lift_basis})
        return after


def set_review(db, measure_id: int, review_on: date | None, operator: str) -> MeasureRecord:
    """Record a measure's next review date (after a review, or when the date is moved); None clears it."""
    with db.write() as session:
        require(session, operator, "measure.record")
        serialise(session, f"measure:{measure_id}")
        row = _load(session, measure_id)
        before = MeasureRecord.of(row)
        what = f"第{row.id}号措施（{row.kind}·{before.area}）"
        if row.lifted_at is not None:
            raise RefusedError(f"{what}已于{clock.local_text(row.lifted_at)}解除，无需复核。")
        if review_on is not None and review_on < clock.local(row.started_at).date():
            raise ValidationError({"review_on": f"复核日期不能早于实施日期（{clock.local_text(row.started_at, '%Y-%m-%d')}）"})
        if review_on == row.review_on:
            raise RefusedError(f"{what}的复核日期没有变化。")
        row.review_on = review_on
        session.flush()
        after = _of(session, row, Changes.of(MEASURES))
        audit.record(session, operator, "measure.review", f"{row.kind}·{after.area}",
                     before={"id": row.id, "review_on": before.review_on.isoformat() if before.review_on else None},
                     after={"id": row.id, "review_on": review_on.isoformat() if review_on else None})
        return after


def measures_in(session) -> list[MeasureRecord]:
    """Every measure, oldest first, as ``session`` sees them."""
    query = select(Measure).options(selectinload(Measure.approvals)).order_by(Measure.started_at, Measure.id)
    edition = plan_edition(session)
    return [_of(session, r, edition=edition) for r in session.scalars(query)]


def register(db, now: datetime | None = None) -> MeasureRegister:
    """The register: every measure with its status; the caller filters."""
    now = now or clock.now()
    with db.read() as session:
        return MeasureRegister(tuple(measures_in(session)), now, plan_edition(session))


def level_note(db, kind: str, area: str, started_at: datetime) -> str:
    """What the record would say against a measure of ``kind`` in ``area`` starting ``started_at`` (the
    register form shows it before saving); '' when the plan lists it then, or kind or area are not known."""
    with db.read() as session:
        try:
            division, _ = rules.parse_area(area)
            return note_for(session, kind, division, started_at, plan_edition(session))[0]
        except ValueError:
            return ""


def get_measure(db, measure_id: int) -> MeasureRecord:
    with db.read() as session:
        return _of(session, _load(session, measure_id))


def basis_text(kind: str, edition: str) -> list[str]:
    """The plan's words for a kind, each with its clause: 《…预案》6.3.1(5)：“中断交通干道的，应经省政府批准。”"""
    rule = rules.parse_kind(kind, edition)
    return [quote_text(s, q, edition) for s, q in rule.basis]


def quote_text(source: str, quote: str, edition: str) -> str:
    """《…预案》6.2.3(4)（Ⅱ级应急响应措施）：“…” — an ari clause says which level's measures it lists."""
    level = rules.clause_level(source)
    return f"{source_text(source, edition)}{f'（{level}应急响应措施）' if level else ''}：“{quote}”"


def as_json(m: MeasureRecord, today: date) -> dict:
    return {"id": m.id, "kind": m.kind, "division": m.division, "place": m.place, "area": m.area,
            "decided_by": m.decided_by, "basis": m.basis, "status": m.status, "needs": list(m.needs),
            "open_needs": [rules.NEEDS[n].name for n in m.open_needs],
            "approvals": [{"need": rules.NEEDS[a.need].name, "by": a.approved_by, "ref": a.ref,
                           "at": clock.iso(a.approved_at)} for a in m.approvals],
            "affects_others": m.affects_others, "event_id": m.event_id, "started_at": clock.iso(m.started_at),
            "review_on": m.review_on.isoformat() if m.review_on else None, "review_overdue": m.review_overdue(today),
            "lifted_at": clock.iso(m.lifted_at), "lifted_by": m.lifted_by or None,
            "level_note": m.level_note or None, "level_reason": m.level_reason or None}
