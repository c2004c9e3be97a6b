"""预警: the calculator (suggests, records nothing), the warning dialog (records through the bus) and
the grading aid."""
import pytest
from PySide6.QtCore import Qt

from warning_support import STEPS
from wzcommand import clock
from wzcommand.plan.warning import ILI_THRESHOLDS
from wzcommand.services import audit_log, warnings
from wzcommand.ui.dialogs.grading_dialog import GradingDialog
from wzcommand.ui.dialogs.warning_calculator import SITUATION_ROLE, WarningCalculatorDialog
from wzcommand.ui.dialogs.warning_dialog import WarningDialog
from wzcommand.ui.level_style import WARNING_COLOURS


@pytest.fixture
def calculator(qtbot, ui_context):
    dialog = WarningCalculatorDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_exactly_one_and_a_half_points_is_no_warning_above_is_blue(calculator):
    calculator.set_figures(3.5, 2.0, 15, 10)  # exactly +1.5 and +5 points: not "超过"
    assert calculator.suggestion.warning == "none"
    assert calculator.ui.suggestionLabel.text() == "未达到预警标准"
    calculator.set_figures(3.51, 2.0, 15.01, 10)
    assert calculator.suggestion.warning == "blue"
    assert calculator.ui.suggestionLabel.text() == "蓝色预警"
    assert calculator.ui.suggestionLabel.property("chipColour") == WARNING_COLOURS["blue"]
    text = calculator.ui.reasonsBrowser.toPlainText()
    assert "“蓝色预警：流感哨点监测每周流感样病例百分比（ILI%）超过基线水平1.5个百分点" in text
    assert calculator.ui.gradeLabel.text() == ""  # +1.51/+5.01 meets no event grade; the colour is no grade
    # ari 3.4(3), lines 4031-4036: "ILI%超过基线水平2个百分点，且……阳性检出率超过基线水平10个百分点"
    calculator.set_figures(4.01, 2.0, 20.01, 10)
    assert calculator.ui.gradeLabel.text() == "事件分级（《温州市突发急性呼吸道传染病事件应急预案》3.4(3)）：一般事件"
    assert "一般" not in calculator.ui.suggestionLabel.text()


def test_ticked_situations_merge_and_the_highest_wins(calculator):
    calculator.set_figures(3.51, 2.0, 15.01, 10)
    calculator.tick("yellow-3")
    assert calculator.ticked() == ["yellow-3"]
    assert calculator.suggestion.warning == "yellow"
    text = calculator.ui.reasonsBrowser.toPlainText()
    assert "“黄色预警：我市发生人感染禽流感病例。”" in text and "合并发布预警" in text


def test_ili_items_are_listed_but_cannot_be_ticked(calculator):
    lst = calculator.ui.situationList
    items = {lst.item(r).data(SITUATION_ROLE): lst.item(r) for r in range(lst.count())}
    for threshold in ILI_THRESHOLDS:
        assert not items[threshold.id].flags() & Qt.ItemFlag.ItemIsUserCheckable
        calculator.tick(threshold.id)
    assert calculator.ticked() == []


