"""征用补偿 (phe 7.3): after a response ends, the office enters per owner the assessment and the
amount; the compensation list gives, per owner, what was requisitioned in that response, the
assessment and amount, with the owners' totals and the grand total."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import clock
from ..plan import requisitions as rules
from ..plan.sources import source_text
from ..storage import audit
from ..storage.models import RequisitionCompensation, RequisitionOwner, utcnow
from .accounts import require
from .changes import NO_CHANGES, REQUISITIONS, Changes
from .errors import NotFoundError, ServiceError, ValidationError
from .requisitions import RequisitionRecord, responses_in, rows_in
from .roster import plan_of_session


@dataclass(frozen=True)
class OwnerLine:
    owner_id: int
    kind: str
    name: str
    contact: str
    items: tuple[RequisitionRecord, ...]
    assessment: str
    amount_fen: int | None  # None: not yet assessed

    @property
    def kind_name(self) -> str:
        return rules.OWNER_KINDS.get(self.kind, self.kind)

    @property
    def unreturned(self) -> int:
        return sum(1 for r in self.items if not r.returned)


@dataclass(frozen=True)
class CompensationList:
    response: rules.Response | None
    owners: tuple[OwnerLine, ...]
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @property
    def total_fen(self) -> int:
        return sum(o.amount_fen or 0 for o in self.owners)

    @property
    def unassessed(self) -> tuple[OwnerLine, ...]:
        return tuple(o for o in self.owners if o.amount_fen is None)

    @property
    def unreturned(self) -> int:
        return sum(o.unreturned for o in self.owners)

    @property
    def ended(self) -> bool:
        return self.response is not None and self.response.ended is not None

    @property
    def quote(self) -> tuple[str, str]:
        return rules.COMPENSATION_QUOTES.get(self.response.plan if self.response else "public_health",
                                             rules.COMPENSATION_QUOTES["public_health"])


def _response(session, response_id: int | None) -> rules.Response | None:
    found = responses_in(session)
    if response_id is None:
        return found[-1] if found else None
    chosen = next((r for r in found if r.start_id == response_id), None)
    if chosen is None:
        starts = "、".join(str(r.start_id) for r in found) or "无"
        raise NotFoundError(f"没有以第{response_id}号决定启动的应急响应（可选：{starts}）。")
    return chosen


def _owners_response(session, owner: str, kind: str | None) -> rules.Response | None:
    """Without a response named: the latest one in which ``owner`` had something requisitioned (an owner of
    an ended response is compensated while the next one is in force), else the latest one started."""
    found = responses_in(session)
    theirs = {r.response_id for r in rows_in(session)
              if r.owner == owner.strip() and (kind is None or r.owner_kind == kind)}
    return next((r for r in reversed(found) if r.start_id in theirs), found[-1] if found else None)


def _list(session, response: rules.Response | None) -> CompensationList:
    if response is None:
        return CompensationList(None, ())
    items = [r for r in rows_in(session) if r.response_id == response.start_id]
    paid = {c.owner_id: c for c in session.scalars(
        select(RequisitionCompensation).where(RequisitionCompensation.response_id == response.start_id))}
    owners: dict[int, list[RequisitionRecord]] = {}
    for r in items:
        owners.setdefault(r.owner_id, []).append(r)
    lines = []
    for owner_id, rows in owners.items():
        c = paid.get(owner_id)
        first = rows[0]
        lines.append(OwnerLine(owner_id, first.owner_kind, first.owner, first.contact, tuple(rows),
                               c.assessment if c else "", c.amount_fen if c else None))
    order = list(rules.OWNER_KINDS)
    lines.sort(key=lambda o: (order.index(o.kind) if o.kind in order else len(order), o.items[0].taken_at))
    return CompensationList(response, tuple(lines))


def compensation_list(db, response_id: int | None = None) -> CompensationList:
    """Per owner, for one response (default: the latest one started)."""
    with db.read() as session:
        return _list(session, _response(session, response_id))


def set_compensation(db, owner: str, amount: str, assessment: str, operator: str, *, owner_kind: str | None = None,
                     response_id: int | None = None) -> CompensationList:
    """Enter (or correct) one owner's assessment and amount for a response that has ended (default: the
    latest response in which the owner had something requisitioned)."""
    errors: dict[str, str] = {}
    fen = None
    try:
        fen = rules.parse_amount(amount)
    except ValueError as exc:
        errors["amount"] = str(exc)
    if not (assessment or "").strip():
        errors["assessment"] = "请填写评估意见（评估的依据、方法和结论）"
    if not (owner or "").strip():
        errors["owner"] = "请填写被征用方名称"
    kind = None
    if owner_kind:
        try:
            kind = rules.parse_kind(owner_kind, rules.OWNER_KINDS, "被征用方类别")
        except ValueError as exc:
            errors["owner_kind"] = str(exc)
    if errors:
        raise ValidationError(errors)
    assert fen is not None
    with db.write() as session:
        require(session, operator, "requisition.compensate")
        response = _response(session, response_id) if response_id is not None else _owners_response(session, owner, kind)
        if response is None:
            raise ServiceError("尚未启动过应急响应，没有临时征用的财物或劳务，无需登记补偿。")
        if response.ended is None:
            source, quote = rules.COMPENSATION_QUOTES.get(response.plan, rules.COMPENSATION_QUOTES["public_health"])
            raise ServiceError(f"{clock.local_text(response.started)}启动的应急响应尚未终止，暂不能登记补偿。"
                               f"{source_text(source, plan_of_session(session).edition)}：“{quote}”")
        listing = _list(session, response)
        query = select(RequisitionOwner).where(RequisitionOwner.name == owner.strip())
        if kind:
            query = query.where(RequisitionOwner.kind == kind)
        candidates = [o for o in session.scalars(query) if any(line.owner_id == o.id for line in listing.owners)]
        if not candidates:
            names = "、".join(o.name for o in listing.owners) or "无"
            raise ValidationError({"owner": f"本次应急响应中没有征用过“{owner.strip()}”的财物或劳务（被征用方：{names}）"})
        if len(candidates) > 1:
            raise ValidationError({"owner_kind": f"“{owner.strip()}”既是{'又是'.join(rules.OWNER_KINDS[o.kind] for o in candidates)}，"
                                                 "请指明被征用方类别"})
        target = candidates[0]
        row = session.scalars(select(RequisitionCompensation).where(
            RequisitionCompensation.owner_id == target.id,
            RequisitionCompensation.response_id == response.start_id)).first()
        before = {"amount": rules.yuan(row.amount_fen), "assessment": row.assessment} if row else None
        if row is None:
            row = RequisitionCompensation(owner_id=target.id, response_id=response.start_id, assessment="",
                                          amount_fen=0, operator=operator, recorded_at=utcnow())
            session.add(row)
        row.assessment, row.amount_fen = assessment.strip(), fen
        row.operator, row.recorded_at = operator, utcnow()
        session.flush()
        audit.record(session, operator, "requisition.compensate", target.name, before=before,
                     after={"amount": rules.yuan(fen), "amount_fen": fen, "assessment": row.assessment,
                            "response": response.start_id, "response_ended": clock.iso(response.ended)})
        return CompensationList(listing.response, _list(session, response).owners, Changes.of(REQUISITIONS))


def closing_lines(db, response_ids: list[int]) -> list[str]:
    """The closing report's words on the requisitions of the event's responses (7.1, 7.3): how many,
    of what, returned or not, and where the compensation stands; [] when nothing was requisitioned."""
    with db.read() as session:
        found = {r.start_id: r for r in responses_in(session)}
        listings = [_list(session, found[i]) for i in response_ids if i in found]
    owners = [o for listing in listings for o in listing.owners]
    items = [r for o in owners for r in o.items]
    if not items:
        return []
    kinds = {name: sum(1 for r in items if r.kind == key) for key, name in rules.KINDS.items()}
    text = (f"应急处置期间临时征用{len(owners)}个单位、企业或个人的物资和劳务{len(items)}项（"
            + "、".join(f"{name}{n}项" for name, n in kinds.items() if n) + "）")
    unreturned = sum(o.unreturned for o in owners)
    text += f"，尚有{unreturned}项未归还" if unreturned else "，均已归还或耗用"
    assessed = [o for o in owners if o.amount_fen is not None]
    if not assessed:
        return [text + "；补偿尚待评估。"]
    total = sum(o.amount_fen or 0 for o in assessed)
    pending = len(owners) - len(assessed)
    return [text + f"；已评估补偿{len(assessed)}个被征用方，合计{rules.yuan(total)}"
            + (f"，{pending}个尚待评估。" if pending else "。")]
