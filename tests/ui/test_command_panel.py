"""指挥体系 panel: the organisation chart for the level in force, a group's member units, cadences,
the warning colour, the buttons and menu that open the dialogs; it follows the bus."""
from datetime import timedelta
from level_support import complete

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from warning_support import STEPS
from wzcommand import clock
from wzcommand.services import levels, people, warnings
from wzcommand.services.roster import update_contact
from wzcommand.ui.bus import LEVELS, PEOPLE
from wzcommand.ui.level_style import LEVEL_COLOURS, WARNING_COLOURS
from wzcommand.ui.panels.command_panel import CommandPanel

GROUPS = ["control_service", "medical", "publicity", "supplies", "inspection"]


def switch(db, target, days_ago=1, **extra):
    request = complete(db, levels.SwitchRequest(target, clock.now() - timedelta(days=days_ago), "市政府", "专家评估意见", **extra))
    return levels.switch_level(db, request, "测试")


@pytest.fixture
def named(db):
    people.set_person(db, "市政府常务副市长", "张志强", "测试", mobile="13900000003")
    people.set_person(db, "市卫生健康主管部门主要负责人", "陈晓东", "测试", mobile="13900000004")
    people.set_person(db, "市政府分管副市长", "李卫民", "测试", office_phone="0577-88880000")
    return db


@pytest.fixture
def panel(qtbot, ui_context):
    widget = CommandPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1180, 740)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def group_keys(panel):
    return [key for key in panel.chart.boxes() if key not in ("body", "office", "mechanism")]


def test_no_response_shows_the_leading_group_and_its_office(panel):
    boxes = panel.chart.boxes()
    assert boxes["body"].text().splitlines() == ["市突发公共卫生事件应急领导小组", "未启动应急响应"]
    assert "设在市卫生健康主管部门" in boxes["office"].text()
    assert "主任：市卫生健康主管部门分管负责人（空缺）" in boxes["office"].text()
    assert group_keys(panel) == [] and "mechanism" not in boxes
    assert panel.ui.levelLabel.text() == "未启动应急响应"
    assert panel.ui.warningLabel.text() == "无预警"
    assert panel.ui.membersTable.rowCount() == 0


def test_level_ii_chart_shows_commander_office_and_every_active_group(qtbot, named, ui_context):
    switch(named, "II")
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    boxes = panel.chart.boxes()
    assert boxes["body"].text().splitlines() == [
        "市突发公共卫生事件应急指挥部", "总指挥：市政府常务副市长（张志强）", "电话：13900000003"]
    assert boxes["office"].text().splitlines() == [
        "办公室", "设在市政府办公室", "主任：市政府联系工作副秘书长（空缺）"]
    assert group_keys(panel) == GROUPS
    medical = boxes["medical"].text().splitlines()
    assert medical == ["医疗组", "市卫生健康主管部门主要负责人（陈晓东）", "电话：13900000004", "和",
                       "温州医科大学分管负责人（空缺）"]
    assert boxes["publicity"].text().splitlines() == ["宣传组", "市委宣传部常务副部长（空缺）"]
    assert panel.ui.levelLabel.text() == "Ⅱ级应急响应"
    assert panel.ui.levelLabel.property("chipColour") == LEVEL_COLOURS["II"]
    assert panel.ui.sinceLabel.text().startswith("自 ")


def test_level_iv_shows_the_joint_mechanism_instead_of_groups(qtbot, named, ui_context):
    switch(named, "IV")
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    boxes = panel.chart.boxes()
    view = levels.command_view(named)
    assert "总指挥：市政府分管副市长（李卫民）" in boxes["body"].text()
    assert "电话：0577-88880000" in boxes["body"].text()  # the office phone when there is no mobile
    assert group_keys(panel) == []
    assert boxes["mechanism"].text().splitlines() == ["工作机制", view.mechanism]
    assert not boxes["office"].clickable  # the 一办五组 office does not run at Ⅳ
    assert "未运行" in panel.ui.membersTitle.text()


def test_cadences_and_warning_are_shown_verbatim(qtbot, named, ui_context):
    switch(named, "III")
    warnings.record_warning(named, "yellow", clock.now() - timedelta(hours=1), "市卫生健康委", "监测", "测试", steps=STEPS)
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    view = levels.command_view(named)
    for kind, text in view.cadence.items():
        assert panel.findChild(type(panel.ui.levelLabel), f"{kind}Value").text() == (text or "（预案未作规定）")
    assert panel.ui.warningLabel.text() == "黄色预警"
    assert panel.ui.warningLabel.property("chipColour") == WARNING_COLOURS["yellow"]


