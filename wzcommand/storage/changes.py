"""Noticing writes made by another window or seat, cheaply, so every open window stays current.

- SQLite: `PRAGMA data_version` on a connection of its own changes whenever any other connection
  commits to the file (a read of the file header; no table is touched).
- PostgreSQL: every write transaction sends `NOTIFY wzcommand_changes` (Database.write), delivered
  when — and only if — it commits; a listening connection of its own hears it.

`ChangeWatcher.poll()` says whether something was committed since the last poll; the window polls
about once a second.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import Engine

CHANNEL = "wzcommand_changes"


class ChangeWatcher:
    def __init__(self, db):
        self._db = db
        self._conn = None
        self._marker = None
        self._heard = False
        self._open()

    def _open(self) -> None:
        db = self._db
        try:
            if db.path is not None:
                self._conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True, check_same_thread=False,
                                             timeout=0.2)
                self._marker = self._version()
            else:
                self._conn = _listen(db.engine)
                self._conn.add_notify_handler(self._on_notify)
        except Exception:
            self._conn = None

    def _version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def poll(self) -> bool:
        """True if another connection committed since the last poll."""
        if self._conn is None:
            return False
        try:
            if isinstance(self._conn, sqlite3.Connection):
                marker = self._version()
                changed, self._marker = marker != self._marker, marker
                return changed
            self._conn.execute("SELECT 1")  # delivers notifications waiting on the connection
            heard, self._heard = self._heard, False
            return heard
        except Exception:
            self.close()
            self._open()
            return True

    def _on_notify(self, _notify) -> None:
        self._heard = True

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None


def _listen(engine: Engine):
    import psycopg

    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(f"LISTEN {CHANNEL}")
    return conn
