"""The 日程(&A) menu: every action has a shortcut, no shortcut is taken twice in the window, actions show
their panel; the agenda's tab order runs from the navigation through the filters to the views."""
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from wzcommand import clock
from wzcommand.ui.dialogs.meeting_dialog import MeetingDialog
from wzcommand.ui.schedule_menu import ACTIONS


def schedule_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "日程(&A)")


def test_every_schedule_action_has_a_shortcut(main_window):
    actions = [a for a in schedule_menu(main_window).actions() if not a.isSeparator()]
    assert len(actions) == sum(1 for entry in ACTIONS if entry)
    assert all(not a.shortcut().isEmpty() for a in actions)
    texts = {a.text(): a.shortcut() for a in actions}
    assert texts["新建会议(&N)…"] == QKeySequence("Ctrl+Shift+N")
    assert texts["新建交办单(&T)…"] == QKeySequence("Ctrl+Shift+J")


def test_no_shortcut_is_taken_twice(main_window):
    seen = {}
    for action in main_window.findChildren(QAction):
        for key in action.shortcuts():
            assert key.toString() not in seen, f"{key.toString()}: {seen.get(key.toString())} / {action.text()}"
            seen[key.toString()] = action.text()


def test_shortcuts_show_the_panel_and_act(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    agenda = main_window.panels["日程"]
    assert main_window.current_title() == "日程" and agenda.mode() == "week"
    qtbot.keyClick(main_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert agenda.current_date() == clock.now().date() + timedelta(days=7)
    qtbot.keyClick(main_window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert agenda.current_date() == clock.now().date()
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MeetingDialog))
    QApplication.activeModalWidget().reject()
    qtbot.keyClick(main_window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    tasks_panel = main_window.panels["交办单"]
    assert main_window.current_title() == "交办单"
    assert tasks_panel.ui.tabs.currentWidget() is tasks_panel.ui.chaseTab


def test_tab_order_of_the_agenda(qtbot, main_window):
    agenda = main_window.panels["日程"]
    main_window.show_panel(main_window.stack.indexOf(agenda))
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    agenda.ui.dayButton.setFocus(Qt.FocusReason.TabFocusReason)
    order = [agenda.ui.dayButton]
    while len(order) < 9:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        while widget.parent() is not None and widget.parent().focusProxy() is widget:  # a combo's or date's editor
            widget = widget.parent()
        if widget is not order[-1]:  # Tab first steps through the date's year, month and day
            order.append(widget)
    ui = agenda.ui
    # 日/周 are one exclusive group: Tab visits the checked one, the arrow keys switch (or Ctrl+Shift+V)
    assert order == [ui.dayButton, ui.prevButton, ui.todayButton, ui.nextButton, ui.dateEdit,
                     ui.kindCombo, ui.unitCombo, ui.dayTable, ui.nextList]
