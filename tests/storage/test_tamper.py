"""An insider with the database file (sqlite3) or the server (psql) edits it by hand: `check` names it.

Each attack is plain SQL on a connection of its own, as an attacker would type it.
"""
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand.services import accounts, audit_log, levels, roster, tasks
from wzcommand.services.levels import SwitchRequest
from wzcommand.storage import audit
from wzcommand.storage.database import open_database
from level_support import complete

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def attacker(db, *statements):
    """Run SQL directly against the file or the server, outside the program."""
    if db.engine.dialect.name == "sqlite":
        conn = sqlite3.connect(db.path)
        try:
            for sql in statements:
                conn.executescript(sql)
            conn.commit()
        finally:
            conn.close()
        return
    import psycopg

    url = db.engine.url
    conn = psycopg.connect(dbname=url.database, user=url.username, host=url.query["host"], port=url.query["port"])
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def drop_triggers(db) -> str:
    if db.engine.dialect.name == "sqlite":
        return "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete;"
    return "DROP TRIGGER audit_entry_append_only ON audit_entry; DROP TRIGGER audit_entry_no_truncate ON audit_entry;"


def busy(db):
    """Some ordinary work, every write through the program."""
    for n in range(3):
        roster.update_contact(db, "市公安局", {"liaison": f"联络员{n}"}, "甲")
    levels.switch_level(db, complete(db, SwitchRequest(target="IV", decided_at=T0, decided_by="市政府",
                                                       basis="专家评估建议")),
                        "主任甲", now=T0 + timedelta(days=1))
    tasks.add_task(db, "核查密接", "市卫生健康委", "主任甲", deadline=T0 + timedelta(days=2), now=T0)


def check(db):
    db.engine.dispose()
    return audit_log.check(db)


def test_untouched_database_passes(db):
    busy(db)
    report = check(db)
    assert report.ok, report.message()
    assert report.head[0] == report.chain.entries and report.anchors >= 1


def test_forged_entry_with_id_zero_or_below_is_named(db):
    busy(db)
    attacker(db, "INSERT INTO audit_entry (id, at, operator, action, target, before, after, prev_hash, hash, "
                 "row_hashes) VALUES (0, '2026-01-01 00:00:00', '冒名', 'level.switch', '', '', '', 'x', 'garbage', '')")
    report = check(db)
    assert not report.ok and "不是 1" in report.message()


@pytest.mark.parametrize("cut", ["newest", "three", "all"])
def test_truncated_log_is_named(db, cut):
    busy(db)
    where = {"newest": "id = (SELECT max(id) FROM audit_entry)",
             "three": "id > (SELECT max(id) - 3 FROM audit_entry)", "all": "1 = 1"}[cut]
    attacker(db, drop_triggers(db), f"DELETE FROM audit_entry WHERE {where}")
    report = check(db)
    assert not report.ok
    text = report.message()
    assert "触发器" in text and ("截去" in text or "被直接" in text or "基线" in text)


def test_dropped_triggers_alone_are_named(db):
    busy(db)
    attacker(db, drop_triggers(db))
    report = check(db)
    text = report.message()
    assert not report.ok and ("audit_entry_no_" in text or "audit_entry_append_only" in text) and "不存在" in text


