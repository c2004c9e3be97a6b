"""Plain copies of stored rows: what services hand to the window and the command line, which never
hold ORM rows (a row read after its session closed, or changed by another seat, misleads).

A record is a frozen dataclass whose fields are named as the row's columns; ``copy_row`` fills it
from the row, and a write's record also says what the write changed (``changes``)."""
from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

R = TypeVar("R")


def copy_row(cls: type[R], row: Any, **extra: Any) -> R:
    """``cls`` filled from the attributes of ``row`` with the same names; ``extra`` wins (e.g. changes)."""
    names = [f.name for f in fields(cls) if f.name not in extra and hasattr(row, f.name)]  # type: ignore[arg-type]
    return cls(**{name: getattr(row, name) for name in names}, **extra)
