"""The one place that creates engines and sets the SQLite pragmas (see docs/data-safety)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # The stdlib driver's own transaction handling is off; we emit BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # NORMAL may lose a commit on power loss in WAL
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the lock at the start, so a busy database fails before work is done.
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
