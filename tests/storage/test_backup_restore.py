"""Backups are checked copies, rotated; restore checks first, keeps the current file, swaps atomically."""
import json
import os
from datetime import datetime, timedelta
from level_support import complete

import pytest

from wzcommand.cli import main
from wzcommand.services import backups, roster
from wzcommand.storage import backup as store
from wzcommand.storage import instance
from wzcommand.storage.database import open_database
from wzcommand.storage.errors import DamagedDatabaseError, ReadOnlyError

pytestmark = pytest.mark.sqlite_only


def test_backup_is_a_checked_copy_and_restore_brings_it_back(db, tmp_path):
    roster.update_contact(db, "市公安局", {"liaison": "备份前"}, "甲")
    info = backups.backup_now(db)
    assert store.check_backup(info.path) and info.path.parent == db.path.parent / "backups" / db.path.stem
    roster.update_contact(db, "市公安局", {"liaison": "备份后"}, "甲")
    path = db.path
    db.close()
    kept = backups.restore(path, info.path, "管理员")
    reopened = open_database(path)
    try:
        assert roster.get_unit(reopened, "市公安局").contact["liaison"] == "备份前"
        from wzcommand.services.audit_log import entries
        assert entries(reopened)[-1].action == "database.restore"
    finally:
        reopened.close()
    old = open_database(kept, read_only=True)
    try:
        assert roster.get_unit(old, "市公安局").contact["liaison"] == "备份后"  # nothing lost
    finally:
        old.close()


def test_damaged_backup_is_refused_and_current_file_untouched(db, tmp_path):
    info = backups.backup_now(db)
    data = bytearray(info.path.read_bytes())
    data[4096 * 2:4096 * 3] = b"\xff" * 4096
    info.path.write_bytes(bytes(data))
    path = db.path
    db.close()
    before = path.read_bytes()
    with pytest.raises(DamagedDatabaseError):
        backups.restore(path, info.path, "管理员")
    assert path.read_bytes() == before


def test_rotation_keeps_hourly_daily_monthly():
    now = datetime(2026, 11, 29, 12, 0)
    times = [now - timedelta(minutes=10 * i) for i in range(6 * 30)]        # every 10 min for 30 h
    times += [now - timedelta(days=d, hours=1) for d in range(2, 30)]       # daily
    times += [now - timedelta(days=d) for d in range(40, 400, 7)]           # weekly, older
    keep = store.to_keep(times, now)
    last_day = [t for t in keep if now - t <= timedelta(days=1)]
    assert len(last_day) == len({t.strftime("%Y%m%d%H") for t in times if now - t <= timedelta(days=1)})
    assert all(now - t <= timedelta(days=366) for t in keep)
    months = {t.strftime("%Y%m") for t in keep if now - t > timedelta(days=14)}
    assert len([t for t in keep if now - t > timedelta(days=14)]) == len(months)


def test_automatic_backup_at_most_every_five_minutes(db):
    t0 = datetime(2026, 11, 29, 12, 0)
    assert backups.backup_if_due(db, t0) is not None
    assert backups.backup_if_due(db, t0 + timedelta(minutes=4)) is None
    assert backups.backup_if_due(db, t0 + timedelta(minutes=6)) is not None


def test_second_window_gets_read_only_and_unclean_shutdown_is_checked(db):
    path = db.path
    first = instance.InstanceLock(path)
    assert first.acquire() and not first.was_unclean
    assert not instance.InstanceLock(path).acquire()  # a second window: offered read-only
    ro = open_database(path, read_only=True)
    try:
        assert roster.get_unit(ro, "市公安局").name == "市公安局"
        with pytest.raises(ReadOnlyError, match="只读"):
            roster.update_contact(ro, "市公安局", {"liaison": "x"}, "乙")
    finally:
        ro.close()
    os.close(first._fd)  # the window dies without closing: the lock file still says "open"
    first._fd = None
    assert instance.left_open(path)
    db.close()
    reopened = open_database(path)  # runs the full integrity check, which a sound file passes
    reopened.close()
    again = instance.InstanceLock(path)
    assert again.acquire() and again.was_unclean
    again.release()
    assert not instance.left_open(path)


def test_cli_backup_restore_and_archive(tmp_path, capsys):
    dbfile = str(tmp_path / "c.sqlite3")
    assert main(["roster", "export", str(tmp_path / "x.csv"), "--db", dbfile]) == 0
    capsys.readouterr()
    assert main(["backup", "--db", dbfile, "--json"]) == 0
    taken = json.loads(capsys.readouterr().out)["file"]
    assert main(["backups", "--db", dbfile, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["file"] for b in listed] == [taken] and listed[0]["manual"] and "-manual-" in taken
    assert main(["archive", "export", str(tmp_path / "a.zip"), "--db", dbfile]) == 0
    capsys.readouterr()
    assert main(["restore", taken, "--db", dbfile, "--json"]) == 0
    kept = json.loads(capsys.readouterr().out)["previous_file_kept"]
    assert open_database(kept, read_only=True).read_only
    assert main(["archive", "import", str(tmp_path / "a.zip"), "--db", dbfile]) == 0
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 truncated")
    capsys.readouterr()
    assert main(["archive", "import", str(tmp_path / "bad.zip"), "--db", dbfile]) == 2
    assert "档案包" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "nope.sqlite3"), "--db", dbfile]) == 2


def test_unclean_shutdown_with_a_damaged_file_is_refused_untouched(db):
    from wzcommand.services import levels
    path = db.path
    levels.switch_level(db, complete(db, levels.SwitchRequest(target="IV", decided_at=datetime.now().astimezone(),
                                                 decided_by="市政府", basis="评估")), "甲")
    lock = instance.InstanceLock(path)
    lock.acquire()
    os.close(lock._fd)  # the window died
    db.close()
    import sqlite3
    conn = sqlite3.connect(path)
    # an index whose entries no longer match its table: quick_check misses it, integrity_check does not
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql='CREATE INDEX ix_level_decision_decided_at ON level_decision (basis)'"
                 " WHERE name='ix_level_decision_decided_at'")
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="完整性"):
        open_database(path)
    assert path.read_bytes() == before
