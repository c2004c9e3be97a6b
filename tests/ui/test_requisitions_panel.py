"""征用补偿 panel: a requisition registered, returned and compensated through its dialogs, the list's
total per owner, print and export off the UI thread, and the panel reached by keyboard."""
from datetime import timedelta

from level_support import switch
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from wzcommand import clock
from wzcommand.services import requisitions
from wzcommand.ui import printing
from wzcommand.ui.dialogs.requisition_dialogs import CompensationDialog, RequisitionDialog, ReturnDialog
from wzcommand.ui.panels.requisitions_panel import RequisitionsPanel


def open_panel(qtbot, ctx):
    panel = RequisitionsPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1000, 680)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog, **values):
    ui = dialog.ui
    ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(values.get("kind", "vehicle")))
    ui.ownerKindCombo.setCurrentIndex(ui.ownerKindCombo.findData(values.get("owner_kind", "enterprise")))
    ui.descriptionEdit.setText(values.get("what", "大客车"))
    ui.quantityEdit.setText("2辆")
    ui.ownerEdit.setText(values.get("owner", "温州某某客运有限公司"))
    ui.decidedByEdit.setText("温州市人民政府")
    ui.decisionRefEdit.setText("温政征〔2026〕1号")
    ui.conditionEdit.setText("完好")


def test_register_return_and_compensate_through_the_dialogs(qtbot, ui_context, tmp_path, monkeypatch):
    db = ui_context.db
    start = clock.now() - timedelta(days=3)
    switch(db, "IV", start)
    panel = open_panel(qtbot, ui_context)
    assert not panel.ui.printButton.isEnabled() and not panel.ui.compensateButton.isEnabled()
    dialog = show(qtbot, panel.add())
    assert isinstance(dialog, RequisitionDialog)
    dialog.ui.descriptionEdit.setText("大客车")
    dialog.accept()
    assert dialog.isVisible() and dialog.field_error("kind") == "请选择征用类别"
    assert dialog.field_error("owner_kind") == "请选择被征用方类别"
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData("vehicle"))
    dialog.ui.ownerKindCombo.setCurrentIndex(dialog.ui.ownerKindCombo.findData("enterprise"))
    dialog.accept()
    assert dialog.isVisible() and not dialog.field_error("kind") and not dialog.field_error("description")
    assert dialog.field_error("owner") and dialog.field_error("decision_ref")
    fill(dialog)
    dialog.ui.takenAtEdit.setDateTime(QDateTime(clock.local(start + timedelta(hours=3)).replace(tzinfo=None)))
    dialog.accept()
    assert not dialog.isVisible() and panel.register.rowCount() == 1
    assert panel.register.index(0, 8).data() == "未归还" and panel.ui.registerBox.title() == "征用登记（1项，未归还1项）"
    requisitions.add_requisition(db, "service", "转运车辆驾驶", "12人日", "person", "张三", "温州市人民政府", "温政征〔2026〕2号",
                                 start + timedelta(hours=2), "—", "值班员", contact="13900000005")
    ui_context.bus.changed.emit("requisitions")
    known = show(qtbot, panel.add())  # a registered owner is offered, with its kind and contact
    completer = known.ui.ownerEdit.completer()
    completer.setCompletionPrefix("客运")
    assert completer.currentCompletion() == "温州某某客运有限公司"
    known.owner_chosen("张三")
    assert known.ui.ownerKindCombo.currentData() == "person" and known.ui.contactEdit.text() == "13900000005"
    known.reject()
    assert panel.owners.rowCount() == 2 and "应急响应终止后登记补偿" in panel.ui.totalLabel.text()
    panel.ui.registerTable.selectRow(1)  # newest taken first: the bus, then the driver
    dialog = show(qtbot, panel.return_selected())
    assert isinstance(dialog, ReturnDialog) and "转运车辆驾驶" in dialog.ui.whatLabel.text()
    dialog.accept()
    assert dialog.isVisible() and "归还时的状况" in dialog.field_error("condition_returned")
    dialog.ui.conditionEdit.setText("已完成")
    dialog.accept()
    assert not dialog.isVisible() and panel.register.index(1, 8).data().endswith("已完成")
    assert panel.selected().description == "转运车辆驾驶"  # the row worked on stays chosen
    switch(db, "none", clock.now() - timedelta(hours=1))
    ui_context.bus.changed.emit("levels")
    assert panel.ui.compensateButton.isEnabled()
    assert panel.ui.totalLabel.text() == "2个被征用方，均待评估补偿；应急响应已终止，尚有1项未归还"
    for name, amount in (("温州某某客运有限公司", "12,800.5"), ("张三", "3600")):
        dialog = show(qtbot, panel.compensate())
        assert isinstance(dialog, CompensationDialog) and "7.3" in dialog.ui.basisLabel.text()
        dialog.ui.ownerCombo.setCurrentIndex(dialog.ui.ownerCombo.findText(name, Qt.MatchFlag.MatchStartsWith))
        dialog.ui.amountEdit.setText("-3")
        dialog.accept()
        assert dialog.isVisible() and "负数" in dialog.field_error("amount") and dialog.field_error("assessment")
        dialog.ui.amountEdit.setText(amount)
        dialog.ui.assessmentEdit.setPlainText("按市场价评估")
        dialog.accept()
        assert not dialog.isVisible()
    amounts = {panel.owners.index(r, 0).data(): panel.owners.index(r, 4).data() for r in range(2)}
    assert amounts == {"温州某某客运有限公司": "12,800.50元", "张三": "3,600.00元"}
    assert panel.ui.totalLabel.text().startswith("补偿合计 16,400.50元（2个被征用方）；")
    panel.ui.compensationTable.selectRow(1)
    again = show(qtbot, panel.compensate())  # the chosen owner, its amount ready to correct
    assert again.ui.ownerCombo.currentText().startswith("张三") and again.ui.amountEdit.text() == "3600.00"
    again.reject()
    pdf = tmp_path / "清单.pdf"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), printing.PDF_FILTER))
    job = panel.print_list()
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "清单"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), "Excel 工作簿 (*.xlsx)"))
    task = panel.export()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert (tmp_path / "清单.xlsx").read_bytes().startswith(b"PK") and "已导出到" in panel.ui.totalLabel.text()


