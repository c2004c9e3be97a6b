"""The audit chain's position and head digest as printed on an issued document.

Paper that has left the office anchors the audit log outside the database: a later rewrite of
the whole chain no longer matches the digest printed on documents issued before it.
"""
from __future__ import annotations

SIZE = 6.5  # points: small type under the 版记


def chain_mark(head: tuple[int, str] | None) -> str | None:
    """`审计链第 N 条 · <SHA-256 of entry N>` for the chain's head when the document was issued."""
    if head is None:
        return None
    position, digest = head
    return f"审计链第 {position} 条 · {digest}"
