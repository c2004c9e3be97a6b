"""A read-only SQLite connection for the command line's read commands, without SQLAlchemy.

A read command (``level show``, ``units``, ``deadlines``) that starts a whole interpreter pays
more for importing SQLAlchemy and the models than for its query. :func:`open_quick` runs the
same refusals as ``open_database`` first (:func:`.opening.examine`), then opens the file
read-only (``mode=ro``), so this path can never write to any file. It returns None whenever the
full path has work to do that a read-only connection cannot (a new file to create, a schema to
migrate, reference data to seed, accounts to sign in to): the caller then takes the full path.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path
from typing import overload

from .. import clock
from . import migrate, opening

DEFAULT_EDITION = "2021"  # storage.seeding.DEFAULT_EDITION (that module imports SQLAlchemy)


def open_quick(path: Path) -> sqlite3.Connection | None:
    """The open, checked, read-only connection; None when the full path must open the file.
    Raises the same DatabaseOpenError subclasses as ``open_database`` for a refused file."""
    path = Path(path).expanduser().absolute()
    has_content, revision = opening.examine(path)
    if not has_content or revision != migrate.head_revision():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
    try:
        conn.execute("PRAGMA query_only=ON")
        if not _seeded(conn) or conn.execute("SELECT count(*) FROM account").fetchone()[0]:
            conn.close()
            return None
        _office_zone(conn)
    except sqlite3.Error:
        conn.close()
        return None  # anything unexpected: the full path opens the file and says what is wrong
    return conn


def plan_edition(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'plan_edition'").fetchone()
    return row[0] if row else DEFAULT_EDITION


def _seeded(conn: sqlite3.Connection) -> bool:
    """Every unit of the plan is present (else opening would seed them: a write)."""
    from ..plan.edition import load_edition

    plan = load_edition(plan_edition(conn))
    present = {r[0] for r in conn.execute("SELECT name FROM unit")}
    return all(u.name in present for u in plan.units)


def _office_zone(conn: sqlite3.Connection) -> None:
    """As storage.database._office_zone: times shown in the office's zone stored in the file."""
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'office_settings'").fetchone()
    try:
        clock.set_zone(json.loads(row[0]).get("time_zone", "") if row and row[0] else "")
    except (ValueError, AttributeError):
        clock.set_zone("")


OFFICE_NUMBERS = {"progress_hours": 24, "closing_days": 14}  # services.office.OfficeSettings' defaults


def office_numbers(conn: sqlite3.Connection) -> dict[str, int]:
    """The office's 进程报告 interval and 结案报告 days, as services.office.office_in reads them."""
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'office_settings'").fetchone()
    raw = json.loads(row[0]) if row and row[0] else {}
    out = dict(OFFICE_NUMBERS)
    for name in out:
        if name in raw:
            try:
                out[name] = int(raw[name])
            except (TypeError, ValueError):
                pass
    return out


@overload
def utc(value: str) -> datetime: ...


@overload
def utc(value: None) -> None: ...


def utc(value: str | None) -> datetime | None:
    """A stored time (SQLAlchemy's SQLite text, UTC without a zone) as an aware UTC datetime."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
