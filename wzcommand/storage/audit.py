"""Hash-chained audit log: each entry's SHA-256 covers its content and the previous hash.

`record` queues an entry in the caller's transaction; it is written just before the commit,
after the last flush, together with the hashes of every audited row the transaction changed
(see rowstate), and the new head goes to the head log outside the database (see headlog).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from . import headlog, rowstate
from .locks import serialise
from .models import AuditEntry, utcnow

GENESIS = "0" * 64
PENDING = "wz_audit_pending"
HEAD = "wz_audit_head"
SYSTEM = "系统"


def _canonical(entry: Any) -> bytes:  # an AuditEntry, or a row of its columns
    payload = [entry.id, entry.at.isoformat(), entry.operator, entry.action, entry.target,
               entry.before, entry.after, entry.prev_hash]
    if entry.row_hashes:  # entries written before row hashes existed keep their hash
        payload.append(entry.row_hashes)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: Any) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _dump(value) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, operator: str, action: str, target: str = "", before=None, after=None,
           at: datetime | None = None) -> AuditEntry:
    """Queue one entry inside the caller's transaction (written, numbered and hashed at commit)."""
    serialise(session, "audit_entry")
    entry = AuditEntry(at=(at or utcnow()).astimezone(timezone.utc),  # hashed as stored: UTC
                       operator=operator, action=action, target=target,
                       before=_dump(before), after=_dump(after), row_hashes="")
    session.info.setdefault(PENDING, []).append(entry)
    return entry


def head(session: Session) -> tuple[int, str] | None:
    """(position, hash) of the newest entry, or None for an empty log."""
    row = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row else None


def _append(session: Session, entries: list[AuditEntry]) -> None:
    serialise(session, "audit_entry")
    last = head(session)
    position, prev = last if last else (0, GENESIS)
    for entry in entries:
        position += 1
        entry.id, entry.prev_hash = position, prev
        entry.hash = prev = entry_hash(entry)
        session.add(entry)
    session.flush()
    session.info[HEAD] = (position, prev)


def write_baseline(session: Session, note: str) -> None:
    """Record every audited row as it is now (after a schema upgrade)."""
    session.flush()
    session.info.pop(rowstate.TOUCHED, None)
    entry = AuditEntry(at=utcnow(), operator=SYSTEM, action="audit.baseline", target=note, before="", after="",
                       row_hashes=rowstate._dumps({"baseline": rowstate.baseline(session)}))
    _append(session, [entry])


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    session.flush()
    changes = rowstate.take_changes(session)
    pending = session.info.pop(PENDING, [])
    if not changes and not pending:
        return
    if not pending:  # rows changed without an entry of its own: the log still says so
        pending = [record(session, SYSTEM, "data.write", "、".join(changes))]
        session.info.pop(PENDING, None)
    if changes:
        pending[-1].row_hashes = rowstate._dumps({"change": changes})
    _append(session, pending)


@event.listens_for(Session, "after_commit")
def _anchor(session: Session) -> None:
    written = session.info.pop(HEAD, None)
    bind = session.bind
    if written is None or bind is None:
        return
    path = headlog.path_for_url(getattr(bind, "url", None) or bind.engine.url)
    if path is not None:
        headlog.append(path, *written)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(HEAD, None)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


_CHAIN_COLUMNS = (AuditEntry.id, AuditEntry.at, AuditEntry.operator, AuditEntry.action, AuditEntry.target,
                  AuditEntry.before, AuditEntry.after, AuditEntry.prev_hash, AuditEntry.hash)


def verify_chain(session: Session, batch: int = 5000, with_row_hashes: bool = True) -> ChainReport:
    """Positions 1, 2, 3 … without a gap, each hash chained from the genesis value.
    `with_row_hashes`: False for a schema older than 0007 (its entries have none)."""
    columns = _CHAIN_COLUMNS + ((AuditEntry.row_hashes,) if with_row_hashes else ())
    low = session.scalar(select(func.min(AuditEntry.id)))
    if low is not None and low != 1:
        return ChainReport(0, low, f"第一条记录的编号是 {low}，不是 1（有伪造或被删除的记录）")
    prev, count, last_id = GENESIS, 0, 0
    while True:
        rows = session.execute(select(*columns).where(AuditEntry.id > last_id)
                               .order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            return ChainReport(count, None)
        for entry in (row if with_row_hashes else SimpleNamespace(**row._mapping, row_hashes="") for row in rows):
            if entry.id != last_id + 1:
                return ChainReport(count, entry.id, f"编号从 {last_id} 跳到 {entry.id}（记录被删除）")
            if entry.prev_hash != prev:
                return ChainReport(count, entry.id, "上一条哈希不符（记录被删除或插入）")
            if entry_hash(entry) != entry.hash:
                return ChainReport(count, entry.id, "内容与哈希不符（记录被修改）")
            prev, last_id, count = entry.hash, entry.id, count + 1
