"""Time in one place: aware datetimes, local zone for people, ISO parsing for the CLI."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now().astimezone()


def parse_iso(text: str) -> datetime:
    """ISO 8601; a time without a zone is taken as the workstation's local time."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.astimezone()


def local_text(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone().strftime(fmt) if value else ""


def iso(value: datetime | None) -> str | None:
    return value.astimezone().isoformat(timespec="seconds") if value else None


def utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)
