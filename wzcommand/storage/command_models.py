"""The command's decisions and work: response levels and warnings (with their procedures and trigger
sites), the schedule and its attendance, tasks (交办单), the counties' reports, contacts and the city's
instructions, the expert committee and its assessments. Imported through storage/models (mapped on first
use: see there)."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .schema_base import Base, UtcDateTime


class LevelDecision(Base):
    """One decision to start, raise, lower or end the response (never edited afterwards)."""

    __tablename__ = "level_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # start|raise|lower|end
    from_level: Mapped[str] = mapped_column(String(8))
    to_level: Mapped[str] = mapped_column(String(8))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    office_alternative: Mapped[bool] = mapped_column(Boolean, default=False)
    office_reason: Mapped[str] = mapped_column(Text, default="")
    office_director: Mapped[str] = mapped_column(String(100), default="")
    province_record: Mapped[str] = mapped_column(Text, default="")
    initiator: Mapped[str] = mapped_column(String(16), default="city")  # city|province
    # The plan the response runs under (public_health|respiratory), set when it starts.
    plan: Mapped[str] = mapped_column(String(16), default="public_health", server_default="public_health")
    assessed_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    approved_by: Mapped[str] = mapped_column(String(100), default="", server_default="")  # 报…批准
    approval_ref: Mapped[str] = mapped_column(Text, default="", server_default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    filed_with: Mapped[str] = mapped_column(String(100), default="", server_default="")  # 报…备案
    filing_ref: Mapped[str] = mapped_column(Text, default="", server_default="")
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    province_decision: Mapped[str] = mapped_column(Text, default="", server_default="")  # the province's document
    # the committee's assessment record, when linked (its own table: see LevelAssessment)
    assessment_link: Mapped["LevelAssessment | None"] = relationship(uselist=False, lazy="selectin",
                                                                     cascade="all, delete-orphan")
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

class WarningDecision(Base):
    """A warning colour issued, adjusted or lifted: an axis separate from the response level."""

    __tablename__ = "warning_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(8))  # issue|adjust|lift
    colour: Mapped[str] = mapped_column(String(8))  # none|blue|yellow|orange|red
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    steps: Mapped["WarningProcedure | None"] = relationship(uselist=False, lazy="selectin", cascade="all, delete-orphan")
    # 预警触发地（市、县） warned with this decision (ari annex 三), each at a colour not below the city's
    trigger_sites: Mapped[list["WarningTriggerSite"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="WarningTriggerSite.id")

class ScheduleItem(Base):
    """A meeting, briefing or due item; cadence items are replaced on a switch unless touched."""

    __tablename__ = "schedule_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UtcDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    host_post: Mapped[str] = mapped_column(String(100), default="")
    host_person: Mapped[str] = mapped_column(String(100), default="")
    organiser: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned|held|cancelled
    origin: Mapped[str] = mapped_column(String(16), default="manual")  # cadence|manual
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[str] = mapped_column(String(8), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    notice_no: Mapped[str] = mapped_column(String(64), default="", server_default="")   # 会议通知的发文字号
    version: Mapped[int] = mapped_column(Integer, default=1)
    attendees: Mapped[list["Attendance"]] = relationship(back_populates="item", cascade="all, delete-orphan",
                                                         order_by="Attendance.id")
    speakers: Mapped[list["Speaker"]] = relationship(back_populates="item", cascade="all, delete-orphan",
                                                     order_by="Speaker.id")
    # the committee's assessment record of a scheduled 风险评估会商, once held (its own table)
    assessment_link: Mapped["ScheduleAssessment | None"] = relationship(uselist=False, lazy="selectin",
                                                                        cascade="all, delete-orphan", passive_deletes=True)

    __mapper_args__ = {"version_id_col": version}

class Attendance(Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("schedule_item.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="")  # ""|present|absent|substitute
    substitute: Mapped[str] = mapped_column(String(100), default="")
    item: Mapped[ScheduleItem] = relationship(back_populates="attendees")

class Speaker(Base):
    __tablename__ = "speaker"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("schedule_item.id", ondelete="CASCADE"), index=True)
    person: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(Text, default="")
    item: Mapped[ScheduleItem] = relationship(back_populates="speakers")

class Task(Base):
    """A 交办单: numbered per year without gaps; overdue is derived from the deadline and now."""

    __tablename__ = "task"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    lead_unit: Mapped[str] = mapped_column(String(200))
    co_units: Mapped[str] = mapped_column(Text, default="")  # 、-joined unit names
    deadline: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    source: Mapped[str] = mapped_column(String(16), default="instruction")  # meeting|instruction
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("schedule_item.id", ondelete="RESTRICT"), nullable=True)
    instruction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="assigned")  # assigned|in_progress|done
    receipt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

class TaskNote(Base):
    __tablename__ = "task_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)

class CountyReport(Base):
    """What a 县（市、区） reported of its own response level and warning colour (entered by the
    office; the county runs its own response). Each row is the county's whole state from
    ``decided_at`` on; never edited afterwards."""

    __tablename__ = "county_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    county: Mapped[str] = mapped_column(String(16), index=True)
    level: Mapped[str] = mapped_column(String(8))  # none|IV|III|II|I
    warning: Mapped[str] = mapped_column(String(8))  # none|blue|yellow|orange|red
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

class CountyContact(Base):
    """The county 指挥部's duty phone and liaison, as last registered."""

    __tablename__ = "county_contact"
    county: Mapped[str] = mapped_column(String(16), primary_key=True)
    duty_phone: Mapped[str] = mapped_column(String(100), default="")
    liaison: Mapped[str] = mapped_column(String(100), default="")
    liaison_phone: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))

