"""调整响应级别 dialog: preview first (the service's diff), confirm writes through the bus and every
view follows; cancel, refusals and missing fields write nothing."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from wzcommand import clock
from wzcommand.services import audit_log, levels, people
from wzcommand.ui.dialogs.switch_dialog import SwitchDialog
from wzcommand.ui.level_style import LEVEL_COLOURS
from level_support import complete


def switch(db, target, days_ago=2, **extra):
    request = complete(db, levels.SwitchRequest(target, clock.now() - timedelta(days=days_ago), "市政府", "专家评估意见", **extra))
    return levels.switch_level(db, request, "测试")


@pytest.fixture
def named(db):
    people.set_person(db, "市政府分管副市长", "李卫民", "测试", mobile="13900000002")
    people.set_person(db, "市政府常务副市长", "张志强", "测试", mobile="13900000003")
    return db


def open_dialog(qtbot, ctx, parent=None):
    dialog = SwitchDialog(ctx, parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog, type_text, target, basis="专家咨询委员会评估意见", assessment="建议调整响应级别"):
    dialog.set_target(target)
    if basis:
        type_text(dialog.ui.basisEdit, basis)
    if assessment:
        type_text(dialog.ui.assessmentEdit, assessment)
    if not dialog.ui.approvalBox.isHidden():
        type_text(dialog.ui.approvalRefEdit, "温政函〔2026〕7号")


def test_targets_offer_every_other_state_with_its_kind(qtbot, ui_context):
    switch(ui_context.db, "III")
    dialog = open_dialog(qtbot, ui_context)
    combo = dialog.ui.targetCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "提高至Ⅰ级应急响应", "提高至Ⅱ级应急响应", "降低至Ⅳ级应急响应", "终止应急响应"]
    assert combo.currentIndex() == -1  # nothing chosen for the user
    assert "当前：<b>Ⅲ级应急响应</b>" in dialog.ui.currentLabel.text()


def test_preview_shows_the_diff_lines_with_names_and_the_rule(qtbot, named, ui_context, type_text):
    switch(named, "III")
    dialog = open_dialog(qtbot, ui_context)
    assert not dialog.confirm_button.isEnabled()
    fill(dialog, type_text, "II")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    lines = dialog.preview_lines()
    assert ("总指挥", "市政府分管副市长（李卫民）", "市政府常务副市长（张志强）") in lines
    assert ("办公室设在", "市卫生健康主管部门", "市政府办公室") in lines
    assert dialog.ui.previewTitle.text() == "<b>提高：Ⅲ级应急响应 → Ⅱ级应急响应</b>"
    assert "决定：市政府" in dialog.ui.notesLabel.text()
    assert dialog.confirm_button.isEnabled()


def test_changing_any_field_withdraws_the_preview(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, ui_context)
    fill(dialog, type_text, "IV")
    assert dialog.preview() is not None and dialog.confirm_button.isEnabled()
    type_text(dialog.ui.basisEdit, "补充")
    assert not dialog.confirm_button.isEnabled() and dialog.preview_lines() == []
    assert dialog.preview() is not None
    dialog.ui.eventSpin.setValue(3)
    assert not dialog.confirm_button.isEnabled()
    dialog.confirm()  # without a fresh preview nothing happens
    assert levels.history(ui_context.db) == []


def test_cancel_changes_nothing(qtbot, ui_context, type_text):
    before = len(audit_log.entries(ui_context.db))
    dialog = open_dialog(qtbot, ui_context)
    fill(dialog, type_text, "IV")
    dialog.preview()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SwitchDialog.DialogCode.Rejected
    assert levels.history(ui_context.db) == []
    assert len(audit_log.entries(ui_context.db)) == before


def test_confirm_updates_chart_status_bar_history_and_audit(qtbot, named, main_window, ui_context, type_text):
    history_panel = main_window.panels["响应记录"]
    main_window.show_panel(5)  # the chart exists from here on
    chart = history_panel.ensure_chart()
    main_window.show_panel(0)
    assert chart.steps == []
    dialog = main_window.panels["指挥体系"].adjust_level()
    assert isinstance(dialog, SwitchDialog) and dialog.parent() is main_window
    fill(dialog, type_text, "IV")
    dialog.ui.announcedCheck.setChecked(True)
    dialog.preview()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main_window.findChildren(SwitchDialog))
    # the organisation chart
    command = main_window.panels["指挥体系"]
    assert "总指挥：市政府分管副市长（李卫民）" in command.chart.boxes()["body"].text()
    assert "mechanism" in command.chart.boxes()
    # the status bar: text and colour
    assert main_window.state_label.text() == "Ⅳ级应急响应"
    assert main_window.state_label.property("chipColour") == LEVEL_COLOURS["IV"]
    assert f"background-color: {LEVEL_COLOURS['IV']}" in main_window.state_label.styleSheet()
    decision = levels.history(ui_context.db)[0]
    decided = clock.local(decision.decided_at)
    assert main_window.since_label.text() in (f"自 {decided:%H:%M}", f"自 {decided:%m-%d}")  # today: the time
    assert main_window.since_label.toolTip() == f"自 {clock.local_text(decision.decided_at)}"
    # the history table and chart, hidden during the switch: brought up to date when shown
    main_window.show_panel(5)
    model = history_panel.level_model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "启动：未启动应急响应 → Ⅳ级应急响应"
    assert model.index(0, 3).data() == "专家咨询委员会评估意见"
    assert model.index(0, 8).data() == "测试员"
    assert chart.steps == [(decision.decided_at.timestamp(), 1)]
    xs, ys = chart.level_data()
    assert ys[0] == 0 and ys[-1] == 1 and decision.decided_at.timestamp() in xs
    # the audit trail
    entry = audit_log.entries(ui_context.db)[-1]
    assert entry.action == "level.switch" and entry.operator == "测试员"
    assert decision.announced_at is not None and decision.operator == "测试员"


def test_refused_step_shows_the_reason_and_writes_nothing(qtbot, ui_context, type_text):
    switch(ui_context.db, "II")
    before = len(audit_log.entries(ui_context.db))
    dialog = open_dialog(qtbot, ui_context)
    fill(dialog, type_text, "I")
    assert dialog.ui.provinceBox.isVisible() and dialog.ui.provinceDirectedCheck.isVisible()
    assert dialog.preview() is None
    assert "省政府" in dialog.refusal() and "不能启动Ⅰ级应急响应" in dialog.refusal()
    assert dialog.ui.refusedLabel.isVisible() and "#c62828" in dialog.ui.refusedLabel.styleSheet()
    assert not dialog.confirm_button.isEnabled()
    assert [d.to_level for d in levels.history(ui_context.db)] == ["II"]
    assert len(audit_log.entries(ui_context.db)) == before
    type_text(dialog.ui.provinceRecordEdit, "已报省政府备案")  # with the record the plan allows it
    assert dialog.preview() is not None and dialog.refusal() == ""


def test_missing_basis_is_shown_next_to_the_field(qtbot, ui_context):
    dialog = open_dialog(qtbot, ui_context)
    dialog.set_target("III")
    assert dialog.preview() is None
    assert dialog.field_error("basis") == "请填写决定依据"
    assert dialog.ui.basisError.isVisible()
    assert dialog.field_error("decided_by") == ""
    assert dialog.focusWidget() is dialog.ui.basisEdit
    assert not dialog.confirm_button.isEnabled() and levels.history(ui_context.db) == []


def test_no_target_chosen_is_shown_next_to_the_target(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, ui_context)
    type_text(dialog.ui.basisEdit, "依据")
    assert dialog.preview() is None and dialog.field_error("target") == "请选择调整为哪一级（或终止应急响应）"


def test_level_iii_office_choice_and_director(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, ui_context)
    fill(dialog, type_text, "III")
    ui = dialog.ui
    assert ui.officeBox.isVisible() and ui.directorCombo.isVisible()
    assert ui.defaultOfficeRadio.text() == "办公室设在市卫生健康主管部门"
    assert ui.specialOfficeRadio.text() == "特殊情况：办公室设在市政府办公室"
    assert [ui.directorCombo.itemText(i) for i in range(ui.directorCombo.count())] == [
        "市卫生健康主管部门主要负责人", "市政府联系工作副秘书长"]
    ui.specialOfficeRadio.setChecked(True)
    assert dialog.preview() is None and dialog.field_error("office_reason") == "选择“特殊情况”办公室设置须说明理由"
    type_text(ui.reasonEdit, "疫情涉及多部门协调")
    ui.directorCombo.setCurrentIndex(1)
    assert dialog.preview() is not None
    assert ("办公室设在", "市卫生健康主管部门", "市政府办公室") in dialog.preview_lines()
    dialog.confirm()
    decision = levels.history(ui_context.db)[0]
    assert decision.office_alternative and decision.office_director == "市政府联系工作副秘书长"
    dialog.set_target("II")  # (the dialog is closed; its widgets still answer)
    assert not ui.officeBox.isVisibleTo(dialog)


def test_someone_else_switching_first_is_reported_not_overwritten(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, ui_context)
    fill(dialog, type_text, "IV")
    assert dialog.preview() is not None
    switch(ui_context.db, "III", days_ago=0)  # another workstation
    dialog.confirm()
    assert "已被他人调整为Ⅲ级应急响应" in dialog.refusal()
    assert [d.to_level for d in levels.history(ui_context.db)] == ["III"]
    assert "Ⅲ级应急响应" in dialog.ui.currentLabel.text() and not dialog.confirm_button.isEnabled()


def tab_chain(ui, start, count):
    """The next `count` form widgets Tab reaches from `start` (Qt's focus chain; parts of a widget skipped)."""
    seen, widget = [], start
    while len(seen) < count:
        widget = widget.nextInFocusChain()
        name = widget.objectName()
        if hasattr(ui, name) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() \
                and widget.isEnabled() and name not in seen:
            seen.append(name)
    return seen


def test_tab_order_follows_the_form(qtbot, ui_context):
    dialog = open_dialog(qtbot, ui_context)
    assert tab_chain(dialog.ui, dialog.ui.targetCombo, 7) == [
        "decidedAtEdit", "decidedByCombo", "basisEdit", "assessmentCombo", "assessmentEdit", "assessedCheck",
        "assessedOnEdit"]


def test_a_recorded_assessment_is_chosen_by_keyboard_and_shown_on_the_command_panel(qtbot, ui_context, type_text):
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from wzcommand.services import experts
    from wzcommand.ui.panels.command_panel import CommandPanel

    db = ui_context.db
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    held = clock.now() - timedelta(days=1)
    start = experts.record_assessment(db, "level.start", "建议启动Ⅳ级应急响应", held, ["王教授"], "值班员")
    experts.record_assessment(db, "level.raise", "建议提高至Ⅲ级", held, ["王教授"], "值班员")
    dialog = open_dialog(qtbot, ui_context)
    combo = dialog.ui.assessmentCombo
    assert combo.count() == 1 and combo.currentText() == "尚无此项的评估记录（在下方填写评估意见）"
    fill(dialog, type_text, "IV", assessment="电话会商意见")
    assert [combo.itemText(i) for i in range(combo.count())] == ["不引用评估记录（在下方填写评估意见）", start.summary()]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.assessment_id() == start.id and not dialog.ui.assessmentEdit.isEnabled()
    assert dialog.ui.assessmentEdit.toPlainText() == start.summary() and not dialog.ui.assessedCheck.isEnabled()
    assert dialog.ui.assessedOnEdit.date().toPython() == clock.local(held).date()  # the record's day, shown
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # back to typing: what was typed is still there
    assert dialog.assessment_id() is None and dialog.ui.assessmentEdit.toPlainText() == "电话会商意见"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.preview() is not None
    dialog.confirm()
    assert dialog.decision is not None and dialog.decision.assessment_id == start.id
    assert dialog.decision.assessment == start.summary()
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    label = panel.ui.assessmentLabel
    assert label.isVisible() and label.text() == f"响应级别依据的专家评估：{start.summary()}"


def test_a_long_typed_assessment_shows_its_first_line_cut_with_the_whole_in_the_tooltip(qtbot, ui_context):
    from wzcommand.ui.panels.command_panel import ASSESSMENT_CHARS, CommandPanel

    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.ui.assessmentLabel.isVisible()  # no response, no assessment line
    text = "专家咨询委员会会商" + "研判" * 100 + "\n第二段"
    switch(ui_context.db, "IV", assessment=text)
    panel.reload()
    label = panel.ui.assessmentLabel
    assert label.isVisible() and label.text().endswith("…") and "第二段" not in label.text()
    assert len(label.text()) == len("响应级别依据的专家评估：") + ASSESSMENT_CHARS
    assert label.toolTip() == f"响应级别依据的专家评估：{text}"
