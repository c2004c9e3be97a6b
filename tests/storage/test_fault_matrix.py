"""Faults at write time: each gives a clear message, writes nothing half, and the program goes on."""
import os
import resource
import signal
import sqlite3
import subprocess
import shutil

import pytest

from wzcommand.services import roster, tasks
from wzcommand.storage import engine as engine_module
from wzcommand.storage.database import open_database
from wzcommand.storage.errors import WriteFailedError

pytestmark = pytest.mark.sqlite_only


def snapshot(db):
    return [(u.name, u.contact["liaison"]) for u in roster.list_units(db)], [t.doc_no for t in tasks.list_tasks(db)]


def test_locked_past_the_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "l.sqlite3"
    db = open_database(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        before = snapshot(db)
        with pytest.raises(WriteFailedError, match="占用"):
            tasks.add_task(db, "事项", "市公安局", "甲")
        assert snapshot(db) == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert tasks.add_task(db, "事项", "市公安局", "甲").doc_no.endswith("1号")  # goes on, no number lost
    db.close()


def test_disk_full(tmp_path):
    """A child whose file-size limit is the database's size: SQLite reports the disk full."""
    path = tmp_path / "f.sqlite3"
    db = open_database(path)
    db.close()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        code = 0
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            child = open_database(path)
            limit = max(os.path.getsize(path), os.path.getsize(f"{path}-wal") if os.path.exists(f"{path}-wal") else 0)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit + 1024, limit + 1024))
            try:
                for n in range(200):
                    roster.update_contact(child, "市公安局", {"liaison": f"{n % 10}" * 40}, "甲")  # within 50 characters
                    tasks.add_task(child, "很长的事项" * 200, "市公安局", "甲")
                code = 3  # the limit never bit
            except WriteFailedError as exc:
                os.write(write_fd, exc.message.encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    message = os.read(read_fd, 4096).decode()
    os.close(read_fd)
    assert os.waitstatus_to_exitcode(status) == 0 and "磁盘" in message and "未保存" in message
    db = open_database(path)
    try:
        numbers = [t.number for t in tasks.list_tasks(db)]
        assert numbers == list(range(1, len(numbers) + 1))  # what failed left nothing half
        with db.read() as s:
            from wzcommand.storage.audit import verify_chain
            assert verify_chain(s).ok
    finally:
        db.close()


@pytest.fixture
def immutable():
    made = []

    def make(target):
        if os.geteuid() != 0:
            target.chmod(0o555 if target.is_dir() else 0o444)
        elif not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
            pytest.skip("root on a file system without the immutable attribute")
        made.append(target)

    yield make
    for target in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(target)])
        else:
            target.chmod(0o755 if target.is_dir() else 0o644)


def test_read_only_file_is_refused_at_open(tmp_path, immutable):
    path = tmp_path / "r.sqlite3"
    open_database(path).close()
    for extra in ("-wal", "-shm"):
        if os.path.exists(f"{path}{extra}"):
            os.unlink(f"{path}{extra}")
    immutable(path)
    from wzcommand.storage.errors import NotWritableError
    with pytest.raises(NotWritableError):
        open_database(path)


def test_folder_turned_read_only_while_open(tmp_path, immutable):
    folder = tmp_path / "d"
    folder.mkdir()
    db = open_database(folder / "x.sqlite3")
    before = snapshot(db)
    immutable(folder)
    # the open connection keeps writing into its existing WAL: the change is saved, not half
    roster.update_contact(db, "市公安局", {"liaison": "仍可保存"}, "甲")
    assert roster.get_unit(db, "市公安局").contact["liaison"] == "仍可保存"
    assert snapshot(db)[1] == before[1]
    db.close()
