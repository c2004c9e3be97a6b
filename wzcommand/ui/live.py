"""Every window current: writes committed by another window or seat appear within about a second,
with no action; F5 (视图 → 刷新) reloads at once.

`LiveRefresh` polls a ChangeWatcher (SQLite `PRAGMA data_version`, PostgreSQL LISTEN/NOTIFY; see
storage/changes.py, reached through `db.watch_changes()`) and, when another connection committed,
announces every topic on the bus: each panel reloads what it shows (a form being edited keeps
what was typed). This window's own writes are announced by the bus already; they are absorbed.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from .bus import UiContext

POLL_MS = 1000  # a change by another seat shows within this (plus the reload)


class LiveRefresh(QObject):
    refreshed = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None, interval_ms: int = POLL_MS):
        super().__init__(parent)
        self._ctx = ctx
        self._db: Any = None  # the database watched (storage.database.Database; ui/ names no storage type)
        self._watcher: Any = None  # what it gave to watch its changes
        self._announcing = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)
        ctx.bus.changed.connect(self._absorb)
        self._watch()
        self.timer.start()

    def _watch(self) -> None:
        """(Re)start watching ctx.db (after a restore it is another Database object)."""
        if self._watcher is not None:
            self._watcher.close()
        self._db = self._ctx.db
        self._watcher = self._db.watch_changes()

    def check(self) -> bool:
        """Reload everything if another connection committed since the last check."""
        if self._ctx.db is not self._db:
            self._watch()
            return False
        if self._watcher.poll():
            self.refresh()
            return True
        return False

    def refresh(self) -> None:
        """Every panel reloads from the database now (F5)."""
        self._announcing = True
        try:
            self._ctx.bus.announce_all()
        finally:
            self._announcing = False
        self.refreshed.emit()

    def _absorb(self, _topic: str) -> None:
        if not self._announcing and self._ctx.db is self._db:
            self._watcher.poll()  # this window's own write: already announced

    def stop(self) -> None:
        self.timer.stop()
        if self._watcher is not None:
            self._watcher.close()
