"""The situation at a glance — level in force (since when), warning colour, the open reporting
clocks counting down — for places that must show it and nothing else: the idle lock screen and
the command hall's board. Reloads on the bus's topics; the clocks tick every second."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .. import clock
from ..plan import levels as rules
from ..services import deadlines, levels, warnings
from .bus import EVENTS, LEVELS, REPORTS, WARNINGS, UiContext
from .level_style import LEVEL_COLOURS, WARNING_COLOURS, set_chip, since_text
from .models.clock_model import COLOURS, open_views

NO_CLOCKS = "报告时限：无待办"
MAX_CLOCKS = 6


class SituationStrip(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, point_size: int = 0,
                 now: Callable[[], datetime] = clock.now, max_clocks: int = MAX_CLOCKS, on_dark: bool = False):
        super().__init__(parent)
        self.setObjectName("situationStrip")
        self._ctx, self.now, self._max, self._on_dark = ctx, now, max_clocks, on_dark
        self._clocks: list[deadlines.EventClock] = []
        self.level_label, self.since_label, self.warning_label = QLabel(), QLabel(), QLabel()
        self.level_label.setObjectName("situationLevel")
        self.warning_label.setObjectName("situationWarning")
        self.clock_labels: list[QLabel] = []
        top = QHBoxLayout()
        for label in (self.level_label, self.since_label, self.warning_label):
            top.addWidget(label)
        top.addStretch(1)
        self.clocks_box = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.clocks_box)
        if point_size:
            font = self.font()
            font.setPointSize(point_size)
            self.setFont(font)
        self.ticker = QTimer(self, interval=1000)
        self.ticker.timeout.connect(self.tick)
        ctx.bus.changed.connect(self._on_changed)
        self.reload()
        self.ticker.start()

    def _on_changed(self, topic: str) -> None:
        if topic in (LEVELS, WARNINGS, EVENTS, REPORTS):
            self.reload()

    def reload(self) -> None:
        state = levels.current_state(self._ctx.db)
        set_chip(self.level_label, rules.display_name(state.level, edition=state.edition), LEVEL_COLOURS[state.level])
        self.since_label.setText(since_text(state.since))
        warning = warnings.warning_state(self._ctx.db)
        set_chip(self.warning_label, warnings.colour_name(warning.colour), WARNING_COLOURS[warning.colour],
                 since_text(warning.since))
        self._clocks = deadlines.open_clocks(self._ctx.db, self.now())  # only running clocks are shown
        self.tick()

    def clock_texts(self) -> list[str]:
        return [label.text() for label in self.clock_labels if not label.isHidden()]

    def tick(self) -> None:
        views = open_views(self._clocks[: self._max], self.now())  # open_clocks: running, soonest first
        shade = 2 if self._on_dark else 0  # on a dark background: filled chips, white text
        lines = [(f"{v.item.event_name}·{v.item.clock.label}：{v.text}", COLOURS[v.state][shade]) for v in views] \
            or [(NO_CLOCKS, COLOURS["done"][shade])]
        while len(self.clock_labels) < len(lines):
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.clock_labels.append(label)
            self.clocks_box.addWidget(label)
        for label, (text, colour) in zip(self.clock_labels, lines, strict=False):  # more labels than lines: the rest hide
            label.setText(text)
            label.setStyleSheet(f"background: {colour}; color: white; font-weight: bold; padding: 2px 8px; "
                                "border-radius: 3px;" if self._on_dark else f"color: {colour}; font-weight: bold;")
            label.show()
        for label in self.clock_labels[len(lines):]:
            label.hide()
