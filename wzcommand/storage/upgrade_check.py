"""Before an older database is upgraded, its old state is proved against its own audit log as
`check` proves it; only then does the upgrade record the new baseline. A file edited behind the
program's back is refused, untouched, instead of being blessed by the baseline.

What can be proved depends on the version that wrote the file. From revision 0007 every audited
write records its rows' hashes: the chain, the triggers, every audited table (with the columns
that version had, read from the file) and the head logs are compared. Before 0007: the chain, the
triggers and the head logs. There is always an audit log (revision 0001 made it), but a file that
old holds no row hashes, so a table edited in it cannot be told from one written by the program.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, MetaData, inspect
from sqlalchemy.orm import Session

from . import integrity, rowstate
from .audit import head, verify_chain


def old_state_problems(engine: Engine, db_path: Path | None) -> list[str]:
    """What does not match the log in a database about to be upgraded ([] if nothing)."""
    with Session(engine) as session:
        found = inspect(session.connection())
        if not found.has_table("audit_entry"):
            return []
        hashed = "row_hashes" in {c["name"] for c in found.get_columns("audit_entry")}
        chain = verify_chain(session, with_row_hashes=hashed)
        problems = [] if chain.ok else [f"审计链第 {chain.first_broken} 条记录校验失败（{chain.reason}）"]
        problems += integrity.verify_triggers(session, truncate_trigger=hashed)
        if hashed:
            names = [t.name for t in rowstate.audited_tables() if found.has_table(t.name)]
            old = MetaData()
            old.reflect(session.connection(), only=names)
            problems += integrity.verify_state(session, [old.tables[name] for name in names])
        last = head(session)
        problems += integrity.compare_head_logs(session, last[0] if last else 0,
                                                integrity.head_log_paths(session, db_path))[0]
        session.rollback()
        return problems
