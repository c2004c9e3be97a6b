"""The county board as a printed page (reports/county_board.py), from the board the services compute."""
from __future__ import annotations

from datetime import datetime

from .. import clock
from ..plan import counties as rules
from ..plan.levels import display_name
from ..plan.sources import source_text
from ..reports import county_board as doc
from ..reports.blocks import Block, Paragraph, Table
from ..reports.chain_mark import chain_mark
from ..storage import audit
from . import counties
from .counties import colour_name
from .meta import is_exercise
from .office import office_settings


def _level(level: str, edition: str) -> str:
    return "未启动" if level == "none" else display_name(level, edition=edition).removesuffix("应急响应")


def board_lines(board: counties.CountyBoard) -> list[doc.BoardLine]:
    lines = []
    for r in board.rows:
        ins = r.instructed
        if ins is None:
            instructed = ""
        else:
            state = "已启动" if ins.done else ("逾期" if ins.overdue else "待报")
            instructed = f"{_level(ins.level, board.edition)}·{state}"
        contact = r.contact
        lines.append(doc.BoardLine(r.county, _level(r.level, board.edition), doc.short_time(r.since) if r.level != "none" else "—",
                                   (colour_name(r.warning).removesuffix("预警") if r.warning != "none" else "无")
                                   + (f"（触发地{counties.site_text(r.trigger_site).removesuffix('预警')}）"
                                      if r.trigger_site else ""),
                                   instructed, contact.duty_phone,
                                   " ".join(x for x in (contact.liaison, contact.liaison_phone) if x),
                                   bool(r.flags)))
    return lines


def notes(board: counties.CountyBoard) -> list[tuple[str, str]]:
    """What needs attention, one line per kind (warnings below the city's, each instruction not yet
    followed), each with the clause it rests on, quoted."""
    out = []
    below = [r.county for r in board.rows if any(f.kind == rules.FLAG_WARNING for f in r.flags)]
    if below:
        source, quote = rules.COUNTY_WARNING_QUOTE
        out.append((f"预警低于全市{colour_name(board.city_warning)}：{'、'.join(below)}（{len(below)}个）。",
                    f"{source_text(source, board.edition)}：{quote}"))
    sites = [r.county for r in board.rows if any(f.kind == rules.FLAG_TRIGGER for f in r.flags)]
    if sites:
        source, quote = rules.LOCAL_QUOTE
        out.append((f"预警触发地低于全市{colour_name(board.city_warning)}：{'、'.join(sites)}（{len(sites)}个）。",
                    f"{source_text(source, board.edition)}：{quote}"))
    by_instruction: dict[int, list] = {}
    for r in board.rows:
        if r.instructed is not None and r.instructed.done is None:
            by_instruction.setdefault(r.instructed.instruction_id, []).append(r)
    for rows in by_instruction.values():
        ins = rows[0].instructed
        source, quote = rules.MUST_START[ins.plan]
        state = "已过时限，尚未报告启动" if ins.overdue else "尚未报告启动"
        out.append((f"市级要求启动{display_name(ins.level, edition=board.edition)}（{ins.ref}，{clock.local_text(ins.at)}），"
                    f"时限{clock.local_text(ins.due)}，{state}：{'、'.join(r.county for r in rows)}。",
                    f"{source_text(source, board.edition)}：{quote}"))
    return out


def county_board_pdf(db, now: datetime | None = None) -> bytes:
    from ..reports.document import render

    board = counties.county_board(db, now)
    with db.read() as session:
        head = audit.head(session)
    city = f"全市{display_name(board.city_level, edition=board.edition)}、{colour_name(board.city_warning)}"
    document = doc.county_board(board_lines(board), at=board.at, city=city, notes=notes(board),
                                office=office_settings(db).office, today=clock.local(board.at).date(),
                                exercise=is_exercise(db), chain=chain_mark(head))
    return render(document)


def paper_kit_section(db, now: datetime) -> tuple[str, list[Block]]:
    """The paper kit's page of the counties: each 指挥部's duty phone and liaison, level and warning."""
    board = counties.county_board(db, now)
    rows = [[line.county, line.level, line.warning, line.duty_phone or "（未登记）", line.liaison or "（未登记）"]
            for line in board_lines(board)]
    blocks: list[Block] = [Paragraph("各县（市、区）突发公共卫生事件应急指挥部值班电话、联络员及其报告的响应级别和预警"
                                     "（以生成时的登记为准）："),
                           Table([["县（市、区）", "响应级别", "预警", "24小时值班电话", "联络员及电话"], *rows],
                                 widths=[2.2, 1.6, 1.2, 3.2, 4.2], font_size=11.0)]
    return "各县（市、区）应急指挥部联系方式", blocks
