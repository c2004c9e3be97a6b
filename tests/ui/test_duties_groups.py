"""职责清单 and 工作组 panels: the plan's text as the office reads and copies it."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wzcommand.services.roster import plan_of
from wzcommand.ui.panels.duties_panel import DutiesPanel
from wzcommand.ui.panels.groups_panel import GroupsPanel


def make(qtbot, cls, ctx):
    widget = cls(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_duties_panel_lists_all_62_items_in_order(qtbot, ui_context):
    panel = make(qtbot, DutiesPanel, ui_context)
    assert panel.ui.countLabel.text() == "共 62 项"
    assert panel.shown_items() == list(range(1, 63))
    text = panel.ui.browser.toPlainText()
    plan = plan_of(ui_context.db)
    positions = [text.index(f"第{item.no}项 {item.units_text}") for item in plan.duties]
    assert positions == sorted(positions)
    assert all(item.text in text for item in plan.duties)


def test_duties_filter_by_pinyin_and_by_words(qtbot, ui_context):
    panel = make(qtbot, DutiesPanel, ui_context)
    qtbot.keyClicks(panel.ui.filterEdit, "gaj")
    assert panel.shown_items() == [16]
    assert panel.ui.countLabel.text() == "显示 1 / 62 项"
    assert "第16项 市公安局" in panel.ui.browser.toPlainText()
    panel.ui.filterEdit.setText("隔离")
    assert panel.shown_items() and all("隔离" in plan_of(ui_context.db).duties[n - 1].text
                                        for n in panel.shown_items())
    panel.ui.filterEdit.setText("没有这样的词")
    assert panel.shown_items() == []
    assert "没有符合条件的职责条目" in panel.ui.browser.toPlainText()


def test_duties_text_can_be_selected_and_copied(qtbot, ui_context):
    panel = make(qtbot, DutiesPanel, ui_context)
    panel.ui.browser.setFocus()
    qtbot.keyClick(panel.ui.browser, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.ui.browser, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert "第1项" in copied and "第62项" in copied


def test_groups_panel_lists_six_groups_and_shows_members_and_duties(qtbot, ui_context):
    panel = make(qtbot, GroupsPanel, ui_context)
    group_list = panel.ui.groupList
    assert [group_list.item(i).text() for i in range(group_list.count())] == [
        "办公室", "管控服务组", "医疗组", "宣传组", "物资保障组", "督查组"]
    assert "办公室" in panel.ui.browser.toPlainText()  # the first group is shown at once
    rect = group_list.visualItemRect(group_list.item(2))
    qtbot.mouseClick(group_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = panel.ui.browser.toPlainText()
    medical = plan_of(ui_context.db).group("医疗组")
    assert "医疗组" in text and "温州医科大学" in text
    assert f"成员单位（{len(medical.members)} 个）" in text
    assert medical.duties in text
