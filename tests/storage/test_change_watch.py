"""Another connection's commit is noticed cheaply: SQLite PRAGMA data_version, PostgreSQL
LISTEN/NOTIFY sent inside the writing transaction (so a rolled-back write says nothing)."""
import time

import pytest

from wzcommand.services import roster
from wzcommand.storage.database import open_database


def second(db):
    return open_database(db.path) if db.path is not None else open_database(url=db.url)


def poll_until(watcher, seconds=2.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if watcher.poll():
            return True
        time.sleep(0.05)
    return False


def test_a_commit_elsewhere_is_noticed_and_a_rollback_is_not(db):
    watcher = db.watch_changes()
    other = second(db)
    try:
        assert not watcher.poll()
        roster.update_contact(other, "市公安局", {"liaison": "王五"}, "另一工作站")
        assert poll_until(watcher)
        assert not watcher.poll()  # noticed once
        with pytest.raises(RuntimeError):
            with other.write() as session:
                session.execute(__import__("sqlalchemy").text("UPDATE contact SET liaison = 'x'"))
                raise RuntimeError("rolled back")
        time.sleep(0.2)
        assert not watcher.poll()
    finally:
        watcher.close()
        other.close()
