"""Every text written to the database is checked once, here, for every field of every table.

Refused: NUL and other control characters (tab and line breaks excepted), and the invisible
characters that reverse or reorder the direction of text (bidi overrides and isolates), which
can make a name or an amount read differently from what is stored. Stripped, as harmless:
zero-width spaces and joiners and the byte-order mark. The check runs before each flush, so no
service, form or importer can forget it, and PostgreSQL never sees a NUL (which it would refuse
with a message full of SQL).
"""
from __future__ import annotations

import re

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from ..errors import ValidationError

BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
SKIP = {"audit_entry"}  # written from checked values, as JSON


def problem(text: str) -> str | None:
    found = BAD.search(text)
    if not found:
        return None
    ch = found.group()
    if ch == "\x00":
        return "含有空字符（NUL），请删除后重试"
    if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        return "含有改变文字方向的不可见字符，请删除后重试"
    return f"含有不可见的控制字符（U+{ord(ch):04X}），请删除后重试"


def clean(text: str) -> str:
    """The text with the harmless invisible characters removed; ValueError naming the problem."""
    text = ZERO_WIDTH.sub("", text)
    issue = problem(text)
    if issue:
        raise ValueError(issue)
    return text


@event.listens_for(Session, "before_flush")
def _guard(session: Session, _context, _instances) -> None:
    errors: dict[str, str] = {}
    for obj in list(session.new) + list(session.dirty):
        mapper = inspect(obj).mapper
        if mapper.local_table.name in SKIP:
            continue
        for column in mapper.columns:
            if not isinstance(column.type, String):
                continue
            key = mapper.get_property_by_column(column).key
            value = getattr(obj, key, None)
            if not isinstance(value, str):
                continue
            try:
                cleaned = clean(value)
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if cleaned != value:
                setattr(obj, key, cleaned)
    if errors:
        raise ValidationError(errors)
