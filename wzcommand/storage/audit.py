"""Hash-chained audit log: each entry's SHA-256 covers its content and the previous hash."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from .locks import serialise
from .models import AuditEntry, utcnow

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    payload = [entry.id, entry.at.isoformat(), entry.operator, entry.action, entry.target,
               entry.before, entry.after, entry.prev_hash]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _dump(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, operator: str, action: str, target: str = "", before=None, after=None,
           at: datetime | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction."""
    serialise(session, "audit_entry")
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,
        at=(at or utcnow()).astimezone(timezone.utc),  # hashed as stored: UTC
        operator=operator, action=action, target=target,
        before=_dump(before), after=_dump(after),
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = hashlib.sha256(_canonical(entry)).hexdigest()
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    prev, count, last_id = GENESIS, 0, 0
    while True:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.id > last_id)
                               .order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            return ChainReport(count, None)
        for entry in rows:
            if entry.prev_hash != prev:
                return ChainReport(count, entry.id, "上一条哈希不符（记录被删除或插入）")
            if hashlib.sha256(_canonical(entry)).hexdigest() != entry.hash:
                return ChainReport(count, entry.id, "内容与哈希不符（记录被修改）")
            prev, last_id, count = entry.hash, entry.id, count + 1
        session.expunge_all()
