"""The requisition register (临时征用, phe 6.3.1 (5)) and the compensation list (征用补偿, phe 7.3).

A requisition records what was taken (kind, description, quantity), from whom (an owner: unit,
enterprise or person, with contact; one row per owner), by which decision (deciding body and its
reference), when and in what condition; returning it records when and in what condition. It belongs
to the response in force when it was taken (a requisition is a response measure: one taken while no
response is in force is refused). After the response ends the office enters, per owner, the
assessment and the amount (元); the compensation list gives each owner's requisitions, amount and
the grand total. Ending a response with requisitions not yet returned is not refused (the plan puts
their return and compensation after the end, 7.3) but the end shows and records them (services/response_end.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import clock
from ..plan import requisitions as rules
from ..storage import audit
from ..storage.models import LevelDecision, Requisition, RequisitionCompensation, RequisitionOwner, utcnow
from .accounts import require
from .changes import NO_CHANGES, REQUISITIONS, Changes
from .errors import NotFoundError, RefusedError, ServiceError, ValidationError


@dataclass(frozen=True)
class RequisitionRecord:
    id: int
    kind: str
    description: str
    quantity: str
    owner_id: int
    owner_kind: str
    owner: str
    contact: str
    decided_by: str
    decision_ref: str
    taken_at: datetime
    condition_taken: str
    returned_at: datetime | None
    condition_returned: str
    response_id: int | None  # the decision that started the response it was taken in
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @property
    def kind_name(self) -> str:
        return rules.KINDS.get(self.kind, self.kind)

    @property
    def owner_kind_name(self) -> str:
        return rules.OWNER_KINDS.get(self.owner_kind, self.owner_kind)

    @property
    def returned(self) -> bool:
        return self.returned_at is not None

    def summary(self) -> str:
        """第3号 交通工具 大客车（2辆），温州某某客运有限公司，2026-11-20 09:00征用"""
        return (f"第{self.id}号 {self.kind_name} {self.description}（{self.quantity}），{self.owner}，"
                f"{clock.local_text(self.taken_at)}征用")


def _record(row: Requisition, response_id: int | None, changes: Changes = NO_CHANGES) -> RequisitionRecord:
    o = row.owner
    return RequisitionRecord(row.id, row.kind, row.description, row.quantity, o.id, o.kind, o.name, o.contact,
                             row.decided_by, row.decision_ref, row.taken_at, row.condition_taken, row.returned_at,
                             row.condition_returned, response_id, changes)


def responses_in(session) -> list[rules.Response]:
    rows = session.execute(select(LevelDecision.id, LevelDecision.kind, LevelDecision.decided_at, LevelDecision.plan)
                           .order_by(LevelDecision.decided_at, LevelDecision.id)).all()
    return rules.responses((r.id, r.kind, r.decided_at, r.plan or "public_health") for r in rows)


def _response_id(found: list[rules.Response], at: datetime) -> int | None:
    r = rules.response_of(found, at)
    return r.start_id if r else None


def _text(value: str | None) -> str:
    return (value or "").strip()


def add_requisition(db, kind: str, description: str, quantity: str, owner_kind: str, owner: str,
                    decided_by: str, decision_ref: str, taken_at: datetime, condition_taken: str, operator: str,
                    *, contact: str = "", now: datetime | None = None) -> RequisitionRecord:
    """Register one requisition; the owner is found by kind and name (or added), its contact updated
    when a new one is given."""
    errors: dict[str, str] = {}
    try:
        kind = rules.parse_kind(kind, rules.KINDS, "征用类别")
    except ValueError as exc:
        errors["kind"] = str(exc)
    try:
        owner_kind = rules.parse_kind(owner_kind, rules.OWNER_KINDS, "被征用方类别")
    except ValueError as exc:
        errors["owner_kind"] = str(exc)
    values = {"description": _text(description), "quantity": _text(quantity), "owner": _text(owner),
              "decided_by": _text(decided_by), "decision_ref": _text(decision_ref),
              "condition_taken": _text(condition_taken), "contact": _text(contact)}
    wanted = {"description": "请填写征用的财物或劳务（如 某某酒店主楼、大客车）", "quantity": "请填写数量（如 2辆、120间）",
              "owner": "请填写被征用的单位、企业或个人名称", "decided_by": "请填写作出征用决定的机关（如 温州市人民政府）",
              "decision_ref": "请填写征用决定的文号或记录", "condition_taken": "请填写征用时的状况（如 完好、七成新）"}
    errors.update({key: text for key, text in wanted.items() if not values[key]})
    clock.check_time(errors, "taken_at", taken_at, "征用时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "requisition.edit")
        found = responses_in(session)
        if rules.response_at(found, taken_at) is None:
            raise ValidationError({"taken_at": f"{clock.local_text(taken_at)}不在应急响应期间（临时征用是应急响应的"
                                               "控制措施），请核对征用时间或先记录启动应急响应。"})
        row_owner = session.scalars(select(RequisitionOwner).where(RequisitionOwner.kind == owner_kind,
                                                                   RequisitionOwner.name == values["owner"])).first()
        if row_owner is None:
            row_owner = RequisitionOwner(kind=owner_kind, name=values["owner"], contact=values["contact"])
            session.add(row_owner)
        elif values["contact"] and values["contact"] != row_owner.contact:
            row_owner.contact = values["contact"]
        row = Requisition(owner=row_owner, kind=kind, description=values["description"], quantity=values["quantity"],
                          decided_by=values["decided_by"], decision_ref=values["decision_ref"], taken_at=taken_at,
                          condition_taken=values["condition_taken"], condition_returned="", operator=operator,
                          recorded_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "requisition.add", f"第{row.id}号征用",
                     after={**values, "kind": kind, "owner_kind": owner_kind, "taken_at": clock.iso(taken_at)})
        return _record(row, _response_id(found, taken_at), Changes.of(REQUISITIONS))


def return_requisition(db, requisition_id: int, returned_at: datetime, condition: str, operator: str,
                       *, now: datetime | None = None) -> RequisitionRecord:
    """Record the return (or, for goods and services, their use: 已耗用) and the condition."""
    errors: dict[str, str] = {}
    clock.check_time(errors, "returned_at", returned_at, "归还时间", now)
    if not _text(condition):
        errors["condition_returned"] = "请填写归还时的状况（如 完好、已耗用、损坏及程度）"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "requisition.edit")
        row = _load(session, requisition_id)
        if row.returned_at is not None:
            raise ServiceError(f"第{row.id}号征用已于{clock.local_text(row.returned_at)}登记归还，未做改动。")
        if returned_at < row.taken_at:
            raise ValidationError({"returned_at": f"归还时间不能早于征用时间（{clock.local_text(row.taken_at)}）"})
        row.returned_at, row.condition_returned = returned_at, _text(condition)
        session.flush()
        audit.record(session, operator, "requisition.return", f"第{row.id}号征用",
                     before={"returned_at": None},
                     after={"returned_at": clock.iso(returned_at), "condition_returned": row.condition_returned})
        return _record(row, _response_id(responses_in(session), row.taken_at), Changes.of(REQUISITIONS))


# What a correction may change, as the register names it.
CORRECTABLE = {"kind": "征用类别", "description": "财物或劳务", "quantity": "数量", "owner_kind": "被征用方类别",
               "owner": "被征用方", "contact": "联系方式", "decided_by": "决定机关", "decision_ref": "决定文号",
               "taken_at": "征用时间", "condition_taken": "征用时状况"}


def _fields(row: Requisition) -> dict:
    return {"kind": row.kind, "description": row.description, "quantity": row.quantity, "owner_kind": row.owner.kind,
            "owner": row.owner.name, "contact": row.owner.contact, "decided_by": row.decided_by,
            "decision_ref": row.decision_ref, "taken_at": row.taken_at, "condition_taken": row.condition_taken}


def _assessed(session, owner_id: int, response: rules.Response | None) -> RequisitionCompensation | None:
    if response is None:
        return None
    return session.scalars(select(RequisitionCompensation).where(
        RequisitionCompensation.owner_id == owner_id, RequisitionCompensation.response_id == response.start_id)).first()


def correct_requisition(db, requisition_id: int, reason: str, operator: str, *, now: datetime | None = None,
                        **changes) -> RequisitionRecord:
    """Correct what was registered (a field not given, or None, stays as it was), with the reason; the audit
    entry keeps each changed field before and after. Refused once the owner's compensation for that response
    is entered (the assessment was made on the register as it stood), and, after the return, for the
    condition when taken (the condition returned was recorded against it)."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise TypeError(f"not correctable: {sorted(unknown)}")
    wanted = {k: v for k, v in changes.items() if v is not None}
    errors: dict[str, str] = {}
    if not _text(reason):
        errors["reason"] = "请填写更正理由（如 登记时数量笔误、被征用方名称写错）"
    for key in ("kind", "owner_kind"):
        if key in wanted:
            try:
                wanted[key] = rules.parse_kind(wanted[key], rules.KINDS if key == "kind" else rules.OWNER_KINDS,
                                               CORRECTABLE[key])
            except ValueError as exc:
                errors[key] = str(exc)
    for key, value in list(wanted.items()):
        if key in ("kind", "owner_kind", "taken_at"):
            continue
        wanted[key] = _text(value)
        if not wanted[key] and key != "contact":
            errors[key] = f"{CORRECTABLE[key]}不能为空"
    if "taken_at" in wanted:
        clock.check_time(errors, "taken_at", wanted["taken_at"], "征用时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "requisition.edit")
        row = _load(session, requisition_id)
        what = f"第{row.id}号征用"
        before = _fields(row)
        after = {**before, **wanted}
        changed = [k for k in CORRECTABLE if after[k] != before[k]]
        if not changed:
            raise RefusedError(f"{what}的登记内容没有变化，未做更正。")
        found = responses_in(session)
        was_in, now_in = rules.response_of(found, row.taken_at), rules.response_at(found, after["taken_at"])
        if "taken_at" in changed and now_in is None:
            raise ValidationError({"taken_at": f"{clock.local_text(after['taken_at'])}不在应急响应期间（临时征用是应急"
                                               "响应的控制措施），请核对征用时间。"})
        if row.returned_at is not None:
            if "condition_taken" in changed:
                raise RefusedError(f"{what}已于{clock.local_text(row.returned_at)}登记归还（{row.condition_returned}），"
                                   "归还状况是与征用时状况对照登记的，征用时状况不再更正。")
            if after["taken_at"] > row.returned_at:
                raise ValidationError({"taken_at": f"征用时间不能晚于归还时间（{clock.local_text(row.returned_at)}）"})
        owner = row.owner
        if {"owner", "owner_kind"} & set(changed):
            owner = session.scalars(select(RequisitionOwner).where(
                RequisitionOwner.kind == after["owner_kind"], RequisitionOwner.name == after["owner"])).first()
        for who, response in ((row.owner, was_in), (owner, rules.response_of(found, after["taken_at"]))):
            paid = _assessed(session, who.id, response) if who is not None else None
            if paid is not None:
                raise RefusedError(f"{who.name}在本次应急响应中的征用补偿已登记（{rules.yuan(paid.amount_fen)}，"
                                   f"{clock.local_text(paid.recorded_at)}），补偿是按登记的征用评估的，{what}不再更正。"
                                   "如登记有误，请在补偿评估意见中说明。")
        if owner is None:
            owner = RequisitionOwner(kind=after["owner_kind"], name=after["owner"], contact="")
            session.add(owner)
        if "contact" in changed or owner is not row.owner and after["contact"]:
            owner.contact = after["contact"]
        row.owner = owner
        row.kind, row.description, row.quantity = after["kind"], after["description"], after["quantity"]
        row.decided_by, row.decision_ref = after["decided_by"], after["decision_ref"]
        row.taken_at, row.condition_taken = after["taken_at"], after["condition_taken"]
        session.flush()

        def shown(values: dict) -> dict:
            return {k: clock.iso(values[k]) if k == "taken_at" else values[k] for k in changed}

        audit.record(session, operator, "requisition.correct", what, before=shown(before),
                     after={**shown(after), "reason": _text(reason)})
        return _record(row, _response_id(found, row.taken_at), Changes.of(REQUISITIONS))


def rows_in(session, unreturned_only: bool = False) -> list[RequisitionRecord]:
    found = responses_in(session)
    query = select(Requisition).order_by(Requisition.taken_at, Requisition.id)
    if unreturned_only:
        query = query.where(Requisition.returned_at.is_(None))
    return [_record(r, _response_id(found, r.taken_at)) for r in session.scalars(query)]


def list_requisitions(db, *, unreturned_only: bool = False) -> list[RequisitionRecord]:
    with db.read() as session:
        return rows_in(session, unreturned_only)


def owners(db) -> list[tuple[str, str, str]]:
    """(name, kind, contact) of every owner registered, by name: the add form offers them, so one
    owner is not typed two ways."""
    with db.read() as session:
        return [(o.name, o.kind, o.contact) for o in
                session.scalars(select(RequisitionOwner).order_by(RequisitionOwner.name, RequisitionOwner.kind))]


def end_note(rows: list[RequisitionRecord]) -> str:
    """The line the end of a response shows for them ('' when every requisition is returned)."""
    if not rows:
        return ""
    return (f"尚未归还的征用{len(rows)}项（终止后须归还并评估补偿，7.3）：" + "；".join(r.summary() for r in rows) + "。")


def _load(session, requisition_id: int) -> Requisition:
    row = session.get(Requisition, requisition_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {requisition_id} 的征用登记。")
    return row
