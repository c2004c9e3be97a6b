"""The paper kit: what the office needs on paper when the computers are down.

One PDF on the official page (no red 版头): the command structure in force with names and
phones, the register of post holders, every member unit's liaison and duty phones, any extra
sections other services provide, and a blank 首次报告 form to fill in by hand.  Plain data in,
PDF bytes out; :func:`wzcommand.services.reports.paper_kit_pdf` gathers the data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from ..plan.events import CATEGORIES, GRADES
from .blocks import Block, FlowableBlock, Heading1, OfficialDocument, PageBreak, Paragraph, Table, document_text
from .document import render
from .event_reports import cn_datetime, cn_number
from .fonts import FontSet, resolve_fonts
from .layout import BLOCK_W, MM

TITLE = "应急处置纸质备用材料"
BLANK = "＿" * 6


@dataclass
class PaperKit:
    generated_at: dt.datetime
    state_text: str                                   # 当前：Ⅲ级应急响应（自…起）
    structure: list[list[str]]                        # [职务, 姓名, 电话] of the structure in force
    register: list[list[str]]                         # [职务, 姓名, 手机, 办公电话] of every post
    units: list[list[str]]                            # [单位, 联络员, 手机, 24小时值班电话]
    extra: list[tuple[str, list[Block]]] = field(default_factory=list)   # (heading, blocks) from other services
    exercise: bool = False                            # an exercise database: 演练 on every page
    chain: str | None = None                          # the audit chain mark (reports/chain_mark)


def _box(options) -> tuple[str, ...]:
    """Tick boxes: laid out whole on lines of the cell (an option never breaks across lines)."""
    return tuple(f"□{o}" for o in options)


def _box_lines(options: tuple[str, ...], font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for o in options:
        trial = f"{line}　{o}" if line else o
        if line and stringWidth(trial, font, size) > width:
            lines.append(line)
            trial = o
        line = trial
    return "\n".join(lines + [line])


SHORT = "＿" * 3
WHEN = f"{BLANK}年{SHORT}月{SHORT}日{SHORT}时{SHORT}分"
# The 首次报告 fields (official-documents.md) with the lines a hand needs: (label, text, rows).
FORM_FIELDS = [
    ("事件名称", "", 1),
    ("事件类别及性质\n（初步判断）", _box(CATEGORIES.values()), 2),
    ("发生地点", f"{BLANK}县（市、区）{BLANK}乡镇（街道）\n具体地点：{BLANK * 2}\n场所类别：{BLANK * 2}", 2),
    ("发生时间", WHEN, 1),
    ("接报时间", WHEN, 1),
    ("波及范围", "", 1),
    ("人数", f"发病{SHORT}例　死亡{SHORT}例　重症{SHORT}例　住院{SHORT}例\n"
             f"密切接触者{SHORT}人　医学观察{SHORT}人", 2),
    ("主要症状", "", 2),
    ("可能原因", "", 2),
    ("已采取的措施", "", 3),
    ("事件等级\n（初步判断）", _box(GRADES), 1),
    ("报告单位", "", 1),
    ("报告人及联系电话", "", 1),
    ("报告时间", WHEN, 1),
]
FORM_TEXT = "".join(label + "".join(text) for label, text, _ in FORM_FIELDS) + "□＿　"


def first_report_form(fonts: FontSet, row_mm: float = 8.0) -> RLTable:
    """The blank 首次报告 as a ruled two-column table, each row as tall as its writing lines."""
    size = 11.5
    label = ParagraphStyle("label", fontName=fonts.name("hei"), fontSize=size, leading=size * 1.25,
                           wordWrap="CJK")
    value = ParagraphStyle("value", parent=label, fontName=fonts.name("body"))
    widths, pad = [0.27 * BLOCK_W, 0.73 * BLOCK_W], 4
    rows, heights = [], []
    for name, text, lines in FORM_FIELDS:
        shown = text if isinstance(text, str) else _box_lines(tuple(text), fonts.name("body"), size,
                                                              widths[1] - 2 * pad - 2)
        cells = [RLParagraph(escape(name).replace("\n", "<br/>"), label),
                 RLParagraph(escape(shown).replace("\n", "<br/>"), value)]
        needed = max(c.wrap(w - 2 * pad, 1000)[1] for c, w in zip(cells, widths, strict=True)) + 2 * pad
        rows.append(cells)
        heights.append(max(lines * row_mm * MM, needed))
    table = RLTable(rows, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"),
                               ("FONT", (0, 0), (-1, -1), fonts.name("body"), size),   # no Helvetica
                               ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                               ("VALIGN", (1, 0), (1, -1), "TOP"),
                               *((side, (0, 0), (-1, -1), pad) for side in
                                 ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))]))
    return table


def _body(kit: PaperKit, fonts: FontSet | None) -> list[Block]:
    n = 0

    def heading(text: str) -> Heading1:
        nonlocal n
        n += 1
        return Heading1(f"{cn_number(n)}、{text}")

    body: list[Block] = [Paragraph(f"本材料于{cn_datetime(kit.generated_at)}由系统生成，供停电、断网等情况下"
                                   "使用，内容以生成时的登记为准。"),
                         heading("当前指挥体系"), Paragraph(kit.state_text)]
    if kit.structure:
        body.append(Table([["职务", "姓名", "电话"], *kit.structure], widths=[6, 2.5, 3.5], font_size=12.0))
    body += [Paragraph("职务人员登记如下（空缺的职务请及时登记）："),
             Table([["职务", "姓名", "手机", "办公电话"], *kit.register], widths=[6, 2.2, 3, 3.4],
                   font_size=11.0)]
    body += [heading("成员单位联络员及值班电话"),
             Paragraph(f"共{len(kit.units)}个成员单位，按预案顺序排列。"),
             Table([["单位", "联络员", "手机", "24小时值班电话"], *kit.units], widths=[6, 2.2, 3, 3.4],
                   font_size=11.0)]
    for title, blocks in kit.extra:
        body += [heading(title), *blocks]
    body += [PageBreak(), heading("突发公共卫生事件首次报告（空白表）")]
    if fonts is not None:
        body.append(FlowableBlock(first_report_form(fonts)))
    return body


def build_kit(kit: PaperKit, fonts: FontSet | None) -> OfficialDocument:
    return OfficialDocument(issuer=None, title=TITLE, body=_body(kit, fonts), date=kit.generated_at.date(),
                            exercise=kit.exercise, chain=kit.chain)


def render_kit(kit: PaperKit, font_path: str | None = None) -> bytes:
    text = document_text(build_kit(kit, None)) + FORM_TEXT
    fonts = resolve_fonts(text, settings_path=font_path or None)
    return render(build_kit(kit, fonts), fonts)