def test_calculator_opens_the_warning_dialog_filled_in_and_records_nothing(qtbot, calculator, ui_context):
    calculator.set_figures(3.51, 2.0, 15.01, 10)
    qtbot.mouseClick(calculator.issue_button, Qt.MouseButton.LeftButton)
    dialog = calculator.findChild(WarningDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.colour() == "blue"
    assert "ILI% 3.51%（基线 2.00%）" in dialog.ui.basisEdit.toPlainText()
    assert "“蓝色预警：" in dialog.ui.basisEdit.toPlainText()
    assert warnings.warning_history(ui_context.db) == []
    assert "流感哨点监测每周流感样病例百分比" in dialog.ui.situationsLabel.text()  # the situations go with it
    dialog.reject()
    assert warnings.warning_history(ui_context.db) == []


def test_warning_dialog_records_and_the_status_bar_follows(qtbot, main_window, ui_context):
    dialog = main_window.panels["指挥体系"].record_warning(colour="orange", basis="研判意见")
    assert dialog.ui.colourCombo.currentText() == "橙色预警"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the plan's steps are missing: refused
    assert "发布预警须先有：疾病预防控制机构预警建议、专家咨询委员会评估、报市政府备案" in dialog.refusal()
    assert warnings.warning_history(ui_context.db) == []
    dialog.fill_procedure("温疾控〔2026〕1号", "专家咨询委员会：建议发布橙色预警")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main_window.findChildren(WarningDialog))
    state = warnings.warning_state(ui_context.db)
    assert state.colour == "orange"
    assert main_window.warning_label.text() == "橙色预警"
    assert main_window.warning_label.property("chipColour") == WARNING_COLOURS["orange"]
    assert main_window.panels["指挥体系"].ui.warningLabel.text() == "橙色预警"
    entry = audit_log.entries(ui_context.db)[-1]
    assert entry.action == "warning.issue" and entry.operator == "测试员"
    again = WarningDialog(ui_context)  # the colour in force is offered only to adjust the 预警触发地; 解除 is
    qtbot.addWidget(again)
    combo = again.ui.colourCombo
    assert [combo.itemText(i) for i in range(combo.count())] == ["蓝色预警", "黄色预警", "橙色预警（不变，只调整预警触发地）",
                                                                 "红色预警", "解除预警"]


def test_warning_dialog_shows_missing_fields_and_refusals(qtbot, ui_context):
    dialog = WarningDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.field_error("colour") == "请选择预警级别"
    dialog.ui.colourCombo.setCurrentIndex(dialog.ui.colourCombo.findData("yellow"))
    dialog.accept()
    assert dialog.field_error("basis") == "请填写依据" and dialog.ui.basisError.isVisibleTo(dialog)
    warnings.record_warning(ui_context.db, "blue", clock.now(), "市政府", "监测", "测试", steps=STEPS)
    dialog.ui.basisEdit.setPlainText("补充")
    dialog.ui.decidedAtEdit.setDateTime(dialog.ui.decidedAtEdit.dateTime().addDays(-1))
    dialog.accept()
    assert "早于上一次预警决定" in dialog.refusal()
    assert [r.colour for r in warnings.warning_history(ui_context.db)] == ["blue"]
    assert dialog.result() != WarningDialog.DialogCode.Accepted


def test_grading_aid_quotes_matched_criteria(qtbot):
    dialog = GradingDialog("2021")
    qtbot.addWidget(dialog)
    assert "在左侧填写" in dialog.ui.matchBrowser.toPlainText()
    dialog.set_fact("cholera_city_week_cases", "35")
    assert dialog.matched_grades() == ["重大"]
    text = dialog.ui.matchBrowser.toPlainText()
    assert "“霍乱在我市范围内流行，1周内发病30例以上。”" in text and "3.2(2)" in text
    dialog.set_fact("occupational_poisoning_cases", "5")
    dialog.set_fact("occupational_poisoning_deaths", "0")
    assert dialog.matched_grades() == ["重大", "一般"]
    dialog.clear()
    dialog.set_fact("class_bc_week_incidence", "5")
    dialog.set_fact("class_bc_baseline_incidence", "0")
    assert "无法按倍数判断" in dialog.ui.errorLabel.text()
    qualitative = dialog.ui.qualitativeBrowser.toPlainText()
    assert "3.1(4) 我市发生烈性病菌株、毒株、致病因子等丢失、泄露等事件。" in qualitative.replace("\u3000", " ")
    for grade in ("特别重大", "重大", "较大", "一般"):
        assert grade in qualitative


def test_grading_fields_accept_numbers_only(qtbot):
    dialog = GradingDialog("2021")
    qtbot.addWidget(dialog)
    edit = dialog.edits["cholera_counties"]
    qtbot.keyClicks(edit, "a2-")
    assert edit.text() == "2"


