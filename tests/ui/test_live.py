"""Every seat current: a read-only second window shows what the writing window saved within two
seconds, without any action; F5 reloads at once; its forms are read-only."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wzcommand.services import roster
from wzcommand.settings import Settings
from wzcommand.storage.database import open_database
from wzcommand.ui.bus import ChangeBus, UiContext
from wzcommand.ui.main_window import MainWindow


@pytest.fixture
def reader(qtbot, db):
    """A second window on the same file, opened read-only (as when another window writes it)."""
    second = open_database(db.path, read_only=True)
    ctx = UiContext(second, ChangeBus(), Settings(operator="第二窗口"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.live.stop()
    second.close()


def liaison_shown(window):
    units = window.panels["成员单位"]
    return units.findChild(type(units.ui.searchEdit), "liaisonEdit").text()


def test_read_only_window_shows_another_windows_save_within_two_seconds(qtbot, reader, db):
    reader.show_panel(1)
    assert reader.panels["成员单位"].select_unit("市公安局") and liaison_shown(reader) == ""
    roster.update_contact(db, "市公安局", {"liaison": "王五"}, "值班员")  # the writing window saves
    qtbot.waitUntil(lambda: liaison_shown(reader) == "王五", timeout=2000)
    assert "值班员" in reader.panels["成员单位"].ui.updatedLabel.text()


def test_f5_reloads_at_once(qtbot, reader, db):
    reader.live.timer.stop()  # no polling: only F5
    reader.show_panel(1)
    reader.panels["成员单位"].select_unit("市公安局")
    roster.update_contact(db, "市公安局", {"liaison": "赵六"}, "值班员")
    qtbot.wait(50)
    assert liaison_shown(reader) == ""
    reader.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is reader)
    qtbot.keyClick(reader, Qt.Key.Key_F5)
    assert liaison_shown(reader) == "赵六"


def test_read_only_window_shows_forms_read_only(qtbot, reader):
    reader.show_panel(1)
    units = reader.panels["成员单位"]
    units.select_unit("市公安局")
    edit = units.findChild(type(units.ui.searchEdit), "liaisonEdit")
    assert edit.isReadOnly() and not units.ui.saveButton.isVisible()
    qtbot.keyClicks(edit, "abc")
    assert edit.text() == "" and not units.has_unsaved()
    reader.show_panel(4)
    people = reader.panels["职务人员"]
    people.select_post(people.model.index(0, 0).data())
    assert all(e.isReadOnly() for e in people._edits.values())


def test_a_form_being_edited_keeps_its_typing_when_another_seat_saves(qtbot, main_window, ui_context, db):
    main_window.show_panel(1)
    units = main_window.panels["成员单位"]
    units.select_unit("市公安局")
    edit = units.findChild(type(units.ui.searchEdit), "mobileEdit")
    edit.setFocus()
    qtbot.keyClicks(edit, "13812345678")
    other = open_database(db.path)
    try:
        roster.update_contact(other, "市教育局", {"liaison": "孙七"}, "另一工作站")
    finally:
        other.close()
    main_window.live.refresh()  # what the poll does when it notices the other seat's commit
    assert edit.text() == "13812345678" and units.has_unsaved()
