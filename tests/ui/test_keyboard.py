"""Keyboard: no window or dialog has two widgets or menus on the same Alt key; every panel has a
unique 视图 key and a Ctrl shortcut."""
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

MNEMONIC = re.compile(r"&([^&])")


def key_of(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).upper() if found else None


def alt_keys(window: QWidget, area: QWidget | None = None) -> dict[str, list[str]]:
    """Alt key → what it reaches in `window` as shown (menu bar titles and visible widgets in `area`)."""
    keys: dict[str, list[str]] = {}

    def add(text, what):
        key = key_of(text or "")
        if key:
            keys.setdefault(key, []).append(what or text)

    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        for action in bar.actions():
            if action.isVisible():
                add(action.text(), f"菜单 {action.text()}")
    root = area or window
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(window) or isinstance(w, QMenu):
            continue
        if isinstance(w, QAbstractButton):
            add(w.text(), w.text())
        elif isinstance(w, QLabel) and w.buddy() is not None:
            add(w.text(), w.text())
        elif isinstance(w, QGroupBox):
            add(w.title(), w.title())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w.tabText(i), w.tabText(i))
    return keys


def clashes(keys: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: v for k, v in keys.items() if len(v) > 1}


def menu_clashes(window) -> dict[str, dict[str, list[str]]]:
    found = {}
    for menu in window.menuBar().findChildren(QMenu):
        keys: dict[str, list[str]] = {}
        for action in menu.actions():
            key = key_of(action.text())
            if key and action.isVisible():
                keys.setdefault(key, []).append(action.text())
        bad = clashes(keys)
        if bad:
            found[menu.title()] = bad
    return found


def test_every_panel_has_no_alt_key_clash_with_the_menus(qtbot, main_window):
    found = {}
    for index in range(main_window.stack.count()):
        main_window.show_panel(index)
        qtbot.wait(10)
        bad = clashes(alt_keys(main_window, main_window.centralWidget()))
        bad.update(clashes(alt_keys(main_window, main_window.statusBar())))
        if bad:
            found[main_window.current_title()] = bad
    assert found == {}
    assert menu_clashes(main_window) == {}


def test_every_panel_has_a_unique_view_key_and_a_ctrl_shortcut(main_window):
    keys = [key_of(a.text()) for a in main_window.panel_actions]
    shortcuts = [a.shortcut().toString() for a in main_window.panel_actions]
    assert None not in keys and len(set(keys)) == len(keys)
    assert all(shortcuts) and len(set(shortcuts)) == len(shortcuts)
    every = [a.shortcut().toString() for a in main_window.findChildren(type(main_window.panel_actions[0]))
             if not a.shortcut().isEmpty()]
    assert len(set(every)) == len(every), sorted(s for s in every if every.count(s) > 1)


def every_dialog(ctx, parent):
    """One of each dialog of the program, as the window opens them."""
    from datetime import timedelta

    from wzcommand import clock
    from wzcommand.services import events, meetings, reports
    from wzcommand.ui.dialogs import (end_event_dialog, event_dialog, grading_dialog, import_dialog, lock_screen,
                                      meeting_dialog, phone_report_dialog, record_meeting_dialog, report_dialog,
                                      schedule_settings_dialog, settings_dialog, sign_in_dialog, switch_dialog,
                                      task_dialog, warning_calculator, warning_dialog)

    now = clock.now().replace(microsecond=0)
    event = events.register_event(ctx.db, events.EventInput(
        name="某学校诺如病毒感染疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=now - timedelta(hours=1), received_at=now - timedelta(minutes=20), grade="较大",
        counts={"ill": 23, "dead": 0}), "值班员")
    item = meetings.add_meeting(ctx.db, meetings.MeetingInput("work_meeting", "例会", now - timedelta(hours=2),
                                                              now - timedelta(hours=1)), "值班员")
    yield end_event_dialog.EndEventDialog(ctx, event, parent)
    yield event_dialog.EventDialog(ctx, parent)
    yield event_dialog.EventDialog(ctx, parent, event=event)
    yield grading_dialog.GradingDialog(ctx.plan_edition(), parent)
    yield import_dialog.ImportDialog(ctx, parent)
    yield meeting_dialog.MeetingDialog(ctx, parent)
    yield phone_report_dialog.PhoneReportDialog(ctx, event, parent)
    yield record_meeting_dialog.RecordMeetingDialog(ctx, parent, meetings.get_item(ctx.db, item.id))
    yield report_dialog.ReportDialog(ctx, reports.draft_report(ctx.db, "first", event.id), parent)
    yield schedule_settings_dialog.ScheduleSettingsDialog(ctx, parent)
    yield settings_dialog.SettingsDialog(ctx, parent)
    yield sign_in_dialog.SignInDialog(ctx.db, parent)
    yield switch_dialog.SwitchDialog(ctx, parent)
    yield task_dialog.TaskDialog(ctx, parent)
    yield warning_calculator.WarningCalculatorDialog(ctx, parent)
    yield warning_dialog.WarningDialog(ctx, parent)
    yield lock_screen.LockScreen(ctx, parent)


