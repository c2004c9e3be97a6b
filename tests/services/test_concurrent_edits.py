"""Two workstations edit the same record: the second writer is told, not silently overwritten."""
import threading

import pytest
from sqlalchemy import select

from wzcommand.services import roster
from wzcommand.services.errors import ConflictError
from wzcommand.storage.errors import ConcurrentEditError
from wzcommand.storage.models import Contact, Unit


def test_stale_form_is_refused(db):
    row = roster.update_contact(db, "市公安局", {"liaison": "甲"}, "一号工位")
    roster.update_contact(db, "市公安局", {"liaison": "乙"}, "二号工位", expected_version=row.version)
    with pytest.raises(ConflictError):
        roster.update_contact(db, "市公安局", {"liaison": "丙"}, "一号工位", expected_version=row.version)
    assert roster.get_unit(db, "市公安局").contact["liaison"] == "乙"


def test_version_column_catches_a_write_between_read_and_flush(db):
    """The other seat commits after this transaction read the row: the version check refuses."""
    roster.update_contact(db, "市公安局", {"liaison": "甲"}, "一号工位")
    other_done = threading.Event()

    def other_seat():
        roster.update_contact(db, "市公安局", {"liaison": "乙"}, "二号工位")
        other_done.set()

    with pytest.raises(ConcurrentEditError, match="其他工作站"):
        with db.write() as session:
            contact = session.scalars(select(Contact).join(Unit).where(Unit.name == "市公安局")).one()
            contact.liaison = "丙"
            if db.engine.dialect.name == "sqlite":
                # one writer at a time on SQLite: simulate the other seat's committed change
                session.connection().exec_driver_sql(
                    "UPDATE contact SET version = version + 1, liaison = '乙' WHERE id = ?", (contact.id,))
            else:
                threading.Thread(target=other_seat).start()
                other_done.wait(10)
    # PostgreSQL keeps the other seat's committed value; on SQLite the simulated change was part of
    # the refused transaction and rolled back with it: either way nothing of "丙" was saved
    expected = "甲" if db.engine.dialect.name == "sqlite" else "乙"
    assert roster.get_unit(db, "市公安局").contact["liaison"] == expected
