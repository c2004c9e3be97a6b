"""专家咨询委员会 panel: members and assessments entered through dialogs, the assessment printed, the
panel reached by keyboard; a level decision resting on an assessment shows it in 响应记录."""
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from level_support import complete
from wzcommand import clock
from wzcommand.services import experts, levels
from wzcommand.ui import printing
from wzcommand.ui.dialogs.expert_dialogs import AssessmentDialog, ExpertMemberDialog
from wzcommand.ui.panels.experts_panel import ExpertsPanel


def open_panel(qtbot, ctx):
    panel = ExpertsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_members_and_an_assessment_through_the_dialogs(qtbot, ui_context, tmp_path, monkeypatch):
    panel = open_panel(qtbot, ui_context)
    dialog = show(qtbot, panel.add_member())
    assert isinstance(dialog, ExpertMemberDialog)
    dialog.ui.nameEdit.setText("王教授")
    dialog.ui.mobileEdit.setText("139")
    dialog.accept()
    assert dialog.isVisible() and dialog.field_error("specialty") and "手机号码" in dialog.field_error("mobile")
    dialog.ui.specialtyEdit.setText("流行病学")
    dialog.ui.mobileEdit.setText("13900000011")
    dialog.accept()
    assert not dialog.isVisible() and panel.members.rowCount() == 1
    assert panel.members.index(0, 0).data() == "王教授" and panel.members.index(0, 7).data() == "在聘"
    dialog = show(qtbot, panel.add_assessment())
    assert isinstance(dialog, AssessmentDialog) and dialog.ui.memberList.count() == 1
    dialog.ui.questionCombo.setCurrentIndex(dialog.ui.questionCombo.findData("risk"))
    dialog.ui.recommendationEdit.setText("维持当前响应级别")
    dialog.accept()
    assert dialog.isVisible() and "请填写出席评估的委员" in dialog.field_error("members")
    dialog.set_present(["王教授"])
    dialog.accept()
    assert not dialog.isVisible() and panel.ui.assessmentsBox.title() == "评估记录（1）"
    assert panel.assessments.index(0, 2).data() == "风险评估" and panel.assessments.index(0, 4).data() == "王教授"
    target = tmp_path / "意见.pdf"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), printing.PDF_FILTER))
    job = panel.print_selected()
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert target.read_bytes().startswith(b"%PDF")


def test_the_panel_by_keyboard_and_the_linked_assessment_in_the_history(qtbot, main_window, ui_context):
    from wzcommand.ui.panels.levels_history_panel import LevelsHistoryPanel

    action = next(a for a in main_window.panel_actions if a.text().startswith("专家咨询委员会"))
    assert action.shortcut().toString() == "Ctrl+Alt+W"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert isinstance(main_window.stack.currentWidget(), ExpertsPanel)
    db = ui_context.db
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    held = clock.now() - timedelta(hours=2)
    record = experts.record_assessment(db, "level.start", "建议启动Ⅳ级应急响应", held, ["王教授"], "值班员")
    req = levels.SwitchRequest("IV", clock.now() - timedelta(hours=1), "", "评估后决定", assessment_id=record.id)
    ui_context.bus.write("levels", levels.switch_level, db, complete(db, req, skip=("assessment",)), "主任")
    history = LevelsHistoryPanel(ui_context)
    qtbot.addWidget(history)
    from wzcommand.ui.models.decision_model import COL_ASSESSMENT

    assert history.level_model.index(0, COL_ASSESSMENT).data() == record.summary()
    command = main_window.panels["指挥体系"]
    command.reload()
    assert record.summary() in command.ui.levelLabel.toolTip()


def test_a_member_is_corrected_and_the_membership_ended_from_the_panel(qtbot, ui_context):
    db = ui_context.db
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    held = clock.now() - timedelta(days=3)
    experts.record_assessment(db, "risk", "维持", held, ["王教授"], "值班员")
    panel = open_panel(qtbot, ui_context)
    assert panel.ui.editMemberButton.text() == "修改委员(&M)…" and panel.ui.endMemberButton.text() == "结束聘期(&D)…"
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.ui.membersTable.setFocus()
    qtbot.keyClick(panel.ui.membersTable, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.findChild(ExpertMemberDialog) is not None)  # a mnemonic clicks after a moment
    dialog = panel.findChild(ExpertMemberDialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "结束委员聘期：王教授"
    assert not dialog.ui.nameEdit.isEnabled() and dialog.focusWidget() is dialog.ui.toEdit
    assert dialog.ui.toEdit.text() == clock.local(clock.now()).date().isoformat()
    too_early = clock.local(held).date() - timedelta(days=1)
    dialog.ui.toEdit.setText(too_early.isoformat())
    dialog.accept()
    assert dialog.isVisible() and "出席评估，聘期须包含这些日期" in dialog.field_error("member_to")
    dialog.ui.toEdit.setText(clock.local(held).date().isoformat())
    dialog.accept()
    assert not dialog.isVisible() and panel.members.index(0, 7).data() == "不在聘期"
    assert panel.members.index(0, 6).data() == f"2020-01-01至{clock.local(held).date():%Y-%m-%d}"
    dialog = show(qtbot, panel.edit_member())
    assert dialog.windowTitle() == "修改委员：王教授" and dialog.ui.nameEdit.isEnabled()
    dialog.ui.specialtyEdit.setText("卫生统计")
    dialog.ui.toEdit.clear()  # back in office: the period is open again
    dialog.accept()
    assert not dialog.isVisible()
    assert (panel.members.index(0, 1).data(), panel.members.index(0, 7).data()) == ("卫生统计", "在聘")
