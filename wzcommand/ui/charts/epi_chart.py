"""The epidemic curve of one event: daily new cases and deaths as side-by-side bars.

Days come from the event's dated cumulative counts by the same rule the printed report uses
(:func:`wzcommand.plan.numbers.daily_counts`); a downward correction is drawn as zero.
Imports pyqtgraph, so it is imported only when the 事件 panel first shows a curve.
"""
from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from ...plan.numbers import DayCount, daily_counts

CASES_COLOUR = "#5c7fa3"
DEATHS_COLOUR = "#b71c1c"
BAR = 0.38  # width of one bar, in days
MAX_LABELS = 12
MIN_DAYS = 7  # the x axis spans at least a week


def day_ticks(days: list[DayCount]) -> list[tuple[int, str]]:
    """``11-20``-style labels, thinned to at most MAX_LABELS (the first day always shown)."""
    step = max(1, -(-len(days) // MAX_LABELS))
    return [(i, f"{d.day.month}-{d.day.day}") for i, d in enumerate(days) if i % step == 0]


class EpiChart(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setObjectName("epiChart")
        plot = self.getPlotItem()
        font = QApplication.font()  # the application font has the CJK glyphs the labels need
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font)
            axis.setPen(pg.mkPen("#616161"))
            axis.setTextPen(pg.mkPen("#212121"))
        plot.showGrid(x=False, y=True, alpha=0.15)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        legend = plot.addLegend(offset=(-10, 6), labelTextColor="#212121", labelTextSize=f"{font.pointSize()}pt")
        self._cases = pg.BarGraphItem(x=[], height=[], width=BAR, brush=CASES_COLOUR, pen=pg.mkPen(None))
        self._deaths = pg.BarGraphItem(x=[], height=[], width=BAR, brush=DEATHS_COLOUR, pen=pg.mkPen(None))
        plot.addItem(self._cases)
        plot.addItem(self._deaths)
        legend.addItem(self._cases, "新增病例")
        legend.addItem(self._deaths, "新增死亡")
        self.days: list[DayCount] = []

    def set_counts(self, history, first_day: date | None = None, last_day: date | None = None) -> None:
        """``history``: the event's count updates (``at``, cumulative ``ill`` and ``dead``)."""
        self.days = daily_counts([(c.at, c.ill, c.dead) for c in history], first_day, last_day)
        xs = list(range(len(self.days)))
        self._cases.setOpts(x=[x - BAR / 2 for x in xs], height=[max(d.ill, 0) for d in self.days], width=BAR)
        self._deaths.setOpts(x=[x + BAR / 2 for x in xs], height=[max(d.dead, 0) for d in self.days], width=BAR)
        plot = self.getPlotItem()
        plot.getAxis("bottom").setTicks([day_ticks(self.days), []])
        top = max([max(d.ill, d.dead, 0) for d in self.days] or [0])
        plot.setXRange(-0.7, max(len(self.days), MIN_DAYS) - 0.3, padding=0)  # a short outbreak keeps thin bars
        plot.setYRange(0, max(top * 1.25, 5), padding=0)
        self.setToolTip("尚无人数记录。" if not self.days else
                        f"共 {len(self.days)} 天；累计病例 {self.days[-1].total_ill} 例，"
                        f"死亡 {self.days[-1].total_dead} 例（按报告日期统计）")

    def bars(self) -> tuple[list[int], list[int]]:
        """Heights drawn: new cases and new deaths per day."""
        return [max(d.ill, 0) for d in self.days], [max(d.dead, 0) for d in self.days]
