"""The reportlab story of an official document: blocks → grid flowables (GB/T 9704-2012)."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Spacer, TableStyle
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

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
    Signature,
    Table,
    format_date,
)
from .fonts import FontSet
from .layout import BLOCK_W, BODY, CHAR_PITCH, PITCH, GridGroup, GridSnap, GridText, text_width
from .official_page import RED, ChainLine, Imprint, Masthead
from .title_lines import balance_title

TITLE_SIZE = 22.0
TWO = 2 * CHAR_PITCH          # two-character indent on the body grid


def build_story(doc: OfficialDocument, fonts: FontSet, template) -> list[Flowable]:
    """Flowables for ``template`` (an :class:`OfficialDocTemplate`, which the 版记 marks)."""
    body, title_font = fonts.name("body"), fonts.name("title")
    story: list[Flowable] = []
    top_lines = []
    if doc.copy_no not in (None, ""):
        no = str(doc.copy_no)
        top_lines.append((no.zfill(6) if no.isdigit() else no, "body"))
    top_lines += [(t, "hei") for t in (doc.secrecy, doc.urgency) if t]
    if doc.issuer:
        story.append(Masthead(fonts, doc.issuer, doc.doc_no, doc.signer, top_lines, TITLE_SIZE))
    else:
        story += [GridText(t, fonts.name(role), align="left") for t, role in top_lines]
        if top_lines or doc.draft or doc.exercise:      # page marks use line 1's right half
            story += [Spacer(0, PITCH)] * (1 if top_lines else 2)
    lines = balance_title(doc.title, title_font, TITLE_SIZE, BLOCK_W)
    story.append(GridText(font=title_font, size=TITLE_SIZE, align="center", char_space=0.0,
                          lines=[(s, 0.0) for s in lines], keep_with_next=True))
    if doc.exercise:
        story.append(GridText("（演练）", fonts.name("hei"), align="center", color=RED))
    story.append(Spacer(0, PITCH))
    if doc.addressee:
        addressee = doc.addressee.rstrip("：:") + "："
        story.append(GridText(addressee, body, align="left"))
    body_flow: list[Flowable] = []
    for f in _group_headings([f for block in doc.body for f in _block(block, fonts)]):
        # A signature inside the body travels with the lines before it, as the closing one does.
        body_flow = _bind_closing(body_flow, f.lines_) if isinstance(f, _SignatureMark) else body_flow + [f]
    closing: list[GridText] = []
    if doc.attachments:
        closing += [GridText("", body)] + _attachments(doc.attachments, body)
    if doc.date is not None:
        closing += _signature(doc, fonts)
    story += _bind_closing(body_flow, closing) if closing else body_flow
    cc_text = "，".join(c.strip("，。, ") for c in doc.cc) + "。" if doc.cc else None
    if cc_text or doc.printer:  # the 版记, with the chain mark above its top rule
        day = doc.print_date or doc.date
        printed = (format_date(day) if day else "") + "印发"
        story.append(Imprint(template, cc_text, doc.printer, printed, chain=doc.chain))
    elif doc.chain:
        story.append(ChainLine(template, doc.chain))
    return story


def _block(block: Block, fonts: FontSet) -> list[Flowable]:
    if isinstance(block, (Heading1, Heading2, Heading3, Heading4)):
        role = {Heading1: "hei", Heading2: "kai"}.get(type(block), "body")
        return [GridText(block.text, fonts.name(role), first_indent=TWO, keep_with_next=True)]
    if isinstance(block, Paragraph):
        return [GridText(p.strip(), fonts.name("body"), first_indent=TWO)
                for p in block.text.split("\n") if p.strip()]
    if isinstance(block, Table):
        return _table(block, fonts)
    if isinstance(block, Image):
        return _image(block, fonts)
    if isinstance(block, FlowableBlock):
        return [GridSnap(block.flowable)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Signature):
        return [_SignatureMark(_signature_lines(block.issuer, block.day, fonts))]
    raise TypeError(f"not a document block: {block!r}")


class _SignatureMark(Spacer):
    """Where a signature sits inside the body; replaced by the signature bound to the text before it."""

    def __init__(self, lines: list[GridText]):
        super().__init__(0, 0)
        self.lines_ = lines


def _group_headings(flowables: list[Flowable]) -> list[Flowable]:
    """Bind each run of headings to the text after it, so a heading never ends a page."""
    out: list[Flowable] = []
    run: list[GridText] = []
    for f in flowables:
        if isinstance(f, GridText) and f.keepWithNext:
            run.append(f)
            continue
        if run and isinstance(f, GridText):
            out.append(GridGroup(run + [f], keep=len(run), min_after=2))
        elif run:
            # A heading before a table or picture: keep it with the first few lines' worth only.
            # reportlab's keepWithNext would carry the whole (possibly page-long) table along and
            # leave the rest of this page empty.
            for heading in run:
                heading.keepWithNext = False
            out += [CondPageBreak((len(run) + 3) * PITCH), *run, f]
        else:
            out.append(f)
        run = []
    return out + run


def _bind_closing(body: list[Flowable], closing: list[GridText]) -> list[Flowable]:
    """Attachments, 署名 and 成文日期 travel with the last two lines of the body (GB/T 9704 7.3.5)."""
    pre: list[GridText] = []
    keep = min_after = 0
    while body and isinstance(body[-1], (GridText, GridGroup)) and len(pre) < 3 and \
            sum(len(t.lines(BLOCK_W)) for t in pre) < 2:
        last = body.pop()
        if isinstance(last, GridGroup):
            pre[:0] = last.items
            keep, min_after = last.keep, last.min_after
        else:
            pre.insert(0, last)
            keep = 0
    group = GridGroup(pre + closing, keep=keep, min_after=min_after, tail=len(closing),
                      min_before=min(2, sum(len(t.lines(BLOCK_W)) for t in pre)))
    return body + [group]


def _attachments(names: list[str], font: str) -> list[Flowable]:
    lead = text_width("附件：", font, BODY, CHAR_PITCH - BODY) + CHAR_PITCH - BODY
    out = []
    for n, name in enumerate(names, 1):
        label = f"{n}. " if len(names) > 1 else ""
        first = ("附件：" if n == 1 else "") + label + name
        hang = TWO + lead + (text_width(label, font, BODY, CHAR_PITCH - BODY) + CHAR_PITCH - BODY
                             if label else 0.0)
        out.append(GridText(first, font, first_indent=TWO if n == 1 else TWO + lead, indent=hang,
                            align="left"))
    return out


def _signature_lines(signature: str | None, day, fonts: FontSet) -> list[GridText]:
    """A blank line, 署名 two characters from the right, 成文日期 below it moved right by two."""
    font, cs = fonts.name("body"), CHAR_PITCH - BODY
    date_text = format_date(day)
    sig_w = text_width(signature or "", font, BODY, cs)
    date_w = text_width(date_text, font, BODY, cs)
    if signature and sig_w - TWO >= date_w:
        sig_right, date_right = TWO, TWO + sig_w - TWO - date_w
    else:
        date_right = TWO
        sig_right = TWO + date_w + TWO - sig_w if signature else TWO
        sig_right = max(sig_right, 0.0)
    parts = [GridText("", font)]
    if signature:
        parts.append(GridText(signature, font, align="right", right_indent=sig_right))
    parts.append(GridText(date_text, font, align="right", right_indent=date_right))
    return parts


def _signature(doc: OfficialDocument, fonts: FontSet) -> list[GridText]:
    """署名 two characters from the right, 成文日期 below it moved right by two (GB/T 9704 7.3.5)."""
    font = fonts.name("body")
    parts = _signature_lines(doc.signature, doc.date, fonts)
    if doc.note:
        note = doc.note if doc.note.startswith(("（", "(")) else f"（{doc.note}）"
        parts.append(GridText(note, font, first_indent=TWO))
    return parts


def _table(block: Table, fonts: FontSet) -> list[Flowable]:
    """A grid as wide as the text block; row labels (first column) flush left, the rest centred."""
    size = _table_size(block, fonts)
    plain = ParagraphStyle("cell", fontName=fonts.name("body"), fontSize=size, leading=size * 1.3,
                           alignment=TA_CENTER, wordWrap="CJK", bulletFontName=fonts.name("body"))
    label = ParagraphStyle("label", parent=plain, alignment=TA_LEFT)
    head = ParagraphStyle("head", parent=plain, fontName=fonts.name("hei"))
    rows = [[str(c) for c in row] for row in block.rows] or [[""]]
    ncols = max(len(r) for r in rows)
    rows = _split_tall_rows([r + [""] * (ncols - len(r)) for r in rows], block.header_rows)
    col_w = _column_widths(rows, block.widths, fonts.name("body"), fonts.name("hei"), size, block.header_rows)
    cells = [[RLParagraph(escape(c), head if r < block.header_rows else (label if k == 0 else plain))
              for k, c in enumerate(row)] for r, row in enumerate(rows)]
    table = RLTable(cells, colWidths=col_w, repeatRows=block.header_rows, hAlign="CENTER")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("FONT", (0, 0), (-1, -1), fonts.name("body"), size),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (0, -1), 3),
                               ("TOPPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    out: list[Flowable] = []
    if block.caption:
        # Keep the caption with the first rows only (not the whole table, which may not fit any
        # page's remaining space and would leave a half-empty page): start a new page only if
        # fewer than the caption, the header and two rows would fit here.
        out.append(CondPageBreak(4 * PITCH))
        out.append(GridText(block.caption, fonts.name("hei"), align="center"))
    out.append(GridSnap(table, pad_top=0.2 * PITCH))
    return out


def _table_size(block: Table, fonts: FontSet, smallest: float = 10.5) -> float:
    """The table's type size, or 五号 (10.5 pt) when that lets every cell stay on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = block.font_size
    if size <= smallest or not block.rows:
        return size
    ncols = max(len(r) for r in block.rows)
    natural = [max((stringWidth(line, fonts.name("hei"), 1.0) for r in block.rows if k < len(r)
                    for line in str(r[k]).split("\n")), default=0.0) for k in range(ncols)]
    fits = lambda s: sum(n * s + 12.0 for n in natural) <= BLOCK_W  # noqa: E731
    return smallest if not fits(size) and fits(smallest) else size


