"""Everything `check` proves about a database, from inside and outside it.

1. the chain: positions 1, 2, 3 … with no gap, each hash chained from the genesis value;
2. the append-only triggers exist, are enabled and are exactly the program's own;
3. every audited table holds exactly what the log says (rowstate);
4. the head logs found (beside the file, this workstation's, each backup's) agree with the chain.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import headlog, rowstate
from .audit import ChainReport, head, verify_chain
from .models import AuditEntry

SQLITE_TRIGGERS = {
    "audit_entry_no_update": "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
                             "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "audit_entry_no_delete": "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
                             "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
}
PG_FUNCTION = ("audit_entry_append_only", " BEGIN RAISE EXCEPTION 'audit log is append-only'; END ")
PG_TRIGGERS = {
    "audit_entry_append_only": "CREATE TRIGGER audit_entry_append_only BEFORE DELETE OR UPDATE ON "
                               "public.audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "audit_entry_no_truncate": "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON public.audit_entry "
                               "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
}


@dataclass
class Verification:
    chain: ChainReport
    head: tuple[int, str] | None
    problems: list[str] = field(default_factory=list)
    anchors: int = 0  # head-log files compared

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems


def verify_triggers(session: Session, truncate_trigger: bool = True) -> list[str]:
    """`truncate_trigger`: False for a PostgreSQL schema older than 0007, which had not got it yet."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        found = dict(conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())
        expected = SQLITE_TRIGGERS
        disabled: list[str] = []
    else:
        rows = conn.exec_driver_sql(
            "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema()").all()
        found = {r[0]: r[1] for r in rows}
        disabled = [r[0] for r in rows if r[2] != "O"]
        expected = {k: v for k, v in PG_TRIGGERS.items() if truncate_trigger or k != "audit_entry_no_truncate"}
        body = conn.exec_driver_sql(
            "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname = %(n)s", {"n": PG_FUNCTION[0]}).scalar()
        if body != PG_FUNCTION[1]:
            disabled.append(PG_FUNCTION[0])
    problems = [f"保护审计表的触发器 {name} 不存在（已被删除）" for name in sorted(expected.keys() - found.keys())]
    problems += [f"触发器 {name} 与本程序的定义不符（已被改动）" for name in sorted(expected.keys() & found.keys())
                 if " ".join(found[name].split()) != expected[name]]
    problems += [f"触发器 {name} 不是本程序创建的" for name in sorted(found.keys() - expected.keys())]
    problems += [f"触发器或其函数 {name} 已被停用或改动" for name in disabled]
    return problems


def _row_hashes(session: Session, batch: int = 2000):
    last = None
    while True:
        query = select(AuditEntry.id, AuditEntry.row_hashes).where(AuditEntry.row_hashes != "")
        if last is not None:
            query = query.where(AuditEntry.id > last)
        rows = session.execute(query.order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def verify_state(session: Session, tables=None) -> list[str]:
    state = rowstate.replay(_row_hashes(session))
    return rowstate.differences(session, state, tables=tables)


def _hashes_at(session: Session, positions: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(positions), 500):
        chunk = positions[start:start + 500]
        found.update(session.execute(select(AuditEntry.id, AuditEntry.hash).where(AuditEntry.id.in_(chunk))).all())
    return found


def head_log_paths(session: Session, db_path: Path | None) -> list[tuple[Path, str]]:
    """The head logs this workstation can find for the database, with how to name each."""
    bind = session.get_bind()
    found = []
    own = headlog.path_for_url(bind.url)
    if own is not None:
        found.append((own, "链头记录文件"))
    if db_path is not None:
        from .backup import backup_folder, sidecar_after_restore

        for sidecar in sidecar_after_restore(db_path, backup_folder(db_path)):
            found.append((sidecar, f"备份“{sidecar.name}”的链头记录"))
    return found


def verify(session: Session, db_path: Path | None = None, head_logs: list[tuple[Path, str]] | None = None
           ) -> Verification:
    chain = verify_chain(session)
    result = Verification(chain, head(session))
    result.problems += verify_triggers(session)
    result.problems += verify_state(session)
    position = result.head[0] if result.head else 0
    problems, result.anchors = compare_head_logs(
        session, position, head_logs if head_logs is not None else head_log_paths(session, db_path))
    result.problems += problems
    return result


def compare_head_logs(session: Session, position: int, head_logs: list[tuple[Path, str]]) -> tuple[list[str], int]:
    """(what the head logs contradict, how many were compared)."""
    problems: list[str] = []
    compared = 0
    for path, where in head_logs:
        lines = headlog.read(path)
        if not lines:
            continue
        compared += 1
        hashes = _hashes_at(session, sorted({p for p, _ in lines}))
        problems += headlog.compare(lines, position, hashes.get, where)
    return problems, compared
