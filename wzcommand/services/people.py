"""The register of who holds each post the plan names (市长, 分管副市长, group leads…)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select

from ..plan.levels import load_levels
from ..plan.posts import PostSlot, is_generic, register_slots, slot_for
from ..storage import audit
from ..storage.models import PostHolder, utcnow
from ..storage.seeding import plan_edition
from . import phones
from .changes import NO_CHANGES, PEOPLE, Changes
from .errors import NotFoundError, ValidationError

VACANT = "（空缺）"


@dataclass(frozen=True)
class Holder:
    post: str
    group_key: str | None
    label: str
    person: str = ""
    mobile: str = ""
    office_phone: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what a save altered (PEOPLE), if it did

    @property
    def phone(self) -> str:
        return self.mobile or self.office_phone

    @property
    def vacant(self) -> bool:
        return not self.person


def _group_names(edition: str) -> dict[str, str]:
    return dict(load_levels(edition).group_names)


def holders_by_slot(session) -> dict[PostSlot, Holder]:
    """Every post of the plan edition the database records, with whoever holds it."""
    edition = plan_edition(session)
    names = _group_names(edition)
    rows = {PostSlot(r.post, r.group_key or None): r for r in session.scalars(select(PostHolder))}
    out = {}
    for slot in register_slots(edition):
        row = rows.get(slot)
        out[slot] = Holder(slot.post, slot.group_key, slot.label(names),
                           *((row.person, row.mobile, row.office_phone, row.updated_at, row.updated_by) if row else ()))
    return out


def list_people(db) -> list[Holder]:
    """Every slot of the register in plan order; vacant posts are listed, not hidden."""
    with db.read() as session:
        return list(holders_by_slot(session).values())


def resolve_slot(post: str, group: str | None, edition: str) -> PostSlot:
    post = (post or "").strip()
    names = _group_names(edition)
    slots = register_slots(edition)
    if post not in {s.post for s in slots}:
        known = "、".join(dict.fromkeys(s.post for s in slots))
        raise NotFoundError(f"预案中没有职务“{post}”。可登记的职务：{known}")
    key = None
    if group:
        by_name = {v: k for k, v in names.items()} | {k: k for k in names}
        key = by_name.get(group.strip())
        if key is None:
            raise NotFoundError(f"未知工作组“{group}”。")
    if is_generic(post, edition) and key is None:
        groups = "、".join(names[s.group_key] for s in slots if s.post == post and s.group_key)
        raise ValidationError({"group": f"“{post}”在各工作组由不同人员担任，请指定工作组（{groups}）。"})
    slot = slot_for(post, key, edition)
    if slot not in slots:
        raise ValidationError({"group": f"“{post}”不是{names[key] if key else '所选工作组'}的负责人职务。"})
    return slot


def set_person(db, post: str, name: str, operator: str, *, group: str | None = None,
               mobile: str = "", office_phone: str = "") -> Holder:
    with db.read() as session:
        edition = plan_edition(session)
    slot = resolve_slot(post, group, edition)
    errors = {}
    name = phones.normalise(name)
    if len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    for key, kind, value in (("mobile", "mobile", mobile), ("office_phone", "phone", office_phone)):
        problem = phones.check(kind, value)
        if problem:
            errors[key] = ("手机：" if key == "mobile" else "办公电话：") + problem
    if errors:
        raise ValidationError(errors)
    values = {"person": name, "mobile": phones.normalise(mobile), "office_phone": phones.normalise(office_phone)}
    with db.write() as session:
        row = session.scalars(select(PostHolder).where(
            PostHolder.post == slot.post, PostHolder.group_key == (slot.group_key or ""))).one_or_none()
        before = {k: getattr(row, k) for k in values} if row else {k: "" for k in values}
        if before != values:
            if row is None:
                row = PostHolder(post=slot.post, group_key=slot.group_key or "")
                session.add(row)
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at, row.updated_by = utcnow(), operator
            audit.record(session, operator, "people.set", slot.label(_group_names(edition)), before=before, after=values)
    with db.read() as session:
        return replace(holders_by_slot(session)[slot], changes=Changes.of(PEOPLE) if before != values else NO_CHANGES)
