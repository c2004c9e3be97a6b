"""Render an official document (plain data, see :mod:`.blocks`) to PDF bytes or a file.

    doc = OfficialDocument(doc_no="温应指〔2026〕3号", title="关于……的首次报告",
                           addressee="温州市人民政府：", body=[Heading1("一、基本情况"),
                           Paragraph("……")], signature="温州市突发公共卫生事件应急指挥部",
                           date=date(2026, 11, 29))
    pdf_bytes = render(doc)
    write_pdf(doc, "report.pdf")
"""
from __future__ import annotations

import io
from pathlib import Path

from ..fileio import atomic_write_bytes
from .blocks import (
    Block,
    FlowableBlock,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    Image,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Table,
    document_text,
    format_date,
)
from .fonts import FontSet, FontsMissingError, resolve_fonts
from .official_page import OfficialDocTemplate
from .story import build_story

__all__ = ["OfficialDocument", "Heading1", "Heading2", "Heading3", "Heading4", "Paragraph",
           "Table", "Image", "FlowableBlock", "PageBreak", "Block", "render", "write_pdf",
           "format_date", "document_text"]


def render(doc: OfficialDocument, fonts: FontSet | None = None) -> bytes:
    """The document as PDF bytes; fonts are resolved for its text unless given."""
    if not doc.title.strip():
        raise ValueError("an official document needs a title")
    text = document_text(doc)
    if fonts is None:
        fonts = resolve_fonts(text)
    else:
        missing = fonts.missing(text)
        if missing:
            raise FontsMissingError(missing)
    buf = io.BytesIO()
    template = OfficialDocTemplate(buf, fonts, draft=doc.draft, exercise=doc.exercise,
                                   title=doc.title,
                                   author=doc.signature or doc.issuer or "", creator="wzcommand",
                                   subject=doc.doc_no or "")
    template.build(build_story(doc, fonts, template))
    return buf.getvalue()


def write_pdf(doc: OfficialDocument, path: str | Path, fonts: FontSet | None = None) -> Path:
    """Render and write atomically: temp file in the same folder, fsync, rename, fsync folder."""
    path = Path(path)
    atomic_write_bytes(path, render(doc, fonts))
    return path
