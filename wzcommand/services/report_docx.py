"""Fonts a report will print with, and drafts as .docx for circulating before they are signed."""
from __future__ import annotations

from pathlib import Path

from .. import clock
from ..reports.blocks import document_text
from ..reports.event_reports import ReportDraft, build_document
from ..reports.fonts import ROLE_LABELS, FontSet, FontsMissingError, resolve_fonts
from ..settings import load_settings
from .meta import is_exercise
from .office import office_settings
from .report_issue import FontsUnavailableError, check_output_path, write_file

NAMED = {"body": "仿宋", "title": "小标宋", "hei": "黑体", "kai": "楷体"}


def fonts_for(draft: ReportDraft) -> FontSet:
    """The faces the PDF of ``draft`` is printed with (the same search as printing)."""
    text = document_text(build_document(draft, None)) + draft.text()
    try:
        return resolve_fonts(text, settings_path=load_settings().font_path.strip() or None)
    except FontsMissingError as exc:
        raise FontsUnavailableError(str(exc)) from exc


def font_lines(fonts: FontSet) -> list[str]:
    """``仿宋：AR PL UMing CN（替代字体，未找到仿宋）——/usr/share/…`` for 仿宋, 小标宋, 黑体 and 楷体."""
    out = []
    for role, wanted in NAMED.items():
        f = fonts[role]
        note = f"（替代字体：本机没有{wanted}）" if f.substitute else ""
        out.append(f"{wanted}：{f.face_name}{note}——{f.path}")
    return out


def any_substitute(fonts: FontSet) -> bool:
    return any(fonts[role].substitute for role in NAMED)


def draft_docx(db, draft: ReportDraft) -> bytes:
    from ..reports.docx_draft import render_docx

    fonts = fonts_for(draft)
    office = office_settings(db)
    return render_docx(draft, {role: fonts[role].face_name for role in NAMED}, issuer=office.issuer,
                       printer=office.office, date=clock.now().date(), exercise=is_exercise(db))


def write_draft_docx(db, draft: ReportDraft, path: str | Path) -> Path:
    path = Path(path)
    check_output_path(path)
    write_file(path, draft_docx(db, draft))
    return path


__all__ = ["ROLE_LABELS", "fonts_for", "font_lines", "any_substitute", "draft_docx", "write_draft_docx"]
