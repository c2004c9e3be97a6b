"""Reference data from the plan: inserted once, never overwriting what users entered."""
from __future__ import annotations

from sqlalchemy import select

from ..plan.edition import load_edition
from . import audit
from .models import AppMeta, Unit

SYSTEM_OPERATOR = "系统"
DEFAULT_EDITION = "2021"


def seed_reference(db, edition: str = DEFAULT_EDITION) -> int:
    """Insert the plan's units that are missing; return how many were added (0 on a reopen)."""
    plan = load_edition(edition)
    with db.read() as session:
        if not _missing(session, plan, edition):
            return 0
    with db.write() as session:  # check again under the write lock: another seat may have seeded
        missing = _missing(session, plan, edition)
        if not missing:
            return 0
        if session.get(AppMeta, "plan_edition") is None:
            session.add(AppMeta(key="plan_edition", value=edition))
        for unit in missing:
            session.add(Unit(name=unit.name, edition=edition, position=unit.order))
        audit.record(session, SYSTEM_OPERATOR, "reference.seed", f"{plan.title}（{edition}）",
                     after={"units_added": len(missing)})
        return len(missing)


def _missing(session, plan, edition):
    present = set(session.scalars(select(Unit.name)))
    return [u for u in plan.units if u.name not in present]


def plan_edition(session) -> str:
    meta = session.get(AppMeta, "plan_edition")
    return meta.value if meta else DEFAULT_EDITION
