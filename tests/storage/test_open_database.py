"""Opening databases: safe pragmas, idempotent seeding, and every refusal leaves the file as it was."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from wzcommand.services import roster
from wzcommand.storage import checks
from wzcommand.storage.database import open_database
from wzcommand.storage.errors import (DamagedDatabaseError, NetworkShareError, NewerSchemaError,
                                      NotADatabaseError, NotWritableError)
from wzcommand.storage.models import AuditEntry, Unit


def audit_count(db):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_new_database_is_created_seeded_and_safe(tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    db = open_database(path)
    try:
        assert path.exists()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Unit)) == 77
        assert audit_count(db) == 1
    finally:
        db.close()


def test_reopening_changes_nothing_and_keeps_contacts(tmp_path):
    path = tmp_path / "a.sqlite3"
    db = open_database(path)
    roster.update_contact(db, "市卫生健康委", {"liaison": "王五", "mobile": "13812345678"}, "甲")
    before = audit_count(db)
    db.close()
    db = open_database(path)
    try:
        assert audit_count(db) == before
        unit = roster.get_unit(db, "市卫生健康委")
        assert unit.contact["liaison"] == "王五" and unit.contact["mobile"] == "13812345678"
    finally:
        db.close()


def _unchanged(path: Path, func_):
    data = path.read_bytes()
    func_()
    assert path.read_bytes() == data
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库\n", encoding="utf-8")
    with pytest.raises(NotADatabaseError, match="不是数据库文件"):
        _unchanged(path, lambda: open_database(path))


def test_folder_is_refused(tmp_path):
    with pytest.raises(NotADatabaseError, match="文件夹"):
        open_database(tmp_path)


def test_other_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabaseError, match="其他程序"):
        _unchanged(path, lambda: open_database(path))


def _make_db(tmp_path) -> Path:
    path = tmp_path / "w.sqlite3"
    db = open_database(path)
    for unit in ("市公安局", "市教育局", "市财政局"):
        roster.update_contact(db, unit, {"liaison": "测试" * 10, "title": "科长"}, "甲")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_damaged_file_is_refused_untouched(tmp_path):
    path = _make_db(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page:4 * page] = os.urandom(2 * page)  # wreck two b-tree pages
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError, match="损坏"):
        _unchanged(path, lambda: open_database(path))


def test_checks_started_on_their_own_thread_refuse_a_damaged_file_the_same_way(tmp_path, monkeypatch):
    """The window starts the file's checks before loading SQLAlchemy (opening.Examination);
    open_database waits for their verdict: a damaged file is refused, untouched, as before."""
    from wzcommand.storage.opening import Examination

    path = _make_db(tmp_path)
    data = bytearray(path.read_bytes())
    data[2 * 4096:4 * 4096] = os.urandom(2 * 4096)
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError, match="损坏"):
        _unchanged(path, lambda: open_database(path, examined=Examination(path)))
    (tmp_path / "other").mkdir()
    good = _make_db(tmp_path / "other")
    with pytest.raises(ValueError):  # a verdict on another file is never taken for this one
        open_database(good, examined=Examination(path))
    quick = Examination(good)
    quick.result()
    full: list = []
    original = checks.integrity_check
    monkeypatch.setattr(checks, "integrity_check", lambda p: full.append(p) or original(p))
    db = open_database(good, full_check=True, examined=quick)  # a quick verdict where a full one is due
    db.close()
    assert full == [good]  # …is completed by the integrity check before the file is opened
    db = open_database(good, examined=Examination(good))
    try:
        assert roster.get_unit(db, "市公安局").contact["liaison"] == "测试" * 10
    finally:
        db.close()


def test_newer_schema_is_refused_untouched(tmp_path):
    path = _make_db(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchemaError, match="更新版本"):
        _unchanged(path, lambda: open_database(path))


def test_network_share_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "_mount_fstype", lambda p: "cifs")
    with pytest.raises(NetworkShareError, match="PostgreSQL"):
        open_database(tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()
    assert checks.is_network_path(Path("//server/share/wz.sqlite3"))


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write to; as root (which ignores modes) the immutable attribute does it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("running as root on a file system without the immutable attribute")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_folder_is_refused(read_only_folder):
    with pytest.raises(NotWritableError, match="不可写"):
        open_database(read_only_folder / "x.sqlite3")
    assert not (read_only_folder / "x.sqlite3").exists()
