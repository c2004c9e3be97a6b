"""成员单位 panel: what a user sees when searching, filtering, sorting, reading and editing."""
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from wzcommand.services.roster import get_unit, plan_of, update_contact
from wzcommand.ui.models.roster_model import COL_DUTIES, COL_MOBILE, COL_NAME
from wzcommand.ui.panels.roster_panel import RosterPanel


@pytest.fixture
def panel(qtbot, ui_context):
    update_contact(ui_context.db, "市公安局", {"liaison": "王五", "mobile": "13900001111"}, "李四")
    widget = RosterPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_names(panel):
    model = panel.ui.table.model()
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def cell(panel, name, column):
    model = panel.ui.table.model()
    row = shown_names(panel).index(name)
    return model.index(row, column).data()


def click_unit(qtbot, panel, name):
    table = panel.ui.table
    index = table.model().index(shown_names(panel).index(name), COL_NAME)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_all_units_listed_in_plan_order(panel, ui_context):
    names = shown_names(panel)
    assert len(names) == len(plan_of(ui_context.db).units) == 77
    assert names[:3] == ["市纪委市监委机关", "市委办公室", "市政府办公室"]
    assert panel.ui.countLabel.text() == "共 77 个单位"


def test_typing_a_name_filters_the_table(panel, type_text):
    type_text(panel.ui.searchEdit, "公安")
    assert shown_names(panel) == ["市公安局"]
    assert panel.ui.countLabel.text() == "显示 1 / 77 个单位"


def test_typing_pinyin_initials_finds_the_health_commission(qtbot, panel):
    qtbot.keyClicks(panel.ui.searchEdit, "wjw")
    assert "市卫生健康委" in shown_names(panel)
    assert "市公安局" not in shown_names(panel)
    panel.ui.searchEdit.clear()
    assert len(shown_names(panel)) == 77


def test_group_filter_shows_only_its_members(panel, ui_context):
    combo = panel.ui.groupCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "全部工作组", "办公室", "管控服务组", "医疗组", "宣传组", "物资保障组", "督查组"]
    combo.setCurrentIndex(combo.findText("医疗组"))
    medical = plan_of(ui_context.db).group("医疗组").members
    assert sorted(shown_names(panel)) == sorted(medical)
    assert "温州医科大学" in shown_names(panel)


def click_header(qtbot, panel, column):
    header = panel.ui.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_duties_header_sorts_numerically(qtbot, panel):
    click_header(qtbot, panel, COL_DUTIES)
    model = panel.ui.table.model()
    firsts = [model.index(r, COL_DUTIES).data() for r in range(model.rowCount())]
    numbers = [int(text.split("、")[0]) for text in firsts if text]
    assert numbers == sorted(numbers) and numbers[:10] == list(range(1, 11))  # 9 before 10
    assert firsts[-1] == ""  # units without a duty item come last
    click_header(qtbot, panel, COL_DUTIES)  # second click: descending, empty cells still last
    firsts = [model.index(r, COL_DUTIES).data() for r in range(model.rowCount())]
    assert [int(text.split("、")[0]) for text in firsts if text] == sorted(numbers, reverse=True)
    assert firsts[0].startswith("61") and firsts[-1] == ""
    click_header(qtbot, panel, COL_DUTIES)  # third click: back to the plan's order
    assert model.index(0, COL_NAME).data() == "市纪委市监委机关"


def test_sorting_by_name_uses_pinyin_order(panel):
    panel.ui.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    names = shown_names(panel)
    assert names[0] == "电信温州分公司"  # dian… before gao…, lian…, shi…, tuan…, wen…, zhe…
    order = ["电信温州分公司", "高速交警温州支队", "联通温州分公司", "市财政局", "团市委", "温州海关", "浙江日报温州分社"]
    assert sorted(order, key=names.index) == order
    assert names.index("市财政局") < names.index("市公安局") < names.index("市卫生健康委")


def test_selecting_a_unit_shows_its_duties_and_groups(qtbot, panel, ui_context):
    click_unit(qtbot, panel, "市公安局")
    text = panel.ui.detailBrowser.toPlainText()
    plan = plan_of(ui_context.db)
    for item in plan.duties_of("市公安局"):
        assert f"{item.no}. " in text
        assert item.text in text
    for group in plan.groups_of("市公安局"):
        assert group.name in text and group.duties in text
    assert panel.ui.contactBox.title() == "联系方式：市公安局"
    assert panel.findChild(type(panel.ui.searchEdit), "mobileEdit").text() == "13900001111"
    assert "李四" in panel.ui.updatedLabel.text()


def edit_field(qtbot, panel, field, text):
    edit = panel.findChild(type(panel.ui.searchEdit), f"{field}Edit")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # Chinese arrives from the input method as a committed string
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtWidgets import QApplication

        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
    return edit


