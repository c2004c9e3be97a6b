"""SQLAlchemy models. Every table is imported from this module: the core ones (defined here) and, by
name, those of event_models (events and their reports), command_models (levels, warnings, schedule, tasks,
counties, experts) and field_models (measures, requisitions, supplies, townships). Times are timezone-aware
so SQLite and PostgreSQL behave alike.

Start-up cost: a command line write is a new process, and SQLAlchemy's mapping of a class costs about as
much as the write itself. So the core here is what every command needs (the audit log, reference data,
posts, accounts), and the other modules are imported, and their classes mapped, when one of their names is
first imported from here (module ``__getattr__``): ``people set`` maps six classes, not 47. Each module's
foreign keys name only its own tables, the core's and those of the modules it imports, so every table a
loaded table refers to is loaded. Whatever must see every table calls :func:`load_all` first
(``rowstate.audited_tables``, the migrations' metadata). No ``from __future__ import annotations`` in the
model modules: SQLAlchemy then reads each ``Mapped[...]`` as an object instead of evaluating a string
(forward references are quoted).
"""

from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .schema_base import NAMING as NAMING
from .schema_base import Base as Base
from .schema_base import UtcDateTime as UtcDateTime
from .schema_base import utcnow as utcnow

if TYPE_CHECKING:  # mapped on first use (see __getattr__)
    from .command_models import Assessment as Assessment
    from .command_models import AssessmentMember as AssessmentMember
    from .command_models import Attendance as Attendance
    from .command_models import CountyContact as CountyContact
    from .command_models import CountyInstruction as CountyInstruction
    from .command_models import CountyInstructionTarget as CountyInstructionTarget
    from .command_models import CountyReport as CountyReport
    from .command_models import ExpertMember as ExpertMember
    from .command_models import LevelAssessment as LevelAssessment
    from .command_models import LevelDecision as LevelDecision
    from .command_models import ScheduleAssessment as ScheduleAssessment
    from .command_models import ScheduleItem as ScheduleItem
    from .command_models import Speaker as Speaker
    from .command_models import Task as Task
    from .command_models import TaskNote as TaskNote
    from .command_models import WarningDecision as WarningDecision
    from .command_models import WarningProcedure as WarningProcedure
    from .command_models import WarningTriggerSite as WarningTriggerSite
    from .event_models import DeadlineAck as DeadlineAck
    from .event_models import DocCounter as DocCounter
    from .event_models import DutyCheck as DutyCheck
    from .event_models import Event as Event
    from .event_models import EventCount as EventCount
    from .event_models import EventGrade as EventGrade
    from .event_models import IssuedReport as IssuedReport
    from .event_models import PhoneReport as PhoneReport
    from .event_models import SavedDraft as SavedDraft
    from .event_models import UnitReportBack as UnitReportBack
    from .field_models import Measure as Measure
    from .field_models import MeasureApproval as MeasureApproval
    from .field_models import Requisition as Requisition
    from .field_models import RequisitionCompensation as RequisitionCompensation
    from .field_models import RequisitionOwner as RequisitionOwner
    from .field_models import RiskMapIssue as RiskMapIssue
    from .field_models import StockLine as StockLine
    from .field_models import StockMove as StockMove
    from .field_models import SupplyItem as SupplyItem
    from .field_models import SupplyRequest as SupplyRequest
    from .field_models import SupplySite as SupplySite
    from .field_models import Township as Township
    from .field_models import TownshipRisk as TownshipRisk

# Which module defines each table that is mapped on first use (tests/storage/test_lazy_models.py checks it).
LAZY_MODELS = {
    "Event": "event_models", "EventCount": "event_models", "EventGrade": "event_models",
    "PhoneReport": "event_models", "IssuedReport": "event_models", "DocCounter": "event_models",
    "DutyCheck": "event_models", "UnitReportBack": "event_models", "SavedDraft": "event_models",
    "DeadlineAck": "event_models",
    "LevelDecision": "command_models", "WarningDecision": "command_models", "ScheduleItem": "command_models",
    "Attendance": "command_models", "Speaker": "command_models", "Task": "command_models",
    "TaskNote": "command_models", "CountyReport": "command_models", "CountyContact": "command_models",
    "CountyInstruction": "command_models", "CountyInstructionTarget": "command_models",
    "ExpertMember": "command_models", "Assessment": "command_models", "AssessmentMember": "command_models",
    "LevelAssessment": "command_models", "WarningProcedure": "command_models",
    "ScheduleAssessment": "command_models", "WarningTriggerSite": "command_models",
    "Measure": "field_models", "MeasureApproval": "field_models", "RequisitionOwner": "field_models",
    "Requisition": "field_models", "RequisitionCompensation": "field_models", "SupplyItem": "field_models",
    "SupplySite": "field_models", "StockMove": "field_models", "StockLine": "field_models",
    "SupplyRequest": "field_models", "Township": "field_models", "TownshipRisk": "field_models",
    "RiskMapIssue": "field_models",
}


def __getattr__(name: str):
    """`from .models import Event` (or any table of the other model modules): maps its module on first use."""
    module = LAZY_MODELS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __package__), name)


def load_all() -> None:
    """Map every table (what reads every table calls this first)."""
    for module in sorted(set(LAZY_MODELS.values())):
        import_module(f".{module}", __package__)


class AppMeta(Base):
    """Key/value facts about this database (plan edition, exercise flag…)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Unit(Base):
    """A member unit: reference data from the plan, one row per real unit."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    edition: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    contact: Mapped["Contact | None"] = relationship(back_populates="unit", uselist=False)


class Contact(Base):
    """Liaison contact of a unit: the only roster data users enter."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), unique=True)
    liaison: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    office_phone: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(100), default="")
    duty_phone: Mapped[str] = mapped_column(String(100), default="")
    fax: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    # Optimistic concurrency: a second writer with a stale version is told, not overwritten.
    version: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[Unit] = relationship(back_populates="contact")

    __mapper_args__ = {"version_id_col": version}


class AuditEntry(Base):
    """Append-only, hash-chained record of every change (triggers refuse UPDATE/DELETE).

    Every other mapped table is audited (storage/rowstate): each entry carries the hashes of
    the rows its transaction changed. A new model that must not be audited says
    `__audited__ = False` (none should need to)."""

    __tablename__ = "audit_entry"
    __audited__ = False
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    row_hashes: Mapped[str] = mapped_column(Text, default="")  # {"change"|"baseline": {table: {pk: hash}}}


class PostHolder(Base):
    """Who holds a post the plan names (one row per register slot)."""

    __tablename__ = "post_holder"
    __table_args__ = (UniqueConstraint("post", "group_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post: Mapped[str] = mapped_column(String(100))
    group_key: Mapped[str] = mapped_column(String(32), default="")  # "" = city-wide post
    person: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(100), default="")
    office_phone: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Account(Base):
    """A local operator account; the password is kept only as an scrypt hash."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # duty|director|admin
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
