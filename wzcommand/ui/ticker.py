"""One second tick for every live clock of a window: the status-bar countdown and the 事件 panel's
clock table read the time once per second, from the same source, so they never differ by a second.

There is one ticker per UI context (kept by its change bus); ``now`` is injectable and
setting it moves every clock that ticks with it.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from .. import clock
from .bus import UiContext

TICK_MS = 1000
_ATTRIBUTE = "_second_ticker"  # where a change bus keeps its context's ticker


class SecondTicker(QObject):
    ticked = Signal(object)  # the moment of this tick (an aware datetime), the same for every listener

    def __init__(self, parent: QObject | None, now: Callable[[], datetime] = clock.now):
        super().__init__(parent)
        self.now = now
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> datetime:
        """Read the time once and hand that moment to every listener."""
        moment = self.now()
        self.ticked.emit(moment)
        return moment


def ticker_of(ctx: UiContext, now: Callable[[], datetime] | None = None) -> SecondTicker:
    """The context's one ticker, made on first use; ``now``, when given, becomes its source.

    The ticker (and its running timer) belongs to the application, not to the change bus: a bus
    that garbage collection frees on a worker thread must not take a live QTimer with it (that
    crashed). It goes when the bus goes, on the UI thread (``deleteLater`` is queued there)."""
    ticker = getattr(ctx.bus, _ATTRIBUTE, None)
    if ticker is None:
        ticker = SecondTicker(QCoreApplication.instance())
        setattr(ctx.bus, _ATTRIBUTE, ticker)
        ctx.bus.destroyed.connect(ticker.deleteLater)
    if now is not None:
        ticker.now = now
    return ticker


class SharedNow:
    """For a widget whose clocks tick with its context's ticker (kept in ``self._ticker``)."""

    _ticker: SecondTicker

    @property
    def now(self) -> Callable[[], datetime]:
        """The context's one time source (setting it moves every clock of the window)."""
        return self._ticker.now

    @now.setter
    def now(self, value: Callable[[], datetime]) -> None:
        self._ticker.now = value