def test_bad_mobile_is_shown_next_to_the_field_and_not_saved(qtbot, panel, ui_context):
    click_unit(qtbot, panel, "市公安局")
    edit_field(qtbot, panel, "mobile", "12345")
    qtbot.mouseClick(panel.ui.saveButton, Qt.MouseButton.LeftButton)
    error = panel.findChild(type(panel.ui.countLabel), "mobileError")
    assert error.isVisible()
    assert "手机号码应为以1开头的11位数字" in error.text()
    assert panel.field_error("liaison") == ""
    assert get_unit(ui_context.db, "市公安局").contact["mobile"] == "13900001111"
    assert cell(panel, "市公安局", COL_MOBILE) == "13900001111"


def test_good_edit_is_saved_shown_in_the_table_and_stays_selected(qtbot, panel, ui_context):
    click_unit(qtbot, panel, "市公安局")
    edit_field(qtbot, panel, "mobile", "13812345678")
    qtbot.mouseClick(panel.ui.saveButton, Qt.MouseButton.LeftButton)
    assert get_unit(ui_context.db, "市公安局").contact["mobile"] == "13812345678"
    assert cell(panel, "市公安局", COL_MOBILE) == "13812345678"
    assert panel.selected_unit().name == "市公安局"
    rows = panel.ui.table.selectionModel().selectedRows(COL_NAME)
    assert [r.data() for r in rows] == ["市公安局"]
    assert "测试员" in panel.ui.updatedLabel.text()
    assert panel.ui.savedLabel.text() == "已保存。"
    assert not panel.ui.saveButton.isEnabled()  # nothing left to save


def test_enter_in_a_field_saves(qtbot, panel, ui_context):
    click_unit(qtbot, panel, "市公安局")
    edit = edit_field(qtbot, panel, "liaison", "赵六")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert get_unit(ui_context.db, "市公安局").contact["liaison"] == "赵六"


def test_conflicting_edit_says_so_and_offers_the_other_seats_values(qtbot, panel, ui_context, unsaved_answer):
    click_unit(qtbot, panel, "市公安局")
    update_contact(ui_context.db, "市公安局", {"mobile": "13700000000"}, "另一台工作站")  # someone else
    edit_field(qtbot, panel, "mobile", "13812345678")
    unsaved_answer["arm"]("采用对方的值")
    qtbot.mouseClick(panel.ui.saveButton, Qt.MouseButton.LeftButton)
    said = unsaved_answer["texts"][0]
    assert "已被他人修改" in said and "另一台工作站" in said
    assert "13700000000" in said and "您填写的是：13812345678" in said
    assert get_unit(ui_context.db, "市公安局").contact["mobile"] == "13700000000"
    assert panel.findChild(type(panel.ui.searchEdit), "mobileEdit").text() == "13700000000"


def test_conflicting_edit_can_be_saved_over_the_other_seats_values(qtbot, panel, ui_context, unsaved_answer):
    click_unit(qtbot, panel, "市公安局")
    update_contact(ui_context.db, "市公安局", {"mobile": "13700000000"}, "另一台工作站")
    edit_field(qtbot, panel, "mobile", "13812345678")
    unsaved_answer["arm"]("保存我的修改")
    qtbot.mouseClick(panel.ui.saveButton, Qt.MouseButton.LeftButton)
    assert get_unit(ui_context.db, "市公安局").contact["mobile"] == "13812345678"
    assert panel.ui.savedLabel.text() == "已保存。"


def test_search_keeps_selection_of_a_matching_unit(qtbot, panel):
    click_unit(qtbot, panel, "市公安局")
    qtbot.keyClicks(panel.ui.searchEdit, "gaj")
    assert panel.selected_unit().name == "市公安局"
    panel.ui.searchEdit.setText("wjw")
    assert panel.selected_unit() is None
    assert "请在上方表格中选择" in panel.ui.detailBrowser.toPlainText()


def test_enter_in_search_selects_the_first_unit_found(qtbot, panel):
    qtbot.keyClicks(panel.ui.searchEdit, "gaj")
    qtbot.keyClick(panel.ui.searchEdit, Qt.Key.Key_Return)
    assert panel.selected_unit().name == "市公安局"
    assert "市公安局" in panel.ui.detailBrowser.toPlainText()


@pytest.mark.parametrize("wording,unit", [
    # e.g. phe 6.1.4, line 1939: "由市卫生健康主管部门组织专家咨询委员会评估后决定"
    ("市卫生健康主管部门", "市卫生健康委"),
    # ari 5.4, line 4505: "由市疾病预防控制机构对疫情……"
    ("市疾病预防控制机构", "市疾控中心"),
    # ari 5.2, line 4424: "市卫生健康主管部门、市公安主管部门和市级主管单位"
    ("市公安主管部门", "市公安局"),
    # phe 8.4.1, line 2693: "通信管理部门组织协调各通信运营企业"
    ("通信管理部门", "市通信发展办公室"),
])
def test_the_plans_generic_names_find_the_unit(panel, type_text, wording, unit):
    type_text(panel.ui.searchEdit, wording)
    assert shown_names(panel) == [unit]
