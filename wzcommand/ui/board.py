"""The situation board for the command hall's big screen (`wzcommand board`): read-only, full screen,
large type, live. Level and since when, warning colour, commander and office, the reporting clocks,
today's meetings and briefings, overdue 交办单 by unit, the counties (who runs a response, what is flagged). No editing, never idle-locked (no Session),
no personal phone numbers unless the hall's settings turn them on (Settings.board_phones).
Keyboard: F11 full screen on/off, Esc leaves."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .. import clock
from ..plan.schedule import KINDS as ITEM_KINDS
from ..plan.schedule import MEETING_KINDS
from ..services import counties, levels, meetings, tasks
from .bus import COUNTIES, LEVELS, PEOPLE, SCHEDULE, TASKS, WARNINGS, UiContext
from .live import LiveRefresh
from .situation import SituationStrip

TITLE = "温州市突发公共卫生事件应急指挥部 应急指挥态势"
BACKGROUND = "#102027"
STYLE = ("QWidget#SituationBoard {{ background: " + BACKGROUND + "; }}"
         "QWidget#SituationBoard QLabel {{ color: #eceff1; font-size: {size}pt; }}"
         "QGroupBox {{ color: #90caf9; font-weight: bold; font-size: {size}pt; border: 1px solid #37474f; "
         "border-radius: 6px; margin-top: 1.2em; padding: 0.4em; }}"
         "QGroupBox::title {{ subcontrol-origin: margin; left: 0.6em; }}")
NOTHING_TODAY = "今日无会议、发布会安排"
NO_OVERDUE = "无逾期交办单"
NO_COUNTY_RESPONSE = "各县（市、区）均未报告启动应急响应"
MAX_LINES = 8


class SituationBoard(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, now: Callable[[], datetime] = clock.now,
                 point_size: int | None = None):
        super().__init__(parent)
        self.setObjectName("SituationBoard")
        self.setWindowTitle(TITLE)
        self._ctx, self.now = ctx, now
        if point_size is None:  # readable across the hall: about 1/42 of the screen's height (16pt at 700 px)
            screen = QGuiApplication.primaryScreen()
            point_size = max(16, min(36, (screen.availableGeometry().height() if screen else 768) // 42))
        self.setStyleSheet(STYLE.format(size=point_size))  # a style sheet's font wins over setFont
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        font = self.font()
        font.setPointSize(point_size)
        self.setFont(font)
        self.title_label = QLabel(TITLE)
        self.title_label.setStyleSheet(f"font-size: {point_size + 6}pt; font-weight: bold; color: white;")
        self.title_label.setWordWrap(True)
        self.time_label = QLabel()
        self.time_label.setObjectName("boardTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.situation = SituationStrip(ctx, self, now=now, on_dark=True, max_clocks=5)
        self.command_label = self._text()
        self.agenda_label = self._text()
        self.tasks_label = self._text()
        self.counties_label = self._text()
        grid = QGridLayout(self)
        grid.setContentsMargins(24, 16, 24, 16)
        grid.setSpacing(16)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.time_label)
        grid.addLayout(header, 0, 0, 1, 2)
        grid.addWidget(self._box("响应级别 · 预警 · 报告时限", self.situation), 1, 0, 1, 2)
        grid.addWidget(self._box("指挥体系", self.command_label), 2, 0)
        grid.addWidget(self._box("今日会议和新闻发布", self.agenda_label), 2, 1)
        grid.addWidget(self._box("逾期交办单（按承办单位）", self.tasks_label), 3, 0)
        grid.addWidget(self._box("各县（市、区）", self.counties_label), 3, 1)
        grid.setRowStretch(2, 3)
        grid.setRowStretch(3, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.live = LiveRefresh(ctx, self)  # another seat's writes show here by themselves
        ctx.bus.changed.connect(self._on_changed)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self.reload()

    def _text(self) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def _box(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _on_changed(self, topic: str) -> None:
        if topic in (LEVELS, PEOPLE, SCHEDULE, TASKS, COUNTIES, WARNINGS):
            self.reload()

    def _tick(self) -> None:
        self.time_label.setText(clock.local_text(self.now(), "%Y-%m-%d %H:%M:%S"))

    def reload(self) -> None:
        self._tick()
        self.command_label.setText(self.command_text())
        self.agenda_label.setText(self.agenda_text())
        self.tasks_label.setText(self.tasks_text())
        self.counties_label.setText(self.counties_text())

    def _person(self, ref) -> str:
        if ref is None:
            return "—"
        phones = getattr(self._ctx.settings, "board_phones", False) and ref.phone
        return ref.text() + (f"  {ref.phone}" if phones else "")

    def command_text(self) -> str:
        view = levels.command_view(self._ctx.db)
        lines = [f"指挥机构：{view.body}", f"指挥长：{self._person(view.commander)}"]
        if view.office_location:
            lines.append(f"办公室：设在{view.office_location}")
        if view.director is not None:
            lines.append(f"办公室主任：{self._person(view.director)}")
        return "\n".join(lines)

    def agenda_text(self) -> str:
        now = clock.local(self.now())
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        items = [i for i in meetings.list_items(self._ctx.db, start, start + timedelta(days=1))
                 if i.status != "cancelled" and i.kind in MEETING_KINDS]
        lines = [f"{clock.local_text(i.start, '%H:%M')}  {ITEM_KINDS.get(i.kind, i.kind)}：{i.title}"
                 + (f"（{i.place}）" if i.place else "") + ("  已召开" if i.status == "held" else "")
                 for i in items]
        return _clip(lines) or NOTHING_TODAY

    def tasks_text(self) -> str:
        overdue = tasks.list_tasks(self._ctx.db, overdue_only=True, now=self.now())
        by_unit: dict[str, list] = defaultdict(list)
        for task in overdue:
            by_unit[task.lead_unit].append(task)
        lines = [f"{unit}：{len(items)} 件（{'、'.join(t.doc_no for t in items[:3])}{'等' if len(items) > 3 else ''}）"
                 for unit, items in sorted(by_unit.items(), key=lambda kv: -len(kv[1]))]
        return _clip(lines) or NO_OVERDUE

    def counties_text(self) -> str:
        """Who runs a response, and each rule a county breaks (the clause is on the county board)."""
        board = counties.county_board(self._ctx.db, self.now())
        lines = [counties.started_text(board) or NO_COUNTY_RESPONSE]
        lines += [f"⚠ {g.text()}" for g in counties.flag_groups(board)]
        return _clip(lines)

    def toggle_full_screen(self) -> None:
        if not self.isFullScreen():
            self.showFullScreen()
            return
        self.showNormal()
        screen = self.screen()
        if screen is not None:  # a window most of the screen, for arranging it beside others
            room = screen.availableGeometry()
            self.resize(room.width() * 4 // 5, room.height() * 4 // 5)

    def closeEvent(self, event) -> None:
        self.live.stop()
        self._ticker.stop()
        super().closeEvent(event)


def _clip(lines: list[str]) -> str:
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + [f"……另有 {len(lines) - MAX_LINES + 1} 项"]
    return "\n".join(lines)