def test_grading_aid_has_the_respiratory_plans_own_grading_and_names_each_plan(qtbot):
    dialog = GradingDialog("2021")
    qtbot.addWidget(dialog)
    # ari 3.2(5), lines 3944-3948: "ILI%超过基线水平8个百分点，且……阳性检出率超过基线水平40个百分点" (超过: strict)
    dialog.set_fact("ili_excess_points", "8")
    dialog.set_fact("positive_excess_points", "40.5")
    assert dialog.matched_grades() == ["较大", "一般"]
    dialog.set_fact("ili_excess_points", "8.1")
    assert dialog.matched_grades() == ["重大", "较大", "一般"]
    text = dialog.ui.matchBrowser.toPlainText()
    assert "（《温州市突发急性呼吸道传染病事件应急预案》3.2(5)）" in text
    dialog.set_fact("occupational_poisoning_cases", "50")  # phe 3.2(9), line 770: "急性职业中毒50人以上"
    assert "（《温州市突发公共卫生事件应急预案》3.2(9)）" in dialog.ui.matchBrowser.toPlainText()
    qualitative = dialog.ui.qualitativeBrowser.toPlainText().replace("\u3000", " ")
    # ari 3.2(1), line 3935: "我市出现新冠肺炎局部社区传播。"
    assert "《温州市突发急性呼吸道传染病事件应急预案》3.2(1) 我市出现新冠肺炎局部社区传播。" in qualitative
    assert "《温州市突发公共卫生事件应急预案》3.1(4) 我市发生烈性病菌株" in qualitative


def test_warning_dialog_warns_a_trigger_site_not_below_the_city(qtbot, ui_context):
    dialog = WarningDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    assert not ui.triggerColourCombo.isEnabled() and ui.triggerColourCombo.currentIndex() == -1  # no site, no colour
    ui.colourCombo.setCurrentIndex(ui.colourCombo.findData("orange"))
    ui.basisEdit.setPlainText("监测")
    dialog.fill_procedure("温疾控〔2026〕3号", "建议发布橙色预警")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert ui.triggerCountyCombo.hasFocus()
    dialog.set_trigger_site("鹿城区")
    assert ui.triggerColourCombo.isEnabled() and ui.triggerColourCombo.currentData() == "orange"
    dialog.set_trigger_site("鹿城区", "yellow")
    dialog.accept()
    assert "预警触发地鹿城区的黄色预警低于全市橙色预警" in dialog.field_error("trigger_sites")
    assert warnings.warning_history(ui_context.db) == []
    dialog.set_trigger_site("鹿城区", "red")
    dialog.accept()
    assert dialog.decision is not None and dialog.decision.procedure.trigger_sites == (("鹿城区", "red"),)
    lift = WarningDialog(ui_context)
    qtbot.addWidget(lift)
    lift.ui.colourCombo.setCurrentIndex(lift.ui.colourCombo.findData("none"))
    assert not lift.ui.triggerCountyCombo.isEnabled()


def test_the_warning_in_force_shows_its_assessment_and_trigger_site_on_the_command_panel_and_in_the_history(
        qtbot, ui_context):
    from datetime import date, timedelta

    from wzcommand.services import experts
    from wzcommand.ui.models.decision_model import WCOL_ASSESSMENT, WCOL_SITES
    from wzcommand.ui.panels.command_panel import CommandPanel
    from wzcommand.ui.panels.levels_history_panel import LevelsHistoryPanel

    db = ui_context.db
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    record = experts.record_assessment(db, "warning.issue", "建议发布黄色预警", clock.now() - timedelta(hours=2),
                                       ["王教授"], "值班员")
    steps = warnings.Procedure(proposal="温疾控〔2026〕3号", assessment_id=record.id, filed_with="市政府",
                               trigger_sites=(("鹿城区", "orange"),))
    warnings.record_warning(db, "yellow", clock.now() - timedelta(hours=1), "市卫生健康委", "监测", "测试", steps=steps)
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.ui.assessmentLabel.text() == f"预警依据的专家评估：{record.summary()}"
    assert "预警触发地：鹿城区橙色预警" in panel.ui.warningLabel.toolTip()
    history = LevelsHistoryPanel(ui_context)
    qtbot.addWidget(history)
    assert history.warning_model.index(0, WCOL_ASSESSMENT).data() == record.summary()
    assert history.warning_model.index(0, WCOL_SITES).data() == "鹿城区橙色预警"


