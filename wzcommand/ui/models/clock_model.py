"""Live reporting clocks: how a clock reads and what colour it is at a moment, and a table model.

The clocks come from :func:`wzcommand.services.deadlines.event_clocks` (reloaded when events or
reports change, and once a minute); in between, each second only recomputes the text and colour
from the cached due times, using the plan's own ``Clock.overdue``/``remaining``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ... import clock
from ...services.clock_status import EventClock, duration_text
from .table_model import TableModel

NEAR = timedelta(minutes=15)  # amber this long before the due time
# state -> (text colour, background tint, chip colour)
NORMAL, NEAR_DUE, OVERDUE, DONE, DONE_LATE, MISSED = "normal", "near", "overdue", "done", "done_late", "missed"
COLOURS = {
    NORMAL: ("#1b5e20", "", "#2e7d32"),
    NEAR_DUE: ("#7a4f00", "#fff3cd", "#f9a825"),
    OVERDUE: ("#b71c1c", "#fde0e0", "#c62828"),
    DONE: ("#616161", "", "#757575"),
    DONE_LATE: ("#8e2424", "", "#8e2424"),
    MISSED: ("#8e2424", "", "#8e2424"),
}
STATE_NAMES = {NORMAL: "正常", NEAR_DUE: "临近", OVERDUE: "已超时", DONE: "已完成", DONE_LATE: "超时完成",
               MISSED: "未报"}

COL_KIND, COL_DUE, COL_AIM, COL_DONE, COL_STATUS = range(5)
HEADERS = ("报告", "时限", "力争", "完成时间", "状态")
SHORT = "%m-%d %H:%M"  # the year is this year's; the tooltip has it
CLOCK_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2


def countdown_text(value: timedelta, seconds_over_an_hour: bool = True) -> str:
    """Seconds count under a day: ``1秒``, ``14分59秒``, ``1小时05分00秒``; a day or more as ``2天3小时``.
    Without `seconds_over_an_hour` (the status bar, short of room) an hour or more is ``1小时05分``,
    a day or more ``2天3小时``."""
    seconds = int(value.total_seconds())
    if seconds >= 24 * 3600:
        days, hours = divmod(seconds // 3600, 24)
        return duration_text(value) if seconds_over_an_hour else f"{days}天{hours}小时" if hours else f"{days}天"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}小时{minutes:02d}分" + (f"{secs:02d}秒" if seconds_over_an_hour else "")
    if minutes:
        return f"{minutes}分{secs:02d}秒"
    return f"{secs}秒"


@dataclass(frozen=True)
class ClockView:
    """One clock as shown at a moment."""

    item: EventClock
    state: str
    text: str  # 剩余 14分59秒 / 已超时 1秒 / 按时完成 / 超时 5分钟完成

    @property
    def colour(self) -> str:
        return COLOURS[self.state][0]

    @property
    def chip(self) -> str:
        return COLOURS[self.state][2]


def view_of(item: EventClock, now: datetime, seconds_over_an_hour: bool = True) -> ClockView:
    c = item.clock
    late = c.overdue_by(now)  # None while on time
    if c.done is not None:
        if late is not None:
            return ClockView(item, DONE_LATE, f"超时 {duration_text(late)}完成")
        return ClockView(item, DONE, "按时完成")
    if c.missed:  # the event ended with it not done: a fact of the record, no longer a countdown
        return ClockView(item, MISSED, f"逾期未报 {duration_text(late)}" if late is not None else "未报")
    if late is not None:
        return ClockView(item, OVERDUE, f"已超时 {countdown_text(late, seconds_over_an_hour)}")
    remaining = c.remaining(now)
    near = remaining <= NEAR or (c.aim is not None and now > c.aim)
    return ClockView(item, NEAR_DUE if near else NORMAL, f"剩余 {countdown_text(remaining, seconds_over_an_hour)}")


def open_views(items: list[EventClock], now: datetime, seconds_over_an_hour: bool = True) -> list[ClockView]:
    """Clocks still running, the one due soonest (the most overdue) first (not those missed with the event's end)."""
    return [view_of(i, now, seconds_over_an_hour) for i in sorted((i for i in items if i.clock.running),
                                             key=lambda i: (i.clock.due, i.event_id))]


def most_urgent(items: list[EventClock], now: datetime, seconds_over_an_hour: bool = True) -> ClockView | None:
    views = open_views(items, now, seconds_over_an_hour)
    return views[0] if views else None


class ClockTableModel(TableModel):
    """The clocks of one event, a ClockView a row; `tick(now)` refreshes the status column only."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._now = clock.now()

    def set_clocks(self, items: list[EventClock], now: datetime) -> None:
        self._now = now
        self.set_rows(view_of(i, now) for i in items)

    def tick(self, now: datetime) -> None:
        self._now = now
        self._rows = [view_of(v.item, now) for v in self._rows]
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COL_STATUS))

    def views(self) -> list[ClockView]:
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        view, col = self.row_for(index), index.column()
        if view is None:
            return None
        c = view.item.clock
        if role == Qt.ItemDataRole.DisplayRole:
            return {COL_KIND: c.label, COL_DUE: clock.local_text(c.due, SHORT), COL_AIM: clock.local_text(c.aim, SHORT),
                    COL_DONE: clock.local_text(c.done, SHORT), COL_STATUS: view.text}[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            when = {COL_DUE: c.due, COL_AIM: c.aim, COL_DONE: c.done}.get(col)
            return clock.local_text(when) if when else (c.explanation or None)
        if role == Qt.ItemDataRole.ForegroundRole and col in (COL_KIND, COL_STATUS):
            return QBrush(QColor(view.colour))
        if role == Qt.ItemDataRole.BackgroundRole and COLOURS[view.state][1]:
            return QBrush(QColor(COLOURS[view.state][1]))
        if role == Qt.ItemDataRole.FontRole and col == COL_STATUS and view.state in (NEAR_DUE, OVERDUE):
            font = QFont()
            font.setBold(True)
            return font
        if role == CLOCK_ROLE:
            return view.item
        if role == STATE_ROLE:
            return view.state
        return None