class CountyInstruction(Base):
    """The city required counties to start a response of a level (phe 6.1.3–6.1.5, ari 6.1.2)."""

    __tablename__ = "county_instruction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(8))  # IV|III|II|I
    instructed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ref: Mapped[str] = mapped_column(Text)  # the document (文号) or record
    plan: Mapped[str] = mapped_column(String(16))  # the plan the city's response ran under
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    targets: Mapped[list["CountyInstructionTarget"]] = relationship(
        back_populates="instruction", cascade="all, delete-orphan", order_by="CountyInstructionTarget.id")

class CountyInstructionTarget(Base):
    __tablename__ = "county_instruction_target"
    __table_args__ = (UniqueConstraint("instruction_id", "county"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instruction_id: Mapped[int] = mapped_column(ForeignKey("county_instruction.id", ondelete="CASCADE"), index=True)
    county: Mapped[str] = mapped_column(String(16), index=True)
    instruction: Mapped[CountyInstruction] = relationship(back_populates="targets")

class ExpertMember(Base):
    """A member of the expert advisory committee (专家咨询委员会, phe 4.3) and the period of membership."""

    __tablename__ = "expert_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    specialty: Mapped[str] = mapped_column(String(100))
    employer: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(100), default="")
    office_phone: Mapped[str] = mapped_column(String(100), default="")
    member_from: Mapped[date] = mapped_column(Date)
    member_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)

class Assessment(Base):
    """The committee's assessment as held: when, who was present, the question, the recommendation."""

    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    question: Mapped[str] = mapped_column(String(24))  # plan.experts.QUESTIONS
    recommendation: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    present: Mapped[list["AssessmentMember"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentMember.id")

class AssessmentMember(Base):
    __tablename__ = "assessment_member"
    __table_args__ = (UniqueConstraint("assessment_id", "member_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("expert_member.id"), index=True)
    assessment: Mapped[Assessment] = relationship(back_populates="present")
    member: Mapped[ExpertMember] = relationship()

class LevelAssessment(Base):
    """The committee's recorded assessment a level decision rests on (``level set … --assessment-id``).
    A table of its own: adding a column to level_decision would change the rows older files proved."""

    __tablename__ = "level_assessment"
    decision_id: Mapped[int] = mapped_column(ForeignKey("level_decision.id", ondelete="CASCADE"), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)

class WarningProcedure(Base):
    """A warning decision's procedure (phe 5.4.4; ari annex 三、四): the CDC's proposal, the committee's
    assessment, filing with the 市政府, publication with its situations (annex item ids, "、"-joined),
    scope and measures. A table of its own: warning_decision keeps the columns older files proved."""

    __tablename__ = "warning_procedure"
    decision_id: Mapped[int] = mapped_column(ForeignKey("warning_decision.id", ondelete="CASCADE"), primary_key=True)
    proposal: Mapped[str] = mapped_column(Text, default="")
    proposed_by: Mapped[str] = mapped_column(Text, default="")
    proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    assessment: Mapped[str] = mapped_column(Text, default="")
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True)
    filed_with: Mapped[str] = mapped_column(Text, default="")
    filing_ref: Mapped[str] = mapped_column(Text, default="")
    filed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    situations: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

class ScheduleAssessment(Base):
    """The assessment record a scheduled 风险评估会商 became when held (one record, one item)."""

    __tablename__ = "schedule_assessment"
    item_id: Mapped[int] = mapped_column(ForeignKey("schedule_item.id", ondelete="CASCADE"), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), unique=True)

class WarningTriggerSite(Base):
    """A 预警触发地（市、县） the city warned together with its own warning (ari annex 三)."""

    __tablename__ = "warning_trigger_site"
    __table_args__ = (UniqueConstraint("decision_id", "county"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("warning_decision.id", ondelete="CASCADE"), index=True)
    county: Mapped[str] = mapped_column(String(16))
    colour: Mapped[str] = mapped_column(String(8))  # blue|yellow|orange|red, not below the city's