CELL_CHUNK = 300     # a table row never splits: a longer cell goes on in continuation rows


def _split_tall_rows(rows: list[list[str]], header_rows: int) -> list[list[str]]:
    """Rows whose text could not fit on one page are continued in further rows (any length prints)."""
    out = rows[:header_rows]
    for row in rows[header_rows:]:
        if max(len(c) for c in row) <= CELL_CHUNK:
            out.append(row)
            continue
        parts = [[c[i:i + CELL_CHUNK] for i in range(0, max(len(c), 1), CELL_CHUNK)] for c in row]
        for n in range(max(len(p) for p in parts)):
            out.append([p[n] if n < len(p) else "" for p in parts])
    return out


SHORT_CELL = 8.5     # a cell no wider than this many characters (a date, a time, a phone, a name) never wraps


def _column_widths(rows, widths, body: str, hei: str, size: float, header_rows: int) -> list[float]:
    """Widths that never break a short cell (date, time, phone, name, status) inside a word.

    When every cell fits on one line, columns get their natural width (spread to the block).
    Otherwise each column keeps at least its widest short cell; then the columns that need least
    to fit on one line get it, while the space lasts; the rest goes to the columns of running text
    in proportion to ``widths`` (or their natural widths)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 12.0
    ncols = len(rows[0])

    def w(text, r):
        return max((stringWidth(line, hei if r < header_rows else body, size) for line in text.split("\n")),
                   default=0.0) + pad

    natural = [max(w(row[k], r) for r, row in enumerate(rows)) for k in range(ncols)]
    if sum(natural) <= BLOCK_W:
        return [n * BLOCK_W / sum(natural) for n in natural]
    limit = SHORT_CELL * size + pad
    col = [max([x for r, row in enumerate(rows) if (x := w(row[k], r)) <= limit] or [pad]) for k in range(ncols)]
    if sum(col) >= BLOCK_W:
        return [c * BLOCK_W / sum(col) for c in col]
    wanting = sorted((k for k in range(ncols) if natural[k] > col[k]), key=lambda k: natural[k] - col[k])
    while wanting:
        k, room = wanting[0], BLOCK_W - sum(col)
        if natural[k] - col[k] > 0.6 * room and len(wanting) > 1:
            break
        col[k] = min(natural[k], col[k] + room)
        wanting.pop(0)
    if wanting:
        weights = [(widths[k] if widths else natural[k]) for k in wanting]
        room = BLOCK_W - sum(col)
        for k, x in zip(wanting, weights, strict=True):
            col[k] += room * x / sum(weights)
    return [c * BLOCK_W / sum(col) for c in col]


def _image(block: Image, fonts: FontSet) -> list[Flowable]:
    src = io.BytesIO(block.source) if isinstance(block.source, bytes) else str(block.source)
    px_w, px_h = ImageReader(src).getSize()
    if isinstance(src, io.BytesIO):
        src.seek(0)
    width = min(BLOCK_W, block.width_mm * 72 / 25.4 if block.width_mm else BLOCK_W)
    height = width * px_h / px_w
    limit = block.max_lines * PITCH - 0.7 * PITCH
    if height > limit:
        width, height = width * limit / height, limit
    out: list[Flowable] = [GridSnap(RLImage(src, width=width, height=height))]
    if block.caption:
        out.append(GridText(block.caption, fonts.name("body"), align="center"))
    return out
