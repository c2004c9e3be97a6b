"""The epidemic curve: daily new cases and deaths from dated cumulative counts, drawn as vectors.

Counts are kept as cumulative snapshots (one per update).  A day's new cases are the last
cumulative figure of that day minus the last one of the day before; a downward correction
gives a negative figure, which the table shows and the bars draw as zero.  The chart is a
reportlab.graphics drawing (no Qt, no raster), embedded in the PDF as vector graphics with
the document's own fonts.
"""
from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import Color, black

from ..plan.numbers import DayCount

CASES_FILL = Color(0.55, 0.55, 0.55)
DEATHS_FILL = Color(0.1, 0.1, 0.1)
LABELS = "发病死亡新增例数日期图每及（）月日0123456789/"   # every character the chart prints






def nice_step(top: int) -> int:
    """An axis step of 1, 2 or 5 × 10ⁿ giving at most about six intervals."""
    if top <= 5:
        return 1
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)


def curve_drawing(days: list[DayCount], font: str, width: float, height: float,
                  caption: str = "") -> Drawing:
    """Bars of new cases and deaths per day, with a legend and the caption under the chart."""
    drawing = Drawing(width, height)
    drawing.initialFontName = font          # else reportlab sets Helvetica, which is not embedded
    caption_h = 22 if caption else 0
    left, bottom, top_pad = 40, 36 + caption_h, 30
    chart = VerticalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = width - left - 10, height - bottom - top_pad
    chart.data = [[max(0, d.ill) for d in days] or [0], [max(0, d.dead) for d in days] or [0]]
    every = max(1, math.ceil(len(days) / 12))
    chart.categoryAxis.categoryNames = [f"{d.day.month}/{d.day.day}" if n % every == 0 else ""
                                        for n, d in enumerate(days)] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.dy = -3
    chart.categoryAxis.tickDown = 2
    top = max([max(0, d.ill) for d in days] + [max(0, d.dead) for d in days] + [1])
    step = nice_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * math.ceil(top / step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = Color(0.82, 0.82, 0.82)
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor, chart.bars[1].fillColor = CASES_FILL, DEATHS_FILL
    chart.bars.strokeWidth = 0
    chart.groupSpacing = max(0.5, min(6, chart.width / max(1, len(days)) * 0.25))
    chart.barSpacing = 0
    drawing.add(chart)
    legend = Legend()
    legend.colorNamePairs = [(CASES_FILL, "新增病例"), (DEATHS_FILL, "新增死亡")]
    legend.fontName, legend.fontSize = font, 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.dx = legend.dy = 8
    legend.x, legend.y = width - 150, height - 8
    drawing.add(legend)
    drawing.add(String(0, height - 18, "例数", fontName=font, fontSize=10))   # flush with the text block
    drawing.add(String(left + chart.width / 2, caption_h + 8, "日期", fontName=font, fontSize=10,
                       textAnchor="middle"))
    if caption:
        drawing.add(String(width / 2, 4, caption, fontName=font, fontSize=14, textAnchor="middle",
                           fillColor=black))
    return drawing
