"""The response level in force: read by the level switch, the schedule, meetings and checklists.

Its own module so that those services need not import the level switch (nor it them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..storage.models import LevelDecision


@dataclass(frozen=True)
class LevelState:
    level: str = "none"
    since: datetime | None = None
    office_alternative: bool = False
    office_director: str = ""
    initiator: str = "city"
    decision_id: int | None = None
    plan: str = "public_health"  # the plan this response runs under (plan.levels.PLANS)


def state_in(session) -> LevelState:
    row = session.scalars(select(LevelDecision).order_by(LevelDecision.decided_at.desc(),
                                                         LevelDecision.id.desc()).limit(1)).first()
    if row is None:
        return LevelState()
    return LevelState(row.to_level, row.decided_at, row.office_alternative, row.office_director,
                      row.initiator, row.id, row.plan or "public_health")


def current_state(db) -> LevelState:
    with db.read() as session:
        return state_in(session)