def test_no_dialog_has_two_widgets_on_the_same_alt_key(qtbot, main_window, ui_context):
    found, seen = {}, 0
    for dialog in every_dialog(ui_context, main_window):
        dialog.show()
        qtbot.waitExposed(dialog)
        bad = clashes(alt_keys(dialog))
        if bad:
            found[type(dialog).__name__] = bad
        seen += 1
        dialog.hide()
        dialog.deleteLater()
    assert seen == 17 and found == {}


def test_the_instruction_alt_key_goes_to_its_text_box(qtbot, ui_context):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from wzcommand.ui.dialogs.task_dialog import TaskDialog

    dialog = TaskDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.ui.contentEdit.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.ui.instructionEdit, timeout=2000)
    assert dialog.ui.instructionRadio.isChecked()


def test_tab_leaves_a_table_instead_of_walking_its_cells(qtbot, main_window, ui_context):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    main_window.show_panel(1)
    roster = main_window.panels["成员单位"]
    roster.select_unit("市公安局")
    table = roster.ui.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert roster.selected_unit().name == "市公安局"  # Tab did not move to another row
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert roster.selected_unit().name != "市公安局"  # arrows still move inside the table
    stuck = []
    for index in range(main_window.stack.count()):
        main_window.show_panel(index)
        stuck += [f"{main_window.current_title()}: {v.objectName()}"
                  for v in main_window.stack.currentWidget().findChildren(QAbstractItemView) if v.tabKeyNavigation()]
    assert stuck == []


@pytest.mark.parametrize("screen", [(1024, 700), (1366, 768)])
def test_every_panel_and_dialog_fits_the_common_office_screens(qtbot, main_window, ui_context, screen):
    """Visiting every panel (日程 included) never raises the window's minimum size beyond the screen
    (less the title bar and taskbar); every dialog fits too."""
    width, height = screen[0], screen[1] - 60
    main_window.resize(width, height)
    too_big = {}
    for index in [*range(main_window.stack.count()), 0]:
        main_window.show_panel(index)
        qtbot.wait(10)
        need = main_window.minimumSizeHint().expandedTo(main_window.minimumSize())
        if need.width() > width or need.height() > height:
            too_big[main_window.current_title()] = need.toTuple()
    for dialog in every_dialog(ui_context, main_window):
        dialog.show()
        need = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        if need.width() > width or need.height() > height:
            too_big[type(dialog).__name__] = need.toTuple()
        dialog.hide()
        dialog.deleteLater()
    assert too_big == {}
    assert main_window.width() <= width


def test_the_meeting_participant_picker_finds_units_by_pinyin_initials(qtbot, ui_context):
    from PySide6.QtCore import Qt

    from wzcommand.ui.dialogs.meeting_dialog import MeetingDialog

    dialog = MeetingDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.ui.addUnitCombo
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "wjw")
    completer = combo.completer()
    found = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
    assert "市卫生健康委" in found and len(found) < 10
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=2000)
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(found.index("市卫生健康委"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentText() == "市卫生健康委"
    dialog.add_attendee()
    assert "市卫生健康委" in dialog.attendees()


def test_every_dialog_opens_within_a_1024_by_700_screen(qtbot, main_window, ui_context, monkeypatch):
    """Opened on the office's smallest screen, no dialog is larger than it (under openbox the
    level-switch dialog opened 1120 px wide, its right side and its buttons off the screen)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from wzcommand.ui.dialogs.lock_screen import LockScreen
    from wzcommand.ui.unsaved import TITLE_BAR

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1024, 700))
    too_big = {}
    for dialog in every_dialog(ui_context, main_window):
        dialog.show()
        if not isinstance(dialog, LockScreen) and (dialog.width() > 1024 or dialog.height() > 700 - TITLE_BAR):
            too_big[type(dialog).__name__] = dialog.size().toTuple()  # the lock screen covers the window
        dialog.hide()
        dialog.deleteLater()
    assert too_big == {}


def test_a_choice_list_opened_from_the_keyboard_shows_what_return_would_pick(qtbot, ui_context):
    """A 请选择… box opened with Alt+Down highlights the first choice, so Down moves visibly from it
    (under Xvfb nothing was highlighted and three Downs picked Ⅳ级, the fourth choice, not the third)."""
    from wzcommand.ui.dialogs.switch_dialog import SwitchDialog

    dialog = SwitchDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.ui.targetCombo
    assert combo.currentIndex() == -1 and combo.placeholderText()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    highlighted = view.selectionModel().selectedIndexes()
    assert [i.row() for i in highlighted] == [view.currentIndex().row()] == [0]
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert combo.currentIndex() == 2  # the third choice after two Downs from the first


def test_a_large_dialog_opens_within_a_small_screen(qtbot, main_window, ui_context):
    from wzcommand.ui.dialogs.event_dialog import EventDialog

    dialog = EventDialog(ui_context, main_window)
    dialog.resize(1040, 720)  # what the register-event form asked for at 1024×700 under openbox
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height() - 40
    dialog.hide()
