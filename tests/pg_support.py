"""PostgreSQL for the tests: a fresh database per test, copied from a migrated template."""
from __future__ import annotations

import os
import uuid

PG_URL = os.environ.get("WZCOMMAND_TEST_PG_URL", "")
TEMPLATE = "wz_template"
_template_ready = False


def _admin():
    from sqlalchemy import create_engine

    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _url_for(name: str) -> str:
    base, _, query = PG_URL.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def _ensure_template() -> None:
    global _template_ready
    if _template_ready:
        return
    from wzcommand.storage.database import open_database

    engine = _admin()
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
    engine.dispose()
    open_database(url=_url_for(TEMPLATE)).close()  # migrate and seed once
    _template_ready = True


def fresh_database_url() -> tuple[str, str]:
    _ensure_template()
    name = "wz_" + uuid.uuid4().hex[:12]
    engine = _admin()
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    engine.dispose()
    return _url_for(name), name


def drop_database(name: str) -> None:
    engine = _admin()
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    engine.dispose()
