"""SQLAlchemy models. Times are timezone-aware so SQLite and PostgreSQL behave alike."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """Stores aware datetimes; SQLite drops the zone, so values come back as UTC-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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
    """Append-only, hash-chained record of every change (triggers refuse UPDATE/DELETE)."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    operator: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
