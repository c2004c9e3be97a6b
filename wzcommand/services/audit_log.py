"""Reading the audit log and checking the database with its hash chain."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..storage.audit import ChainReport, verify_chain
from ..storage.models import AuditEntry


def entries(db, limit: int | None = None) -> list[AuditEntry]:
    with db.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        return list(session.scalars(query.limit(limit) if limit else query))


@dataclass(frozen=True)
class CheckReport:
    integrity: list[str]
    chain: ChainReport

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and self.chain.ok

    def message(self) -> str:
        parts = ["数据库完整性：" + ("正常" if self.integrity == ["ok"] else "；".join(self.integrity[:5]))]
        if self.chain.ok:
            parts.append(f"审计链：{self.chain.entries} 条记录，校验通过")
        else:
            parts.append(f"审计链：第 {self.chain.first_broken} 条记录校验失败（{self.chain.reason}）")
        return "；".join(parts)


def check(db) -> CheckReport:
    with db.read() as session:
        if db.engine.dialect.name == "sqlite":
            integrity = [r[0] for r in session.connection().exec_driver_sql("PRAGMA integrity_check")]
        else:
            integrity = ["ok"]
        chain = verify_chain(session)
    return CheckReport(integrity, chain)
