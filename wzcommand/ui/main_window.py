"""The main window: navigation on the left, one panel at a time on the right, a status bar.

The window comes up in two steps, so it is on screen as soon as a bare Qt window would be:
``MainWindow()`` is the frame (title, navigation, an empty stack and status bar), and importing
this module loads nothing beyond PySide6; ``attach(ctx)`` then imports the services and the first
panel and fills everything in before control returns to the event loop, so the first frame
that shows any data shows the level, the warning colour and the report clocks as they are.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

if TYPE_CHECKING:  # the frame imports only PySide6 (even Qt's enum namespace waits for attach)
    from .bus import UiContext
    from .worker import BackgroundTask

WINDOW_TITLE = "温州市突发公共卫生事件应急指挥部"
NO_RESPONSE = "未启动应急响应"
EXPORT_FILTERS = {"Excel 工作簿 (*.xlsx)": ".xlsx", "CSV UTF-8 (*.csv)": ".csv"}

PanelFactory = Callable[["UiContext"], QWidget]


def panel(module: str, name: str) -> PanelFactory:
    """A panel class from ``ui/panels/<module>.py``, imported when the panel is first built."""
    def build(ctx: UiContext) -> QWidget:
        return getattr(import_module(f".panels.{module}", __package__), name)(ctx)

    build.__qualname__ = name
    return build

# Navigation entries in order; adding a panel is one line here. Ctrl+1… follow this order.
PANELS: list[tuple[str, PanelFactory]] = [
    ("指挥体系", panel("command_panel", "CommandPanel")),
    ("成员单位", panel("roster_panel", "RosterPanel")),
    ("职责清单", panel("duties_panel", "DutiesPanel")),
    ("工作组", panel("groups_panel", "GroupsPanel")),
    ("职务人员", panel("people_panel", "PeoplePanel")),
    ("响应记录", panel("levels_history_panel", "LevelsHistoryPanel")),
    ("事件", panel("events_panel", "EventsPanel")),
    ("报告档案", panel("reports_panel", "ReportsPanel")),
    ("日程", panel("agenda_panel", "AgendaPanel")),
    ("交办单", panel("tasks_panel", "TasksPanel")),
    ("职责落实", panel("checklist_panel", "ChecklistPanel")),
    ("备份", panel("backup_panel", "BackupPanel")),
    ("账户", panel("accounts_panel", "AccountsPanel")),
    ("县（市、区）", panel("counties_panel", "CountiesPanel")),
    ("专家咨询委员会", panel("experts_panel", "ExpertsPanel")),
    ("管控措施", panel("measures_panel", "MeasuresPanel")),
    ("物资保障", panel("supplies_panel", "SuppliesPanel")),
    ("征用补偿", panel("requisitions_panel", "RequisitionsPanel")),
    ("风险地图", panel("riskmap_panel", "RiskMapPanel")),
]
# 视图 menu: each panel's Alt key and Ctrl shortcut, in PANELS order (职责落实 is also Ctrl+Shift+L in the 日程 menu).
PANEL_KEYS = [(str(i + 1), f"Ctrl+{i + 1}") for i in range(9)] + [
    ("0", "Ctrl+0"), ("L", "Ctrl+Alt+L"), ("B", "Ctrl+Shift+F"), ("Z", "Ctrl+Shift+A"),
    ("X", "Ctrl+Alt+X"), ("W", "Ctrl+Alt+W"), ("M", "Ctrl+Alt+M"), ("S", "Ctrl+Alt+S"), ("Q", "Ctrl+Alt+Q"), ("D", "Ctrl+Alt+D")]
COMMAND = "指挥体系"
EVENTS_PANEL = "事件"


class LazyPanels(Mapping):
    """The panels by title, each built the first time it is shown or asked for: start-up pays
    only for the panel on screen. Until then a placeholder holds its place in the stack."""

    def __init__(self, stack: QStackedWidget, ctx: UiContext, entries: list[tuple[str, PanelFactory]]):
        self._stack, self._ctx = stack, ctx
        self._titles = [title for title, _ in entries]
        self._factories = dict(entries)
        self._built: dict[str, QWidget] = {}
        self._hooks: dict[str, list] = {}
        for _ in entries:
            stack.addWidget(QWidget())

    def when_built(self, title: str, callback) -> None:
        """Call `callback(panel)` once the panel exists (now, if it already does)."""
        if title in self._built:
            callback(self._built[title])
        else:
            self._hooks.setdefault(title, []).append(callback)

    def build(self, index: int) -> QWidget:
        return self[self._titles[index]]

    def __getitem__(self, title: str) -> Any:  # each title is a panel class of its own, used by its methods
        if title not in self._built:
            index = self._titles.index(title) if title in self._factories else -1
            if index < 0:
                raise KeyError(title)
            panel = self._factories[title](self._ctx)
            panel.resize(self._stack.size())  # laid out at its real size when a visible window shows it
            current = self._stack.currentIndex()
            placeholder = self._stack.widget(index)
            self._stack.insertWidget(index, panel)
            if placeholder is not None:
                self._stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._stack.setCurrentIndex(current)
            self._built[title] = panel
            for callback in self._hooks.pop(title, []):
                callback(panel)
        return self._built[title]

    def __iter__(self):
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)

    def built(self) -> list[str]:
        return list(self._built)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext | None = None, parent: QWidget | None = None):
        """The frame; with `ctx` (as the tests build it) also filled in at once (see attach)."""
        super().__init__(parent)
        self._ctx: UiContext | None = None
        self._export_task: BackgroundTask | None = None
        self._export_path = ""
        self.setWindowTitle(WINDOW_TITLE)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.stack = QStackedWidget()
        for title, _factory in PANELS:
            self.nav.addItem(title)
        metrics = self.nav.fontMetrics()
        self.nav.setSpacing(metrics.height() // 4)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth()
                               + metrics.horizontalAdvance("中中"))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar()  # the frame's status bar, empty until attach() fills it
        if ctx is not None:
            self.attach(ctx)

    @property
    def attached(self) -> bool:
        return self._ctx is not None

    @property
    def ctx(self) -> UiContext:
        """The context attach() gave; the menus, panels and status bar that use it exist only after it."""
        if self._ctx is None:
            raise RuntimeError("the window is not attached to a database yet")
        return self._ctx

    def attach(self, ctx: UiContext) -> None:
        """Fill the frame: panels, menus, the status bar's level, warning and clock, the marks.
        Everything is set before returning, so no frame shows part of it."""
        from .county_status import CountyStatus
        from .live import LiveRefresh
        from .schedule_menu import add_schedule_menu

        self._ctx = ctx
        self.panels = LazyPanels(self.stack, ctx, PANELS)  # built when first shown or asked for
        self.nav.currentRowChanged.connect(self._select_panel)
        self.nav.setCurrentRow(0)
        self._build_menus()
        self._build_status_bar()
        ctx.bus.changed.connect(self._on_changed)
        self._build_marks()
        self._build_event_actions()
        self.county_status = CountyStatus(ctx, self)  # 县级须关注 N, shown only while a rule is broken
        self.live = LiveRefresh(ctx, self)  # changes by another window or seat appear by themselves
        self.schedule = add_schedule_menu(self)  # 日程 menu, 逾期交办 count, roster follows 职责落实's event

    # ------------------------------------------------------------------ building

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("文件(&F)")
        self.import_action = self._action("导入通讯录(&I)…", self.import_contacts, "Ctrl+I")
        self.export_action = self._action("导出通讯录(&E)…", self.export_contacts, "Ctrl+E")
        self.settings_action = self._action("设置(&S)…", self.edit_settings)
        self.office_action = self._action("公文设置(&D)…", self.edit_office_settings)
        self.quit_action = self._action("退出(&X)", self.close, "Ctrl+Q")
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.settings_action, self.office_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("视图(&V)")
        self.panel_actions = []
        for i, (title, _factory) in enumerate(PANELS):
            key, shortcut = PANEL_KEYS[i] if i < len(PANEL_KEYS) else (None, None)
            action = self._action(f"{title}(&{key})" if key else title, lambda _=False, i=i: self.show_panel(i), shortcut)
            view_menu.addAction(action)
            self.panel_actions.append(action)
        view_menu.addSeparator()
        self.refresh_action = self._action("刷新(&R)", self.refresh, "F5")
        view_menu.addAction(self.refresh_action)
        self.find_action = self._action("查找单位(&F)", self.focus_search, QKeySequence.StandardKey.Find)
        view_menu.addAction(self.find_action)
        response_menu = self.menuBar().addMenu("应急响应(&Y)")
        command = self.panels[COMMAND]
        self.switch_action = self._action("调整响应级别(&L)…", command.adjust_level, "Ctrl+L")
        self.warning_action = self._action("发布/调整预警(&W)…", lambda: command.record_warning(), "Ctrl+Shift+W")
        self.calculator_action = self._action("预警计算(&C)…", command.open_calculator, "Ctrl+Shift+C")
        self.grading_action = self._action("事件分级辅助(&G)…", command.open_grading, "Ctrl+Shift+G")
        response_menu.addActions([self.switch_action, self.warning_action])
        response_menu.addSeparator()
        response_menu.addActions([self.calculator_action, self.grading_action])

    def _build_marks(self) -> None:
        """演练 / 只读 in the title, banner and status bar; actions the role (or read-only) forbids disabled."""
        from .window_marks import WindowMarks

        self.marks = WindowMarks(self, self.ctx)
        command = self.panels[COMMAND]
        for target, action in ((self.switch_action, "level.switch"), (command.ui.switchButton, "level.switch"),
                               (self.warning_action, "warning.record"), (command.ui.warningButton, "warning.record"),
                               (self.import_action, "roster.edit")):
            self.marks.guard(target, action)
        self.marks.guard(self.settings_action, "settings", writes=False)

    def _build_status_bar(self) -> None:
        self.state_label = QLabel(NO_RESPONSE)
        self.state_label.setObjectName("stateLabel")
        self.since_label = QLabel()
        self.since_label.setObjectName("sinceLabel")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningLabel")
        for label in (self.state_label, self.since_label, self.warning_label):
            self.statusBar().addPermanentWidget(label)
        self._update_state()

    def _on_changed(self, topic: str) -> None:
        from .bus import LEVELS, WARNINGS

        if topic in (LEVELS, WARNINGS):
            self._update_state()

    def _update_state(self) -> None:
        """The level in force in its colour, since when, and the warning colour."""
        from ..plan import levels as rules
        from ..services import levels, warnings
        from .level_style import LEVEL_COLOURS, WARNING_COLOURS, set_chip, since_text

        state = levels.current_state(self.ctx.db)
        set_chip(self.state_label, rules.display_name(state.level, edition=state.edition), LEVEL_COLOURS[state.level])
        self.since_label.setText(since_text(state.since, short=True))
        self.since_label.setToolTip(since_text(state.since))
        warning = warnings.warning_state(self.ctx.db)
        set_chip(self.warning_label, warnings.colour_name(warning.colour), WARNING_COLOURS[warning.colour],
                 since_text(warning.since))

    # ------------------------------------------------------------------ navigation

    def _select_panel(self, index: int) -> None:
        from .unsaved import settle

        current = self.stack.currentIndex()
        if index != current and not settle(self.stack.currentWidget(), self):
            self.nav.blockSignals(True)  # 取消 (or the save was refused): stay on the form
            self.nav.setCurrentRow(current)
            self.nav.blockSignals(False)
            return
        self.panels.build(index)
        self.stack.setCurrentIndex(index)

    def closeEvent(self, event) -> None:
        if not self.attached:  # the bare frame: nothing to save, nothing running
            super().closeEvent(event)
            return
        if not self.confirm_close():  # also asked by Session's filter before its closing backup
            event.ignore()
            return
        self.live.stop()
        self.alerts.stop()
        super().closeEvent(event)

    def confirm_close(self) -> bool:
        """Before the window closes (退出, Ctrl+Q, the close button): every open dialog and panel with
        unsaved changes asks 保存 / 不保存 / 取消; False if someone chose 取消."""
        from .unsaved import has_unsaved, settle

        dialogs = [d for d in self.findChildren(QDialog) if d.isVisible() and has_unsaved(d)]
        panels = [self.panels[t] for t in self.panels.built() if has_unsaved(self.panels[t])]
        for widget in [*dialogs, *panels]:
            if isinstance(widget, QDialog):
                widget.raise_()
            else:
                self.show_panel(self.stack.indexOf(widget))
            if not settle(widget, widget if isinstance(widget, QDialog) else self):
                return False
        return True

    def show_panel(self, index: int) -> None:
        from PySide6.QtCore import Qt

        self.nav.setCurrentRow(index)
        shown = self.stack.currentWidget()
        if shown is not None:
            shown.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """F5: every panel reloads from the database now."""
        self.live.refresh()
        self.statusBar().showMessage("已刷新。", 3000)

    def current_title(self) -> str:
        return PANELS[self.stack.currentIndex()][0]

    def focus_search(self) -> None:
        roster = self.panels["成员单位"]
        self.nav.setCurrentRow(self.stack.indexOf(roster))
        roster.focus_search()

    # ------------------------------------------------------------------ file menu

    def import_contacts(self) -> None:
        from .dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.exec()

    def export_contacts(self) -> BackgroundTask | None:
        if self._export_task is not None and self._export_task.running:
            return None
        from . import folders

        path, chosen = folders.save_name(self, "导出通讯录", folders.ROSTER, f"成员单位通讯录-{date.today():%Y%m%d}.xlsx",
                                         ";;".join(EXPORT_FILTERS))
        if not path:
            return None
        if Path(path).suffix.lower() not in EXPORT_FILTERS.values():
            path += EXPORT_FILTERS.get(chosen, ".xlsx")
        from ..services.roster_io import export_contacts
        from .worker import run_in_background

        db = self.ctx.db
        self._export_path = path
        self.statusBar().showMessage("正在导出通讯录…")
        self.export_action.setEnabled(False)
        task = self._export_task = run_in_background(lambda _progress: export_contacts(db, path))
        task.finished.connect(self._export_finished)
        task.failed.connect(self._export_failed)
        return task

    def _export_finished(self, count: int) -> None:
        self.export_action.setEnabled(True)
        self.statusBar().showMessage(f"已导出 {count} 个单位到 {self._export_path}", 15000)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_action.setEnabled(True)
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "导出失败", getattr(exc, "message", None) or f"导出失败：{exc}")

    def edit_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    def edit_office_settings(self) -> None:
        """公文设置: the office's document settings, kept in the database for every seat."""
        from .dialogs.office_settings_dialog import OfficeSettingsDialog

        OfficeSettingsDialog(self.ctx, self).exec()

    # ------------------------------------------------------------------ events and reports

    def _build_event_actions(self) -> None:
        """事件 menu, 纸质应急包 in 文件, and the status-bar countdown of the most urgent reporting clock."""
        on = self._on_events_panel  # the panel is built on first use, not here
        self.register_event_action = self._action("登记事件(&N)…", on(lambda p: p.register_event()), "Ctrl+N")
        self.update_event_action = self._action("更新情况(&U)…", on(lambda p: p.update_event()), "Ctrl+U")
        self.phone_report_action = self._action("记录电话报告(&T)…", on(lambda p: p.log_phone_report()),
                                                "Ctrl+Shift+T")
        self.end_event_action = self._action("宣布结束(&J)…", on(lambda p: p.end_event()))
        self.report_actions = {kind: self._action(text, on(lambda p, kind=kind: p.open_report(kind)))
                               for kind, text in (("first", "首次报告(&F)…"), ("progress", "进程报告(&P)…"),
                                                  ("closing", "结案报告(&C)…"))}
        self.urgent_clock_action = self._action("转到最紧急的报告时限(&D)", self._open_urgent_clock, "Ctrl+Shift+D")
        self.paper_kit_action = self._action("纸质应急包(&K)…", lambda _=False: self.panels[EVENTS_PANEL].write_paper_kit(),
                                             "Ctrl+Shift+K")
        menu = self.menuBar().addMenu("事件(&E)")
        menu.setToolTipsVisible(True)
        menu.addActions([self.register_event_action, self.update_event_action, self.phone_report_action,
                         self.end_event_action])
        menu.addSeparator()
        menu.addActions(list(self.report_actions.values()))
        menu.addSeparator()
        menu.addActions([self.urgent_clock_action, self.paper_kit_action])
        self.file_menu.insertAction(self.settings_action, self.paper_kit_action)
        self.file_menu.insertSeparator(self.settings_action)
        for action in (self.register_event_action, self.update_event_action, self.phone_report_action,
                       self.end_event_action):
            self.marks.guard(action, "event.edit")
        for action in self.report_actions.values():
            self.marks.guard(action, "report.draft")
        from .clock_widget import ClockWidget
        from .deadline_alerts import DeadlineAlerts

        self.clock_widget = ClockWidget(self.ctx)
        self.clock_widget.activated.connect(self.show_event)
        self.statusBar().insertPermanentWidget(3, self.clock_widget)  # after the level, since when and the warning
        self.alerts = DeadlineAlerts(self.ctx, self)  # a clock nearing its aim or due time calls out
        self.statusBar().insertPermanentWidget(4, self.alerts.button)
        self.acknowledge_action = self._action("确认时限提醒(&A)", self.alerts.acknowledge, "Ctrl+Shift+Q")
        menu.addAction(self.acknowledge_action)

    def _on_events_panel(self, slot):
        """`slot(panel)` run on the 事件 panel, which is shown first (the menu acts on the event selected there)."""
        def run(_checked=False):
            panel = self.panels[EVENTS_PANEL]
            self.show_panel(self.stack.indexOf(panel))
            return slot(panel)
        return run

    def show_event(self, event_id: int) -> None:
        """The 事件 panel with `event_id` selected (the status-bar countdown opens it)."""
        panel = self.panels[EVENTS_PANEL]
        self.show_panel(self.stack.indexOf(panel))
        panel.select_event(event_id)

    def _open_urgent_clock(self) -> None:
        self.clock_widget.open_current()
