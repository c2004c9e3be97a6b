"""A report draft as a Word document (.docx) the office can circulate for comments.

Same page set-up as the PDF (A4; margins 37 mm top, 35 mm bottom, 28 mm binding side, 26 mm
right; 22 lines of 28 characters at 3号), the same faces as the PDF names for 小标宋, 仿宋,
黑体 and 楷体, and real Word styles (标题, 正文, 标题 1, 标题 2, 版记) so that the text can be
edited and restyled in Word or WPS.  The issued record stays the PDF with its SHA-256; a .docx
is always a draft and says so.
"""
from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .blocks import DEFAULT_ISSUER, format_date
from .event_reports import MISSING_TEXT, ReportDraft, cn_number, strip_number

RED = RGBColor(0xE6, 0x00, 0x12)
PITCH = Pt(28.9)     # 22 lines in the 225 mm text block
DRAFT_MARK = "（征求意见稿，未经签发，不作为正式公文）"


def _font(style_or_run, face: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    font = style_or_run.font
    font.name = face
    font.size = Pt(size)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)


def _style(doc, name: str, base: str | None, face: str, size: float, *, align=None, indent: float = 0.0,
           bold: bool = False, color=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and style.name != base:
        style.base_style = styles[base]
    _font(style, face, size, bold, color)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(indent) if indent else None
    if align is not None:
        fmt.alignment = align
    return style


def render_docx(draft: ReportDraft, faces: dict[str, str], *, issuer: str = DEFAULT_ISSUER,
                printer: str | None = None, date: dt.date | None = None, exercise: bool = False) -> bytes:
    """``faces`` maps the roles title, body, hei, kai to the face names the PDF uses."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    body, title, hei, kai = (faces[r] for r in ("body", "title", "hei", "kai"))
    _style(doc, "Normal", None, body, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    styles = {
        "issuer": _style(doc, "发文机关标志", "Normal", title, 26, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED),
        "title": _style(doc, "Title", "Normal", title, 22, align=WD_ALIGN_PARAGRAPH.CENTER),
        "body": _style(doc, "正文", "Normal", body, 16, indent=32),
        "plain": _style(doc, "主送", "Normal", body, 16),
        "h1": _style(doc, "Heading 1", "Normal", hei, 16, indent=32),
        "h2": _style(doc, "Heading 2", "Normal", kai, 16, indent=32),
        "right": _style(doc, "署名", "Normal", body, 16, align=WD_ALIGN_PARAGRAPH.RIGHT),
        "imprint": _style(doc, "版记", "Normal", body, 14),
    }
    for name in ("Heading 1", "Heading 2", "Title"):
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)

    def para(text: str, style: str):
        return doc.add_paragraph(text, style=styles[style])

    para(issuer, "issuer")
    para(DRAFT_MARK + ("（演练）" if exercise else ""), "plain").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if draft.signer.strip():
        para(f"签发人：{draft.signer.strip()}", "right")
    para("", "plain")
    para(draft.title.strip(), "title")
    para("", "plain")
    if draft.addressee.strip():
        para(draft.addressee.strip().rstrip("：:") + "：", "plain")
    for line in draft.opening.splitlines():
        if line.strip():
            para(line.strip(), "body")
    for n, s in enumerate(draft.sections, 1):
        para(f"{cn_number(n)}、{strip_number(s.heading)}", "h1")
        lines = [t.strip() for t in s.text.splitlines() if t.strip()] or ([MISSING_TEXT] if s.empty else [])
        for line in lines:
            para(line, "body")
        if s.curve:
            para("（疫情曲线图见报告 PDF 版。）", "body")
        if s.table:
            table = doc.add_table(rows=len(s.table), cols=max(len(r) for r in s.table))
            table.style = doc.styles["Table Grid"]
            for r, row in enumerate(s.table):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = str(value)
                    for p in cell.paragraphs:
                        p.style = styles["plain"]
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        for run in p.runs:
                            _font(run, hei if r == 0 else body, 12)
    if draft.ending.strip():
        para(draft.ending.strip(), "body")
    for k, name in enumerate(a for a in draft.attachments if a.strip()):
        para(("附件：" if k == 0 else "　　　") + name.strip(), "body")
    para("", "plain")
    para(issuer, "right")
    para(format_date(date or dt.date.today()), "right")
    if draft.note.strip():
        note = draft.note.strip()
        para(note if note.startswith("（") else f"（{note}）", "body")
    cc = "，".join(c.strip() for c in draft.cc if c.strip())
    para("", "plain")
    if cc:
        para(f"抄送：{cc}。", "imprint")
    if printer:
        para(f"{printer}　　{format_date(date or dt.date.today())}印发", "imprint")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
