"""Serialising writers that read-then-append (audit chain, number counters).

SQLite writers already hold the database lock (BEGIN IMMEDIATE). On PostgreSQL a transaction-
scoped advisory lock makes the next writer wait until this transaction ends.
"""
from __future__ import annotations

import zlib

from sqlalchemy import text


def serialise(session, name: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(name.encode())})
