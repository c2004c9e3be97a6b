"""Requests for supplies from member units and counties: 待审批 → 已批准 → 已发放 → 已签收 (or 未批准),
each step with a clock like a 交办单's (plan.supplies.request_clocks: the program's time limits) and a
chase list by requester with the liaison's phone. Issuing a request is a stock movement of the same
transaction: it is refused, and the request stays approved, when the site has too little."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import supplies as rules
from ..plan.deadlines import Clock
from ..plan.numbers import quantity_text
from ..storage import audit
from ..storage.models import CountyContact, SupplyItem, SupplyRequest, utcnow
from .accounts import require
from .changes import NO_CHANGES, SUPPLIES, Changes
from .errors import NotFoundError, ValidationError
from .roster import list_units
from .supplies import MAX_QUANTITY, MoveSpec, _item, apply_move, move_summary, resolve_party

DEFAULT_NEEDED = timedelta(hours=24)  # the program's choice when the request gives no time


@dataclass(frozen=True)
class RequestRecord:
    id: int
    requester: str
    item: str
    unit: str
    quantity: int
    approved_quantity: int | None
    purpose: str
    status: str
    requested_at: datetime
    needed_by: datetime
    approved_at: datetime | None
    approved_by: str
    issued_at: datetime | None
    received_at: datetime | None
    received_by: str
    note: str
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @property
    def times(self) -> rules.RequestTimes:
        return rules.RequestTimes(self.status, self.requested_at, self.needed_by, self.approved_at, self.issued_at,
                                  self.received_at)

    def shown_status(self, now: datetime) -> str:
        return rules.display_status(self.times, now)

    def status_name(self, now: datetime) -> str:
        return rules.STATUSES[self.shown_status(now)]

    def clock(self) -> Clock | None:
        return rules.current_clock(self.times)

    @property
    def open(self) -> bool:
        return self.status in rules.CLOCK_KINDS


def _record(session, row: SupplyRequest, changed: bool = False) -> RequestRecord:
    item = session.get(SupplyItem, row.item_id)
    return RequestRecord(row.id, row.requester, item.name, item.unit, row.quantity, row.approved_quantity, row.purpose,
                         row.status, row.requested_at, row.needed_by, row.approved_at, row.approved_by, row.issued_at,
                         row.received_at, row.received_by, row.note, Changes.of(SUPPLIES) if changed else NO_CHANGES)


def _when(at: datetime | None, now: datetime | None, what: str) -> datetime:
    """``at`` (default: now) when clock.check_time takes it; ``what`` names the step's time (发放时间)."""
    now = now or clock.now()
    at = at or now
    errors: dict[str, str] = {}
    clock.check_time(errors, "at", at, what, now)
    if errors:
        raise ValidationError(errors)
    return at


def _quantity(value: int, key: str = "qty") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError({key: "数量应为正整数"})
    if value > MAX_QUANTITY:
        raise ValidationError({key: f"数量过大（不超过{MAX_QUANTITY}）"})
    return value


def add_request(db, requester: str, item: str, quantity: int, operator: str, *, needed_by: datetime | None = None,
                purpose: str = "", at: datetime | None = None, now: datetime | None = None) -> RequestRecord:
    at = _when(at, now, "申请时间")
    quantity = _quantity(quantity)
    needed = needed_by or at + DEFAULT_NEEDED
    if needed.tzinfo is None or needed < at:
        raise ValidationError({"needed_by": "需用时间不能早于申请时间"})
    with db.write() as session:
        require(session, operator, "supplies.edit")
        who = resolve_party(session, requester, "requester", "申请单位")
        row = SupplyRequest(requester=who, item_id=_item(session, item).id, quantity=quantity, purpose=(purpose or "").strip(),
                            status="requested", requested_at=at, needed_by=needed, operator=operator,
                            recorded_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "supply.request", f"第{row.id}号申请",
                     after={"requester": who, "item": item, "quantity": quantity, "needed_by": clock.iso(needed)})
        return _record(session, row, True)


def _get(session, request_id: int) -> SupplyRequest:
    row = session.get(SupplyRequest, request_id)
    if row is None:
        raise NotFoundError(f"没有编号为 {request_id} 的物资申请。")
    return row


def _step(row: SupplyRequest, to: str) -> None:
    if to not in rules.NEXT[row.status]:
        raise ValidationError({"status": f"第{row.id}号申请当前为“{rules.STATUSES[row.status]}”，"
                                         f"不能改为“{rules.STATUSES[to]}”"})


