"""Pure helpers for reports and charts: Chinese numerals, figures with thousands separators, daily counts from
cumulative updates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

_DIGITS = "零一二三四五六七八九"

def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (for 续报 and headings)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                 ("一" + cn_number(rest) if rest < 20 else cn_number(rest)))
    return _DIGITS[n // 100] + "百" + tail


def grouped(value: float, decimals: int = 0) -> str:
    """A figure as the office's lists print it, thousands separated: 150000 → '150,000', (1234.56, 1) → '1,234.6'."""
    return f"{value:,.{decimals}f}"


def quantity_text(value: int, unit: str = "") -> str:
    """A quantity with its unit: (150000, '只') → '150,000只' (stock, issues and requests, wherever shown)."""
    return f"{grouped(value)}{unit}"


@dataclass(frozen=True)
class DayCount:
    day: date
    ill: int          # new that day (negative after a downward correction)
    dead: int
    total_ill: int    # cumulative at the end of the day
    total_dead: int


def daily_counts(snapshots: list[tuple[datetime, int, int]], first_day: date | None = None,
                 last_day: date | None = None, tz: tzinfo | None = None) -> list[DayCount]:
    """Days from ``first_day`` to ``last_day`` (default: the snapshots' span) in zone ``tz``
    (default: the workstation's); ``snapshots`` are (time, cumulative ill, cumulative dead)."""
    points = sorted(((t.astimezone(tz), ill or 0, dead or 0) for t, ill, dead in snapshots),
                    key=lambda p: p[0])
    if not points and (first_day is None or last_day is None):
        return []
    first_day = first_day or points[0][0].date()
    last_day = max(last_day or points[-1][0].date(), first_day)
    out: list[DayCount] = []
    k, ill, dead = 0, 0, 0
    day = first_day
    while k < len(points) and points[k][0].date() < first_day:   # counts known before day one
        ill, dead = points[k][1], points[k][2]
        k += 1
    prev_ill, prev_dead = ill, dead
    while day <= last_day:
        while k < len(points) and points[k][0].date() <= day:
            ill, dead = points[k][1], points[k][2]
            k += 1
        out.append(DayCount(day, ill - prev_ill, dead - prev_dead, ill, dead))
        prev_ill, prev_dead = ill, dead
        day += timedelta(days=1)
    return out
