"""Warning colours issued, adjusted and lifted: recorded like levels, a separate axis."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import clock
from ..plan.warning import COLOUR_NAMES, WARNING_LEVELS
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import WarningDecision, utcnow
from .accounts import require
from .changes import NO_CHANGES, WARNINGS, Changes
from .errors import ValidationError
from .levels import FUTURE_TOLERANCE, RefusedError

ACTION_NAMES = {"issue": "发布", "adjust": "调整", "lift": "解除"}


def colour_name(colour: str) -> str:
    return COLOUR_NAMES.get(colour, "无预警")


@dataclass(frozen=True)
class WarningRecord:
    """A warning colour issued, adjusted or lifted (plain data, never edited)."""

    id: int
    action: str  # issue|adjust|lift
    colour: str
    decided_at: datetime
    decided_by: str
    basis: str
    operator: str
    recorded_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @classmethod
    def of(cls, row: WarningDecision, changes: Changes = NO_CHANGES) -> WarningRecord:
        return cls(row.id, row.action, row.colour, row.decided_at, row.decided_by, row.basis, row.operator,
                   row.recorded_at, changes)


@dataclass(frozen=True)
class WarningState:
    colour: str = "none"
    since: datetime | None = None


def warning_state(db) -> WarningState:
    with db.read() as session:
        return _state(session)


def warning_state_in(session) -> WarningState:
    """The warning in force as ``session`` sees it (for services reading it inside their transaction)."""
    return _state(session)


def _state(session) -> WarningState:
    row = session.scalars(select(WarningDecision).order_by(WarningDecision.decided_at.desc(),
                                                           WarningDecision.id.desc()).limit(1)).first()
    return WarningState(row.colour, row.decided_at) if row else WarningState()


def record_warning(db, colour: str, decided_at: datetime, decided_by: str, basis: str, operator: str,
                   now: datetime | None = None) -> WarningRecord:
    errors = {}
    if colour not in WARNING_LEVELS:
        names = "、".join(f"{colour_name(c)}（{c}）" for c in WARNING_LEVELS)
        errors["colour"] = f"请选择预警：{names}" if not colour else f"未知的预警颜色“{colour}”（可选：{names}）"
    if not (decided_by or "").strip():
        errors["decided_by"] = "请填写发布机关"
    if not (basis or "").strip():
        errors["basis"] = "请填写依据"
    if decided_at is None or decided_at.tzinfo is None:
        errors["decided_at"] = "请填写时间"
    elif decided_at > (now or clock.now()) + FUTURE_TOLERANCE:
        errors["decided_at"] = "时间不能晚于当前时间"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "warning.record")
        serialise(session, "warning_state")  # PostgreSQL: two seats deciding at once queue here
        state = _state(session)
        if colour == state.colour:
            raise RefusedError(f"当前已是{colour_name(colour)}，无需调整。")
        if state.since and decided_at < state.since:
            raise RefusedError(f"时间早于上一次预警决定（{clock.local_text(state.since)}），请核对。")
        action = "issue" if state.colour == "none" else ("lift" if colour == "none" else "adjust")
        row = WarningDecision(action=action, colour=colour, decided_at=decided_at, decided_by=decided_by.strip(),
                              basis=basis.strip(), operator=operator, recorded_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, f"warning.{action}", colour_name(colour),
                     before={"colour": state.colour}, after={"colour": colour, "decided_at": clock.iso(decided_at),
                                                             "decided_by": row.decided_by, "basis": row.basis})
        return WarningRecord.of(row, Changes.of(WARNINGS))


def warning_history(db) -> list[WarningRecord]:
    with db.read() as session:
        rows = session.scalars(select(WarningDecision).order_by(WarningDecision.decided_at, WarningDecision.id))
        return [WarningRecord.of(row) for row in rows]
