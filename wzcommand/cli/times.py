"""The one place the command line reads times and dates, with one error text for each."""
from __future__ import annotations

from datetime import date, datetime

TIME_ERROR = "时间格式不正确：{text!r}（应为 ISO 8601，如 2026-11-29T08:30）"
DATE_ERROR = "日期格式不正确：{text!r}（应为 YYYY-MM-DD）"


def parse_time(text: str | None, field: str) -> datetime | None:
    """An ISO 8601 time (a time without a zone is local); None when not given. Bad input is a
    ValidationError on `field`, so the command exits 2 with one line."""
    from .. import clock
    from ..services.errors import ValidationError

    if not text:
        return None
    try:
        return clock.parse_iso(text)
    except ValueError:
        raise ValidationError({field: TIME_ERROR.format(text=text)}) from None


def time_or_now(text: str | None, field: str) -> datetime:
    """As parse_time, defaulting to now."""
    from .. import clock

    return parse_time(text, field) or clock.now()


def parse_day(text: str | None, field: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD date, or `default` when not given."""
    from ..services.errors import ValidationError

    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({field: DATE_ERROR.format(text=text)}) from None
