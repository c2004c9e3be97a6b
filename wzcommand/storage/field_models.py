"""The registers a response keeps in the field (measures and their approvals, requisitions and
compensation, supplies and requests, townships and their risk levels): tables beside the core ones
of models.py, on the same base. Imported through storage/models (mapped on first use: see there)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import command_models, event_models  # noqa: F401  (the tables this module's foreign keys name)
from .schema_base import Base, UtcDateTime


class Measure(Base):
    """A control measure (管控措施, phe 6.3.1 (4)(5); ari 6.2) as decided: its kind (plan.measures), area,
    deciding body, legal basis, start, review date and lifting. Approvals it needs are rows of
    measure_approval; until they are recorded it is pending (services.measures)."""

    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    division: Mapped[str] = mapped_column(String(100))  # 鹿城区 | 鹿城区、龙湾区 | 全市
    place: Mapped[str] = mapped_column(Text, default="")  # township, street, site
    decided_by: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text)  # the decision (document, 文号) as the office entered it
    affects_others: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    needs: Mapped[str] = mapped_column(String(100), default="")  # the approvals needed, ","-joined keys
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), nullable=True, index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    lifted_by: Mapped[str] = mapped_column(String(200), default="")
    lift_basis: Mapped[str] = mapped_column(Text, default="")
    # why it was decided though the plan does not list it at the response level in force ('' when it does)
    level_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approvals: Mapped[list["MeasureApproval"]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="MeasureApproval.id")


class MeasureApproval(Base):
    """An approval a measure needed, as given: which need (plan.measures.NEEDS), by whom, reference, when."""

    __tablename__ = "measure_approval"
    __table_args__ = (UniqueConstraint("measure_id", "need"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    need: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str] = mapped_column(String(200))
    ref: Mapped[str] = mapped_column(Text)
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    measure: Mapped[Measure] = relationship(back_populates="approvals")


class RequisitionOwner(Base):
    """Whom property or services were requisitioned from (phe 7.3: 有关单位、企业、个人), once per owner."""

    __tablename__ = "requisition_owner"
    __table_args__ = (UniqueConstraint("kind", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # plan.requisitions.OWNER_KINDS
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(Text, default="")


class Requisition(Base):
    """One temporary requisition (phe 6.3.1 (5)): what, from whom, by which decision, when, and the
    condition when taken and when returned."""

    __tablename__ = "requisition"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("requisition_owner.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # plan.requisitions.KINDS
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[str] = mapped_column(String(100))
    decided_by: Mapped[str] = mapped_column(String(200))
    decision_ref: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    condition_taken: Mapped[str] = mapped_column(Text)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    condition_returned: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    owner: Mapped[RequisitionOwner] = relationship()


class RequisitionCompensation(Base):
    """The compensation the office assessed for one owner for one response (phe 7.3), keyed by the
    decision that started the response; amount in fen."""

    __tablename__ = "requisition_compensation"
    __table_args__ = (UniqueConstraint("owner_id", "response_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("requisition_owner.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("level_decision.id"), index=True)
    assessment: Mapped[str] = mapped_column(Text)
    amount_fen: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SupplyItem(Base):
    """An item the office keeps stock of (口罩, 防护服, 检测试剂, 消毒剂, 病床 …) and its unit of measure."""

    __tablename__ = "supply_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    unit: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SupplySite(Base):
    """A place stock is kept (a warehouse, a hospital store, a county depot)."""

    __tablename__ = "supply_site"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StockMove(Base):
    """One movement as the office recorded it: received at a site, issued from a site to a unit,
    transferred between sites, or a stock-taking adjustment. Its lines hold the quantities."""

    __tablename__ = "stock_move"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # plan.supplies.KINDS
    item_id: Mapped[int] = mapped_column(ForeignKey("supply_item.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("supply_site.id"), index=True)
    to_site_id: Mapped[int | None] = mapped_column(ForeignKey("supply_site.id"), nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)  # always positive; the lines carry the sign
    party: Mapped[str] = mapped_column(String(200), default="")  # the unit issued to, or the supplier
    request_id: Mapped[int | None] = mapped_column(ForeignKey("supply_request.id"), nullable=True, index=True)
    ref: Mapped[str] = mapped_column(Text, default="")  # a document, or the imported file's digest
    note: Mapped[str] = mapped_column(Text, default="")
    moved_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lines: Mapped[list["StockLine"]] = relationship(back_populates="move", cascade="all, delete-orphan",
                                                    order_by="StockLine.id")


class StockLine(Base):
    """A signed quantity of one batch at one site; a site's stock is the sum of its lines."""

    __tablename__ = "stock_line"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    move_id: Mapped[int] = mapped_column(ForeignKey("stock_move.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("supply_site.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supply_item.id"), index=True)
    batch: Mapped[str] = mapped_column(String(100), default="")
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    quantity: Mapped[int] = mapped_column(Integer)
    move: Mapped[StockMove] = relationship(back_populates="lines")


class SupplyRequest(Base):
    """A member unit's or a county's request for supplies: requested → approved → issued → received."""

    __tablename__ = "supply_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester: Mapped[str] = mapped_column(String(200), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("supply_item.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    approved_quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))  # plan.supplies.STATUSES (not overdue: that is shown)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    needed_by: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    received_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Township(Base):
    """A 乡镇（街道） the office imported: its division, name, code and, when given, its boundary (the
    GeoJSON geometry as imported, longitude/latitude; "" without one)."""

    __tablename__ = "township"
    __table_args__ = (UniqueConstraint("division", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    division: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    boundary: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[str] = mapped_column(String(100))


class TownshipRisk(Base):
    """A township's risk level (high|medium|low|none) from ``effective_at`` on; never edited, so the map
    of any past date can be drawn again. ``assessment_id``: the committee's assessment it rests on."""

    __tablename__ = "township_risk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str] = mapped_column(String(8))
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    basis: Mapped[str] = mapped_column(Text)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"), nullable=True)
    set_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RiskMapIssue(Base):
    """A risk map printed for a date (public or internal) with its PDF's SHA-256: the schedule's
    风险地图发布 item of that date links to it."""

    __tablename__ = "riskmap_issue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_date: Mapped[date] = mapped_column(Date, index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")  # the high and medium townships as printed (JSON)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[str] = mapped_column(String(100))
