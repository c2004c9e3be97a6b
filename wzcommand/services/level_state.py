"""The response level in force: read by the level switch, the schedule, meetings and checklists.

Its own module so that those services need not import the level switch (nor it them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..storage.models import LevelDecision
from ..storage.seeding import plan_edition


@dataclass(frozen=True)
class LevelState:
    level: str = "none"
    since: datetime | None = None
    office_alternative: bool = False
    office_director: str = ""
    initiator: str = "city"
    decision_id: int | None = None
    plan: str = "public_health"  # the plan this response runs under (plan.levels.PLANS)
    edition: str = field(kw_only=True)  # the plan edition the database records: its rules and words apply


def state_in(session) -> LevelState:
    # the columns it needs, not the decision with its eagerly loaded assessment: every view reads this
    d = LevelDecision
    row = session.execute(select(d.to_level, d.decided_at, d.office_alternative, d.office_director, d.initiator,
                                 d.id, d.plan).order_by(d.decided_at.desc(), d.id.desc()).limit(1)).first()
    edition = plan_edition(session)
    if row is None:
        return LevelState(edition=edition)
    return LevelState(row.to_level, row.decided_at, row.office_alternative, row.office_director,
                      row.initiator, row.id, row.plan or "public_health", edition=edition)


def current_state(db) -> LevelState:
    with db.read() as session:
        return state_in(session)