def test_the_panel_by_keyboard(qtbot, main_window, ui_context):
    action = next(a for a in main_window.panel_actions if a.text().startswith("征用补偿"))
    assert action.shortcut().toString() == "Ctrl+Alt+Q"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    panel = main_window.stack.currentWidget()
    assert isinstance(panel, RequisitionsPanel)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 登记征用(&N)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RequisitionDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.ui.kindCombo.hasFocus())  # the first field, ready to type
    dialog.reject()


def test_a_requisition_corrected_in_the_register_form_with_its_reason(qtbot, ui_context):
    from wzcommand.ui.dialogs.requisition_dialogs import RequisitionEditDialog

    db = ui_context.db
    start = clock.now() - timedelta(days=3)
    switch(db, "IV", start)
    bus = requisitions.add_requisition(db, "vehicle", "大客车", "2辆", "enterprise", "温州某某客运有限公司", "温州市人民政府",
                                       "温政征〔2026〕1号", start + timedelta(hours=2), "完好", "值班员")
    panel = open_panel(qtbot, ui_context)
    added = show(qtbot, panel.add())
    assert not added.ui.reasonEdit.isVisible()  # registering asks for no reason
    added.reject()
    panel.ui.registerTable.selectRow(0)
    assert panel.ui.editButton.isEnabled() and panel.ui.editButton.text() == "更正登记(&G)…"
    dialog = show(qtbot, panel.edit_selected())
    assert isinstance(dialog, RequisitionEditDialog) and dialog.windowTitle() == f"更正征用登记（第{bus.id}号）"
    ui = dialog.ui
    assert (ui.descriptionEdit.text(), ui.quantityEdit.text(), ui.kindCombo.currentData()) == ("大客车", "2辆", "vehicle")
    assert ui.reasonEdit.isVisible()
    ui.quantityEdit.setText("3辆")
    dialog.accept()
    assert dialog.isVisible() and dialog.field_error("reason").startswith("请填写更正理由")
    ui.reasonEdit.setText("数量笔误")
    dialog.accept()
    assert not dialog.isVisible() and panel.register.index(0, 3).data() == "3辆"
    requisitions.return_requisition(db, bus.id, start + timedelta(days=1), "完好", "值班员")
    ui_context.bus.changed.emit("requisitions")
    panel.ui.registerTable.selectRow(0)
    again = show(qtbot, panel.edit_selected())
    assert not again.ui.conditionEdit.isEnabled() and "不再更正" in again.ui.conditionEdit.toolTip()
    again.ui.reasonEdit.setText("无变化")
    again.accept()
    assert again.isVisible() and "登记内容没有变化" in again.refusal()
