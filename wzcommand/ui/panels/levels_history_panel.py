"""响应记录: every response-level decision and warning decision, newest last, with a step chart of
the level over time (the warning colour as a band). The chart (pyqtgraph) is created when the panel
is first shown, so starting the program does not load pyqtgraph."""
from __future__ import annotations

from PySide6.QtWidgets import QTableView, QWidget

from ... import clock
from ...services import levels, warnings
from ..bus import LEVELS, WARNINGS, UiContext
from ..columns import Columns
from ..forms.ui_levels_history_panel import Ui_LevelsHistoryPanel
from ..models.decision_model import (
    COL_BASIS,
    COL_CHANGE,
    COL_NOTES,
    WCOL_ASSESSMENT,
    WCOL_BASIS,
    LevelDecisionModel,
    WarningDecisionModel,
)

NO_DECISIONS = "尚无应急响应调整记录。"
MAX_COLUMN_CHARS = 12  # initial column widths are capped at this many CJK characters…
WIDE_COLUMN_CHARS = 24  # …or this many for the long columns


class LevelsHistoryPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_LevelsHistoryPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.chart = None  # LevelChart, made on first show
        self._decisions: list = []
        self._warnings: list = []
        self.level_model = LevelDecisionModel(self)
        self.warning_model = WarningDecisionModel(self)
        self.ui.levelTable.setModel(self.level_model)
        self.ui.warningTable.setModel(self.warning_model)
        self.columns = [self._columns(self.ui.levelTable, "level_history", (COL_CHANGE, COL_BASIS, COL_NOTES)),
                        self._columns(self.ui.warningTable, "warning_history", (WCOL_BASIS, WCOL_ASSESSMENT))]
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.chartBox.setMinimumHeight(self.fontMetrics().height() * 16)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _on_changed(self, topic: str) -> None:
        if topic in (LEVELS, WARNINGS):
            self.reload()

    def reload(self) -> None:
        db = self._ctx.db
        self._decisions = levels.history(db)
        self._warnings = warnings.warning_history(db)
        self.level_model.set_rows(self._decisions)
        self.warning_model.set_rows(self._warnings)
        for columns in self.columns:
            columns.fit()
        self.ui.tabs.setTabText(0, f"响应级别调整（{len(self._decisions)}）")
        self.ui.tabs.setTabText(1, f"预警（{len(self._warnings)}）")
        self._update_chart()

    @staticmethod
    def _columns(table: QTableView, key: str, wide: tuple[int, ...]) -> Columns:
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 8 // 5)
        caps = {col: WIDE_COLUMN_CHARS if col in wide else MAX_COLUMN_CHARS for col in range(table.model().columnCount())}
        return Columns(table, key, caps=caps, pad=False)

    # ------------------------------------------------------------------ chart

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.chart is None:
            self.ensure_chart()

    def ensure_chart(self):
        """Create the chart (imports pyqtgraph) if it is not there yet; return it."""
        if self.chart is None:
            from ..charts.level_chart import LevelChart

            self.chart = LevelChart(self.ui.chartBox)
            self.ui.chartPlaceholder.hide()
            self.ui.chartLayout.addWidget(self.chart)
            self.chart.setVisible(self.isVisible())
            height = self.ui.splitter.height()
            self.ui.splitter.setSizes([height * 11 // 20, height - height * 11 // 20])
            self._update_chart()
        return self.chart

    def _update_chart(self) -> None:
        if self.chart is not None:
            self.chart.set_data(self._decisions, self._warnings, clock.now())
            self.chart.setToolTip("" if self._decisions else NO_DECISIONS)
