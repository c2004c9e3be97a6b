"""An older database is proved against its own audit log before an upgrade records the new
baseline: one edited behind the program's back (sqlite3, psql) is refused, left as it was, with a
message saying why; an untouched one upgrades and then passes `check`."""
import sqlite3

import pytest
from alembic import command

from wzcommand.services import audit_log
from wzcommand.storage import migrate
from wzcommand.storage.database import open_database
from wzcommand.storage.engine import make_engine, sqlite_url
from wzcommand.storage.errors import UnverifiedUpgradeError
from test_tamper import attacker, busy, drop_triggers

OLDER = "0009_notice_numbers"  # the schema before the newest (0010 only added tables)


def made_by_an_older_version(db, revision=OLDER):
    """A database written through the program, then taken back to an older schema."""
    busy(db)
    cfg = migrate._config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()
    db.engine.dispose()


def reopen(db):
    return open_database(db.path) if db.path is not None else open_database(url=db.url)


def revision_of(db) -> str:
    with db.engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    db.engine.dispose()
    return revision


def test_an_untouched_older_database_is_upgraded_and_passes_check(db):
    made_by_an_older_version(db)
    upgraded = reopen(db)
    try:
        assert revision_of(upgraded) == migrate.head_revision()
        assert audit_log.check(upgraded).ok
        assert audit_log.entries(upgraded)[-1].action == "audit.baseline"
    finally:
        upgraded.close()


@pytest.mark.parametrize("attack", ["edit", "insert", "delete", "log"])
def test_an_older_database_edited_behind_the_programs_back_is_refused_untouched(db, attack):
    made_by_an_older_version(db)
    sql = {"edit": "UPDATE contact SET liaison = '伪造' WHERE liaison = '联络员2'",
           "insert": "INSERT INTO app_meta (key, value) VALUES ('planted', 'x')",
           "delete": "DELETE FROM task",
           "log": drop_triggers(db) + " DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)"}[attack]
    attacker(db, sql)
    before = db.path.read_bytes() if db.path is not None else None
    entries = len(audit_log.entries(db)) if db.path is None else None
    db.engine.dispose()
    with pytest.raises(UnverifiedUpgradeError) as refused:
        reopen(db)
    message = refused.value.message
    assert "与它自己的审计记录不符" in message and "没有升级也没有改动" in message
    assert {"edit": "被直接修改", "insert": "被直接插入", "delete": "被直接删除",
            "log": "触发器"}[attack] in message
    assert revision_of(db) == OLDER
    if db.path is not None:
        assert db.path.read_bytes() == before  # byte-identical
        assert not list(db.path.parent.glob("*.before-upgrade-*"))  # nothing was even copied aside
    else:
        assert len(audit_log.entries(db)) == entries


@pytest.mark.sqlite_only
def test_a_pre_row_hash_database_with_a_forged_entry_is_refused(tmp_path):
    """Before 0007 the log holds no row hashes: the chain and the triggers are still proved."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(path))
    cfg = migrate._config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_documents")
        conn.commit()
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO audit_entry (id, at, operator, action, target, before, after, prev_hash, hash) "
                 "VALUES (0, '2026-01-01 00:00:00.000000', '系统', 'forged', '', '', '', '', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UnverifiedUpgradeError, match="审计链第 0 条"):
        open_database(path)
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
def test_the_cli_names_the_refusal(db, capsys):
    made_by_an_older_version(db)
    attacker(db, "UPDATE contact SET liaison = '伪造' WHERE liaison = '联络员2'")
    from wzcommand.cli import main

    assert main(["--db", str(db.path), "units"]) == 2
    assert "与它自己的审计记录不符" in capsys.readouterr().err
