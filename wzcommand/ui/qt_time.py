"""Times in and out of Qt's date-time edits: an edit shows the office's wall time (clock.zone())."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime

from .. import clock


def to_qt(moment: datetime) -> QDateTime:
    """`moment` as the office's wall time for an edit (to the millisecond, as Qt keeps it)."""
    local = clock.local(moment)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second, local.microsecond // 1000))


def from_qt(value: QDateTime) -> datetime:
    """What an edit shows, as an aware time in the office's zone."""
    moment = value.toPython()
    if not isinstance(moment, datetime):
        raise TypeError(f"not a date-time: {moment!r}")
    return clock.local(moment)


def to_qt_date(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qt_date(value: QDate) -> date:
    """What a date edit shows."""
    day = value.toPython()
    if not isinstance(day, date):
        raise TypeError(f"not a date: {day!r}")
    return day
