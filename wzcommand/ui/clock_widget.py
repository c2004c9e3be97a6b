"""The status-bar countdown: the most urgent open reporting clock of all events, live.

Every tick of the context's one ticker (ui/ticker.py) it recomputes the text and colour from the clocks it holds (cheap); it reloads the
clocks from the service when events or reports change and once a minute. Clicking it (or the
事件 menu's 转到最紧急的报告时限) opens the 事件 panel on that event. ``now`` is injectable.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from ..services import clock_status, deadlines
from .bus import EVENTS, REPORTS, UiContext
from .level_style import GREY, chip_style, restyle
from .models.clock_model import ClockView, most_urgent, open_views
from .ticker import SharedNow, ticker_of

NOTHING_DUE = "报告时限：无待办"
NAME_CHARS = 5  # longer event names are shortened (the tooltip has the whole line): room at 1024 px
RELOAD_MS = 60_000


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class ClockWidget(SharedNow, QLabel):
    activated = Signal(int)  # the event id of the clock shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 now: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self.setObjectName("clockWidget")
        self._ctx = ctx
        self._ticker = ticker_of(ctx, now)  # the 事件 panel's clock table ticks with the same moment
        self._clocks: list[deadlines.EventClock] = []
        self.current: ClockView | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._ticker.ticked.connect(self.tick)
        self._reloader = QTimer(self, interval=RELOAD_MS)
        self._reloader.timeout.connect(self.reload)
        ctx.bus.changed.connect(self._on_changed)
        self.reload()
        self._reloader.start()

    def _on_changed(self, topic: str) -> None:
        if topic in (EVENTS, REPORTS):
            self.reload()

    def reload(self) -> None:
        self._clocks = deadlines.event_clocks(self._ctx.db, now=self.now())
        self._ticker.tick()  # every clock of the window shows one fresh moment again

    def tick(self, now: datetime | None = None) -> None:
        """Show the countdown as of ``now``: the ticker's moment, else read from the source."""
        now = now if now is not None else self.now()
        view = self.current = most_urgent(self._clocks, now, seconds_over_an_hour=False)
        if view is None:
            self.setText(NOTHING_DUE)
            restyle(self, chip_style(GREY))
            self.setProperty("chipColour", GREY)
            self.setToolTip("所有事件的报告时限均已完成。")
            return
        others = len(open_views(self._clocks, now)) - 1
        more = f"（另{others}项）" if others > 0 else ""
        self.setText(f"{short_name(view.item.event_name)}·{view.item.clock.label}：{view.text}{more}")
        restyle(self, chip_style(view.chip))
        self.setProperty("chipColour", view.chip)
        self.setToolTip(f"{view.item.event_name}\n{clock_status.status_text(deadlines_item(view, now))}\n"
                        "单击查看该事件")

    def state(self) -> str | None:
        return self.current.state if self.current else None

    def open_current(self) -> None:
        if self.current is not None:
            self.activated.emit(self.current.item.event_id)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.open_current()
        super().mouseReleaseEvent(event)


def deadlines_item(view: ClockView, now: datetime) -> clock_status.EventClock:
    """The cached clock with its overdue/remaining figures as of ``now`` (for the service's wording)."""
    return clock_status.EventClock.at(view.item.event_id, view.item.event_name, view.item.clock, now)
