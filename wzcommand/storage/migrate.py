"""Alembic, driven programmatically: known revisions, and upgrade with foreign keys off.

Alembic is imported only when a migration actually runs: opening an up-to-date database
must not pay for it (cold start). Revision files are named after their revision id, so the
known revisions are read from the folder; a test checks this against Alembic itself.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0019_measure_level_reason"  # the newest revision; tests/storage check it equals Alembic's head


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(p.stem for p in (MIGRATIONS / "versions").glob("*.py") if not p.stem.startswith("_"))


def head_revision() -> str:
    return HEAD


def alembic_revisions() -> tuple[frozenset[str], str]:
    """What Alembic itself reads from the scripts (for the consistency test)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return frozenset(r.revision for r in script.walk_revisions()), script.get_current_head() or ""


def upgrade(engine: Engine) -> None:
    """Bring the schema to head. On SQLite the batch copies run with foreign keys off."""
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection has its driver's
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or it has no effect
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            if sqlite:
                bad = raw.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RuntimeError(f"foreign key check failed after migration: {bad[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
