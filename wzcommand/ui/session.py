"""The working session of one window: who is signed in, the lock after inactivity, automatic backups.

- `set_signed_in(ctx, account)` makes an account the operator of every later write and tells the
  window (topic SESSION), which enables what the role allows.
- `Session.attach(window)`: after `lock_minutes` without a key or mouse event (an application event
  filter restarts a QTimer) the window is covered by the lock screen. Only when someone is signed in.
- Automatic backups: after changes announced on the bus (`backup_if_due`: at most one per five
  minutes, in the worker), and when the window closes with changes not yet backed up (in the
  worker, behind a progress dialog; the window closes when it is done).
- `start_job`: one backup, restore or archive at a time per database file.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..services import accounts, backups
from ..services.changes import changes_of
from .bus import BACKUPS, SESSION, UiContext
from .worker import BackgroundTask, Task, run_in_background

if TYPE_CHECKING:
    from .dialogs.lock_screen import LockScreen

DEFAULT_LOCK_MINUTES = 10
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.MouseButtonDblClick, QEvent.Type.InputMethod,
                          QEvent.Type.TouchBegin})
CLOSING_BACKUP = "正在备份数据库，完成后关闭程序…"

_busy: set[str] = set()  # database files with a backup, restore or archive job running


def lock_minutes(settings) -> int:
    minutes = getattr(settings, "lock_minutes", DEFAULT_LOCK_MINUTES)
    return minutes if isinstance(minutes, int) and minutes > 0 else DEFAULT_LOCK_MINUTES


def set_signed_in(ctx: UiContext, signed_in: accounts.SignedIn | None) -> None:
    """`signed_in` is now the operator (None: nobody); the window re-checks what is allowed."""
    ctx.signed_in = signed_in
    if signed_in is not None:
        ctx.accounts_exist = True
    ctx.bus.changed.emit(SESSION)


def recheck_account(ctx: UiContext) -> None:
    """After the database file was replaced: is the signed-in account still there, with which role?"""
    ctx.accounts_exist = accounts.has_accounts(ctx.db)
    signed = ctx.signed_in
    if signed is not None:
        same = next((a for a in accounts.list_accounts(ctx.db) if a.name == signed.name and a.active), None)
        ctx.signed_in = accounts.SignedIn(same.name, same.role) if same else None


def storage_busy(path: Path | None) -> bool:
    return path is not None and str(path) in _busy


def start_job(path: Path, fn: Task) -> BackgroundTask | None:
    """Run `fn` in the worker unless another job on the same file is running (then None)."""
    key = str(path)
    if key in _busy:
        return None
    _busy.add(key)
    task = run_in_background(fn)
    task.finished.connect(lambda _result: _busy.discard(key))  # before the caller's handlers
    task.failed.connect(lambda _exc: _busy.discard(key))
    return task


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without key or mouse input anywhere in the program."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self.timer.timeout.connect(self.idle)
        self._watching = False

    def start(self) -> None:
        app = QApplication.instance()
        if not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True
        self.timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if self._watching and app is not None:
            app.removeEventFilter(self)
            self._watching = False
        self.timer.stop()

    @property
    def watching(self) -> bool:
        return self._watching

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.timer.start()
        return False


class AutoBackup(QObject):
    """Backups after changes (at most one per five minutes) and before the window closes."""

    def __init__(self, ctx: UiContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.changes = 0  # changes announced since the last backup started
        self.task: BackgroundTask | None = None
        self._counted = 0
        self._closing = False
        self.retry = QTimer(self, singleShot=True, interval=backups.MIN_INTERVAL_SECONDS * 1000)
        self.retry.timeout.connect(self.run_if_due)
        ctx.bus.changed.connect(self._on_changed)

    @property
    def enabled(self) -> bool:
        db = self._ctx.db
        return db.path is not None and not db.read_only

    def _on_changed(self, topic: str) -> None:
        if topic not in (SESSION, BACKUPS):
            self.changes += 1
            self.run_if_due()

    def run_if_due(self) -> None:
        if not self.enabled or not self.changes:
            return
        db = self._ctx.db
        task = start_job(db.path, lambda _progress: backups.backup_if_due(db))
        if task is None:  # a restore or another backup is running: try again later
            self.retry.start()
            return
        self.task, self._counted = task, self.changes
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)

    def _finished(self, info) -> None:
        if info is None:  # not due yet: the newest backup is less than five minutes old
            self.retry.start()
            return
        self.changes = max(0, self.changes - self._counted)
        self._ctx.bus.announce(changes_of(info))

    def _failed(self, _exc: BaseException) -> None:
        self.retry.start()  # the backup panel's list shows what exists; tried again later

    def before_close(self, parent: QWidget, done: Callable[[], None]) -> bool:
        """True if the window may close now; otherwise back up first (in the worker, behind a
        progress dialog) and call `done` afterwards, whether or not the backup succeeded."""
        if not self.enabled or not self.changes:
            return True
        if self._closing:
            return False  # the closing backup is already running (closed twice)
        self._closing = True
        self._parent, self._done = parent, done
        progress = self.progress = QProgressDialog(CLOSING_BACKUP, "", 0, 0, parent)
        progress.setCancelButton(None)
        progress.setWindowTitle("正在关闭")
        progress.setMinimumDuration(0)
        progress.setModal(True)
        progress.show()
        db = self._ctx.db
        self.task = run_in_background(lambda _progress: _wait_then_backup(db))
        self.task.finished.connect(self._closing_backed_up)
        self.task.failed.connect(self._closing_failed)
        return False

    def _closing_backed_up(self, _info=None) -> None:
        self._closing = False
        self.progress.close()
        self.changes = 0
        self._done()

    def _closing_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self._parent, "关闭前备份失败", f"{getattr(exc, 'message', None) or exc}\n已保存的数据不受影响。")
        self._closing_backed_up()


def _wait_then_backup(db):
    """In the worker: wait for a running automatic backup, then take the closing one."""
    import time

    for _ in range(600):
        if not storage_busy(db.path):
            break
        time.sleep(0.05)
    return backups.backup_now(db)


class Session(QObject):
    """Locks the window after inactivity and backs up; see the module docstring."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, ctx: UiContext, idle_ms: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._window: QWidget | None = None
        self._may_close = False
        self._was_signed_in = ctx.signed_in is not None
        self.lock_screen: LockScreen | None = None
        self.watcher = IdleWatcher(idle_ms or lock_minutes(ctx.settings) * 60_000, self)
        self.watcher.idle.connect(self.lock)
        self.auto_backup = AutoBackup(ctx, self)
        ctx.bus.changed.connect(self._on_changed)

    def attach(self, window: QWidget) -> "Session":
        """Watch `window`, which owns the session from now on: a destroyed window takes its session,
        filters and the closing backup's callbacks with it (the backup itself finishes in the worker)."""
        self._window = window
        if self.parent() is None:
            self.setParent(window)
        window.installEventFilter(self)
        self._arm()
        return self

    def _arm(self) -> None:
        if self._ctx.signed_in is not None and not self._ctx.db.read_only and self.lock_screen is None:
            self.watcher.start()
        else:
            self.watcher.stop()

    def _on_changed(self, topic: str) -> None:
        if topic != SESSION:
            return
        if self._ctx.signed_in is not None:
            self._was_signed_in = True
        elif self._was_signed_in and self._ctx.accounts_exist and not self._ctx.db.read_only:
            self.lock()  # the account is gone (a restore): someone must sign in again
            return
        self._arm()

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None

    def lock(self) -> None:
        if self._window is None or self.lock_screen is not None:
            return
        from .dialogs.lock_screen import LockScreen

        self.watcher.stop()
        screen = self.lock_screen = LockScreen(self._ctx, self._window)
        screen.accepted.connect(self._unlocked)
        screen.cover()
        screen.show()
        screen.raise_()
        screen.activateWindow()
        self.locked.emit()

    def _unlocked(self) -> None:
        screen, self.lock_screen = self.lock_screen, None
        if screen is None:
            return
        screen.deleteLater()
        if screen.signed_in != self._ctx.signed_in:
            set_signed_in(self._ctx, screen.signed_in)
        self._arm()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close and not self._may_close:
            confirm = getattr(self._window, "confirm_close", None)
            if self.lock_screen is None and confirm is not None and not confirm():
                event.ignore()  # 取消: unsaved changes stay on screen
                return True
            if self.auto_backup.before_close(self._window, self._close_now):
                self._may_close = True
                self.watcher.stop()
                return False
            event.ignore()
            return True
        return False

    def _close_now(self) -> None:
        self._may_close = True
        self.watcher.stop()
        if self._window is not None:
            self._window.close()
