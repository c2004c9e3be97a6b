"""The official-document page (GB/T 9704-2012): template, 版头, 版记 and page marks.

Everything is measured from the text block (版心): 156 × 225 mm, 28 mm from the left
and 37 mm from the top of an A4 page, with 22 grid lines of ``PITCH`` each.  The frame
has no padding, so the block's edges are where the standard puts them.
"""
from __future__ import annotations

import math

from reportlab.lib.colors import Color, black
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .chain_mark import SIZE as CHAIN_SIZE
from .fonts import FontSet
from .layout import (
    BLOCK_H,
    BLOCK_W,
    BODY,
    BOTTOM,
    CHAR_PITCH,
    LEFT,
    MIDLINE,
    MM,
    PAGE_H,
    PAGE_W,
    PITCH,
    TOP,
    break_lines,
    em_top_to_baseline,
    text_width,
)

RED = Color(1, 0, 0)
WATERMARK = Color(0.45, 0.45, 0.45)
ISSUER_TOP = 35 * MM          # top of the 发文机关标志 below the top of the text block
THICK, THIN = 0.35 * MM, 0.25 * MM


def draw_text(canv, x: float, em_top: float, text: str, font: str, size: float, *,
              anchor="left", color=black, char_space=0.0, hscale=100.0) -> float:
    """Draw ``text`` with its em box's top ``em_top`` below the page top; returns its width."""
    w = text_width(text, font, size, char_space) * hscale / 100.0
    if anchor == "center":
        x -= w / 2
    elif anchor == "right":
        x -= w
    canv.saveState()
    canv.setFillColor(color)
    text_obj = canv.beginText(x, PAGE_H - em_top - em_top_to_baseline(font, size))
    text_obj.setFont(font, size)
    text_obj.setCharSpace(char_space)
    text_obj.setHorizScale(hscale)
    text_obj.textOut(text)
    canv.drawText(text_obj)
    canv.restoreState()
    return w


def slot_em_top(slot: int, size: float = BODY) -> float:
    """Top of the em box of text on grid line ``slot``, below the top of the text block."""
    return slot * PITCH + MIDLINE - size / 2


class OfficialDocTemplate(BaseDocTemplate):
    """A4, one frame on the text block; page numbers, draft watermark and exercise marks."""

    def __init__(self, target, fonts: FontSet, *, draft=False, exercise=False, **meta):
        super().__init__(target, pagesize=(PAGE_W, PAGE_H), leftMargin=LEFT, topMargin=TOP,
                         rightMargin=PAGE_W - LEFT - BLOCK_W, bottomMargin=BOTTOM,
                         initialFontName=fonts.name("body"), initialFontSize=BODY, **meta)
        self.fonts, self.draft, self.exercise = fonts, draft, exercise
        self.unnumbered: set[int] = set()
        self.chain_at: dict[int, tuple[str, float]] = {}  # page: (chain mark, where the text ended) (ChainLine)
        frame = Frame(LEFT, BOTTOM, BLOCK_W, BLOCK_H, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._page_end)])

    def _watermark(self, canv):
        """A large diagonal 草稿, translucent so that it also shows over pictures."""
        canv.saveState()
        canv.setFillColor(WATERMARK)
        canv.setFillAlpha(0.22)
        canv.translate(LEFT + BLOCK_W / 2, BOTTOM + BLOCK_H / 2)
        canv.rotate(30)
        canv.setFont(self.fonts.name("hei"), 130)
        canv.drawCentredString(0, -45, "草稿")
        canv.restoreState()

    def _page_end(self, canv, _doc):
        page = canv.getPageNumber()
        if self.draft:
            self._watermark(canv)
        self._marks(canv, page)
        if page in self.chain_at:
            mark, content_bottom = self.chain_at[page]
            draw_text(canv, LEFT, ChainLine.em_top(content_bottom), mark, self.fonts.name("body"), CHAIN_SIZE)
        if page in self.unnumbered:
            return
        font, size = self.fonts.name("song"), 14.0
        label = f"— {page} —"
        em_top = TOP + BLOCK_H + 7 * MM
        if page % 2:
            draw_text(canv, LEFT + BLOCK_W - size, em_top, label, font, size, anchor="right")
        else:
            draw_text(canv, LEFT + size, em_top, label, font, size)

    def _marks(self, canv, page: int):
        """Boxed 演练 (red) and 草稿 (grey) labels at the top right of every page.

        On page 1 they sit on the first grid line, whose right half the story leaves free
        (版头, or a blank line); on later pages, whose first line is body text, 12 mm above
        the text block.
        """
        labels = ([("演练", RED)] if self.exercise else []) + \
                 ([("草稿", Color(0.35, 0.35, 0.35))] if self.draft else [])
        font, size = self.fonts.name("hei"), BODY
        em_top = TOP + slot_em_top(0) if page == 1 else TOP - 12 * MM
        right = LEFT + BLOCK_W - 3
        for text, color in labels:
            w = draw_text(canv, right, em_top, text, font, size, anchor="right", color=color,
                          char_space=4)
            canv.saveState()
            canv.setStrokeColor(color)
            canv.setLineWidth(1)
            canv.rect(right - w - 3, PAGE_H - em_top - size - 3, w + 6, size + 6)
            canv.restoreState()
            right -= w + 6 + 8


