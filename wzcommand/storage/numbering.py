"""Gapless per-year numbers (document numbers, task sheets), taken inside the caller's transaction.

The counter row is updated in the same transaction that stores the numbered record, so a
failure rolls both back and the number is not lost; writers are serialised (BEGIN IMMEDIATE on
SQLite, a row lock on PostgreSQL), so two windows never get the same number.
"""
from __future__ import annotations

from sqlalchemy import select

from .locks import serialise
from .models import DocCounter


def take_number(session, prefix: str, year: int) -> int:
    serialise(session, f"doc_counter:{prefix}:{year}")
    row = session.scalars(select(DocCounter).where(DocCounter.prefix == prefix, DocCounter.year == year)
                          .with_for_update()).one_or_none()
    if row is None:
        row = DocCounter(prefix=prefix, year=year, last=0)
        session.add(row)
    row.last += 1
    session.flush()
    return row.last


def format_number(prefix: str, year: int, number: int, *, exercise: bool = False) -> str:
    """`温应指〔2026〕3号`: full year in 〔〕, no 第, no leading zeros (GB/T 9704).

    An exercise database's numbers carry 演 (`温应指〔2026〕演1号`), so an exercise document
    cannot pass for a real one even with its 演练 watermark cropped."""
    return f"{prefix}〔{year}〕{'演' if exercise else ''}{number}号"
