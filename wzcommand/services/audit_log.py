"""Reading the audit log and checking the database: integrity, hash chain, triggers, table state, anchors."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..reports.chain_mark import chain_mark
from ..storage import integrity as proofs
from ..storage.audit import ChainReport, head
from ..storage.models import AuditEntry


def entries(db, limit: int | None = None) -> list[AuditEntry]:
    with db.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        return list(session.scalars(query.limit(limit) if limit else query))


def chain_mark_now(db) -> str | None:
    """What a document issued now prints in small type: the chain's position and head digest, so
    paper that has left the office anchors the log (reports/chain_mark)."""
    with db.read() as session:
        return chain_mark(head(session))


@dataclass(frozen=True)
class CheckReport:
    integrity: list[str]
    chain: ChainReport
    problems: tuple[str, ...] = ()
    head: tuple[int, str] | None = None
    anchors: int = 0

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and self.chain.ok and not self.problems

    def message(self) -> str:
        parts = ["数据库完整性：" + ("正常" if self.integrity == ["ok"] else "；".join(self.integrity[:5]))]
        if self.chain.ok:
            parts.append(f"审计链：{self.chain.entries} 条记录，校验通过")
        else:
            parts.append(f"审计链：第 {self.chain.first_broken} 条记录校验失败（{self.chain.reason}）")
        if self.head:
            checked = f"已与 {self.anchors} 份链头记录核对" if self.anchors else "尚无链头记录可核对"
            parts.append(f"链头：第 {self.head[0]} 条 {self.head[1][:16]}（{checked}）")
        parts += list(self.problems)
        return "；".join(parts)


def check(db, head_logs: list[tuple[Path, str]] | None = None) -> CheckReport:
    """Everything the database can prove (see storage/integrity). `head_logs` overrides where the
    chain-head logs are looked for (a staged file before a restore)."""
    with db.read() as session:
        if db.engine.dialect.name == "sqlite":
            integrity = [r[0] for r in session.connection().exec_driver_sql("PRAGMA integrity_check")]
        else:
            integrity = ["ok"]
        result = proofs.verify(session, db.path, head_logs)
    return CheckReport(integrity, result.chain, tuple(result.problems), result.head, result.anchors)
