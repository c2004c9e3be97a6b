"""Alembic, driven programmatically: known revisions, and upgrade with foreign keys off."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions())


@cache
def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head. On SQLite the batch copies run with foreign keys off."""
    cfg = _config()
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.driver_connection
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
