"""audit, check: the audit log and the database/audit-chain check."""
from __future__ import annotations

from .parsing import handles
from .tables import table


def register(sub, common) -> None:
    handles(sub.add_parser("audit", parents=[common], help="审计记录（最早的在前）"), cmd_audit)
    handles(sub.add_parser("check", parents=[common], help="检查数据库与审计链"), cmd_check)


def cmd_audit(ctx, args):
    from .. import clock
    from ..services import audit_log

    rows = [{"id": e.id, "at": clock.iso(e.at), "operator": e.operator, "action": e.action, "target": e.target,
             "before": e.before, "after": e.after, "hash": e.hash} for e in audit_log.entries(ctx.db)]
    return rows, table(["#", "时间", "操作员", "操作", "对象"],
                       [[str(r["id"]), r["at"][:16], r["operator"], r["action"], r["target"]] for r in rows])


def cmd_check(ctx, args):
    from ..services import audit_log
    from ..services.errors import ServiceError

    report = audit_log.check(ctx.db)
    data = {"integrity": report.integrity, "audit_entries": report.chain.entries,
            "first_broken": report.chain.first_broken, "ok": report.ok, "problems": list(report.problems),
            "head": {"position": report.head[0], "sha256": report.head[1]} if report.head else None,
            "head_logs_compared": report.anchors}
    if not report.ok:
        raise ServiceError(report.message())
    return data, report.message()
