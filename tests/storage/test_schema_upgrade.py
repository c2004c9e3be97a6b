"""A database made by an older version is copied aside, then upgraded, keeping its data."""
import sqlite3

from alembic import command

from wzcommand.services import roster
from wzcommand.storage import migrate
from wzcommand.storage.database import open_database
from wzcommand.storage.engine import make_engine, sqlite_url


def test_upgrade_from_first_schema_keeps_data_and_copies_aside(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(path))
    cfg = migrate._config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_roster")
        conn.commit()
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO unit (id, name, edition, position) VALUES (1, '市纪委市监委机关', '2021', 1)")
    conn.execute("INSERT INTO contact (unit_id, liaison, title, office_phone, mobile, duty_phone, fax, updated_by, version)"
                 " VALUES (1, '老联络员', '', '', '', '', '', '甲', 1)")
    conn.commit()
    conn.close()
    db = open_database(path)
    try:
        assert roster.get_unit(db, "市纪委市监委机关").contact["liaison"] == "老联络员"
        with db.engine.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrate.head_revision()
            assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
    copies = list(tmp_path.glob("old.before-upgrade-0001_roster-*.sqlite3"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_roster"
    old.close()


def test_known_revisions_match_alembic():
    revisions, head = migrate.alembic_revisions()
    assert migrate.known_revisions() == revisions
    assert migrate.head_revision() == head


def test_migrations_create_exactly_the_models(db):
    """The models and the migration chain describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from wzcommand.storage.models import Base

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
