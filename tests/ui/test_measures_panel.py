"""管控措施 panel: registering a measure shows the plan's words and the approvals it will need; a
中断交通干道 without the province's approval is listed as pending until the approval is recorded;
lifting; reachable by keyboard from the main window."""
from datetime import timedelta

import pytest
from level_support import switch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wzcommand import clock
from wzcommand.services import measures
from wzcommand.ui.dialogs.measure_dialogs import MeasureApproveDialog, MeasureDialog, MeasureLiftDialog
from wzcommand.ui.models.measure_model import COL_AREA, COL_KIND, COL_REVIEW, COL_STATUS
from wzcommand.ui.panels.measures_panel import NOTHING, MeasuresPanel


@pytest.fixture(autouse=True)
def response(ui_context):
    """A respiratory Ⅰ response in force (every measure is listed at Ⅰ), for the tests not about levels."""
    switch(ui_context.db, "I", clock.now() - timedelta(days=3), plan="respiratory")


@pytest.fixture
def panel(qtbot, ui_context):
    widget = MeasuresPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1000, 680)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def cell(panel, row, col):
    return panel.model.index(row, col).data()


def test_a_trunk_road_cut_entered_in_the_dialog_is_pending_until_the_province_approves(qtbot, panel):
    assert panel.model.rowCount() == 0 and panel.ui.summaryLabel.text() == NOTHING
    dialog = show(qtbot, panel.add())
    assert isinstance(dialog, MeasureDialog)
    dialog.set_kind("中断交通干道")
    assert "中断交通干道的，应经省政府批准。" in dialog.ui.quoteLabel.text()
    assert "须经批准：省政府批准。" in dialog.needs_text()
    dialog.set_kind("县域封锁")
    assert "6.2.3(4)（Ⅱ级应急响应措施）：“划定控制区域" in dialog.ui.quoteLabel.text()
    assert "须经批准：省领导小组批准。" in dialog.needs_text()
    dialog.set_kind("中断交通干道")
    dialog.set_kind("交通运输管制")  # always affects other divisions' flows: ticked and fixed
    assert dialog.ui.affectsCheck.isChecked() and not dialog.ui.affectsCheck.isEnabled()
    dialog.set_kind("中断交通干道")  # back to the clerk's own choice
    assert not dialog.ui.affectsCheck.isChecked() and dialog.ui.affectsCheck.isEnabled()
    ui = dialog.ui
    ui.divisionCombo.setCurrentIndex(ui.divisionCombo.findData("鹿城区"))
    ui.placeEdit.setText("五马街道")
    ui.decidedByEdit.setText("市应急指挥部")
    dialog.accept()
    assert dialog.isVisible() and "请填写依据" in dialog.field_error("basis")  # refused beside its field
    ui.basisEdit.setPlainText("温应指〔2026〕5号")
    dialog.accept()
    assert not dialog.isVisible()
    assert cell(panel, 0, COL_KIND) == "中断交通干道"
    assert panel.selected().id == dialog.saved.id
    assert cell(panel, 0, COL_STATUS) == "待批准：尚需省政府批准"
    assert "待批准 <b>1</b> 项" in panel.ui.summaryLabel.text()
    assert panel.ui.detailText.toPlainText().count("中断交通干道的，应经省政府批准。") == 1  # quoted once, for the approval
    assert "市应急指挥部决定（温应指〔2026〕5号），20" in panel.ui.detailText.toPlainText()
    assert "起实施" not in panel.ui.detailText.toPlainText()  # not in force before the approval
    approve = show(qtbot, panel.approve())
    assert isinstance(approve, MeasureApproveDialog) and "尚需：<b>省政府批准</b>" in approve.ui.currentLabel.text()
    approve.ui.approvedByEdit.setText("温州市政府")
    approve.ui.refEdit.setText("温政函〔2026〕1号")
    approve.accept()
    assert approve.isVisible() and "“温州市政府”不是本措施所需的批准机关" in approve.field_error("approved_by")
    approve.ui.approvedByEdit.setText("浙江省人民政府")
    approve.ui.refEdit.setText("浙政函〔2026〕9号")
    approve.accept()
    assert not approve.isVisible() and cell(panel, 0, COL_STATUS) == "实施中"
    assert "✓ 省政府批准：浙江省人民政府（浙政函〔2026〕9号" in panel.ui.detailText.toPlainText()
    assert not panel.ui.approveButton.isEnabled()
    assert "起实施" in panel.ui.detailText.toPlainText()
    lift = show(qtbot, panel.lift())
    assert isinstance(lift, MeasureLiftDialog)
    lift.ui.liftedByEdit.setText("市应急指挥部")
    lift.accept()
    assert not lift.isVisible()
    assert panel.model.rowCount() == 0  # the default view shows what is not lifted
    panel.ui.filterCombo.setCurrentText("已解除或撤销")
    assert cell(panel, 0, COL_STATUS) == "已解除" and "解除" in panel.ui.detailText.toPlainText()