class Masthead(Flowable):
    """版头 on page 1: 份号/密级/紧急程度, red issuer, 发文字号 (with 签发人), red line.

    Its height runs to the grid line where the title starts: two blank lines below the
    red line, as the standard asks.
    """

    def __init__(self, fonts: FontSet, issuer: str, doc_no: str | None = None,
                 signer: str | None = None, top_lines: list[tuple[str, str]] = (),
                 title_size: float = 22.0):
        super().__init__()
        self.fonts, self.issuer, self.doc_no, self.signer = fonts, issuer, doc_no, signer
        self.top_lines = list(top_lines)
        title_font = fonts.name("title")
        unit = text_width(issuer, title_font, 1.0) or 1.0
        self.issuer_size = max(22.0, min(36.0, BLOCK_W * 0.94 / unit))
        self.hscale = min(100.0, 100.0 * BLOCK_W * 0.98 / (unit * self.issuer_size))
        issuer_bottom = ISSUER_TOP + self.issuer_size
        self.doc_slot = round((issuer_bottom + 2 * PITCH - slot_em_top(0)) / PITCH)
        self.red_y = slot_em_top(self.doc_slot) + BODY + 4 * MM
        title_slot = round((self.red_y + 2 * PITCH - slot_em_top(0, title_size)) / PITCH)
        self.height_slots = max(title_slot, math.ceil(self.red_y / PITCH) + 1)

    def wrap(self, aw, ah):
        self.width, self.height = aw, self.height_slots * PITCH
        return aw, self.height

    def draw(self):
        canv, f = self.canv, self.fonts
        canv.saveState()
        # The masthead opens page 1: move the origin from its bottom-left to the page's.
        canv.translate(-LEFT, -(PAGE_H - TOP - self.height))
        for slot, (text, role) in enumerate(self.top_lines):
            draw_text(canv, LEFT, TOP + slot_em_top(slot), text, f.name(role), BODY)
        draw_text(canv, LEFT + BLOCK_W / 2, TOP + ISSUER_TOP, self.issuer, f.name("title"),
                  self.issuer_size, anchor="center", color=RED, hscale=self.hscale)
        doc_top = TOP + slot_em_top(self.doc_slot)
        if self.doc_no and self.signer:
            draw_text(canv, LEFT + CHAR_PITCH, doc_top, self.doc_no, f.name("body"), BODY)
            right = LEFT + BLOCK_W - CHAR_PITCH
            w = draw_text(canv, right, doc_top, self.signer, f.name("kai"), BODY, anchor="right")
            draw_text(canv, right - w, doc_top, "签发人：", f.name("body"), BODY, anchor="right")
        elif self.doc_no:
            draw_text(canv, LEFT + BLOCK_W / 2, doc_top, self.doc_no, f.name("body"), BODY,
                      anchor="center")
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.0)
        y = PAGE_H - TOP - self.red_y
        canv.line(LEFT, y, LEFT + BLOCK_W, y)
        canv.restoreState()


