"""What the schedule, task-sheet and checklist panels add to the main window: the 日程(&A) menu (a
shortcut for every action), the status-bar count of overdue 交办单, and the roster following the
event chosen in 职责落实. Built here so that main_window.py only calls `add_schedule_menu`."""
from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from ..services import tasks
from .bus import TASKS, UiContext
from .level_style import set_chip
from .models.task_model import OVERDUE_COLOUR
from .worker import BackgroundTask, run_in_background

AGENDA = "日程"
TASK_SHEETS = "交办单"
CHECKLIST = "职责落实"
ROSTER = "成员单位"

# (attribute, text, panel, method of the panel, shortcut, guarded action or None)
ACTIONS = (
    ("toggle_view", "日视图/周视图(&V)", AGENDA, "toggle_mode", "Ctrl+Shift+V", None),
    ("previous", "前一天/上周(&Q)", AGENDA, "step_back", "Alt+Left", None),
    ("following", "后一天/下周(&H)", AGENDA, "step_forward", "Alt+Right", None),
    ("today", "今天/本周(&D)", AGENDA, "go_today", "Alt+Home", None),
    None,
    ("new_meeting", "新建会议(&N)…", AGENDA, "new_meeting", "Ctrl+Shift+N", "schedule.edit"),
    ("edit_meeting", "编辑日程(&E)…", AGENDA, "edit_selected", "Ctrl+Shift+E", None),
    ("record_meeting", "登记召开情况(&R)…", AGENDA, "record_selected", "Ctrl+Shift+H", None),
    ("cancel_meeting", "取消日程(&X)…", AGENDA, "cancel_selected", "Ctrl+Shift+X", None),
    ("print_notice", "打印会议通知(&P)…", AGENDA, "print_notice", "Ctrl+Shift+P", None),
    ("print_week", "打印本周日程(&W)…", AGENDA, "print_week", "Ctrl+Shift+Y", None),
    ("schedule_settings", "日程设置(&S)…", AGENDA, "open_settings", "Ctrl+Shift+S", "schedule.edit"),
    None,
    ("new_task", "新建交办单(&T)…", TASK_SHEETS, "new_task", "Ctrl+Shift+J", "task.edit"),
    ("print_task", "打印交办单(&J)…", TASK_SHEETS, "print_task", "Ctrl+Alt+J", None),
    ("chase", "催办单(&B)", TASK_SHEETS, "show_chase", "Ctrl+Shift+B", None),
    ("print_chase", "打印催办单(&U)…", TASK_SHEETS, "print_chase", "Ctrl+Alt+B", None),
    None,
    ("checklist", "职责落实(&L)", CHECKLIST, None, "Ctrl+Shift+L", None),
)


def add_schedule_menu(window) -> SimpleNamespace:
    """Add the menu, the overdue count and the roster link to `window` (a MainWindow); the actions by name."""
    menu = window.menuBar().addMenu("日程(&A)")
    menu.setToolTipsVisible(True)
    actions = {}
    for entry in ACTIONS:
        if entry is None:
            menu.addSeparator()
            continue
        name, text, title, method, shortcut, guarded = entry
        action = window._action(text, _runner(window, title, method), QKeySequence(shortcut))
        action.setToolTip(text.split("(")[0] + f"（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）")
        menu.addAction(action)
        if guarded and getattr(window, "marks", None) is not None:
            window.marks.guard(action, guarded)
        actions[name] = action
    overdue = OverdueLabel(window._ctx)
    overdue.clicked.connect(_runner(window, TASK_SHEETS, "show_overdue"))
    window.statusBar().insertPermanentWidget(5, overdue)  # after the level, the warning and the report clock
    # The roster follows the event chosen in 职责落实 once that panel exists (panels are built lazily);
    # a roster not built yet is not built for it, but counts that event when it is.
    follow = _roster_follower(window)
    window.panels.when_built(CHECKLIST, lambda panel: panel.eventChanged.connect(follow))
    return SimpleNamespace(menu=menu, overdue_label=overdue, **actions)


def _roster_follower(window) -> Callable[[int], None]:
    """What sets the roster's 职责落实 event (0: the latest open event): at once if the roster is built,
    else when it is (with the last event chosen before)."""
    pending: list[int] = []

    def follow(event_id: int) -> None:
        panels = window.panels
        if ROSTER in panels.built():
            panels[ROSTER].set_checklist_event(event_id)
            return
        if not pending:  # one hook, whatever the number of events chosen before the roster is built
            panels.when_built(ROSTER, lambda roster: roster.set_checklist_event(pending.pop()))
        pending[:] = [event_id]
    return follow


def _runner(window, title: str, method: str | None):
    """Show the panel `title`, then call its `method` (the panel decides whether it applies)."""
    def run(_checked=False):
        panel = window.panels[title]
        window.show_panel(window.stack.indexOf(panel))
        return getattr(panel, method)() if method else None
    return run


class OverdueLabel(QLabel):
    """逾期交办 N in the status bar (counted in the worker); hidden while nothing is overdue."""

    clicked = Signal()
    INTERVAL_MS = 60_000  # deadlines pass without any write: count again every minute

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.job: BackgroundTask | None = None
        self.count = 0
        self.setObjectName("overdueLabel")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hide()
        self._timer = QTimer(self, interval=self.INTERVAL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, topic: str) -> None:
        if topic == TASKS:
            self.refresh()

    def refresh(self) -> None:
        db = self._ctx.db
        self.job = run_in_background(lambda _p: tasks.count_tasks(db, shown="overdue"))
        self.job.finished.connect(self._show_count)

    def _show_count(self, count: int) -> None:
        self.count = count
        set_chip(self, f"逾期交办 {count}", OVERDUE_COLOUR, "有交办单已超过办结时限，点击查看")
        self.setVisible(count > 0)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self.clicked.emit()
