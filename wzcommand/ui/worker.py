"""Run a slow callable off the UI thread (imports, exports, later backups and reports).

The callable receives one argument, ``progress(done, total)``, which it may call from the
worker thread. Results come back through the signals of a `BackgroundTask`, which lives in
the UI thread, so whatever is connected to them runs in the UI thread too.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Task = Callable[[Progress], Any]

_running: set["BackgroundTask"] = set()  # keeps tasks (and their runnables) alive until they report


class _Relay(QObject):
    """Emitted from the worker thread; connections to the task are therefore queued."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Task, relay: _Relay):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it through the task
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn(self._relay.progress.emit)
        except BaseException as exc:  # reported to the UI, never lost in the thread
            log.debug("background task failed", exc_info=True)
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class BackgroundTask(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  # the callable's return value
    failed = Signal(object)  # the exception it raised

    def __init__(self, fn: Task):
        super().__init__()  # no parent: a closing window must not delete a task that is still running
        self._relay = _Relay()
        self._runnable = _Runnable(fn, self._relay)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> "BackgroundTask":
        self.running = True
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(self._runnable)
        return self

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._done()
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._done()
        self.failed.emit(exc)

    def _done(self) -> None:
        self.running = False
        _running.discard(self)


def run_in_background(fn: Task) -> BackgroundTask:
    """Start `fn(progress)` on the global thread pool; connect to the returned task's signals.

    Connect right after the call: results are delivered through the UI thread's event loop,
    so they cannot arrive before control returns to it. Connect widgets' own methods (not
    lambdas capturing them), so Qt drops the connection if the widget is closed first.
    """
    return BackgroundTask(fn).start()