def test_clicking_a_group_lists_its_members_with_liaison_and_duty_phone(qtbot, ui_context):
    db = ui_context.db
    switch(db, "III")
    update_contact(db, "市卫生健康委", {"liaison": "赵六", "mobile": "13911112222", "duty_phone": "0577-88001234"}, "测试")
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.resize(1180, 740)
    panel.show()
    qtbot.waitExposed(panel)
    box = panel.chart.boxes()["medical"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert panel.shown_group() == "medical"
    assert box.is_selected()
    rows = panel.members_shown()
    assert [r[0] for r in rows] == list(levels.command_view(db).groups[2].members)
    assert ("市卫生健康委", "赵六", "13911112222", "0577-88001234") in rows
    assert "医疗组" in panel.ui.membersTitle.text() and f"{len(rows)} 个" in panel.ui.membersTitle.text()
    # by keyboard: Tab to a group box, Enter opens it
    supplies = panel.chart.boxes()["supplies"]
    supplies.setFocus()
    qtbot.keyClick(supplies, Qt.Key.Key_Return)
    assert panel.shown_group() == "supplies" and not box.is_selected()
    update_contact(db, "市公安局", {"liaison": "王五"}, "测试")
    ui_context.bus.changed.emit("roster")  # a liaison edited elsewhere shows at once
    assert ("市公安局", "王五", "", "") in panel.members_shown()


def test_at_1024_px_the_members_go_below_five_groups_and_nothing_is_cut(qtbot, named, ui_context):
    """Under Ⅲ at 1024×700 (seen under Xvfb) the chart of five groups left the member table beside it
    98 px wide; it now goes below the chart, full width, and the chart stays whole."""
    from wzcommand.ui.main_window import PANELS, MainWindow

    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.show_panel(0)
    command = window.panels[PANELS[0][0]]
    assert command.ui.splitter.orientation() == Qt.Orientation.Horizontal  # no response: room beside it
    switch(named, "III")
    ui_context.bus.changed.emit(LEVELS)
    qtbot.wait(20)
    command.show_group("control_service")
    table, area = command.ui.membersTable, command.ui.chartArea
    assert command.ui.splitter.orientation() == Qt.Orientation.Vertical
    assert table.width() >= table.fontMetrics().horizontalAdvance("中" * 24)
    assert table.horizontalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0
    assert table.rowCount() > 0 and table.viewport().height() >= table.verticalHeader().defaultSectionSize() * 3


def test_panel_follows_the_bus(qtbot, panel, ui_context):
    db, bus = ui_context.db, ui_context.bus
    request = complete(db, levels.SwitchRequest("III", clock.now() - timedelta(minutes=5), "市政府", "依据"))
    bus.write(LEVELS, levels.switch_level, db, request, "测试")
    assert group_keys(panel) == GROUPS
    assert panel.ui.levelLabel.text() == "Ⅲ级应急响应"
    bus.write(PEOPLE, people.set_person, db, "市政府分管副市长", "李卫民", "测试")
    assert "总指挥：市政府分管副市长（李卫民）" in panel.chart.boxes()["body"].text()


def test_buttons_open_the_dialogs(qtbot, panel):
    from wzcommand.ui.dialogs.grading_dialog import GradingDialog
    from wzcommand.ui.dialogs.switch_dialog import SwitchDialog
    from wzcommand.ui.dialogs.warning_calculator import WarningCalculatorDialog
    from wzcommand.ui.dialogs.warning_dialog import WarningDialog

    for button, kind in ((panel.ui.switchButton, SwitchDialog), (panel.ui.warningButton, WarningDialog),
                         (panel.ui.calculatorButton, WarningCalculatorDialog), (panel.ui.gradingButton, GradingDialog)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialogs = panel.findChildren(kind)
        assert len(dialogs) == 1 and dialogs[0].isVisible()
        dialogs[0].reject()
        qtbot.waitUntil(lambda: not panel.findChildren(kind))  # closed dialogs are deleted


def test_response_menu_and_shortcuts(qtbot, main_window):
    from wzcommand.ui.dialogs.switch_dialog import SwitchDialog

    menus = {a.text(): a.menu() for a in main_window.menuBar().actions()}
    assert "应急响应(&Y)" in menus
    shortcuts = {a.text(): a.shortcut() for a in menus["应急响应(&Y)"].actions() if a.text()}
    assert shortcuts == {"调整响应级别(&L)…": QKeySequence("Ctrl+L"), "发布/调整预警(&W)…": QKeySequence("Ctrl+Shift+W"),
                         "预警计算(&C)…": QKeySequence("Ctrl+Shift+C"), "事件分级辅助(&G)…": QKeySequence("Ctrl+Shift+G")}
    main_window.activateWindow()
    qtbot.waitUntil(lambda: main_window.isActiveWindow())
    qtbot.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialogs = main_window.findChildren(SwitchDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].reject()


def test_tab_goes_from_the_buttons_through_the_groups_to_the_members(qtbot, ui_context):
    switch(ui_context.db, "III")
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    order, widget = [], panel.ui.switchButton
    while len(order) < 11:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            order.append(widget.objectName())
    assert order == ["warningButton", "calculatorButton", "gradingButton", "box_office",
                     *(f"box_{key}" for key in GROUPS), "membersTable", "switchButton"]  # and round again