class ChainLine(Flowable):
    """The audit chain mark on a document without a 版记 (交办单, 催办单, 周日程, the paper kit), in
    small type inside the text block, never on a page of its own: just under the last line when
    there is room, else in the gap under the text of the block's last grid line (a 16 pt line on a
    29 pt pitch leaves 6.5 pt below its em box). A document with a 版记 prints it above the 版记."""

    def __init__(self, doc: OfficialDocTemplate, chain: str):
        super().__init__()
        self.doc, self.chain = doc, chain

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        _x, y = self.canv.absolutePosition(0, 0)
        self.doc.chain_at[self.canv.getPageNumber()] = (self.chain, PAGE_H - y)

    @staticmethod
    def em_top(content_bottom: float) -> float:
        """Where the mark goes (page-top coordinate of its em box) below content ending there."""
        if TOP + BLOCK_H - content_bottom >= CHAIN_SIZE + 3:
            return content_bottom + 2
        return TOP + BLOCK_H - CHAIN_SIZE


class Imprint(Flowable):
    """版记 at the foot of the last page: thick/thin/thick rules, 抄送 and 印发 rows.

    It takes all the space left in the frame and draws itself at the bottom, so its last
    rule sits on the bottom edge of the text block.  When it has to go to a page of its
    own, that page gets no page number.
    """

    def __init__(self, doc: OfficialDocTemplate, cc_text: str | None, printer: str | None,
                 print_date: str | None, chain: str | None = None):
        super().__init__()
        self.doc, self.fonts = doc, doc.fonts
        self.chain = chain
        self.size = 14.0
        self.printer, self.print_date = printer, print_date
        font = self.fonts.name("body")
        self.cc_lines: list[tuple[str, float]] = []
        if cc_text:
            lead = text_width("抄送：", font, self.size)
            widths = (BLOCK_W - 2 * self.size, BLOCK_W - 2 * self.size - lead)
            self.cc_lines = break_lines("抄送：" + cc_text, font, self.size, widths, 0.0, justify=True)
            self.cc_indent = (self.size, self.size + lead)
        self.rows = len(self.cc_lines) + (1 if (printer or print_date) else 0)
        self.alone = False

    def wrap(self, aw, ah):
        natural = self.rows * PITCH + (CHAIN_SIZE + 4 if self.chain else 0)
        self.alone = ah >= BLOCK_H - 1
        self.width, self.height = aw, (ah if ah >= natural else natural)
        return aw, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        canv, font, size = self.canv, self.fonts.name("body"), self.size
        if self.alone:
            self.doc.unnumbered.add(canv.getPageNumber())
        canv.saveState()
        canv.translate(-LEFT, -BOTTOM)      # the frame is full: origin is the block's bottom-left
        rows_top = TOP + BLOCK_H - self.rows * PITCH       # page-top coordinate of the first row
        em = (PITCH - size) / 2
        for k, (text, cs) in enumerate(self.cc_lines):
            x = LEFT + self.cc_indent[0 if k == 0 else 1]
            draw_text(canv, x, rows_top + k * PITCH + em, text, font, size, char_space=cs)
        last = rows_top + len(self.cc_lines) * PITCH + em
        if self.printer:
            draw_text(canv, LEFT + size, last, self.printer, font, size)
        if self.print_date:
            draw_text(canv, LEFT + BLOCK_W - size, last, self.print_date, font, size,
                      anchor="right")
        canv.setStrokeColor(black)
        rules = [(rows_top, THICK), (TOP + BLOCK_H, THICK)]
        if self.cc_lines and (self.printer or self.print_date):
            rules.append((TOP + BLOCK_H - PITCH, THIN))
        for y, width in rules:
            canv.setLineWidth(width)
            canv.line(LEFT, PAGE_H - y, LEFT + BLOCK_W, PAGE_H - y)
        if self.chain:  # small type just above the 版记's top rule (wrap keeps room for it)
            draw_text(canv, LEFT, rows_top - CHAIN_SIZE - 2.5, self.chain, font, CHAIN_SIZE)
        canv.restoreState()