def test_a_zone_declared_by_a_department_is_refused_and_a_past_review_is_flagged(qtbot, panel, ui_context):
    dialog = show(qtbot, panel.add())
    dialog.set_kind("划定疫区")
    assert "须由县级以上政府决定" in dialog.needs_text()
    dialog.ui.decidedByEdit.setText("市卫生健康委")
    dialog.ui.basisEdit.setPlainText("温卫〔2026〕1号")
    dialog.accept()
    assert dialog.isVisible() and "划定疫区须由县级以上政府决定" in dialog.field_error("decided_by")
    dialog.reject()
    start = clock.now() - timedelta(days=3)
    measures.add_measure(ui_context.db, "停工停业停课", "瑞安市", "瑞安市政府", "瑞政发〔2026〕3号", "值班员",
                         started_at=start, review_on=(clock.local(start) + timedelta(days=1)).date())
    ui_context.bus.changed.emit("measures")
    assert cell(panel, 0, COL_REVIEW).endswith("（已过期）")
    assert "复核日期已过 <b>1</b> 项" in panel.ui.summaryLabel.text()


def test_main_window_reaches_the_panel_by_keyboard(qtbot, main_window):
    action = next(a for a in main_window.panel_actions if a.text().startswith("管控措施"))
    assert action.text() == "管控措施(&M)" and action.shortcut().toString() == "Ctrl+Alt+M"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert main_window.current_title() == "管控措施"
    panel = main_window.stack.currentWidget()
    assert isinstance(panel, MeasuresPanel)
    qtbot.keyClick(panel.ui.addButton, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MeasureDialog))
    QApplication.activeModalWidget().reject()


def test_no_dialog_of_the_register_has_two_fields_on_one_alt_key(qtbot, panel, ui_context):
    from test_keyboard import alt_keys, clashes

    m = measures.add_measure(ui_context.db, "中断交通干道", "全市", "市应急指挥部", "温应指〔2026〕5号", "值班员")
    ui_context.bus.changed.emit("measures")
    for dialog in (panel.add(), panel.approve(), panel.lift(), panel.review()):
        show(qtbot, dialog)
        assert clashes(alt_keys(dialog)) == {}, type(dialog).__name__
        dialog.reject()
    assert m.status == "pending_approval"


def test_the_command_view_lists_measures_in_force_and_pending_approvals(qtbot, ui_context):
    from wzcommand.ui.panels.command_panel import CommandPanel

    command = CommandPanel(ui_context)
    qtbot.addWidget(command)
    command.show()
    qtbot.waitExposed(command)
    label = command.ui.measuresLabel
    assert label.isHidden()  # nothing in force or pending: no line
    db = ui_context.db
    measures.add_measure(db, "停工停业停课", "瑞安市安阳街道", "瑞安市政府", "瑞政发〔2026〕3号", "值班员")
    measures.add_measure(db, "中断交通干道", "鹿城区", "市应急指挥部", "温应指〔2026〕5号", "值班员")
    ui_context.bus.changed.emit("measures")
    assert not label.isHidden()
    assert "实施中 1 项：停工停业停课（瑞安市安阳街道）" in label.text()
    assert "待批准 1 项：中断交通干道（鹿城区），尚需省政府批准" in label.text()
    assert "Ctrl+Alt+M" in label.toolTip()


