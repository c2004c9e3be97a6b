"""Never lose work: a form with unsaved changes asks 保存 / 不保存 / 取消 before it is left — on
Escape, on another selection, on another panel and on quit; report drafts are kept in the database."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from wzcommand import clock
from wzcommand.services import events, roster, saved_drafts
from wzcommand.services.audit_log import entries
from wzcommand.ui.dialogs.report_dialog import ReportDialog
from wzcommand.ui.dialogs.task_dialog import TaskDialog

from wzcommand.ui.models.roster_model import COL_NAME


def click_unit(qtbot, panel, name):
    table, model = panel.ui.table, panel.ui.table.model()
    row = [model.index(r, COL_NAME).data() for r in range(model.rowCount())].index(name)
    index = model.index(row, COL_NAME)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def edit_field(qtbot, panel, field, text):
    edit = panel.findChild(type(panel.ui.searchEdit), f"{field}Edit")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    return edit

NOW = clock.now().replace(second=0, microsecond=0)


@pytest.fixture
def units(qtbot, main_window):
    main_window.show_panel(1)
    panel = main_window.panels["成员单位"]
    click_unit(qtbot, panel, "市公安局")
    return panel


def mobile(panel):
    return panel.findChild(type(panel.ui.searchEdit), "mobileEdit")


def test_selecting_another_unit_asks_and_cancel_keeps_the_typing(qtbot, units, ui_context, unsaved_answer):
    edit_field(qtbot, units, "mobile", "13812345678")
    unsaved_answer["arm"]("取消")
    click_unit(qtbot, units, "市教育局")
    assert "“市公安局”的联系方式有尚未保存的修改" in unsaved_answer["texts"][0]
    assert units.selected_unit().name == "市公安局" and mobile(units).text() == "13812345678"
    assert [r.data() for r in units.ui.table.selectionModel().selectedRows(0)] == ["市公安局"]
    unsaved_answer["arm"]("保存")
    click_unit(qtbot, units, "市教育局")
    assert roster.get_unit(ui_context.db, "市公安局").contact["mobile"] == "13812345678"
    assert units.selected_unit().name == "市教育局"


def test_discarding_on_selection_change_writes_nothing(qtbot, units, ui_context, unsaved_answer):
    edit_field(qtbot, units, "mobile", "13812345678")
    unsaved_answer["arm"]("不保存")
    click_unit(qtbot, units, "市教育局")
    assert units.selected_unit().name == "市教育局"
    assert roster.get_unit(ui_context.db, "市公安局").contact.get("mobile", "") == ""


def test_changing_panel_asks_and_cancel_stays(qtbot, main_window, units, unsaved_answer):
    edit_field(qtbot, units, "mobile", "13812345678")
    unsaved_answer["arm"]("取消")
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert unsaved_answer["texts"] and main_window.current_title() == "成员单位"
    assert main_window.nav.currentRow() == 1 and mobile(units).text() == "13812345678"


def test_ctrl_q_with_a_contact_half_typed_asks_before_quitting(qtbot, main_window, units, ui_context,
                                                                unsaved_answer):
    edit_field(qtbot, units, "mobile", "1381234")
    unsaved_answer["arm"]("取消")
    main_window.quit_action.trigger()
    assert main_window.isVisible() and mobile(units).text() == "1381234"
    edit_field(qtbot, units, "mobile", "13812345678")
    unsaved_answer["arm"]("保存")
    main_window.close()
    assert not main_window.isVisible()
    assert roster.get_unit(ui_context.db, "市公安局").contact["mobile"] == "13812345678"


def test_escape_in_the_task_dialog_asks(qtbot, ui_context, type_text, unsaved_answer):
    dialog = TaskDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.ui.contentEdit, "落实隔离点位")
    unsaved_answer["arm"]("取消")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "尚未保存" in unsaved_answer["texts"][0]
    unsaved_answer["arm"]("不保存")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_in_an_untouched_dialog_just_closes(qtbot, ui_context, _unsaved_prompt):
    dialog = TaskDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _unsaved_prompt == []


def register(db):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
                place="某小学", occurred_at=NOW - timedelta(hours=1), received_at=NOW - timedelta(minutes=20),
                grade="较大", counts={"ill": 23, "dead": 0})
    return events.register_event(db, events.EventInput(**data), "值班员")


def open_report(qtbot, ctx, event_id):
    from wzcommand.services import reports

    dialog = ReportDialog(ctx, reports.draft_report(ctx.db, "first", event_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_report_draft_escape_asks_and_saving_keeps_it_where_it_was(qtbot, ui_context, type_text, unsaved_answer):
    event = register(ui_context.db)
    dialog = open_report(qtbot, ui_context, event.id)
    edit = dialog.section_edits[2]
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    type_text(edit, "发热、腹痛")
    unsaved_answer["arm"]("取消")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    unsaved_answer["arm"]("保存")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    kept = saved_drafts.find_draft(ui_context.db, "first", event.id)
    assert kept.draft.sections[2].text.endswith("发热、腹痛") and kept.saved_by == "测试员"
    assert kept.place.startswith("section3Edit:")
    again = open_report(qtbot, ui_context, event.id)
    assert again.section_edits[2].toPlainText().endswith("发热、腹痛")
    assert "已打开" in again.message() and "保存的草稿" in again.message()
    assert again.focusWidget() is again.section_edits[2]
    assert again.section_edits[2].textCursor().position() == len(again.section_edits[2].toPlainText())
    assert "report.draft.save" in [e.action for e in entries(ui_context.db)]


def test_report_draft_is_autosaved_while_typing_and_discarded_on_request(qtbot, ui_context, type_text,
                                                                          unsaved_answer):
    event = register(ui_context.db)
    dialog = open_report(qtbot, ui_context, event.id)
    type_text(dialog.section_edits[0], "补充：")
    assert saved_drafts.find_draft(ui_context.db, "first", event.id) is None
    qtbot.waitUntil(lambda: saved_drafts.find_draft(ui_context.db, "first", event.id) is not None, timeout=5000)
    unsaved_answer["arm"]("不保存")
    dialog.reject()
    assert not dialog.isVisible()
    assert saved_drafts.find_draft(ui_context.db, "first", event.id) is None


def test_people_form_asks_before_another_post_is_selected(qtbot, main_window, ui_context, unsaved_answer):
    main_window.show_panel(4)
    panel = main_window.panels["职务人员"]
    model = panel.ui.table.model()
    first, second = model.index(0, 0).data(), model.index(1, 0).data()
    panel.select_post(first)
    edit = panel._edits["name"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Zhang")
    unsaved_answer["arm"]("取消")
    table = panel.ui.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(1, 0)).center())
    assert unsaved_answer["texts"] and panel._current.label == first and edit.text() == "Zhang"
    unsaved_answer["arm"]("不保存")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(model.index(1, 0)).center())
    assert panel._current.label == second
