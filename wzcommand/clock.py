"""Time in one place: aware datetimes in the office's time zone, ISO parsing for the CLI.

Every time a person reads (printed documents, clocks, ``--json``) is given in the office's
zone (an office document setting, Asia/Shanghai unless the office changes it), never in
the zone the workstation happens to be set to.  Opening a database sets the zone from the
office settings stored in it (:func:`set_zone`).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"
# How far ahead of this workstation's clock a time typed into a record may be: workstations'
# clocks differ by minutes, but a decision, a requisition or a movement cannot be in the future.
FUTURE_TOLERANCE = timedelta(minutes=10)
_zone: tzinfo = ZoneInfo(DEFAULT_ZONE)


def zone_named(name: str) -> tzinfo:
    """The zone for an IANA name; ValueError for an unknown one."""
    try:
        return ZoneInfo((name or "").strip())
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"未知的时区“{name}”（应为如 Asia/Shanghai 的时区名）") from exc


def set_zone(name: str) -> None:
    global _zone
    _zone = zone_named(name or DEFAULT_ZONE)


def zone() -> tzinfo:
    return _zone


def now() -> datetime:
    return datetime.now(_zone)


def check_time(errors: dict[str, str], key: str, value: datetime | None, what: str, now: datetime | None = None,
               *, optional: bool = False) -> None:
    """The one rule for a time a person gives for a record: it must be given, with its zone, and may
    not be later than this workstation's clock allows (FUTURE_TOLERANCE).  ``what`` is the field's
    Chinese name (征用时间), so the refusal, put in ``errors[key]``, names it; ``optional``: no time is fine."""
    if value is None and optional:
        return
    if value is None or value.tzinfo is None:
        errors[key] = f"请填写{what}"
    elif value > (now or datetime.now(_zone)) + FUTURE_TOLERANCE:
        errors[key] = f"{what}不能晚于当前时间"


def local(value: datetime) -> datetime:
    """``value`` in the office's zone (a naive value is taken as already in it)."""
    return value.replace(tzinfo=_zone) if value.tzinfo is None else value.astimezone(_zone)


def parse_iso(text: str) -> datetime:
    """ISO 8601; a time without a zone is taken as the office's local time."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=_zone)


def local_text(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return local(value).strftime(fmt) if value else ""


def iso(value: datetime | None) -> str | None:
    return local(value).isoformat(timespec="seconds") if value else None


def utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)