def test_moving_a_past_review_date_in_the_dialog_clears_the_flag(qtbot, panel, ui_context):
    from PySide6.QtCore import QDate

    from wzcommand.ui.dialogs.measure_dialogs import MeasureReviewDialog

    start = clock.now() - timedelta(days=3)
    measures.add_measure(ui_context.db, "社区封闭式管理", "龙湾区永中街道", "龙湾区政府", "龙政发〔2026〕2号", "值班员",
                         started_at=start, review_on=(clock.local(start) + timedelta(days=1)).date())
    ui_context.bus.changed.emit("measures")
    assert cell(panel, 0, COL_REVIEW).endswith("（已过期）")
    dialog = show(qtbot, panel.review())
    assert isinstance(dialog, MeasureReviewDialog) and "现定复核日期" in dialog.ui.currentLabel.text()
    dialog.ui.reviewEdit.setDate(QDate.currentDate().addDays(5))
    dialog.accept()
    assert not dialog.isVisible() and not cell(panel, 0, COL_REVIEW).endswith("（已过期）")
    assert "复核日期已过" not in panel.ui.summaryLabel.text()


def test_a_measure_above_the_level_in_force_is_said_in_the_form_and_saved_only_with_a_reason(qtbot, ui_context):
    switch(ui_context.db, "III", clock.now() - timedelta(days=1))  # lowered from Ⅰ: the respiratory plan's Ⅲ
    panel = MeasuresPanel(ui_context)
    qtbot.addWidget(panel)
    dialog = show(qtbot, panel.add())
    ui = dialog.ui
    assert not ui.levelReasonEdit.isVisible() and dialog.level_text() == ""  # 疫区 are Ⅲ measures of this plan
    dialog.set_kind("县域封锁")
    said = "县域封锁是《温州市突发急性呼吸道传染病事件应急预案》6.2.3(4)所列的Ⅱ级应急响应措施，实施时全市为Ⅲ级应急响应"
    assert said in dialog.level_text() and ui.levelReasonEdit.isVisible()
    ui.divisionCombo.setCurrentIndex(ui.divisionCombo.findData("乐清市"))
    ui.decidedByEdit.setText("市应急指挥部")
    ui.basisEdit.setPlainText("温应指〔2026〕8号")
    dialog.accept()
    assert dialog.isVisible() and dialog.field_error("level_reason").startswith("如确经依法决定，请填写理由")
    ui.startedAtEdit.setDateTime(ui.startedAtEdit.dateTime().addDays(-2))  # at Ⅰ then: nothing to say
    assert not ui.levelReasonEdit.isVisible()
    ui.startedAtEdit.setDateTime(ui.startedAtEdit.dateTime().addDays(2))
    ui.levelReasonEdit.setText("市政府专题会议决定")
    dialog.accept()
    assert not dialog.isVisible()
    assert cell(panel, 0, COL_STATUS) == "待批准：尚需省领导小组批准（超出响应级别）"
    assert panel.model.index(0, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole).endswith(said + "；理由：市政府专题会议决定")
    assert f"超出响应级别：{said}；理由：市政府专题会议决定" in panel.ui.detailText.toPlainText()


def test_the_longest_measure_name_is_shown_whole_in_the_width_the_window_gives_at_1024_px(qtbot, ui_context):
    longest = "封闭封存污染的饮用水源和食品"
    area = "鹿城区五马街道解放街社区某某小区二次供水水箱"
    measures.add_measure(ui_context.db, longest, area, "鹿城区政府", "鹿政发〔2026〕12号", "值班员")
    measures.add_measure(ui_context.db, "县域封锁", "乐清市", "市应急指挥部", "温应指〔2026〕8号", "值班员")
    panel = MeasuresPanel(ui_context)
    qtbot.addWidget(panel)
    panel.resize(890, 600)  # the panel's width in the window at 1024×700 (beside the panel list)
    panel.show()
    qtbot.waitExposed(panel)
    table, header = panel.ui.table, panel.ui.table.horizontalHeader()
    row = next(r for r in range(panel.model.rowCount()) if cell(panel, r, COL_KIND) == longest)
    needed = table.fontMetrics().horizontalAdvance(longest) + 2 * table.style().pixelMetric(
        table.style().PixelMetric.PM_FocusFrameHMargin)
    assert header.sectionSize(COL_KIND) >= needed
    status = panel.model.index(1 - row, COL_STATUS)
    assert header.sectionSize(COL_STATUS) >= table.fontMetrics().horizontalAdvance(status.data())  # whole too
    # a long area is cut with "…" and whole in its tooltip (and the detail pane)
    assert panel.model.index(row, COL_AREA).data(Qt.ItemDataRole.ToolTipRole) == area
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()
