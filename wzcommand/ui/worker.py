"""Run a slow callable off the UI thread (imports, exports, backups, reports, printing).

The callable receives one argument, ``progress(done, total)``, which it may call from the
worker thread. Results come back through the signals of a `BackgroundTask`, which lives in
the UI thread, so whatever is connected to them runs in the UI thread too.

Threads and lifetimes (a GC in either thread must never free a Qt object of the other):
- the worker touches exactly one Qt object, `_Dispatcher`, made once in the UI thread and never
  deleted, and only to emit its signals, which are queued to the UI thread; everything else it
  gets is plain Python (the task's id);
- the callable, and so whatever it captured, is held by the UI thread (`_Pending`) from `start`
  until its outcome has been delivered there, and the worker drops its own references before it
  reports: the last reference to anything a task used is always released on the UI thread;
- the worker is a plain Python callable handed to QThreadPool (no QRunnable subclass: a Python
  QRunnable is adopted by the pool's wrapper and kept, with all it references, for ever).
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Task = Callable[[Progress], Any]


@dataclass
class _Pending:
    """A started task as the UI thread keeps it; `outcome` is set once by the worker."""

    task: "BackgroundTask"
    fn: Task
    outcome: tuple[bool, object] | None = field(default=None)


_pending: dict[int, _Pending] = {}  # by task id; entries are added and removed on the UI thread only
_ids = itertools.count(1)


class _Dispatcher(QObject):
    """The worker's only way back: emitted in the worker, delivered (queued) in the UI thread."""

    progress = Signal(int, int, int)  # task id, done, total
    done = Signal(int)  # task id; the outcome is in its _Pending

    def __init__(self) -> None:
        super().__init__()
        queued = Qt.ConnectionType.QueuedConnection
        self.progress.connect(self._on_progress, queued)
        self.done.connect(self._on_done, queued)

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        pending = _pending.get(task_id)
        if pending is not None:
            pending.task.progress.emit(done, total)

    @Slot(int)
    def _on_done(self, task_id: int) -> None:
        pending = _pending.pop(task_id)  # from here on only the UI thread holds the callable
        assert pending.outcome is not None
        ok, value = pending.outcome
        pending.task._deliver(ok, value)


_dispatcher: _Dispatcher | None = None


def _ui_dispatcher() -> _Dispatcher:
    global _dispatcher
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("background tasks are started from the UI thread only")
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    return _dispatcher


def _report_progress(task_id: int, done: int, total: int) -> None:
    assert _dispatcher is not None
    _dispatcher.progress.emit(task_id, int(done), int(total))


def _work(task_id: int) -> None:
    """In the worker: run the callable, park the outcome with the UI thread's entry, then say so."""
    pending = _pending[task_id]
    fn = pending.fn
    try:
        outcome: tuple[bool, object] = (True, fn(partial(_report_progress, task_id)))
    except BaseException as exc:  # reported to the UI, never lost in the thread
        log.debug("background task failed", exc_info=True)
        if exc.__traceback__ is not None:
            exc.__traceback__ = exc.__traceback__.tb_next  # not this frame: no cycle through it
        outcome = (False, exc)
    pending.outcome = outcome
    del pending, fn, outcome  # nothing of the task stays with this thread
    assert _dispatcher is not None
    _dispatcher.done.emit(task_id)


class BackgroundTask(QObject):
    progress = Signal(int, int)
    finished = Signal(object)  # the callable's return value
    failed = Signal(object)  # the exception it raised

    def __init__(self, fn: Task):
        super().__init__()  # no parent: a closing window must not delete a task that is still running
        self._fn: Task | None = fn
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> "BackgroundTask":
        fn, self._fn = self._fn, None
        if fn is None:
            raise RuntimeError("a background task starts once")
        _ui_dispatcher()
        task_id = next(_ids)
        _pending[task_id] = _Pending(self, fn)
        self.running = True
        (pool or QThreadPool.globalInstance()).start(partial(_work, task_id))
        return self

    def _deliver(self, ok: bool, value: object) -> None:
        self.running = False
        (self.finished if ok else self.failed).emit(value)


def run_in_background(fn: Task) -> BackgroundTask:
    """Start `fn(progress)` on the global thread pool; connect to the returned task's signals.

    Connect right after the call: results are delivered through the UI thread's event loop,
    so they cannot arrive before control returns to it. Connect widgets' own methods (not
    lambdas capturing them), so Qt drops the connection if the widget is closed first.
    """
    return BackgroundTask(fn).start()


def wait_for_workers(msecs: int = -1) -> bool:
    """Block until every background task's worker has returned (at exit); False on time-out."""
    return QThreadPool.globalInstance().waitForDone(msecs)
