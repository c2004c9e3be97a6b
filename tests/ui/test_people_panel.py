"""职务人员 panel: the post register, edited one post at a time with messages next to the fields."""
from datetime import timedelta
from level_support import complete

import pytest
from PySide6.QtCore import Qt

from wzcommand import clock
from wzcommand.services import levels, people
from wzcommand.ui.models.people_model import COL_MOBILE, COL_PERSON, COL_POST
from wzcommand.ui.panels.command_panel import CommandPanel
from wzcommand.ui.panels.people_panel import PeoplePanel


@pytest.fixture
def panel(qtbot, ui_context):
    people.set_person(ui_context.db, "市长", "王建国", "李四", mobile="13900000001")
    widget = PeoplePanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1180, 740)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def column(panel, col):
    model = panel.ui.table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def click_post(qtbot, panel, label):
    table = panel.ui.table
    index = table.model().index(column(panel, COL_POST).index(label), COL_POST)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def replace_text(qtbot, type_text, edit, text):
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def test_register_lists_every_post_with_vacancies(panel, ui_context):
    holders = people.list_people(ui_context.db)
    assert column(panel, COL_POST) == [h.label for h in holders]
    assert column(panel, COL_POST)[0] == "市长" and column(panel, COL_PERSON)[0] == "王建国"
    assert "市政府相关副市长（宣传组）" in column(panel, COL_POST)
    assert column(panel, COL_PERSON).count("空缺") == len(holders) - 1
    assert not panel.ui.formBox.isEnabled()


def test_edit_is_saved_and_shown_in_the_command_chart(qtbot, panel, ui_context, type_text):
    command = CommandPanel(ui_context)
    qtbot.addWidget(command)
    levels.switch_level(ui_context.db, complete(ui_context.db, levels.SwitchRequest("III", clock.now() - timedelta(hours=1), "市政府", "依据")),
                        "测试")
    command.reload()
    click_post(qtbot, panel, "市政府分管副市长")
    assert panel.ui.postLabel.text() == "<b>市政府分管副市长</b>"
    replace_text(qtbot, type_text, panel.ui.nameEdit, "李卫民")
    replace_text(qtbot, type_text, panel.ui.mobileEdit, "13900000002")
    qtbot.mouseClick(panel.ui.saveButton, Qt.MouseButton.LeftButton)
    holder = next(h for h in people.list_people(ui_context.db) if h.post == "市政府分管副市长")
    assert (holder.person, holder.mobile, holder.updated_by) == ("李卫民", "13900000002", "测试员")
    assert panel.ui.savedLabel.text() == "已保存。" and "测试员" in panel.ui.updatedLabel.text()
    row = column(panel, COL_POST).index("市政府分管副市长")
    assert column(panel, COL_PERSON)[row] == "李卫民" and column(panel, COL_MOBILE)[row] == "13900000002"
    assert "总指挥：市政府分管副市长（李卫民）" in command.chart.boxes()["body"].text()  # through the bus


def test_bad_mobile_is_shown_next_to_the_field_and_the_old_value_kept(qtbot, panel, ui_context, type_text):
    click_post(qtbot, panel, "市长")
    replace_text(qtbot, type_text, panel.ui.mobileEdit, "12345")
    qtbot.keyClick(panel.ui.mobileEdit, Qt.Key.Key_Return)
    assert panel.ui.mobileError.isVisible()
    assert "手机号码应为以1开头的11位数字" in panel.field_error("mobile")
    assert not panel.field_error("mobile").startswith("手机：")  # the caption already says it
    assert panel.field_error("name") == "" and panel.field_error("office_phone") == ""
    holder = people.list_people(ui_context.db)[0]
    assert (holder.person, holder.mobile) == ("王建国", "13900000001")
    assert column(panel, COL_MOBILE)[0] == "13900000001"
    assert panel.ui.mobileEdit.text() == "12345"  # the typing is kept for correcting


def test_a_post_held_per_group_is_saved_for_that_group_only(qtbot, panel, ui_context, type_text):
    click_post(qtbot, panel, "市政府相关副市长（宣传组）")
    replace_text(qtbot, type_text, panel.ui.nameEdit, "郑丽")
    panel.save()
    named = {h.label: h.person for h in people.list_people(ui_context.db) if h.post == "市政府相关副市长"}
    assert named == {"市政府相关副市长（管控服务组）": "", "市政府相关副市长（宣传组）": "郑丽",
                     "市政府相关副市长（物资保障组）": "", "市政府相关副市长（督查组）": ""}


def test_revert_restores_the_saved_values(qtbot, panel, type_text):
    click_post(qtbot, panel, "市长")
    replace_text(qtbot, type_text, panel.ui.nameEdit, "别人")
    assert panel.ui.saveButton.isEnabled()
    qtbot.mouseClick(panel.ui.revertButton, Qt.MouseButton.LeftButton)
    assert panel.ui.nameEdit.text() == "王建国" and not panel.ui.saveButton.isEnabled()
