"""The county board on one page for the daily 会商: each 县（市、区）'s level, warning, the city's
requirement and its 指挥部 contact, with the plans' flags summed up and quoted under the table.

A working table of the 指挥部办公室 (GB/T 9704 table layout, no red 版头 — like the paper kit — so the
twelve rows, the notes, the signature and the 版记 fit one page); the audit chain's head is printed
above the 版记. Plain data in, no database, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from .blocks import Block, OfficialDocument, Paragraph, Table

OFFICE = "温州市突发公共卫生事件应急指挥部办公室"
TITLE = "各县（市、区）应急响应和预警情况表"
HEADERS = ["县（市、区）", "响应级别", "起始时间", "预警", "市级要求", "值班电话", "联络员"]
SIZE = 9.0  # 小五: twelve rows, the notes and the 版记 on one page; dates and phones stay on one line


@dataclass(frozen=True)
class BoardLine:
    county: str
    level: str  # 未启动 / Ⅲ级 …
    since: str
    warning: str
    instructed: str  # "Ⅲ级·逾期" or ""
    duty_phone: str
    liaison: str
    flagged: bool


def short_time(value: datetime | None) -> str:
    return clock.local_text(value, "%m-%d %H:%M") if value else "—"


def county_board(lines: list[BoardLine], *, at: datetime, city: str, notes: list[tuple[str, str]],
                 office: str = OFFICE, today: date | None = None, exercise: bool = False,
                 chain: str | None = None) -> OfficialDocument:
    """``notes``: (what needs attention, the clause it rests on, quoted) — the clause is printed once."""
    local = clock.local(at)
    body: list[Block] = [
        Paragraph(f"截至{local.year}年{local.month}月{local.day}日{local:%H:%M}，{city}。"
                  "各县（市、区）报告情况如下（标“※”者须关注）："),
        Table([HEADERS, *[[("※" if x.flagged else "") + x.county, x.level, x.since, x.warning,
                           x.instructed or "—", x.duty_phone or "—", x.liaison or "—"] for x in lines]],
              font_size=SIZE)]
    if notes:
        seen: set[str] = set()
        rows = []
        for n, (text, clause) in enumerate(notes, 1):
            rows.append([f"{n}. {text}", "同上" if clause in seen else clause])
            seen.add(clause)
        body.append(Table([["须关注事项", "预案规定"], *rows], widths=[1, 1], font_size=SIZE))
    return OfficialDocument(issuer=None, title=TITLE, body=body, signature=None, date=None,
                            print_date=today or local.date(), printer=office, exercise=exercise, chain=chain)
