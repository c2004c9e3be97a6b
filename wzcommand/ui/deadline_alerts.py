"""Deadlines that call out: while a reporting clock nears its aim or due time (services.alerts), the
window says so where it is seen — a system-tray message, a sound (Settings.alert_sound turns it
off), the taskbar entry flashing (QApplication.alert) and a 确认时限提醒 button in the status bar —
and says it again every REPEAT_MS until someone acknowledges it (recorded: who, when)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QStyle, QSystemTrayIcon, QWidget

from .. import clock
from ..services import alerts
from ..services.errors import ServiceError
from .bus import ALERTS, EVENTS, REPORTS, UiContext, attempt_read

CHECK_MS = 5000
REPEAT_MS = 60_000
TITLE = "报告时限提醒"
BUTTON = "确认提醒（{n}）"  # short: the status bar holds the level, warning and clocks at 1024 px
BUTTON_STYLE = "QPushButton { background: #c62828; color: white; font-weight: bold; padding: 1px 8px; }"


class DeadlineAlerts(QObject):
    called = Signal(str)  # the message, each time the window calls out

    def __init__(self, ctx: UiContext, window: QWidget, now: Callable[[], datetime] = clock.now,
                 check_ms: int = CHECK_MS, repeat_ms: int = REPEAT_MS):
        super().__init__(window)
        self._ctx, self._window, self.now = ctx, window, now
        self.pending: list[alerts.Alert] = []
        self.calls = 0
        self.last_message = ""
        self._called_keys: set[tuple] = set()
        self.button = QPushButton(window)
        self.button.setObjectName("alertButton")
        self.button.setStyleSheet(BUTTON_STYLE)
        self.button.clicked.connect(self.acknowledge)
        self.button.hide()
        self.tray = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(window.windowTitle())
            self.tray.messageClicked.connect(self._show_window)
            self.tray.show()
        self.check_timer = QTimer(self, interval=check_ms)
        self.check_timer.timeout.connect(self.check)
        self.repeat_timer = QTimer(self, interval=repeat_ms)
        self.repeat_timer.timeout.connect(self.call_out)
        ctx.bus.changed.connect(self._on_changed)
        self.check_timer.start()
        QTimer.singleShot(0, self.check)

    def _on_changed(self, topic: str) -> None:
        if topic in (EVENTS, REPORTS, ALERTS):
            self.check()

    def check(self) -> None:
        """What calls now; a stage not called yet is called at once."""
        # a database that cannot be read now keeps what was shown; the next check tries again
        ok, pending = attempt_read(self._window, alerts.pending_alerts, self._ctx.db, self.now(),
                                   handlers={ServiceError: lambda _exc: None})
        if not ok or pending is None:
            return
        self.pending = pending
        self._update_button()
        if not self.pending:
            self.repeat_timer.stop()
            return
        if any(a.key not in self._called_keys for a in self.pending):
            self.call_out()
        if not self.repeat_timer.isActive():
            self.repeat_timer.start()

    def _update_button(self) -> None:
        n = len(self.pending)
        self.button.setVisible(bool(n))
        self.button.setText(BUTTON.format(n=n))
        read_only = self._ctx.db.read_only
        self.button.setEnabled(not read_only)
        self.button.setToolTip("\n".join(a.text(self.now()) for a in self.pending)
                               + ("\n（只读窗口不能确认，请在值班工作站确认）" if read_only else "\n单击确认已知悉（记录确认人和时间）"))

    def call_out(self) -> None:
        if not self.pending:
            return
        now = self.now()
        message = "\n".join(a.text(now) for a in self.pending[:4]) + (
            f"\n另有 {len(self.pending) - 4} 项" if len(self.pending) > 4 else "")
        self._called_keys.update(a.key for a in self.pending)
        self.calls += 1
        self.last_message = message
        if self.tray is not None:
            self.tray.showMessage(TITLE, message, QSystemTrayIcon.MessageIcon.Warning, 15000)
        QApplication.alert(self._window, 0)  # the taskbar entry flashes until the window is active
        if getattr(self._ctx.settings, "alert_sound", True):
            QApplication.beep()
        self.called.emit(message)

    def acknowledge(self) -> int:
        """The operator saw the alerts: recorded with their name and the time; they stop calling."""
        if not self.pending or self._ctx.db.read_only:
            return 0
        ok, done = self._ctx.bus.attempt(self._window, ALERTS, alerts.acknowledge, self._ctx.db, self.pending,
                                         self._ctx.operator(), self.now(), title=TITLE)
        if not ok or done is None:  # the refusal is shown; what still calls is read again
            self.check()
            return 0
        return done.count

    def _show_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def stop(self) -> None:
        self.check_timer.stop()
        self.repeat_timer.stop()
        if self.tray is not None:
            self.tray.hide()