def approve(db, request_id: int, operator: str, *, quantity: int | None = None, by: str = "",
            at: datetime | None = None, now: datetime | None = None) -> RequestRecord:
    """Approved (by 物资保障组 or whoever the office names), for the quantity requested or less."""
    at = _when(at, now, "批准时间")
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = _get(session, request_id)
        _step(row, "approved")
        granted = _quantity(quantity, "approved_quantity") if quantity is not None else row.quantity
        if granted > row.quantity:
            raise ValidationError({"approved_quantity": f"批准数量不能多于申请数量（{quantity_text(row.quantity, session.get(SupplyItem, row.item_id).unit)}）"})
        if at < row.requested_at:
            raise ValidationError({"at": "审批时间不能早于申请时间"})
        row.status, row.approved_quantity, row.approved_at = "approved", granted, at
        row.approved_by = (by or "").strip() or "物资保障组"
        audit.record(session, operator, "supply.approve", f"第{row.id}号申请",
                     after={"approved_quantity": granted, "by": row.approved_by, "at": clock.iso(at)})
        session.flush()
        return _record(session, row, True)


def reject(db, request_id: int, operator: str, reason: str, *, at: datetime | None = None,
           now: datetime | None = None) -> RequestRecord:
    if not (reason or "").strip():
        raise ValidationError({"note": "请填写不予批准的理由"})
    at = _when(at, now, "审批时间")
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = _get(session, request_id)
        _step(row, "rejected")
        row.status, row.approved_at, row.note = "rejected", at, reason.strip()
        audit.record(session, operator, "supply.reject", f"第{row.id}号申请", after={"reason": row.note})
        session.flush()
        return _record(session, row, True)


def issue(db, request_id: int, site: str, operator: str, *, at: datetime | None = None,
          now: datetime | None = None) -> RequestRecord:
    """Issue the approved quantity from `site` to the requester: a stock movement in the same transaction."""
    at = _when(at, now, "发放时间")
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = _get(session, request_id)
        _step(row, "issued")
        if at < (row.approved_at or row.requested_at):
            raise ValidationError({"at": "发放时间不能早于审批时间"})
        item = session.get(SupplyItem, row.item_id)
        move = apply_move(session, MoveSpec(item.name, site, -(row.approved_quantity or row.quantity),
                                            to_unit=row.requester, ref=f"第{row.id}号物资申请"), operator, at, row.id)
        row.status, row.issued_at = "issued", at
        audit.record(session, operator, "supply.issue", f"第{row.id}号申请",
                     after={"site": site, "move": move_summary(move)})
        session.flush()
        return _record(session, row, True)


def receive(db, request_id: int, operator: str, *, by: str = "", at: datetime | None = None,
            now: datetime | None = None) -> RequestRecord:
    """The requester confirmed receipt (签收)."""
    at = _when(at, now, "签收时间")
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = _get(session, request_id)
        _step(row, "received")
        if row.issued_at and at < row.issued_at:
            raise ValidationError({"at": "签收时间不能早于发放时间"})
        row.status, row.received_at, row.received_by = "received", at, (by or "").strip()
        audit.record(session, operator, "supply.receive", f"第{row.id}号申请",
                     after={"by": row.received_by, "at": clock.iso(at)})
        session.flush()
        return _record(session, row, True)


def list_requests(db, *, open_only: bool = False) -> list[RequestRecord]:
    """Requests, newest first."""
    query = select(SupplyRequest).order_by(SupplyRequest.requested_at.desc(), SupplyRequest.id.desc())
    if open_only:
        query = query.where(SupplyRequest.status.in_(tuple(rules.CLOCK_KINDS)))
    with db.read() as session:
        return [_record(session, r) for r in session.scalars(query)]


@dataclass(frozen=True)
class ChaseGroup:
    requester: str
    liaison: str
    phone: str
    requests: tuple[RequestRecord, ...]


def chase_list(db, now: datetime | None = None) -> list[ChaseGroup]:
    """Open requests by requester, overdue first, with the liaison's phone (units: the roster;
    counties: their 指挥部's liaison or duty phone)."""
    now = now or clock.now()
    by: dict[str, list[RequestRecord]] = defaultdict(list)
    for r in list_requests(db, open_only=True):
        by[r.requester].append(r)
    contacts = {u.name: (u.contact.get("liaison", ""), u.contact.get("mobile") or u.contact.get("duty_phone")
                         or u.contact.get("office_phone", "")) for u in list_units(db)}
    with db.read() as session:
        for c in session.scalars(select(CountyContact)):
            contacts[c.county] = (c.liaison, c.liaison_phone or c.duty_phone)
    groups = []
    for who, rows in by.items():
        rows.sort(key=lambda r: (r.shown_status(now) != "overdue", _due(r)))
        liaison, phone = contacts.get(who, ("", ""))
        groups.append(ChaseGroup(who, liaison, phone, tuple(rows)))
    return sorted(groups, key=lambda g: (-sum(r.shown_status(now) == "overdue" for r in g.requests), g.requester))


def _due(r: RequestRecord) -> datetime:
    c = r.clock()
    return c.due if c is not None else r.needed_by
