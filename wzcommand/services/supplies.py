"""Supplies (物资保障, phe 4.2.2 (5), 8.3.2): the office's item list and sites, stock by site, item
and batch, and its movements — received, issued to a member unit or county, transferred between
sites. Each write is one transaction with its audit entry; a movement that would leave a negative
quantity anywhere is refused whole (plan.supplies says how issues pick batches and how the rate and
the days of cover are computed)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from .. import clock
from ..plan import supplies as rules
from ..plan.counties import COUNTY_NAMES
from ..plan.numbers import grouped
from ..storage import audit
from ..storage.models import StockLine, StockMove, SupplyItem, SupplySite, utcnow
from .accounts import require
from .changes import NO_CHANGES, SUPPLIES, Changes
from .errors import ValidationError
from .roster import plan_of_session

MAX_QUANTITY = 10 ** 9


@dataclass(frozen=True)
class ItemRecord:
    id: int
    name: str
    unit: str
    note: str
    changes: Changes = field(default=NO_CHANGES, compare=False)


@dataclass(frozen=True)
class SiteRecord:
    id: int
    name: str
    address: str
    changes: Changes = field(default=NO_CHANGES, compare=False)


@dataclass(frozen=True)
class MoveRecord:
    id: int
    kind: str
    item: str
    unit: str
    site: str
    to_site: str
    quantity: int
    party: str
    batches: tuple[tuple[str, date | None, int], ...]  # (batch, expiry, quantity) taken or received
    moved_at: datetime
    ref: str
    note: str
    operator: str
    request_id: int | None = None
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @property
    def kind_name(self) -> str:
        return rules.KINDS[self.kind]

    @property
    def where(self) -> str:
        """入库 at site · 发放 site → unit · 调拨 site → site."""
        if self.kind == "transfer":
            return f"{self.site} → {self.to_site}"
        if self.kind == "issue":
            return f"{self.site} → {self.party}"
        return self.site + (f"（来源：{self.party}）" if self.party else "")


@dataclass(frozen=True)
class StockRow:
    """One item at one site: what is there, what is usable, the nearest expiry, the issue rate."""

    site: str
    item: str
    unit: str
    quantity: int
    expired: int
    nearest_expiry: date | None
    issued: int  # over the last RATE_DAYS days, from this site
    batches: tuple[rules.Batch, ...]

    @property
    def usable(self) -> int:
        return self.quantity - self.expired

    @property
    def rate(self) -> float:
        return rules.daily_rate(self.issued)

    @property
    def cover_days(self) -> float | None:
        return rules.days_of_cover(self.usable, self.issued)

    @property
    def cover_text(self) -> str:
        return rules.cover_text(self.usable, self.issued)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _today(now: datetime | None = None) -> date:
    return clock.local(now or clock.now()).date()


def add_item(db, name: str, unit: str, operator: str, *, note: str = "") -> ItemRecord:
    values = {"name": _text(name), "unit": _text(unit), "note": _text(note)}
    errors = {}
    if not values["name"]:
        errors["name"] = "请填写物资名称（如 医用防护服）"
    elif len(values["name"]) > 100:
        errors["name"] = "物资名称过长（不超过100字）"
    if not values["unit"]:
        errors["unit"] = "请填写计量单位（如 件、套、人份）"
    elif len(values["unit"]) > 16:
        errors["unit"] = "计量单位过长（不超过16字）"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "supplies.edit")
        if session.scalars(select(SupplyItem).where(SupplyItem.name == values["name"])).first():
            raise ValidationError({"name": f"物资目录中已有“{values['name']}”"})
        row = SupplyItem(**values, created_by=operator, created_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "supply.item.add", row.name, after=values)
        return ItemRecord(row.id, row.name, row.unit, row.note, Changes.of(SUPPLIES))


def update_item(db, current: str, operator: str, *, name: str | None = None, unit: str | None = None,
                note: str | None = None) -> ItemRecord:
    """Rename an item or change its unit or note (the movements keep pointing at it)."""
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = _item(session, current)
        before = {"name": row.name, "unit": row.unit, "note": row.note}
        after = dict(before)
        for key, value in (("name", name), ("unit", unit), ("note", note)):
            if value is not None:
                after[key] = _text(value)
        if not after["name"] or not after["unit"]:
            raise ValidationError({"name" if not after["name"] else "unit": "物资名称和计量单位不能为空"})
        if after["name"] != row.name and session.scalars(
                select(SupplyItem).where(SupplyItem.name == after["name"])).first():
            raise ValidationError({"name": f"物资目录中已有“{after['name']}”"})
        if after["unit"] != row.unit and session.scalars(select(StockLine.id).where(StockLine.item_id == row.id)).first():
            raise ValidationError({"unit": f"“{row.name}”已有进出记录，数量都按“{row.unit}”记录，不能改为“{after['unit']}”"
                                           "（换算单位请新增一种物资）"})
        row.name, row.unit, row.note = after["name"], after["unit"], after["note"]
        audit.record(session, operator, "supply.item.update", row.name, before=before, after=after)
        session.flush()
        return ItemRecord(row.id, row.name, row.unit, row.note, Changes.of(SUPPLIES))


def list_items(db) -> list[ItemRecord]:
    with db.read() as session:
        return [ItemRecord(r.id, r.name, r.unit, r.note) for r in
                session.scalars(select(SupplyItem).order_by(SupplyItem.id))]


def add_site(db, name: str, operator: str, *, address: str = "") -> SiteRecord:
    values = {"name": _text(name), "address": _text(address)}
    if not values["name"]:
        raise ValidationError({"name": "请填写存放点名称（如 市应急物资储备库）"})
    if len(values["name"]) > 100:
        raise ValidationError({"name": "存放点名称过长（不超过100字）"})
    with db.write() as session:
        require(session, operator, "supplies.edit")
        if session.scalars(select(SupplySite).where(SupplySite.name == values["name"])).first():
            raise ValidationError({"name": f"已有存放点“{values['name']}”"})
        row = SupplySite(**values, created_by=operator, created_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "supply.site.add", row.name, after=values)
        return SiteRecord(row.id, row.name, row.address, Changes.of(SUPPLIES))


def list_sites(db) -> list[SiteRecord]:
    with db.read() as session:
        return [SiteRecord(r.id, r.name, r.address) for r in session.scalars(select(SupplySite).order_by(SupplySite.id))]


def _item(session, name: str, key: str = "item") -> SupplyItem:
    row = session.scalars(select(SupplyItem).where(SupplyItem.name == _text(name))).first()
    if row is None:
        known = "、".join(session.scalars(select(SupplyItem.name).order_by(SupplyItem.id))) or "尚未登记任何物资"
        raise ValidationError({key: f"物资目录中没有“{_text(name)}”（现有：{known}）"})
    return row


def _site(session, name: str, key: str = "site") -> SupplySite:
    row = session.scalars(select(SupplySite).where(SupplySite.name == _text(name))).first()
    if row is None:
        known = "、".join(session.scalars(select(SupplySite.name).order_by(SupplySite.id))) or "尚未登记任何存放点"
        raise ValidationError({key: f"没有存放点“{_text(name)}”（现有：{known}）"})
    return row


def resolve_party(session, name: str, key: str = "to", what: str = "发放对象") -> str:
    """A member unit (full name or alias) or a 县（市、区）, by its canonical name; `what` names the field."""
    text = _text(name)
    if text in COUNTY_NAMES:
        return text
    canonical = plan_of_session(session).resolve(text)
    if canonical is None:
        raise ValidationError({key: f"“{text}”不是成员单位或县（市、区）" if text else f"请填写{what}（成员单位或县（市、区））"})
    return canonical


def _batches(session, site_id: int, item_id: int) -> list[rules.Batch]:
    rows = session.execute(select(StockLine.batch, StockLine.expires_on, func.sum(StockLine.quantity))
                           .where(StockLine.site_id == site_id, StockLine.item_id == item_id)
                           .group_by(StockLine.batch, StockLine.expires_on)).all()
    return [rules.Batch(b, e, int(q)) for b, e, q in rows if q]


@dataclass(frozen=True)
class MoveSpec:
    """One movement as typed or imported, before it is checked against the stock."""

    item: str
    site: str
    quantity: int  # > 0 receives, < 0 issues (or transfers, with to_site)
    to_unit: str = ""
    to_site: str = ""
    batch: str = ""
    expires_on: date | None = None
    party: str = ""  # where a receipt came from
    note: str = ""
    ref: str = ""


def check_spec(spec: MoveSpec) -> dict[str, str]:
    """What is wrong with a movement before the stock is looked at ({} if nothing)."""
    errors = {}
    if not isinstance(spec.quantity, int) or isinstance(spec.quantity, bool) or spec.quantity == 0:
        errors["qty"] = "数量应为非零整数（正数入库，负数发放或调出）"
    elif abs(spec.quantity) > MAX_QUANTITY:
        errors["qty"] = f"数量过大（不超过{grouped(MAX_QUANTITY)}）"
    elif spec.quantity > 0 and (_text(spec.to_unit) or _text(spec.to_site)):
        errors["qty"] = "入库数量为正数；发放或调出请填写负数"
    elif spec.quantity < 0 and _text(spec.to_unit) and _text(spec.to_site):
        errors["to"] = "发放对象和调入存放点只能填写一个"
    elif spec.quantity < 0 and not _text(spec.to_unit) and not _text(spec.to_site):
        errors["to"] = "发放请填写发放对象（成员单位或县（市、区）），调拨请填写调入存放点"
    if spec.quantity and spec.quantity < 0 and (_text(spec.batch) or spec.expires_on):
        errors["batch"] = "批号和有效期只在入库时填写；发放和调出按有效期先到先出"
    for key, value, limit in (("batch", spec.batch, 100), ("note", spec.note, 2000), ("party", spec.party, 200)):
        if len(_text(value)) > limit:
            errors[key] = f"内容过长（不超过{limit}字）"
    return errors


def apply_move(session, spec: MoveSpec, operator: str, at: datetime, request_id: int | None = None) -> StockMove:
    """Inside a transaction: record one movement, or raise ValidationError leaving nothing of it."""
    errors = check_spec(spec)
    if errors:
        raise ValidationError(errors)
    item, site = _item(session, spec.item), _site(session, spec.site)
    to_site = _site(session, spec.to_site, "to_site") if _text(spec.to_site) else None
    if to_site is not None and to_site.id == site.id:
        raise ValidationError({"to_site": "调入存放点不能与调出存放点相同"})
    if _text(spec.to_unit) and session.scalars(select(SupplySite).where(SupplySite.name == _text(spec.to_unit))).first():
        raise ValidationError({"to": f"“{_text(spec.to_unit)}”是存放点：调拨到存放点请填写调入存放点（--to-site）"})
    party = resolve_party(session, spec.to_unit) if _text(spec.to_unit) else _text(spec.party)
    kind = "receive" if spec.quantity > 0 else "transfer" if to_site else "issue"
    move = StockMove(kind=kind, item_id=item.id, site_id=site.id, to_site_id=to_site.id if to_site else None,
                     quantity=abs(spec.quantity), party=party, request_id=request_id, ref=_text(spec.ref),
                     note=_text(spec.note), moved_at=at, operator=operator, recorded_at=utcnow())
    if kind == "receive":
        move.lines.append(StockLine(site_id=site.id, item_id=item.id, batch=_text(spec.batch),
                                    expires_on=spec.expires_on, quantity=spec.quantity))
    else:
        taken = rules.allocate(_batches(session, site.id, item.id), -spec.quantity, _today(at), item.unit)
        if isinstance(taken, str):
            raise ValidationError({"qty": f"{site.name}的{item.name}{taken}"})
        for batch, part in taken:
            move.lines.append(StockLine(site_id=site.id, item_id=item.id, batch=batch.batch,
                                        expires_on=batch.expires_on, quantity=-part))
            if to_site is not None:
                move.lines.append(StockLine(site_id=to_site.id, item_id=item.id, batch=batch.batch,
                                            expires_on=batch.expires_on, quantity=part))
    session.add(move)
    session.flush()
    return move


def move_summary(move: StockMove) -> dict:
    return {"id": move.id, "kind": move.kind, "quantity": move.quantity, "party": move.party,
            "lines": [[line.batch, line.expires_on.isoformat() if line.expires_on else None, line.quantity]
                      for line in move.lines]}


def move(db, spec: MoveSpec, operator: str, *, at: datetime | None = None, now: datetime | None = None) -> MoveRecord:
    """Receive (quantity > 0), issue to a unit or county, or transfer to another site (quantity < 0)."""
    now = now or clock.now()
    at = at or now
    errors: dict[str, str] = {}
    clock.check_time(errors, "at", at, "进出时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "supplies.edit")
        row = apply_move(session, spec, operator, at)
        audit.record(session, operator, f"stock.{row.kind}", f"{spec.item}@{spec.site}", after=move_summary(row))
        return _move_record(session, row, Changes.of(SUPPLIES))


def _move_record(session, row: StockMove, changes: Changes = NO_CHANGES) -> MoveRecord:
    item, site = session.get(SupplyItem, row.item_id), session.get(SupplySite, row.site_id)
    to_site = session.get(SupplySite, row.to_site_id) if row.to_site_id else None
    lines = tuple((ln.batch, ln.expires_on, abs(ln.quantity)) for ln in row.lines if ln.site_id == row.site_id)
    return MoveRecord(row.id, row.kind, item.name, item.unit, site.name, to_site.name if to_site else "",
                      row.quantity, row.party, lines, row.moved_at, row.ref, row.note, row.operator,
                      row.request_id, changes)


def list_moves(db, *, limit: int | None = 500) -> list[MoveRecord]:
    """Movements, newest first."""
    query = select(StockMove).order_by(StockMove.moved_at.desc(), StockMove.id.desc())
    with db.read() as session:
        return [_move_record(session, r) for r in session.scalars(query.limit(limit) if limit else query)]


def issued_since(session, since: datetime) -> dict[tuple[int, int], int]:
    """Quantity issued per (site id, item id) since `since` (issues only, not transfers)."""
    rows = session.execute(select(StockMove.site_id, StockMove.item_id, func.sum(StockMove.quantity))
                           .where(StockMove.kind == "issue", StockMove.moved_at >= since)
                           .group_by(StockMove.site_id, StockMove.item_id)).all()
    return {(s, i): int(q) for s, i, q in rows}


def rate_window_start(now: datetime) -> datetime:
    """Local midnight RATE_DAYS - 1 days before today: the window holds today and the six days before."""
    local = clock.local(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=rules.RATE_DAYS - 1)


def stock(db, now: datetime | None = None) -> list[StockRow]:
    """Stock by site and item (every item that was ever at the site), with batches and the issue rate."""
    now = now or clock.now()
    today = _today(now)
    with db.read() as session:
        sites = {s.id: s.name for s in session.scalars(select(SupplySite))}
        items = {i.id: i for i in session.scalars(select(SupplyItem))}
        per: dict[tuple[int, int], list[rules.Batch]] = defaultdict(list)
        for site_id, item_id, batch, expires, qty in session.execute(
                select(StockLine.site_id, StockLine.item_id, StockLine.batch, StockLine.expires_on,
                       func.sum(StockLine.quantity))
                .group_by(StockLine.site_id, StockLine.item_id, StockLine.batch, StockLine.expires_on)):
            per[(site_id, item_id)].append(rules.Batch(batch, expires, int(qty)))
        issued = issued_since(session, rate_window_start(now))
    rows = []
    for (site_id, item_id), batches in per.items():
        held = sorted((b for b in batches if b.quantity), key=lambda b: (b.expires_on is None, b.expires_on or date.max))
        live = [b.expires_on for b in held if b.expires_on and not rules.expired(b.expires_on, today)]
        rows.append(StockRow(sites[site_id], items[item_id].name, items[item_id].unit, sum(b.quantity for b in held),
                             sum(b.quantity for b in held if rules.expired(b.expires_on, today)),
                             min(live, default=None), issued.get((site_id, item_id), 0), tuple(held)))
    order = {name: i for i, name in enumerate(sites.values())}
    item_order = {i.name: i.id for i in items.values()}
    return sorted(rows, key=lambda r: (order[r.site], item_order[r.item]))


@dataclass(frozen=True)
class ItemTotal:
    item: str
    unit: str
    quantity: int
    usable: int
    issued: int

    @property
    def cover_text(self) -> str:
        return rules.cover_text(self.usable, self.issued)


def totals(rows: list[StockRow], items: list[ItemRecord]) -> list[ItemTotal]:
    """Every item of the list across all sites (an item nowhere in stock shows 0)."""
    out = []
    for item in items:
        mine = [r for r in rows if r.item == item.name]
        out.append(ItemTotal(item.name, item.unit, sum(r.quantity for r in mine), sum(r.usable for r in mine),
                             sum(r.issued for r in mine)))
    return out