def test_an_older_trigger_site_below_the_city_is_flagged_in_the_dialog_the_command_view_and_the_county_board(
        qtbot, ui_context):
    from dataclasses import replace
    from datetime import timedelta

    from wzcommand.ui.models.county_model import COL_SITE
    from wzcommand.ui.panels.command_panel import CommandPanel
    from wzcommand.ui.panels.counties_panel import CountiesPanel

    db = ui_context.db
    warnings.record_warning(db, "yellow", clock.now() - timedelta(hours=3), "市卫生健康委", "监测", "测试",
                            steps=replace(STEPS, trigger_sites=(("鹿城区", "orange"),)))
    dialog = WarningDialog(ui_context)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert "预警触发地：鹿城区橙色预警" in ui.currentLabel.text() and "⚠" not in ui.currentLabel.text()
    ui.colourCombo.setCurrentIndex(ui.colourCombo.findData("red"))
    assert "⚠ 鹿城区橙色预警将低于全市红色预警" in ui.currentLabel.text()
    dialog.set_trigger_site("鹿城区", "red")  # restated with this decision: nothing left below
    assert "⚠" not in ui.currentLabel.text()
    dialog.set_trigger_site(None)
    ui.basisEdit.setPlainText("疫情上升")
    ui.proposalEdit.setText("温疾控〔2026〕4号")
    dialog.accept()
    assert dialog.decision is not None and dialog.decision.colour == "red"
    command = CommandPanel(ui_context)
    qtbot.addWidget(command)
    assert command.ui.warningLabel.text() == "红色预警（触发地须调整）"
    assert "预警触发地：鹿城区橙色预警（低于全市红色预警，须调整）" in command.ui.warningLabel.toolTip()
    board = CountiesPanel(ui_context)
    qtbot.addWidget(board)
    row = next(k for k in range(board.model.rowCount()) if board.model.row_at(k).county == "鹿城区")
    assert board.model.index(row, COL_SITE).data() == "橙色预警"
    assert "预警触发地低于全市红色预警（1个）：鹿城区" in board.ui.flagsLabel.text()


def test_the_dialog_adjusts_the_trigger_sites_alone_keeping_the_city_colour(qtbot, ui_context):
    from dataclasses import replace
    from datetime import timedelta

    db = ui_context.db
    warnings.record_warning(db, "yellow", clock.now() - timedelta(hours=3), "市卫生健康委", "监测", "测试",
                            steps=replace(STEPS, trigger_sites=(("鹿城区", "orange"),)))
    warnings.record_warning(db, "red", clock.now() - timedelta(hours=2), "市卫生健康委", "上升", "测试",
                            steps=warnings.Procedure(proposal="温疾控〔2026〕4号"))
    dialog = WarningDialog(ui_context)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    keep = ui.colourCombo.findData("red")
    assert ui.colourCombo.itemText(keep) == "红色预警（不变，只调整预警触发地）"
    ui.colourCombo.setCurrentIndex(keep)
    assert "⚠ 鹿城区橙色预警将低于全市红色预警" in ui.currentLabel.text()
    dialog.set_trigger_site("鹿城区", "red")
    ui.basisEdit.setPlainText("鹿城区疫情上升")
    ui.proposalEdit.setText("温疾控〔2026〕5号")
    dialog.accept()
    assert (dialog.decision.action, dialog.decision.colour) == ("adjust", "red"), ui.refusedLabel.text()
    assert [(s.county, s.below_city) for s in warnings.trigger_sites_in_force(db)] == [("鹿城区", False)]
