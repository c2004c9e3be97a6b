"""The status bar's county flag: "县级须关注 N", shown only while a county breaks a rule of the
plans (a warning below the city's, an instruction not followed in time); its tooltip names the
counties and quotes each clause. Looks again on every county or warning change and each minute
(an instruction's clock runs out without any write); the city's level is in no rule it checks."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from ..plan.sources import source_text
from ..services import counties
from .bus import COUNTIES, WARNINGS, UiContext
from .level_style import set_chip

FLAG_COLOUR = "#b71c1c"
TICK_MS = 60_000


class CountyStatus(QObject):
    def __init__(self, ctx: UiContext, window: QMainWindow):
        super().__init__(window)
        self._ctx = ctx
        self.label = QLabel()
        self.label.setObjectName("countyFlags")
        window.statusBar().addPermanentWidget(self.label)
        ctx.bus.changed.connect(self._on_changed)
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self.update)
        self._timer.start()
        self.update()

    def _on_changed(self, topic: str) -> None:
        if topic in (COUNTIES, WARNINGS):
            self.update()

    def update(self) -> None:
        board = counties.county_board(self._ctx.db)
        groups = counties.flag_groups(board)
        counted = {c for g in groups for c in g.counties}
        self.label.setVisible(bool(groups))
        if groups:
            set_chip(self.label, f"县级须关注 {len(counted)}", FLAG_COLOUR)  # short: the bar fits 1024 px
            self.label.setToolTip("\n\n".join(f"{g.text()}\n{source_text(g.source, board.edition)}：{g.quote}" for g in groups))
