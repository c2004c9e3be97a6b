"""`kill` (SIGTERM, also what a system shutdown sends), Ctrl+C (SIGINT) and the session manager's
end of session (Qt's commitDataRequest) close the window as its close button does: the closing
backup runs, the lock file records a clean close, and the next start shows no unclean-shutdown
note and runs no full check. Nobody may be there to answer, so nothing is asked
(`unsaved.unattended`: report drafts are kept, other unsaved form changes are given up).

Python runs its signal handlers only between bytecodes of the main thread, which may sit in Qt's
event loop for hours. So the C-level handler's wake-up byte goes into a socket pair
(`signal.set_wakeup_fd`) that a QSocketNotifier watches; the Python handler itself does nothing.
The notifier's slot runs in the event loop, reads which signals came, and closes the window
there, through the event loop like a click. No Qt call is made inside a signal handler.

    closer = install(app)   # as soon as the QApplication exists
    ...
    closer.attach(window)   # once the main window exists (a request before that closes it at once)
"""
from __future__ import annotations

import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from .unsaved import stop_asking

SIGNALS = (signal.SIGTERM, signal.SIGINT)
AGAIN_MS = 500


class CloseOnRequest(QObject):
    requested = Signal(str)  # why: "SIGTERM", "SIGINT" or "session"

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        self._window: QWidget | None = None
        self.reason = ""  # set by the first request
        self._receive, self._send = socket.socketpair()
        for end in (self._receive, self._send):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._send.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _ignore_in_python) for sig in SIGNALS}
        self._notifier = QSocketNotifier(self._receive.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        app.commitDataRequest.connect(self.end_of_session)
        self._again = QTimer(self, interval=AGAIN_MS)
        self._again.timeout.connect(self._close)

    def attach(self, window: QWidget) -> "CloseOnRequest":
        self._window = window
        window.destroyed.connect(self._window_gone)
        if self.reason:
            QTimer.singleShot(0, self._close)  # asked before the window existed
        return self

    def _window_gone(self) -> None:
        self._window = None

    def uninstall(self) -> None:
        """Give the signals back (Python's own handling applies again) and stop watching."""
        self._again.stop()
        self._notifier.setEnabled(False)
        self._app.commitDataRequest.disconnect(self.end_of_session)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._receive.close()
        self._send.close()
        self.deleteLater()

    def _woken(self) -> None:
        try:
            data = self._receive.recv(64)
        except BlockingIOError:
            return
        names = [signal.Signals(n).name for n in data if n in SIGNALS]
        if names:
            self.request(names[0])

    def end_of_session(self, _manager=None) -> None:
        """Qt's commitDataRequest: the desktop session is ending."""
        self.request("session")

    def request(self, reason: str) -> None:
        """Close as the close button would, without asking anyone (from now on nothing asks)."""
        if not self.reason:
            self.reason = reason
            stop_asking()
            self._again.start()  # a box that opens while closing (a failed backup's warning) is closed too
            self.requested.emit(reason)
        self._close()

    def _close(self) -> None:
        for dialog in [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
                       and not isinstance(w, QProgressDialog)]:  # the closing backup's dialog stays
            dialog.close()  # as its close button: reject(), which settles its form unattended
        if self._window is not None and self._window.isVisible():
            self._window.close()  # refused only while the closing backup runs; the session closes it after


def _ignore_in_python(_signum, _frame) -> None:
    """The wake-up byte already told the event loop; nothing runs here."""


def install(app: QApplication) -> CloseOnRequest:
    return CloseOnRequest(app)
