"""县（市、区） panel: the board of the twelve divisions, recording what they report and the city's
instructions through dialogs, the flags with their clauses (panel, status bar, situation board),
reachable by keyboard from the main window, printing the one-page table."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from warning_support import STEPS
from wzcommand import clock
from wzcommand.services import counties, warnings
from wzcommand.ui import printing
from wzcommand.ui.dialogs.county_dialogs import CountyContactDialog, CountyInstructDialog, CountyReportDialog
from wzcommand.ui.models.county_model import COL_FLAGS, COL_INSTRUCTED, COL_LEVEL, COL_WARNING
from wzcommand.ui.panels.counties_panel import NO_FLAGS, CountiesPanel


@pytest.fixture
def panel(qtbot, ui_context):
    widget = CountiesPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(panel, county, col):
    row = next(i for i in range(panel.model.rowCount()) if panel.model.row_at(i).county == county)
    return panel.model.index(row, col).data()


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_board_lists_the_twelve_and_no_flags_without_a_city_warning(panel):
    assert panel.model.rowCount() == 12
    assert [panel.model.row_at(i).county for i in (0, 6, 11)] == ["鹿城区", "龙港市", "泰顺县"]
    assert cell(panel, "鹿城区", COL_LEVEL) == "未启动" and panel.ui.flagsLabel.text() == NO_FLAGS


def test_a_report_entered_in_the_dialog_shows_and_a_low_warning_is_flagged_with_the_clause(qtbot, panel, ui_context):
    warnings.record_warning(ui_context.db, "orange", clock.now() - timedelta(hours=2), "市卫生健康委", "监测", "主任", steps=STEPS)
    counties.record_county(ui_context.db, "泰顺县", clock.now() - timedelta(hours=1), "泰顺县政府", "电话", "值班员",
                           warning="blue")
    ui_context.bus.changed.emit("warnings")
    assert "预警低于全市橙色预警（1个）：泰顺县" in panel.ui.flagsLabel.text()
    assert "预警级别应不低于市级预警级别" in panel.ui.flagsLabel.text()
    assert cell(panel, "鹿城区", COL_WARNING) == "未报告" and cell(panel, "泰顺县", COL_WARNING) == "蓝色预警"
    panel.select_county("瑞安市")
    dialog = show(qtbot, panel.record_report())
    assert isinstance(dialog, CountyReportDialog) and dialog.ui.countyCombo.currentData() == "瑞安市"
    ui = dialog.ui
    ui.levelCombo.setCurrentIndex(ui.levelCombo.findData("III"))
    ui.warningCombo.setCurrentIndex(ui.warningCombo.findData("yellow"))
    ui.decidedByEdit.setText("瑞安市政府")
    dialog.accept()
    assert dialog.isVisible() and "请填写依据" in dialog.field_error("basis")  # refused beside its field
    ui.basisEdit.setPlainText("瑞政发〔2026〕3号")
    dialog.accept()
    assert not dialog.isVisible()
    assert cell(panel, "瑞安市", COL_LEVEL) == "Ⅲ级" and cell(panel, "瑞安市", COL_WARNING) == "黄色预警"
    assert cell(panel, "瑞安市", COL_FLAGS) == "瑞安市黄色预警，低于全市橙色预警"
    tip = panel.model.index(5, COL_FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert "《温州市突发急性呼吸道传染病事件应急预案》附件 三" in tip
    assert panel.history_model.rowCount() == 1 and "瑞安市：登记记录（1）" == panel.ui.detailBox.title()


def test_an_instruction_shows_its_clock_and_goes_overdue(qtbot, panel, ui_context):
    dialog = show(qtbot, panel.record_instruction())
    assert isinstance(dialog, CountyInstructDialog) and "必须启动相应级别的应急响应" in dialog.ui.currentLabel.text()
    dialog.set_checked(["龙湾区", "瓯海区"])
    dialog.ui.levelCombo.setCurrentIndex(dialog.ui.levelCombo.findData("III"))
    dialog.ui.instructedAtEdit.setDateTime(dialog.ui.instructedAtEdit.dateTime().addSecs(-25 * 3600))
    dialog.accept()
    assert dialog.isVisible() and dialog.field_error("ref")
    dialog.ui.refEdit.setText("温政办〔2026〕1号")
    dialog.accept()
    assert not dialog.isVisible()
    assert cell(panel, "龙湾区", COL_INSTRUCTED).startswith("Ⅲ级：逾期未报（时限 ")
    assert "尚未报告启动" in cell(panel, "龙湾区", COL_FLAGS)
    tip = panel.model.index(1, COL_INSTRUCTED).data(Qt.ItemDataRole.ToolTipRole)
    assert "温政办〔2026〕1号" in tip and "必须启动相应级别的应急响应" in tip and "24小时" in tip
    assert "市级要求启动逾期未报告（2个）：龙湾区、瓯海区" in panel.ui.flagsLabel.text()
    counties.record_county(ui_context.db, "龙湾区", clock.now() - timedelta(minutes=5), "龙湾区政府", "电话",
                           "值班员", level="III")
    ui_context.bus.changed.emit("counties")
    assert cell(panel, "龙湾区", COL_INSTRUCTED).startswith("Ⅲ级：已启动（") and "，超时）" in cell(panel, "龙湾区", COL_INSTRUCTED)
    assert "（1个）：瓯海区" in panel.ui.flagsLabel.text()


def test_contact_dialog_validates_phones(qtbot, panel):
    panel.select_county("洞头区")
    dialog = show(qtbot, panel.edit_contact())
    assert isinstance(dialog, CountyContactDialog) and dialog.windowTitle() == "洞头区指挥部联系方式"
    dialog.ui.dutyPhoneEdit.setText("123")
    dialog.accept()
    assert dialog.isVisible() and "电话号码格式不正确" in dialog.field_error("duty_phone")
    dialog.ui.dutyPhoneEdit.setText("0577-63488888")
    dialog.ui.liaisonEdit.setText("陈一")
    dialog.accept()
    assert not dialog.isVisible() and panel.board.row("洞头区").contact.duty_phone == "0577-63488888"


def test_printing_the_board_writes_a_pdf(qtbot, panel, tmp_path, monkeypatch):
    target = tmp_path / "县市区情况表.pdf"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), printing.PDF_FILTER))
    job = panel.print_board()
    with qtbot.waitSignal(job.done, timeout=20000) as blocker:
        pass
    assert blocker.args == [str(target)] and target.read_bytes().startswith(b"%PDF")


def test_main_window_reaches_the_panel_by_keyboard_and_flags_in_the_status_bar(qtbot, main_window, ui_context):
    action = next(a for a in main_window.panel_actions if a.text().startswith("县（市、区）"))
    assert action.text() == "县（市、区）(&X)" and action.shortcut().toString() == "Ctrl+Alt+X"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert main_window.current_title() == "县（市、区）"
    assert isinstance(main_window.stack.currentWidget(), CountiesPanel)
    label = main_window.county_status.label
    assert label.isHidden()
    warnings.record_warning(ui_context.db, "blue", clock.now() - timedelta(hours=1), "市卫生健康委", "监测", "主任", steps=STEPS)
    ui_context.bus.changed.emit("warnings")
    assert label.isHidden()  # no county reported a colour: nothing below the city's is known
    for county in ("鹿城区", "龙港市"):
        counties.record_county(ui_context.db, county, clock.now() - timedelta(minutes=30), "县政府", "电话", "值班员",
                               warning="none")
    ui_context.bus.changed.emit("counties")
    assert not label.isHidden() and label.text() == "县级须关注 2"
    assert "预警级别应不低于市级预警级别" in label.toolTip()


def test_the_situation_board_shows_the_counties(qtbot, ui_context):
    from wzcommand.ui.board import SituationBoard

    counties.record_county(ui_context.db, "鹿城区", clock.now() - timedelta(hours=1), "鹿城区政府", "电话", "值班员",
                           level="II", warning="orange")
    warnings.record_warning(ui_context.db, "red", clock.now() - timedelta(hours=1), "市卫生健康委", "监测", "主任", steps=STEPS)
    board = SituationBoard(ui_context, point_size=16)
    qtbot.addWidget(board)
    text = board.counties_label.text()
    assert "已启动：鹿城区Ⅱ级" in text and "预警低于全市红色预警（1个）：鹿城区" in text
