"""Events and what is written about them: counts, grades, phone reports, issued reports and their
document numbers, duty checks, units' report-backs, saved drafts, acknowledged deadlines. Imported through
storage/models (mapped on first use: see there)."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from .schema_base import Base, UtcDateTime


class Event(Base):
    """A public-health event as registered; counts and grades change over time in their own tables."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    disease: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(32))
    township: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    place_kind: Mapped[str] = mapped_column(String(32), default="")
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    grade: Mapped[str] = mapped_column(String(8), default="")  # current grade; history in event_grade
    area: Mapped[str] = mapped_column(Text, default="")
    symptoms: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    reporting_unit: Mapped[str] = mapped_column(String(200), default="")
    reporter: Mapped[str] = mapped_column(String(100), default="")
    reporter_phone: Mapped[str] = mapped_column(String(100), default="")
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

class EventCount(Base):
    """One update of an event's counts; every update is kept so trends can be drawn."""

    __tablename__ = "event_count"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    ill: Mapped[int] = mapped_column(Integer, default=0)
    dead: Mapped[int] = mapped_column(Integer, default=0)
    severe: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hospitalised: Mapped[int | None] = mapped_column(Integer, nullable=True)
    close_contacts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    observed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    # The user marked this update as correcting earlier figures (printed as 核减/核增); otherwise a
    # fall in a current figure (住院, 重症, 医学观察) is news, not a correction.
    correction: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

class EventGrade(Base):
    """The grade as judged at a time: first judgement and every later change."""

    __tablename__ = "event_grade"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    grade: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))

class PhoneReport(Base):
    """A telephone report logged as made (stops the phone clock)."""

    __tablename__ = "phone_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    to_whom: Mapped[str] = mapped_column(String(200))
    by_whom: Mapped[str] = mapped_column(String(100))
    recorded_by: Mapped[str] = mapped_column(String(100))

class IssuedReport(Base):
    """An issued document: its PDF bytes and hash are kept and never overwritten."""

    __tablename__ = "issued_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # first|progress|closing|…
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # 续报 number for progress reports
    doc_no: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")  # the sections as issued (JSON)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[str] = mapped_column(String(100))
    signer: Mapped[str] = mapped_column(String(100), default="", server_default="")   # 签发人 as printed
    # Figures in the edited text that differ from the record, confirmed by the issuer (JSON list).
    confirmations: Mapped[str] = mapped_column(Text, default="", server_default="")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("issued_report.id", ondelete="RESTRICT"), nullable=True)

class DocCounter(Base):
    """Per-prefix, per-year document numbers, taken inside the issuing transaction (no gaps)."""

    __tablename__ = "doc_counter"
    prefix: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)

class DutyCheck(Base):
    """One point (clause) of a unit's duty item, tracked for an event under response."""

    __tablename__ = "duty_check"
    __table_args__ = (UniqueConstraint("event_id", "unit", "duty_no", "point"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    duty_no: Mapped[int] = mapped_column(Integer)
    point: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # done|in_progress|not_applicable
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(100))

class UnitReportBack(Base):
    """A unit marked as having reported back on its duties for an event."""

    __tablename__ = "unit_report_back"
    __table_args__ = (UniqueConstraint("event_id", "unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(100))

class SavedDraft(Base):
    """A report being written, kept as a draft (autosaved) until it is issued or thrown away.
    One per (event, kind, corrected report); `place` is where the writer was (field and cursor)."""

    __tablename__ = "report_draft"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    corrects_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content: Mapped[str] = mapped_column(Text)  # ReportDraft.to_dict() as JSON
    place: Mapped[str] = mapped_column(String(100), default="")
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)
    saved_by: Mapped[str] = mapped_column(String(100))

class DeadlineAck(Base):
    """Someone acknowledged a reporting-clock alert (nearing its aim, or its due time): who and when."""

    __tablename__ = "deadline_ack"
    __table_args__ = (UniqueConstraint("event_id", "clock_kind", "stage", "due"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    clock_kind: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(8))  # aim | due
    due: Mapped[datetime] = mapped_column(UtcDateTime)  # the clock's due time (progress clocks recur)
    acked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acked_by: Mapped[str] = mapped_column(String(100))
