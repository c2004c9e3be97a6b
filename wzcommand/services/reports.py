"""Event reports and the paper kit: the one module the window and the command line call.

Drafting lives in :mod:`.report_drafts`, issuing in :mod:`.report_issue`, reading the archive in
:mod:`.report_archive` (no reportlab); all are re-exported here.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from .. import clock
from ..plan.schedule import KINDS as ITEM_KINDS
from ..reports.blocks import Block, Table
from ..reports.event_reports import KINDS, ReportDraft, Section, cn_datetime
from ..reports.fonts import FontsMissingError
from ..reports.paper_kit import PaperKit, render_kit
from ..settings import load_settings
from . import levels, people, report_drafts, roster
from .audit_log import chain_mark_now
from .meetings import list_items
from .meta import is_exercise
from .report_archive import ReportInfo, get_report_pdf, list_reports
from .report_drafts import defaults, draft_closing, draft_correction, draft_first, draft_from_dict, draft_progress
from .report_issue import (
    FontsUnavailableError,
    check_output_path,
    export_report,
    issue_correction,
    issue_report,
    preview_pdf,
    render_pdf,
    report_document,
    write_draft_pdf,
    write_file,
)
from .tasks import STATUS_NAMES, display_status, list_tasks

# The report use cases, wherever they are written (report_drafts, report_issue): callers use them from here.
__all__ = ["KINDS", "ReportDraft", "Section", "cn_datetime", "defaults", "draft_closing", "draft_correction",
           "draft_first", "draft_from_dict", "draft_progress", "FontsUnavailableError", "ReportInfo",
           "check_output_path", "export_report", "get_report_pdf", "issue_correction", "issue_report",
           "list_reports", "preview_pdf", "render_pdf", "report_document", "write_draft_pdf", "write_file", "DRAFTERS",
           "draft_report", "paper_kit_data", "paper_kit_pdf", "write_paper_kit"]

DRAFTERS = report_drafts.DRAFTERS


def _open_tasks(db, now: datetime):
    rows = [[t.doc_no, t.content if len(t.content) <= 60 else t.content[:59] + "…", t.lead_unit, clock.local_text(t.deadline, "%m-%d %H:%M"), STATUS_NAMES[display_status(t, now)]]
            for t in list_tasks(db, now=now) if t.status != "done"]
    return ("未办结的交办事项", [Table([["文号", "内容", "牵头单位", "时限", "状态"], *rows],
                                     widths=[4.2, 6.4, 4.4, 3.4, 2.2], font_size=11.0)]) if rows else None


def _today(db, now: datetime):
    start = clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = [[f"{clock.local_text(i.start, '%H:%M')}—{clock.local_text(i.end, '%H:%M')}",
             f"{ITEM_KINDS.get(i.kind, i.kind)}：{i.title}", i.place, i.organiser]
            for i in list_items(db, start, start + timedelta(days=1)) if i.status != "cancelled"]
    return ("今日日程", [Table([["时间", "事项", "地点", "承办单位"], *rows], widths=[4.4, 8, 4, 4],
                               font_size=11.0)]) if rows else None


# Sections other services add to the paper kit: each provider takes the database and the time and
# returns (heading, blocks), or None when it has nothing to print.
def _counties(db, now: datetime) -> tuple[str, list[Block]]:
    from .county_print import paper_kit_section

    return paper_kit_section(db, now)


def _committee(db, now: datetime) -> tuple[str, list[Block]] | None:
    from .assessment_print import paper_kit_section

    return paper_kit_section(db, now)


PAPER_KIT_SECTIONS: list[Callable[[object, datetime], tuple[str, list[Block]] | None]] = [_today, _open_tasks,
                                                                                           _counties, _committee]


def draft_report(db, kind: str, event_id: int) -> ReportDraft:
    return DRAFTERS[kind](db, event_id)


def paper_kit_data(db, now: datetime | None = None) -> PaperKit:
    view = levels.command_view(db)
    since = f"（自{cn_datetime(view.state.since)}起）" if view.state.since else ""
    state = f"当前状态：{view.display_name}{since}。"
    structure = []
    if view.state.level != "none":
        state += f"指挥部办公室设在{view.office_location}。"
        refs = [("总指挥", view.commander), ("办公室主任", view.director)]
        refs += [(g.name, ref) for g in view.groups if g.active and g.key != "office" for ref in g.leads]
        structure = [[f"{role}：{ref.post}", ref.person or "（空缺）", ref.phone] for role, ref in refs if ref]
    register = [[h.label, h.person or "（空缺）", h.mobile, h.office_phone] for h in people.list_people(db)]
    units = [[u.name, u.contact["liaison"], u.contact["mobile"], u.contact["duty_phone"]]
             for u in roster.list_units(db)]
    now = now or clock.now()
    extra = [section for provider in PAPER_KIT_SECTIONS if (section := provider(db, now))]
    return PaperKit(now, state, structure, register, units, extra, is_exercise(db), chain_mark_now(db))


def paper_kit_pdf(db, now: datetime | None = None) -> bytes:
    """One PDF: command structure, post holders, every unit's duty phones, a blank first-report form."""
    try:
        return render_kit(paper_kit_data(db, now), load_settings().font_path.strip() or None)
    except FontsMissingError as exc:
        raise FontsUnavailableError(str(exc)) from exc


def write_paper_kit(db, path: str | Path, now: datetime | None = None) -> Path:
    path = Path(path)
    check_output_path(path)
    write_file(path, paper_kit_pdf(db, now))
    return path
