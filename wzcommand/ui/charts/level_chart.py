"""Step chart of the response level over time, with the warning colour as a band beneath it.

Imports pyqtgraph, so it is imported only when the 响应记录 panel is first shown.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    DAY_SPACING,
    HOUR_SPACING,
    MINUTE_SPACING,
    MONTH_SPACING,
    YEAR_SPACING,
    TickSpec,
    ZoomLevel,
    makeMStepper,
    makeSStepper,
    makeYStepper,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ... import clock
from ...plan import levels as rules
from ..level_style import LEVEL_COLOURS, WARNING_COLOURS

LEVEL_TICKS = [(0, "未启动"), (1, "Ⅳ"), (2, "Ⅲ"), (3, "Ⅱ"), (4, "Ⅰ")]
BAND = (-1.25, -0.65)  # y range of the warning band
BAND_TICK = (sum(BAND) / 2, "预警")
EMPTY_SPAN = timedelta(days=30)
LINE_COLOUR = "#37474f"


def level_steps(decisions, now: datetime) -> tuple[list[float], list[int]]:
    """The step line as points: before the first decision its `from` level, then each change, up to now."""
    if not decisions:
        return [(now - EMPTY_SPAN).timestamp(), now.timestamp()], [0, 0]
    first = decisions[0]
    lead = max((now - first.decided_at) / 20, timedelta(hours=1))
    xs, ys = [(first.decided_at - lead).timestamp()], [rules.level_rank(first.from_level)]
    for row in decisions:
        xs += [row.decided_at.timestamp()] * 2
        ys += [ys[-1], rules.level_rank(row.to_level)]
    xs.append(max(now, decisions[-1].decided_at).timestamp())
    ys.append(ys[-1])
    return xs, ys


def warning_spans(rows, now: datetime) -> list[tuple[float, float, str]]:
    """(start, end, colour) for every period a warning colour was in force."""
    spans = []
    for i, row in enumerate(rows):
        end = rows[i + 1].decided_at if i + 1 < len(rows) else max(now, row.decided_at)
        if row.colour != "none":
            spans.append((row.decided_at.timestamp(), end.timestamp(), row.colour))
    return spans


def _zoom_levels() -> OrderedDict:
    """pyqtgraph's zoom levels with numeric, Chinese-style dates instead of English month names."""
    return OrderedDict([
        (np.inf, ZoomLevel([TickSpec(YEAR_SPACING, makeYStepper(1), "%Y年", autoSkip=[1, 5, 10, 25]),
                            TickSpec(MONTH_SPACING, makeMStepper(1), "%Y-%m")], "0000-00")),
        (5 * DAY_SPACING, ZoomLevel([TickSpec(MONTH_SPACING, makeMStepper(1), "%Y-%m"),
                                     TickSpec(DAY_SPACING, makeSStepper(DAY_SPACING), "%m-%d", autoSkip=[1, 5])],
                                    "0000-00")),
        (6 * HOUR_SPACING, ZoomLevel([TickSpec(DAY_SPACING, makeSStepper(DAY_SPACING), "%m-%d"),
                                      TickSpec(HOUR_SPACING, makeSStepper(HOUR_SPACING), "%H:%M", autoSkip=[1, 6])],
                                     "00-00")),
        (15 * 60, ZoomLevel([TickSpec(DAY_SPACING, makeSStepper(DAY_SPACING), "%m-%d"),
                             TickSpec(MINUTE_SPACING, makeSStepper(MINUTE_SPACING), "%H:%M", autoSkip=[1, 5, 15])],
                            "00-00")),
    ])


class LevelChart(pg.PlotWidget):
    def __init__(self, parent=None):
        # times in the office's zone, as everywhere in the program (not the workstation's: under Xvfb
        # a 14:15 decision was drawn at 06:15); pyqtgraph counts the offset west of UTC
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=-int(clock.now().utcoffset().total_seconds()))
        axis.zoomLevels = _zoom_levels()
        super().__init__(parent, background="w", axisItems={"bottom": axis})
        self.setObjectName("levelChart")
        plot = self.getPlotItem()
        font = QApplication.font()  # the application font has the CJK glyphs the tick labels need
        for name in ("left", "bottom"):
            ax = plot.getAxis(name)
            ax.setStyle(tickFont=font)
            ax.setPen(pg.mkPen("#616161"))
            ax.setTextPen(pg.mkPen("#212121"))
        plot.getAxis("left").setTicks([[*LEVEL_TICKS, BAND_TICK], []])
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMouseEnabled(x=True, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setYRange(BAND[0] - 0.2, 4.4, padding=0)
        self._curve = plot.plot([], [], pen=pg.mkPen(LINE_COLOUR, width=2))
        self._points = pg.ScatterPlotItem(size=max(8, self.fontMetrics().height() // 2), pen=pg.mkPen("w"))
        plot.addItem(self._points)
        self._band: pg.BarGraphItem | None = None
        self.steps: list[tuple[float, int]] = []  # (time, level rank) of every decision shown
        self.spans: list[tuple[float, float, str]] = []

    def set_data(self, decisions, warning_rows, now: datetime) -> None:
        plot = self.getPlotItem()
        xs, ys = level_steps(decisions, now)
        self._curve.setData(xs, ys)
        self.steps = [(row.decided_at.timestamp(), rules.level_rank(row.to_level)) for row in decisions]
        self._points.setData([x for x, _ in self.steps], [y for _, y in self.steps],
                             brush=[pg.mkBrush(LEVEL_COLOURS[row.to_level]) for row in decisions])
        if self._band is not None:
            plot.removeItem(self._band)
            self._band = None
        self.spans = warning_spans(warning_rows, now)
        if self.spans:
            self._band = pg.BarGraphItem(x0=[s for s, _, _ in self.spans], x1=[e for _, e, _ in self.spans],
                                         y0=BAND[0], y1=BAND[1], pens=[pg.mkPen(None)] * len(self.spans),
                                         brushes=[pg.mkBrush(QColor(WARNING_COLOURS[c])) for _, _, c in self.spans])
            plot.addItem(self._band)
        left = min([xs[0], *(start for start, _, _ in self.spans)])
        right = max([xs[-1], *(end for _, end, _ in self.spans)])
        pad = (right - left) * 0.03
        plot.setXRange(left - pad, right + pad, padding=0)

    def level_data(self) -> tuple[list[float], list[float]]:
        """The step line's points, as drawn."""
        xs, ys = self._curve.getData()
        return ([] if xs is None else list(xs)), ([] if ys is None else list(ys))
