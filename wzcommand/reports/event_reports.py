"""Event reports (首次报告, 进程报告, 结案报告) as editable drafts, and their official documents.

A :class:`ReportDraft` is plain data the user may edit: title, 主送, 签发人, an opening
paragraph, ordered sections (heading and text, optionally a table or the epidemic curve),
attachments, 附注 and 抄送.  Section headings are numbered 一、二、… when printed, so sections
can be removed or reordered freely.  :func:`render_report` prints a draft (marked 草稿, no
number) or an issued report (with its 发文字号).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from .. import clock
from ..plan.numbers import cn_number
from .blocks import DEFAULT_ISSUER, FlowableBlock, Heading1, OfficialDocument, Paragraph, Table, document_text
from .document import render
from .epi_curve import LABELS as CURVE_LABELS
from .epi_curve import DayCount, curve_drawing
from .fonts import FontSet, resolve_fonts
from .layout import BLOCK_W, PITCH

KINDS = {"first": "首次报告", "progress": "进程报告", "closing": "结案报告"}
MISSING_TEXT = "（待补充）"
ENDING = "特此报告。"
CURVE_CAPTION = "图1　每日新增报告病例及死亡数"
_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十百]+、\s*")


@dataclass
class Section:
    heading: str                                  # without its number: 基本情况
    text: str = ""                                # paragraphs separated by \n
    table: list[list[str]] | None = None          # first row is the header
    table_caption: str = ""
    curve: list[list] | None = None               # [[ISO date, new ill, new dead, total ill, total dead], …]

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.table and not self.curve


@dataclass
class ReportDraft:
    kind: str                                     # first | progress | closing
    event_id: int | None
    title: str
    addressee: str = ""
    signer: str = ""
    opening: str = ""
    sections: list[Section] = field(default_factory=list)
    ending: str = ENDING
    attachments: list[str] = field(default_factory=list)
    note: str = ""
    cc: list[str] = field(default_factory=list)
    sequence: int = 0                             # 续报 number of a progress report
    corrects_id: int | None = None                # the issued report this one corrects

    def to_dict(self) -> dict:
        return asdict(self)

    def missing(self) -> list[str]:
        """Headings of sections with nothing in them (an issued report must not have any)."""
        return [strip_number(s.heading) for s in self.sections if s.empty]

    def text(self) -> str:
        """Every character the report prints (for font checks)."""
        parts = [self.title, self.addressee, self.signer, self.opening, self.ending, self.note,
                 *self.attachments, *self.cc, MISSING_TEXT]
        for s in self.sections:
            parts += [s.heading, s.text, s.table_caption, *(c for row in s.table or () for c in row)]
            if s.curve:
                parts.append(CURVE_LABELS + CURVE_CAPTION)
        return "".join(map(str, parts))




def strip_number(heading: str) -> str:
    return _NUMBERED.sub("", heading or "").strip()


def cn_datetime(value: dt.datetime) -> str:
    """``2026年11月29日8时30分`` (``8时`` on the hour) in the workstation's time zone."""
    v = clock.local(value)
    return f"{v.year}年{v.month}月{v.day}日{v.hour}时" + (f"{v.minute}分" if v.minute else "")


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def curve_rows(days: list[DayCount]) -> list[list]:
    return [[d.day.isoformat(), d.ill, d.dead, d.total_ill, d.total_dead] for d in days]


def curve_days(rows: list[list]) -> list[DayCount]:
    return [DayCount(dt.date.fromisoformat(str(r[0])), *(int(x) for x in r[1:5])) for r in rows]


def _body(draft: ReportDraft, fonts: FontSet | None, mark_missing: bool) -> list:
    body: list = []
    if draft.opening.strip():
        body.append(Paragraph(draft.opening.strip()))
    for n, section in enumerate(draft.sections, 1):
        body.append(Heading1(f"{cn_number(n)}、{strip_number(section.heading)}"))
        if section.text.strip():
            body.append(Paragraph(section.text.strip()))
        elif section.empty and mark_missing:
            body.append(Paragraph(MISSING_TEXT))
        if section.curve and fonts is not None:
            drawing = curve_drawing(curve_days(section.curve), fonts.name("body"), BLOCK_W, 9 * PITCH,
                                    caption=CURVE_CAPTION)
            body.append(FlowableBlock(drawing))
        if section.table:
            body.append(Table([list(map(str, row)) for row in section.table], font_size=12.0,
                              caption=section.table_caption or None))
    if draft.ending.strip():
        body.append(Paragraph(draft.ending.strip()))
    return body


def build_document(draft: ReportDraft, fonts: FontSet | None, *, doc_no: str | None = None,
                   issue_date: dt.date | None = None, printer: str | None = None,
                   issuer: str = DEFAULT_ISSUER, exercise: bool = False, chain: str | None = None) -> OfficialDocument:
    """The official document for ``draft``; without ``doc_no`` it is a 草稿 (no number).

    ``fonts`` names the chart's font; without it the chart is left out (for font lookup).
    """
    is_draft = doc_no is None
    return OfficialDocument(
        issuer=issuer, doc_no=doc_no, signer=draft.signer.strip() or None, title=draft.title.strip(),
        addressee=draft.addressee.strip() or None, body=_body(draft, fonts, mark_missing=is_draft),
        attachments=[a.strip() for a in draft.attachments if a.strip()], signature=issuer,
        date=issue_date or clock.now().date(), note=draft.note.strip() or None,
        cc=[c.strip() for c in draft.cc if c.strip()], printer=printer or None,
        draft=is_draft, exercise=exercise, chain=chain)


def render_report(draft: ReportDraft, *, doc_no: str | None = None, issue_date: dt.date | None = None,
                  printer: str | None = None, exercise: bool = False, font_path: str | None = None,
                  fonts: FontSet | None = None, issuer: str | None = None, chain: str | None = None) -> bytes:
    """PDF bytes of the report; raises FontsMissingError when no font can print it. `chain`: the
    audit chain mark printed under the 版记 (reports/chain_mark)."""
    return render(*report_document(draft, doc_no=doc_no, issue_date=issue_date, printer=printer,
                                   exercise=exercise, font_path=font_path, fonts=fonts, issuer=issuer, chain=chain))


def report_document(draft: ReportDraft, *, doc_no: str | None = None, issue_date: dt.date | None = None,
                    printer: str | None = None, exercise: bool = False, font_path: str | None = None,
                    fonts: FontSet | None = None, issuer: str | None = None,
                    chain: str | None = None) -> tuple[OfficialDocument, FontSet]:
    """The official document render_report prints, and the fonts it prints it with."""
    fields = dict(doc_no=doc_no, issue_date=issue_date, printer=printer, exercise=exercise,
                  issuer=issuer or DEFAULT_ISSUER, chain=chain)
    if fonts is None:       # every character printed, the chart's included (it is drawn without fonts here)
        text = document_text(build_document(draft, None, **fields)) + draft.text()
        fonts = resolve_fonts(text, settings_path=font_path or None)
    return build_document(draft, fonts, **fields), fonts
