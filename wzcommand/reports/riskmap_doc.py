"""The township risk map (温州市乡镇（街道）疫情风险等级地图) as one A4 landscape page, drawn with
reportlab's canvas: every boundary a vector path, every name text (a reader can search and copy it).

Page: the issuing body in red and a red rule (as the 版头 of the office's other documents), the
title in 小标宋, the date in 楷体; the map on the left (north up, scale bar, north arrow); on the right
the legend, the table of high and medium risk townships and, for townships without a boundary, the
list by division and level. The internal print adds the basis of each level and the audit chain's
mark; the public one (``public=True``) leaves both out. A table longer than the page continues on
further landscape pages. Plain data in, no database, no Qt.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from ..plan import riskmap as rules
from ..plan.geo import Area, Shape, bounds, simplify
from .chain_mark import SIZE as CHAIN_SIZE
from .fonts import FontSet, resolve_fonts
from .layout import MM, text_width
from .official_page import RED

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * MM
MAP_W, MAP_H = 150 * MM, 138 * MM  # the map's box (the city is about as wide as it is tall)
SIDE_X = MARGIN + MAP_W + 10 * MM  # the right column
SIDE_W = PAGE_W - MARGIN - SIDE_X
KM_PER_DEGREE = 111.2  # of latitude (the projection's unit)


@dataclass(frozen=True)
class MapArea:
    name: str
    shape: Shape  # projected (plan.geo)
    level: str  # plan.riskmap.LEVELS; for a division drawn without township boundaries, its highest
    label: tuple[float, float]
    division: str = ""  # a township's division


@dataclass(frozen=True)
class TableRow:
    division: str
    township: str
    level: str
    since: str
    basis: str = ""


@dataclass(frozen=True)
class RiskMapData:
    day: date
    issuer: str
    divisions: Sequence[MapArea]
    townships: Sequence[MapArea] = ()  # those with a boundary
    rows: Sequence[TableRow] = ()  # high and medium townships, highest first
    listed: Sequence[tuple[str, str, tuple[str, ...]]] = ()  # (division, level, names) without boundary
    low_counts: Sequence[tuple[str, int]] = ()  # (division, low-risk townships without boundary)
    township_count: int = 0
    public: bool = False
    exercise: bool = False
    chain: str | None = None
    source: str = ""
    print_date: date | None = None
    extra: dict = field(default_factory=dict)


def document_text(data: RiskMapData) -> str:
    parts = [data.issuer, rules.TITLE, "年月日（）：，。、；·—高中低风险未划定乡镇街道县市区审计链第条比例尺公里北内部",
             "共计个其余无边界的按辖内最高等级着色表续依据起始日期序号截至", data.source,
             *(a.name for a in data.divisions), *(a.name for a in data.townships),
             *(f"{r.division}{r.township}{r.since}{r.basis}" for r in data.rows),
             *(f"{d}{'、'.join(n)}" for d, _, n in data.listed), "0123456789"]
    return "".join(parts)


def render(data: RiskMapData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or resolve_fonts(document_text(data))
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=fonts.name("body"),
                  initialFontSize=10)
    canv.setTitle(rules.TITLE + ("（向社会发布）" if data.public else ""))
    canv.setAuthor(data.issuer)
    canv.setCreator("wzcommand")
    page = _Page(canv, fonts, data)
    page.draw()
    canv.save()
    return buf.getvalue()


def _rgb(rgb: tuple[int, int, int]) -> Color:
    return Color(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)


class _Page:
    def __init__(self, canv: Canvas, fonts: FontSet, data: RiskMapData):
        self.canv, self.fonts, self.data = canv, fonts, data

    # ------------------------------------------------------------------ text
    def text(self, x: float, top: float, text: str, role: str, size: float, *, anchor: str = "left",
             color: Color = black) -> float:
        """Draw ``text`` with its em box's top ``top`` below the page's top edge; returns its width."""
        font = self.fonts.name(role)
        w = text_width(text, font, size)
        if anchor == "center":
            x -= w / 2
        elif anchor == "right":
            x -= w
        self.canv.setFillColor(color)
        self.canv.setFont(font, size)
        self.canv.drawString(x, PAGE_H - top - size * 0.88, text)
        return w

    def fit(self, text: str, role: str, size: float, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (CJK: at any character)."""
        font = self.fonts.name(role)
        lines, line = [], ""
        for ch in text:
            if line and text_width(line + ch, font, size) > width and ch not in "，。、；：）":
                lines.append(line)
                line = ""
            line += ch
        return [*lines, line] if line else lines

    # ------------------------------------------------------------------ page
    def draw(self) -> None:
        d = self.data
        top = self.header()
        self.map(MARGIN, top + 4 * MM, MAP_W, PAGE_H - top - 4 * MM - MARGIN - 6 * MM)
        overflow = self.side(top + 2 * MM)
        self.footer()
        while overflow:
            self.canv.showPage()
            top = self.text(PAGE_W / 2, MARGIN, f"{rules.TITLE}（{_day(d.day)}）续表", "hei", 14, anchor="center")
            overflow = self.table(overflow, MARGIN, MARGIN + 12 * MM, PAGE_W - 2 * MARGIN, continued=True)
            self.footer()

    def header(self) -> float:
        d, canv = self.data, self.canv
        if d.exercise:
            self.box_label("演练", RED)
        self.text(PAGE_W / 2, MARGIN - 2 * MM, d.issuer, "title", 24, anchor="center", color=RED)
        y = MARGIN - 2 * MM + 24 + 3 * MM
        canv.setStrokeColor(RED)
        canv.setLineWidth(1.0)
        canv.line(MARGIN, PAGE_H - y, PAGE_W - MARGIN, PAGE_H - y)
        self.text(PAGE_W / 2, y + 3 * MM, rules.TITLE, "title", 20, anchor="center")
        self.text(PAGE_W / 2, y + 3 * MM + 20 + 2 * MM, f"（{_day(d.day)}）", "kai", 14, anchor="center")
        return y + 3 * MM + 20 + 2 * MM + 14

    def box_label(self, label: str, color: Color) -> None:
        w = self.text(PAGE_W - MARGIN - 3, MARGIN - 2 * MM, label, "hei", 14, anchor="right", color=color)
        self.canv.setStrokeColor(color)
        self.canv.rect(PAGE_W - MARGIN - w - 6, PAGE_H - MARGIN + 2 * MM - 14 - 3, w + 6, 14 + 6)

    def footer(self) -> None:
        d = self.data
        bottom = PAGE_H - MARGIN + 1 * MM
        if d.source:
            self.text(MARGIN, bottom - 8, d.source, "body", 7.5, color=Color(0.3, 0.3, 0.3))
        if d.chain and not d.public:
            self.text(PAGE_W - MARGIN, bottom - 8, d.chain, "body", CHAIN_SIZE, anchor="right")

    # ------------------------------------------------------------------ map
    def map(self, x0: float, top: float, width: float, height: float) -> None:
        d, canv = self.data, self.canv
        minx, miny, maxx, maxy = bounds([Area(a.name, "", a.shape) for a in d.divisions])
        scale = min(width / (maxx - minx), height / (maxy - miny))
        ox = x0 + (width - (maxx - minx) * scale) / 2
        oy = PAGE_H - top - height + (height - (maxy - miny) * scale) / 2

        step = 0.3 / scale  # points closer than 0.3 pt on paper add nothing a printer shows

        def to_page(p):
            return ox + (p[0] - minx) * scale, oy + (p[1] - miny) * scale

        def path(shape: Shape):
            pth = canv.beginPath()
            for polygon in shape:
                for ring in polygon:
                    pts = [to_page(p) for p in simplify(ring, step)]
                    pth.moveTo(*pts[0])
                    for q in pts[1:]:
                        pth.lineTo(*q)
                    pth.close()
            return pth

        canv.saveState()
        canv.setLineJoin(1)
        dark = Color(0.25, 0.25, 0.25)
        for a in d.divisions:  # fill and outline in one path; outlined again over the townships
            canv.setFillColor(_rgb(rules.tint(a.level) if a.level != "none" else rules.COLOURS["none"]))
            canv.setStrokeColor(dark)
            canv.setLineWidth(0.9)
            canv.drawPath(path(a.shape), fill=1, stroke=1, fillMode=0)
        for t in d.townships:
            canv.setFillColor(_rgb(rules.COLOURS[t.level]))
            canv.setStrokeColor(white)
            canv.setLineWidth(0.35)
            canv.drawPath(path(t.shape), fill=1, stroke=1, fillMode=0)
        if d.townships:
            canv.setStrokeColor(dark)
            canv.setLineWidth(0.9)
            for a in d.divisions:
                canv.drawPath(path(a.shape), fill=0, stroke=1)
        canv.restoreState()
        # Names never overlap: the divisions' first, then the townships' by level (a high-risk name
        # before a low one); a township name that would cover another is left to the table and lists.
        taken: list[tuple[float, float, float, float]] = []
        for a in d.divisions:
            x, y = to_page(a.label)
            w = text_width(a.name, self.fonts.name("hei"), 9.0)
            taken.append((x - w / 2 - 1.5, y - 5.5, x + w / 2 + 1.5, y + 5.5))
        for t in sorted(d.townships, key=lambda t: -rules.level_rank(t.level)):
            x, y = to_page(t.label)
            w = text_width(t.name, self.fonts.name("song"), 5.0)
            box = (x - w / 2 - 0.5, y - 3.0, x + w / 2 + 0.5, y + 3.0)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                continue
            taken.append(box)
            self.text(x, PAGE_H - y - 2.5, t.name, "song", 5.0, anchor="center", color=Color(0.1, 0.1, 0.1))
        for a in d.divisions:
            x, y = to_page(a.label)
            self.halo_text(x, PAGE_H - y - 4.5, a.name, "hei", 9.0)
        self.north_arrow(x0 + width - 10 * MM, top + 2 * MM)
        self.scale_bar(x0 + 2 * MM, top + height - 3 * MM, scale)

    def halo_text(self, x: float, top: float, text: str, role: str, size: float) -> None:
        """A name on a translucent white label, readable over any fill and boundary (drawn once, so
        the text copies as it reads)."""
        w = text_width(text, self.fonts.name(role), size)
        canv = self.canv
        canv.saveState()
        canv.setFillColor(white)
        canv.setFillAlpha(0.72)
        canv.roundRect(x - w / 2 - 1.5, PAGE_H - top - size - 1, w + 3, size + 2.5, 1.5, fill=1, stroke=0)
        canv.restoreState()
        self.text(x, top, text, role, size, anchor="center")

    def north_arrow(self, x: float, top: float) -> None:
        canv = self.canv
        y = PAGE_H - top - 14 * MM
        canv.setFillColor(black)
        pth = canv.beginPath()
        pth.moveTo(x, y + 10 * MM)
        pth.lineTo(x - 2.5 * MM, y)
        pth.lineTo(x, y + 2.5 * MM)
        pth.lineTo(x + 2.5 * MM, y)
        pth.close()
        canv.drawPath(pth, fill=1, stroke=0)
        self.text(x, top - 1, "北", "hei", 9, anchor="center")

    def scale_bar(self, x: float, top: float, scale: float) -> None:
        km = 20
        length = km / KM_PER_DEGREE * scale
        canv, y = self.canv, PAGE_H - top
        canv.setStrokeColor(black)
        canv.setLineWidth(0.8)
        canv.line(x, y, x + length, y)
        for tick in (0, length / 2, length):
            canv.line(x + tick, y, x + tick, y + 3)
        self.text(x, top - 12, "0", "body", 7, anchor="center")
        self.text(x + length, top - 12, f"{km}公里", "body", 7, anchor="center")

    # ------------------------------------------------------------------ right column
    def side(self, top: float) -> list[TableRow]:
        """Legend, the table of high and medium townships, the lists; returns rows left over."""
        d = self.data
        x = SIDE_X
        self.text(x, top, "图例", "hei", 11)
        y = top + 15
        for i, level in enumerate(rules.LEVELS):
            cx = x + i * (SIDE_W / 4)
            self.canv.setFillColor(_rgb(rules.COLOURS[level]))
            self.canv.setStrokeColor(_rgb(rules.BOUNDARY))
            self.canv.setLineWidth(0.4)
            self.canv.rect(cx, PAGE_H - y - 9, 14, 9, fill=1, stroke=1)
            self.text(cx + 17, y, rules.LEGEND[level], "body", 9)
        y += 13
        if d.listed or d.low_counts:
            for line in self.fit("尚无乡镇（街道）边界的，县（市、区）按辖内最高风险等级浅色着色，乡镇（街道）名单列于下方。",
                                 "body", 8, SIDE_W):
                self.text(x, y, line, "body", 8, color=Color(0.3, 0.3, 0.3))
                y += 10
        y += 4
        summary = self.summary()
        for line in self.fit(summary, "body", 9.5, SIDE_W):
            self.text(x, y, line, "body", 9.5)
            y += 12.5
        y += 3
        rest = self.table(list(d.rows), x, y, SIDE_W, limit=PAGE_H - MARGIN - 14 * MM - self.lists_height())
        self.lists(PAGE_H - MARGIN - 14 * MM - self.lists_height())
        return rest

    def summary(self) -> str:
        d = self.data
        counts = {level: sum(1 for r in d.rows if r.level == level) for level in ("high", "medium")}
        if not d.township_count:
            return f"截至{_day(d.day)}，尚未登记乡镇（街道）及其风险等级，图中仅绘出县（市、区）界线。"
        if not d.rows:
            return f"截至{_day(d.day)}，全市{d.township_count}个乡镇（街道）中无中、高风险地区。"
        parts = [f"{rules.LEGEND[level]}地区{n}个" for level, n in counts.items() if n]
        return f"截至{_day(d.day)}，全市{d.township_count}个乡镇（街道）中，{'，'.join(parts)}："

    def columns(self, width: float) -> list[tuple[str, float]]:
        heads = [("县（市、区）", 0.2), ("乡镇（街道）", 0.24), ("等级", 0.12), ("起始日期", 0.18)]
        if not self.data.public:
            heads.append(("依据", 0.26))
        total = sum(w for _, w in heads)
        return [(h, w / total * width) for h, w in heads]

    def table(self, rows: list[TableRow], x: float, top: float, width: float, *, limit: float | None = None,
              continued: bool = False) -> list[TableRow]:
        if not rows:
            return []
        limit = limit if limit is not None else PAGE_H - MARGIN - 10 * MM
        cols = self.columns(width)
        size, pitch = 8.5, 13.0
        canv = self.canv
        canv.setStrokeColor(black)
        canv.setLineWidth(0.5)
        canv.line(x, PAGE_H - top, x + width, PAGE_H - top)
        cx = x
        for head, w in cols:
            self.text(cx + 2, top + 2.5, head, "hei", size)
            cx += w
        y = top + pitch
        canv.setLineWidth(0.3)
        canv.line(x, PAGE_H - y, x + width, PAGE_H - y)
        line_h = size + 2.5
        for n, r in enumerate(rows):
            cells = [r.division, r.township, rules.LEGEND[r.level], r.since, r.basis][:len(cols)]
            # the last column (the basis) wraps, at most three lines; the others keep one line
            wrapped = [self.fit(cell, "body", size, w - 4) or [""] for (_, w), cell in zip(cols, cells, strict=True)]
            last = wrapped[-1]
            if len(last) > 3:
                last[2:] = [last[2][:-1] + "…"]
            height = pitch + line_h * (len(last) - 1)
            if y + height > limit:
                canv.line(x, PAGE_H - y, x + width, PAGE_H - y)
                self.text(x, y + 3, f"（另有{len(rows) - n}个，见续表）", "body", 8)
                return rows[n:]
            cx = x
            for k, ((_, w), cell, lines) in enumerate(zip(cols, cells, wrapped, strict=True)):
                colour = _rgb(rules.COLOURS[r.level]) if k == 2 else black
                if k < len(cols) - 1:
                    lines = [cell if len(lines) == 1 else lines[0][:-1] + "…"]
                for i, line in enumerate(lines):
                    self.text(cx + 2, y + 2.5 + i * line_h, line, "body", size, color=colour)
                cx += w
            y += height
        canv.setLineWidth(0.5)
        canv.line(x, PAGE_H - y, x + width, PAGE_H - y)
        return []

    def list_lines(self) -> list[str]:
        d = self.data
        by_division: dict[str, list[str]] = {}
        for division, level, names in d.listed:
            by_division.setdefault(division, []).append(f"{rules.LEGEND[level]}：{'、'.join(names)}")
        for division, n in d.low_counts:
            by_division.setdefault(division, []).append(f"低风险{n}个")
        lines = []
        for division, parts in by_division.items():
            lines += self.fit(f"{division}　{'；'.join(parts)}", "body", 8, SIDE_W)
        return lines

    def lists_height(self) -> float:
        lines = self.list_lines()
        return (len(lines) * 10.5 + 14) if lines else 0.0

    def lists(self, top: float) -> None:
        lines = self.list_lines()
        if not lines:
            return
        self.text(SIDE_X, top, "无边界的乡镇（街道）（按县（市、区））", "hei", 9)
        y = top + 14
        for line in lines:
            self.text(SIDE_X, y, line, "body", 8)
            y += 10.5


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
