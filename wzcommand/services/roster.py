"""Roster use cases: list units with their plan duties and groups, edit a liaison contact.

They return plain rows (UnitRow), never ORM rows; a saved contact says what it changed (ROSTER)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..plan.edition import PlanEdition, load_edition
from ..plan.generic_names import generic_names
from ..storage import audit
from ..storage.models import Contact, Unit, utcnow
from ..storage.seeding import plan_edition
from . import phones
from .changes import NO_CHANGES, ROSTER, Changes
from .errors import ConflictError, NotFoundError, ValidationError

# Contact fields in display order, with their labels as the office's 通讯录 names them.
CONTACT_FIELDS: dict[str, str] = {
    "liaison": "联络员",
    "title": "职务",
    "office_phone": "办公电话",
    "mobile": "手机",
    "duty_phone": "24小时值班电话",
    "fax": "传真",
}
PHONE_KINDS = {"office_phone": "phone", "mobile": "mobile", "duty_phone": "phone", "fax": "landline"}
TEXT_LIMIT = 50


@dataclass(frozen=True)
class UnitRow:
    name: str
    position: int
    aliases: tuple[str, ...]
    groups: tuple[str, ...]
    duties: tuple[int, ...]
    contact: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 0
    generic_names: tuple[str, ...] = ()  # the plans' generic wording for the unit (search only)
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what a save altered (ROSTER), if it did


def plan_of(db) -> PlanEdition:
    with db.read() as session:
        return plan_of_session(session)


def plan_of_session(session) -> PlanEdition:
    return load_edition(plan_edition(session))


def list_units(db) -> list[UnitRow]:
    plan = plan_of(db)
    with db.read() as session:
        units = session.scalars(select(Unit).options(selectinload(Unit.contact)).order_by(Unit.position)).all()
        return [_row(plan, unit) for unit in units]


def get_unit(db, name: str) -> UnitRow:
    plan = plan_of(db)
    canonical = _canonical(plan, name)
    with db.read() as session:
        unit = session.scalars(select(Unit).options(selectinload(Unit.contact)).where(Unit.name == canonical)).one()
        return _row(plan, unit)


def _row(plan: PlanEdition, unit: Unit) -> UnitRow:
    try:
        aliases = plan.unit(unit.name).aliases
        groups = tuple(g.name for g in plan.groups_of(unit.name))
        duties = tuple(d.no for d in plan.duties_of(unit.name))
    except KeyError:  # a unit of another edition stays listed, without plan duties
        aliases, groups, duties = (), (), ()
    contact = unit.contact
    return UnitRow(
        name=unit.name,
        position=unit.position,
        aliases=tuple(aliases),
        groups=groups,
        duties=duties,
        contact={f: getattr(contact, f) if contact else "" for f in CONTACT_FIELDS},
        updated_at=contact.updated_at if contact else None,
        updated_by=contact.updated_by if contact else "",
        version=contact.version if contact else 0,
        generic_names=generic_names(unit.name),
    )


def _canonical(plan: PlanEdition, name: str) -> str:
    canonical = plan.resolve((name or "").strip())
    if canonical is None:
        raise NotFoundError(f"未知单位“{name}”：预案中没有这个成员单位。")
    return canonical


FORMULA_START = ("=", "+", "-", "@")


def clean_contact(values: dict[str, str]) -> dict[str, str]:
    """Normalise and validate contact values; raise ValidationError naming each bad field."""
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError({k: f"未知字段“{k}”" for k in sorted(unknown)})
    cleaned, errors = {}, {}
    for key, raw in values.items():
        text = phones.normalise(str(raw) if raw is not None else "")
        label = CONTACT_FIELDS[key]
        if key in PHONE_KINDS:
            problem = phones.check(PHONE_KINDS[key], text)
            if problem:
                errors[key] = f"{label}：{problem}"
        elif len(text) > TEXT_LIMIT:
            errors[key] = f"{label}：不能超过{TEXT_LIMIT}个字"
        elif any(ord(ch) < 32 for ch in text):
            errors[key] = f"{label}：含有不可见的控制字符"
        elif text[:1] in FORMULA_START:  # no name or title starts so; a spreadsheet would run it
            errors[key] = f"{label}：不能以“{text[0]}”开头（表格软件会把它当作公式执行）"
        cleaned[key] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def apply_contact(session, unit: Unit, cleaned: dict[str, str], operator: str) -> bool:
    """Apply validated values inside the caller's transaction; audit and return True if changed."""
    contact = unit.contact
    before = {f: getattr(contact, f) for f in CONTACT_FIELDS} if contact else {f: "" for f in CONTACT_FIELDS}
    after = {**before, **cleaned}
    if after == before:
        return False
    if contact is None:
        contact = Contact(unit=unit, **{f: "" for f in CONTACT_FIELDS})
        session.add(contact)
    for key, value in cleaned.items():
        setattr(contact, key, value)
    contact.updated_at = utcnow()
    contact.updated_by = operator
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit.record(session, operator, "contact.update", unit.name,
                 before={k: before[k] for k in changed}, after=changed, at=contact.updated_at)
    return True


def update_contact(db, name: str, values: dict[str, str], operator: str,
                   expected_version: int | None = None) -> UnitRow:
    """Save a unit's liaison contact; unchanged values write nothing."""
    plan = plan_of(db)
    canonical = _canonical(plan, name)
    cleaned = clean_contact(values)
    with db.write() as session:
        unit = session.scalars(select(Unit).where(Unit.name == canonical)).one()
        current = unit.contact.version if unit.contact else 0
        if expected_version is not None and expected_version != current:
            raise ConflictError(f"“{canonical}”的联系方式已被他人修改（{unit.contact.updated_by}），"
                                "请刷新后重新编辑。未保存本次修改。")
        changed = apply_contact(session, unit, cleaned, operator)
    return replace(get_unit(db, canonical), changes=Changes.of(ROSTER) if changed else NO_CHANGES)