def test_replaced_trigger_that_lets_deletes_through_is_named(db):
    if db.engine.dialect.name == "sqlite":
        attacker(db, "DROP TRIGGER audit_entry_no_delete; CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON "
                     "audit_entry WHEN 0 BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    else:
        attacker(db, "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    report = check(db)
    assert not report.ok and "触发器" in report.message()


@pytest.mark.parametrize("edit, table", [
    ("UPDATE level_decision SET to_level = 'I'", "level_decision"),
    ("UPDATE task SET content = '无需办理'", "task"),
    ("UPDATE account SET role = 'admin' WHERE name = '值班乙'", "account"),
    ("INSERT INTO level_decision (id, kind, from_level, to_level, decided_at, decided_by, basis, assessment, "
     "office_alternative, office_reason, office_director, province_record, initiator, operator, recorded_at) "
     "VALUES (99, 'raise', 'IV', 'I', '2026-11-21 00:00:00', '市政府', '伪造', '', false, '', '', '', 'city', "
     "'冒名', '2026-11-21 00:00:00')", "level_decision"),
    ("DELETE FROM contact", "contact"),
    ("UPDATE schedule_item SET title = '工作例会（已取消）'", "schedule_item"),  # planned by the switch in bulk
    ("UPDATE attendance SET unit = '冒名单位'", "attendance"),
])
def test_direct_edit_of_an_audited_table_is_named(db, edit, table):
    accounts.create_account(db, "管理员甲", "admin", "password-1", "")
    accounts.create_account(db, "主任甲", "director", "password-2", "管理员甲")
    accounts.create_account(db, "值班乙", "duty", "password-3", "管理员甲")
    busy(db)
    assert check(db).ok
    attacker(db, edit)
    report = check(db)
    assert not report.ok and f"表 {table} 主键" in report.message()


def test_forged_level_is_named_although_level_show_believes_it(db):
    busy(db)
    attacker(db, "UPDATE level_decision SET to_level = 'I'")
    db.engine.dispose()
    assert levels.current_state(db).level == "I"   # the program reads what is in the table…
    assert "表 level_decision 主键 [1]：内容与审计记录不符" in check(db).message()   # …and check says it is forged


def _rewrite_whole_chain(db):
    """Change an old entry and recompute every hash after it, with the program's own formula,
    then put the triggers back exactly as they were: the database alone now looks perfect."""
    from sqlalchemy import select

    from wzcommand.storage.models import AuditEntry

    with db.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    prev, statements = audit.GENESIS, []
    for entry in rows:
        if entry.id == 2:
            entry.operator = "冒名"
        entry.prev_hash = prev
        entry.hash = prev = audit.entry_hash(entry)
        statements.append(f"UPDATE audit_entry SET operator = '{entry.operator}', prev_hash = '{entry.prev_hash}', "
                          f"hash = '{entry.hash}' WHERE id = {entry.id}")
    if db.engine.dialect.name == "sqlite":
        restore = ("CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT "
                   "RAISE(ABORT, 'audit log is append-only'); END; CREATE TRIGGER audit_entry_no_delete BEFORE "
                   "DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;")
    else:
        restore = ("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW "
                   "EXECUTE FUNCTION audit_entry_append_only(); CREATE TRIGGER audit_entry_no_truncate BEFORE "
                   "TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();")
    attacker(db, drop_triggers(db), *statements, restore)


def test_whole_chain_rewritten_is_caught_by_the_head_log(db):
    busy(db)
    _rewrite_whole_chain(db)
    report = check(db)
    assert report.chain.ok  # inside the database everything agrees …
    assert not report.ok and "链头记录" in report.message() and "改写" in report.message()  # … the anchor does not


def test_whole_chain_rewritten_without_the_head_log_is_not_provable(db):
    """What an insider who also deletes the head log can hide (README says so): only printed
    documents and copies taken away still show the old head."""
    busy(db)
    _rewrite_whole_chain(db)
    from wzcommand.storage import headlog

    headlog.path_for_url(db.engine.url).unlink()
    assert check(db).ok


@pytest.mark.sqlite_only
def test_older_database_gets_a_baseline_when_upgraded(tmp_path):
    from alembic import command

    from wzcommand.storage import migrate
    from wzcommand.storage.engine import make_engine, sqlite_url
    from wzcommand.storage.models import AuditEntry

    path = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(path))
    cfg = migrate._config()
    old = AuditEntry(id=1, at=T0.astimezone(timezone.utc), operator="系统", action="reference.seed", target="",
                     before="", after="", prev_hash=audit.GENESIS, row_hashes="")
    old.hash = audit.entry_hash(old)  # as the version before row hashes wrote it
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005_accounts")
        conn.exec_driver_sql("INSERT INTO unit (id, name, edition, position) VALUES (1, '市公安局', '2021', 1)")
        conn.exec_driver_sql("INSERT INTO audit_entry (id, at, operator, action, target, before, after, prev_hash, "
                             "hash) VALUES (1, ?, '系统', 'reference.seed', '', '', '', ?, ?)",
                             (T0.astimezone(timezone.utc).isoformat(), audit.GENESIS, old.hash))
        conn.commit()
    engine.dispose()
    db = open_database(path)
    try:
        assert [e.action for e in audit_log.entries(db)][:3] == ["reference.seed", "audit.baseline", "reference.seed"]
        assert audit_log.check(db).ok, audit_log.check(db).message()
        attacker(db, "UPDATE unit SET name = '市公安局（改）' WHERE id = 1")
        assert "表 unit 主键 [1]：内容与审计记录不符" in check(db).message()
    finally:
        db.close()


@pytest.mark.parametrize("edit", ["UPDATE issued_report SET title = '关于一切正常的报告'", "DELETE FROM issued_report"])
def test_an_issued_reports_title_edited_or_the_report_deleted_is_named(db, edit):
    from doc_support import ensure_signer, filled

    from wzcommand.services import events, reports

    ensure_signer(db)
    event = events.register_event(db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
        place="某小学", occurred_at=T0, received_at=T0 + timedelta(hours=1), grade="较大",
        counts={"ill": 23, "dead": 0}), "值班员", now=T0 + timedelta(hours=2))
    reports.issue_report(db, filled(reports.draft_first(db, event.id)), "值班员", now=T0 + timedelta(hours=3))
    assert check(db).ok
    attacker(db, edit)
    report = check(db)
    assert not report.ok and "表 issued_report 主键 [1]" in report.message()
