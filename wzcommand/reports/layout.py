"""Page geometry and CJK line layout on the GB/T 9704-2012 grid (22 lines × 28 characters).

Text is broken into lines here rather than by reportlab's ``Paragraph``: every line sits
on the 28.99 pt grid, a full line holds exactly 28 characters of 3号 (16 pt) text, a
punctuation mark that may not start a line is squeezed into the line (or, failing that,
hangs into the margin by one character), and an opening bracket never ends a line.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

MM = 72 / 25.4
PAGE_W, PAGE_H = A4
LEFT = 28 * MM
TOP = 37 * MM
BLOCK_W = 156 * MM
BLOCK_H = 225 * MM
BOTTOM = PAGE_H - TOP - BLOCK_H            # 35 mm
LINES, CHARS = 22, 28
PITCH = BLOCK_H / LINES                    # line pitch, ≈ 28.99 pt
BODY = 16.0                                # 3号
CHAR_PITCH = BLOCK_W / CHARS               # ≈ 15.79 pt
BODY_SPACE = CHAR_PITCH - BODY             # char spacing that puts 28 characters on a line
MIDLINE = 11.5                             # centre of the em box below the top of a grid line

NO_START = set("，。、；：？！）》」』】〕〉〗”’…—·%‰℃,.;:?!)]}>")
NO_END = set("（《「『【〔〈〖“‘([{<")
_LATIN = re.compile(r"[A-Za-z0-9\u00C0-\u024F.,:%+\-/#@&_'’]+|\s+|.", re.S)


def em_top_to_baseline(font: str, size: float) -> float:
    """Distance from the top of the em box down to the baseline (the descent is negative)."""
    return size * (1 + _descent(font))


@lru_cache(maxsize=64)
def _descent(font: str) -> float:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    return (face.descent / 1000.0) if face is not None else -0.2


# What the line breaker measures, remembered per font and size: the value is exactly
# pdfmetrics.stringWidth's (no summing of parts), so the breaking decisions are the same as
# without the cache. Font names are registered once per font file and never reused
# (fonts._register), so a name always means the same metrics.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_WIDTHS_MAX = 20000  # strings per font and size; a cache that outgrows this starts again


def string_width(text: str, font: str, size: float) -> float:
    """``pdfmetrics.stringWidth(text, font, size)``, measured once per font, size and string."""
    cache = _WIDTHS.get((font, size))
    if cache is None:
        cache = _WIDTHS[(font, size)] = {}
    width = cache.get(text)
    if width is None:
        if len(cache) >= _WIDTHS_MAX:
            cache.clear()
        width = cache[text] = pdfmetrics.stringWidth(text, font, size)
    return width


def text_width(text: str, font: str, size: float, char_space: float = 0.0) -> float:
    """Width from the left of the first glyph to the right of the last one."""
    if not text:
        return 0.0
    return string_width(text, font, size) + char_space * (len(text) - 1)


# Never broken across lines: a 发文字号 (温应指〔2026〕3号), a date (2026年11月29日), a time of
# day (8时30分), a number with its unit (23例, 40人, 3项, 15%). A date and the time after it
# are two units: a line may break between 2026年11月29日 and 8时30分, as a typesetter would,
# rather than carry the whole 18 characters down and leave the line above stretched.
_KEEP = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕演?\d+号"
                   r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?"
                   r"|\d{1,2}月\d{1,2}日"
                   r"|\d{1,2}时\d{1,2}分"
                   r"|\d+(?:\.\d+)?(?:例|人|名|项|天|日|小时|分钟|时|分|家|所|个|次|份|号|户|间|%|‰)")

# The most a justified line may spread each gap between characters, as a share of the
# type size: one eighth of a character (2 pt at 3号). A line that would need more (the
# next unit is long and went down whole) stays on the grid pitch, ragged at the right,
# instead of printing with visibly wide letter spacing.
MAX_STRETCH = 0.125


def tokens(text: str) -> list[str]:
    """Units a line may break between: one CJK character, a run of Latin letters/digits, or a
    span that must stay on one line (文号, date, number with its unit)."""
    out, pos = [], 0
    for m in _KEEP.finditer(text):
        out += _LATIN.findall(text[pos:m.start()])
        out.append(m.group())
        pos = m.end()
    return out + _LATIN.findall(text[pos:])


def break_lines(text: str, font: str, size: float, widths: tuple[float, float],
                char_space: float = 0.0, justify: bool = True) -> list[tuple[str, float]]:
    """Break ``text`` into ``(line, char_space)`` pairs.

    ``widths`` is (first line, other lines).  Non-final lines are justified to the full
    width when ``justify`` is set; a line that ends with a squeezed punctuation mark gets a
    slightly smaller spacing.  At most one punctuation mark hangs past the edge.
    """
    out: list[tuple[str, float]] = []
    units = tokens(text.replace("\r", "").replace("\n", ""))
    line: list[str] = []
    width = 0.0

    cache = _WIDTHS.get((font, size))
    if cache is None or len(cache) >= _WIDTHS_MAX:
        cache = _WIDTHS[(font, size)] = {}

    def unit_w(u: str) -> float:  # string_width, inlined: this runs once per character
        width = cache.get(u)
        if width is None:
            width = cache[u] = pdfmetrics.stringWidth(u, font, size)
        return width + char_space * len(u)

    def flush(line_units: list[str], last: bool) -> None:
        s = "".join(line_units).rstrip()
        avail = widths[0] if not out else widths[1]
        out.append((s, _fit_space(s, font, size, char_space, avail, justify and not last)))

    i = 0
    while i < len(units):
        u = units[i]
        if u.isspace() and not line:
            i += 1
            continue
        avail = widths[0] if not out else widths[1]
        w = unit_w(u)
        if not line or width + w <= avail + 0.5:      # advance-based: 28 × CHAR_PITCH fits
            if w - char_space > avail and len(u) > 1:      # a Latin run longer than a line
                units[i:i + 1] = list(u)
                continue
            line.append(u)
            width += w
            i += 1
            continue
        if len(u) > 1 and w > avail / 3 and not _KEEP.fullmatch(u):   # long Latin run: break it here
            units[i:i + 1] = list(u)
            continue
        if u[0] in NO_START:
            nxt = units[i + 1] if i + 1 < len(units) else ""
            if len(u) == 1 and not (nxt and nxt[0] in NO_START):
                line.append(u)                              # squeeze or hang it
                i += 1
                flush(line, i >= len(units))
                line, width = [], 0.0
                continue
            if len(line) > 1:                               # carry the last character down
                i -= 1
                line.pop()
        while len(line) > 1 and line[-1][-1] in NO_END:     # no opening bracket at a line end
            line.pop()
            i -= 1
        flush(line, False)
        line, width = [], 0.0
    if line:
        flush(line, True)
    return out or [("", char_space)]


def _fit_space(s: str, font: str, size: float, cs: float, avail: float, justify: bool) -> float:
    """Char spacing for one line: squeeze an overfull line, spread a short one when justified."""
    if len(s) < 2:
        return cs
    natural = text_width(s, font, size, cs)
    gaps = len(s) - 1
    if natural > avail:
        squeeze = (natural - avail) / gaps
        return cs - squeeze if squeeze <= 0.06 * size else cs   # else it hangs
    if justify:
        slack = (avail - natural) / gaps
        if slack <= MAX_STRETCH * size:
            return cs + slack
    return cs


class GridText(Flowable):
    """Lines of one font on the grid: each line takes one pitch of height."""

    def __init__(self, text: str = "", font: str = "", size: float = BODY, *, first_indent=0.0,
                 indent=0.0, right_indent=0.0, align="justify", color=black, char_space=None,
                 lines: list[tuple[str, float]] | None = None, keep_with_next=False, pitch=PITCH):
        super().__init__()
        self.text, self.font, self.size = text, font, size
        self.first_indent, self.indent, self.right_indent = first_indent, indent, right_indent
        self.align, self.color, self.pitch = align, color, pitch
        self.char_space = (size * CHAR_PITCH / BODY - size) if char_space is None else char_space
        self._lines = lines
        self._for_width = None if lines is None else -1.0
        self.keepWithNext = keep_with_next

    def lines(self, avail_width: float) -> list[tuple[str, float]]:
        if self._lines is None or (self._for_width not in (-1.0, avail_width)):
            widths = (avail_width - self.first_indent - self.right_indent,
                      avail_width - self.indent - self.right_indent)
            self._lines = break_lines(self.text, self.font, self.size, widths, self.char_space,
                                      justify=self.align == "justify")
            self._for_width = avail_width
        return self._lines

    def wrap(self, aw, ah):
        self.width = aw
        self.height = len(self.lines(aw)) * self.pitch
        return aw, self.height

    def split(self, aw, ah):
        lines = self.lines(aw)
        fit = int(math.floor(ah / self.pitch + 1e-6))
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        if len(lines) - fit == 1 and fit > 1:     # no paragraph's last line alone at a page top
            fit -= 1
        if fit == 1:                              # nor its first line alone at a page bottom
            return []
        head = self._copy(lines[:fit])
        tail = self._copy(lines[fit:])
        tail.first_indent = self.indent
        return [head, tail]

    def _copy(self, lines):
        new = GridText(self.text, self.font, self.size, first_indent=self.first_indent,
                       indent=self.indent, right_indent=self.right_indent, align=self.align,
                       color=self.color, char_space=self.char_space, lines=lines, pitch=self.pitch)
        new._for_width = self._for_width
        return new

    def draw(self):
        canv = self.canv
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.color)
        drop = MIDLINE - self.size / 2 + em_top_to_baseline(self.font, self.size)
        for k, (s, cs) in enumerate(self._lines or ()):
            left = self.first_indent if k == 0 else self.indent
            if self.align in ("center", "right"):
                w = text_width(s, self.font, self.size, cs)
                room = self.width - left - self.right_indent - w
                left += room / 2 if self.align == "center" else room
            canv.drawString(left, self.height - k * self.pitch - drop, s, charSpace=cs)


class GridSnap(Flowable):
    """Wraps any flowable so that it takes whole grid lines (keeps later text on the grid)."""

    def __init__(self, inner: Flowable, pad_top: float = 0.35 * PITCH, centre: bool = True):
        super().__init__()
        self.inner, self.pad_top, self.centre = inner, pad_top, centre

    def wrap(self, aw, ah):
        self._w, self._h = self.inner.wrap(aw, max(ah - self.pad_top, 0))
        self.width = aw
        self.height = math.ceil((self._h + self.pad_top) / PITCH - 1e-6) * PITCH
        return aw, self.height

    def split(self, aw, ah):
        parts = self.inner.split(aw, ah - self.pad_top)
        return [GridSnap(p, self.pad_top, self.centre) for p in parts]

    def draw(self):
        x = (self.width - self._w) / 2 if self.centre else 0
        self.inner.drawOn(self.canv, x, self.height - self.pad_top - self._h)


class GridGroup(Flowable):
    """Grid texts that split only where the layout rules allow.

    The first ``keep`` items (headings) stay with ``min_after`` lines of what follows
    them; the last ``tail`` items (署名, 成文日期…) do not split and take at least
    ``min_before`` lines of the preceding text with them, so a page never starts with a
    signature alone.  Unlike reportlab's ``keepWithNext`` the rest may split anywhere.
    """

    def __init__(self, items: list[GridText], keep: int = 0, min_after: int = 1, tail: int = 0,
                 min_before: int = 0):
        super().__init__()
        self.items, self.keep, self.min_after = items, keep, min_after
        self.tail, self.min_before = tail, min_before

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(item.wrap(aw, ah)[1] for item in self.items)
        return aw, self.height

    def split(self, aw, ah):
        counts = [len(item.lines(aw)) for item in self.items]
        total, room = sum(counts), int(math.floor(ah / PITCH + 1e-6))
        if room >= total:
            return [self]
        if self.tail:
            room = min(room, sum(counts[:-self.tail]) - self.min_before)
        head_lines = sum(counts[:self.keep])
        if room < max(1, head_lines + min(self.min_after, total - head_lines) if self.keep else 1):
            return []
        head, rest = [], []
        for item, n in zip(self.items, counts, strict=True):
            if room >= n:
                head.append(item)
            elif room > 0 and len(parts := item.split(aw, room * PITCH)) == 2:
                head.append(parts[0])
                rest.append(parts[1])
            else:
                rest.append(item)
                room = 0            # what follows must not jump ahead of it
            room -= n
        if len(head) <= self.keep:  # nothing of the text after the headings fits: they go over with it
            return []
        return [GridGroup(head), GridGroup(rest, tail=self.tail, min_before=self.min_before)]

    def draw(self):
        y = self.height
        for item in self.items:
            y -= item.height
            item.drawOn(self.canv, 0, y)
