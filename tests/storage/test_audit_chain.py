"""The audit log is append-only and its hash chain names the first tampered entry."""
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from wzcommand.services import roster
from wzcommand.storage.audit import verify_chain


def test_chain_verifies_and_refuses_update_and_delete(db):
    for n in range(5):
        roster.update_contact(db, "市公安局", {"liaison": f"联络员{n}"}, "甲")
    with db.read() as s:
        report = verify_chain(s)
    assert report.ok and report.entries == 6  # seed + five edits
    for statement in ("UPDATE audit_entry SET operator='乙'", "DELETE FROM audit_entry"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.write() as s:
                s.execute(text(statement))
    with db.read() as s:
        assert verify_chain(s).entries == 6


@pytest.mark.sqlite_only
def test_tampering_is_found(db):
    for n in range(4):
        roster.update_contact(db, "市公安局", {"liaison": f"联络员{n}"}, "甲")
    db.close()
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET operator='冒名' WHERE id=3")
    conn.commit()
    conn.close()
    with db.read() as s:
        report = verify_chain(s)
    assert report.first_broken == 3 and "修改" in report.reason
