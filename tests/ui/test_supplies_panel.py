"""物资保障 panel: items, sites, movements and requests through the dialogs (a movement that would leave a
negative quantity is refused in the dialog, nothing written), import and export off the UI thread with
the import's row errors, the panel reached by keyboard."""
from datetime import date

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wzcommand.services import supplies, supply_requests
from wzcommand.ui.dialogs.supply_dialogs import (StockImportDialog, StockMoveDialog, SupplyItemDialog,
                                                 SupplyRequestDialog, SupplySiteDialog, SupplyStepDialog)
from wzcommand.ui.panels.supplies_panel import SuppliesPanel
from test_experts_panel import show
from test_keyboard import alt_keys, clashes


def open_panel(qtbot, ctx):
    panel = SuppliesPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1000, 640)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def stocked(db):
    supplies.add_item(db, "医用防护服", "套", "值班员")
    supplies.add_site(db, "市应急物资储备库", "值班员")
    supplies.add_site(db, "市疾控中心库房", "值班员")
    supplies.move(db, supplies.MoveSpec("医用防护服", "市应急物资储备库", 100, batch="B1", expires_on=date(2099, 1, 1)),
                  "值班员")


def test_items_sites_and_a_movement_through_the_dialogs(qtbot, ui_context):
    panel = open_panel(qtbot, ui_context)
    assert "尚无库存" in panel.ui.rateLabel.text() and not panel.ui.exportButton.isEnabled()
    dialog = show(qtbot, panel.edit_item(new=True))
    assert isinstance(dialog, SupplyItemDialog)
    combo = dialog.ui.nameCombo
    combo.setCurrentIndex(combo.findText("医用防护服"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.ui.unitEdit.text() == "套"  # the usual unit offered with the usual item
    dialog.accept()
    assert not dialog.isVisible() and panel.items.index(0, 0).data() == "医用防护服"
    dialog = show(qtbot, panel.add_site())
    assert isinstance(dialog, SupplySiteDialog)
    dialog.ui.nameEdit.setText("市应急物资储备库")
    dialog.accept()
    dialog = show(qtbot, panel.record_move())
    assert isinstance(dialog, StockMoveDialog) and dialog.ui.batchEdit.isVisible() and not dialog.ui.toCombo.isVisible()
    dialog.ui.qtySpin.setValue(50)
    dialog.ui.batchEdit.setText("B1")
    dialog.ui.expiresEdit.setText("2099-01-01")
    dialog.accept()
    assert not dialog.isVisible() and panel.stock.index(0, 2).data() == "50套"
    dialog = show(qtbot, panel.record_move("issue"))
    assert dialog.ui.toCombo.isVisible() and not dialog.ui.batchEdit.isVisible()
    assert "现有医用防护服：50套" in dialog.ui.stockLabel.text()
    dialog.ui.qtySpin.setValue(51)
    dialog.ui.toCombo.setCurrentText("瑞安市")
    dialog.accept()
    assert dialog.isVisible() and "结存不能为负数" in dialog.field_error("qty")
    assert panel.stock.index(0, 2).data() == "50套" and len(supplies.list_moves(ui_context.db)) == 1
    dialog.ui.qtySpin.setValue(14)
    dialog.accept()
    assert not dialog.isVisible()
    assert [panel.stock.index(0, c).data() for c in (2, 5, 6, 7)] == ["36套", "14套", "2.0套/日", "18.0天"]
    assert panel.moves.index(0, 4).data() == "市应急物资储备库 → 瑞安市"


def test_a_request_through_its_steps_and_the_chase_list(qtbot, ui_context):
    stocked(ui_context.db)
    panel = open_panel(qtbot, ui_context)
    dialog = show(qtbot, panel.add_request())
    assert isinstance(dialog, SupplyRequestDialog)
    dialog.ui.requesterCombo.setCurrentText("平阳县")
    dialog.ui.qtySpin.setValue(30)
    dialog.ui.purposeEdit.setText("集中隔离点")
    dialog.accept()
    assert not dialog.isVisible() and panel.requests.index(0, 4).data() == "待审批"
    assert panel.requests.index(0, 5).data().startswith("物资审批")
    assert panel.chase.index(0, 0).data() == "平阳县" and panel.ui.tabs.tabText(3) == "催办清单(&H)（1）"
    assert [panel.chase.index(0, c).data() for c in (1, 4)] == ["未登记", "物资保障组审批"]
    panel.ui.requestsTable.selectRow(0)
    assert panel.ui.approveButton.isEnabled() and not panel.ui.receiveButton.isEnabled()
    assert "预案未规定时限" in panel.ui.clockLabel.text()
    dialog = show(qtbot, panel.step("approve"))
    assert isinstance(dialog, SupplyStepDialog) and dialog.ui.qtySpin.isVisible() and not dialog.ui.siteCombo.isVisible()
    dialog.ui.qtySpin.setValue(20)
    dialog.accept()
    assert not dialog.isVisible() and panel.requests.index(0, 3).data() == "30套（批准20）"
    panel.ui.requestsTable.selectRow(0)
    dialog = show(qtbot, panel.step("issue"))
    assert dialog.ui.siteCombo.currentData() == "市应急物资储备库"  # the site that has it is offered first
    assert dialog.ui.siteCombo.currentText() == "市应急物资储备库（现有100套）"
    dialog.ui.siteCombo.setCurrentIndex(dialog.ui.siteCombo.findData("市疾控中心库房"))
    dialog.accept()
    assert dialog.isVisible() and "结存不能为负数" in dialog.refusal()
    dialog.ui.siteCombo.setCurrentIndex(dialog.ui.siteCombo.findData("市应急物资储备库"))
    dialog.accept()
    assert not dialog.isVisible() and panel.stock.index(0, 2).data() == "80套"
    panel.ui.requestsTable.selectRow(0)
    dialog = show(qtbot, panel.step("receive"))
    dialog.accept()
    assert panel.requests.index(0, 4).data() == "已签收" and panel.chase.rowCount() == 0


def test_import_errors_listed_nothing_written_and_export_in_the_background(qtbot, ui_context, tmp_path):
    stocked(ui_context.db)
    panel = open_panel(qtbot, ui_context)
    book = Workbook()
    for row in (["存放点", "物资名称", "数量", "发放对象"], ["市应急物资储备库", "医用防护服", -60, "瑞安市"],
                ["市应急物资储备库", "医用防护服", -60, "泰顺县"]):
        book.active.append(row)
    path = tmp_path / "进出.xlsx"
    book.save(path)
    dialog = show(qtbot, panel.import_list(str(path)))
    assert isinstance(dialog, StockImportDialog) and dialog.windowTitle() == "导入物资清单"
    task = dialog.start_import()
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    assert dialog.errors_shown()[0][:2] == ("第3行", "数量") and "结存不能为负数" in dialog.errors_shown()[0][2]
    assert "未写入任何数据" in dialog.ui.resultLabel.text() and panel.stock.index(0, 2).data() == "100套"
    book.active["C3"] = -40
    book.save(path)
    task = dialog.start_import()
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    assert dialog.ui.resultLabel.text() == "导入完成（进出清单）：记录 2 笔进出。"
    qtbot.waitUntil(lambda: panel.stock.index(0, 2).data() == "0套", timeout=5000)
    dialog.close()
    out = tmp_path / "库存.xlsx"
    supplies.move(ui_context.db, supplies.MoveSpec("医用防护服", "市疾控中心库房", 7), "值班员")
    panel.reload()
    task = panel.export_list(str(out))
    assert not panel.ui.exportButton.isEnabled()
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    assert panel.ui.exportButton.isEnabled() and "已导出 1 行" in panel.export_message  # batches used up are not listed
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[:3] + (r[5],) for r in rows[1:]] == [("市疾控中心库房", "医用防护服", "套", 7)]


def test_the_panel_by_keyboard_and_no_alt_key_clash(qtbot, main_window, ui_context):
    stocked(ui_context.db)
    supply_requests.add_request(ui_context.db, "瑞安市", "医用防护服", 5, "值班员")
    action = next(a for a in main_window.panel_actions if a.text().startswith("物资保障"))
    assert action.shortcut().toString() == "Ctrl+Alt+S" and "(&S)" in action.text()
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    panel = main_window.stack.currentWidget()
    assert isinstance(panel, SuppliesPanel) and panel.stock.rowCount() == 1
    for tab in range(panel.ui.tabs.count()):
        panel.ui.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        assert clashes(alt_keys(main_window, main_window.centralWidget())) == {}, panel.ui.tabs.tabText(tab)
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # 物资申请(&Q): into its table
    qtbot.waitUntil(lambda: panel.ui.requestsTable.hasFocus())
    assert panel.ui.tabs.currentIndex() == 2 and panel.selected_request() is not None
    assert panel.ui.approveButton.isEnabled()
    request = panel.selected_request()
    for dialog in (StockMoveDialog(ui_context, panel), StockMoveDialog(ui_context, panel, kind="issue"),
                   SupplyItemDialog(ui_context, panel), SupplySiteDialog(ui_context, panel),
                   SupplyRequestDialog(ui_context, panel), SupplyStepDialog(ui_context, request, "approve", panel),
                   StockImportDialog(ui_context, panel)):
        show(qtbot, dialog)
        assert clashes(alt_keys(dialog)) == {}, type(dialog).__name__
        assert dialog.width() <= 1024 and dialog.height() <= 640
        dialog.close()


def test_quantities_show_thousands_separators_in_every_table_and_the_step_dialog(qtbot, ui_context):
    db = ui_context.db
    supplies.add_item(db, "医用外科口罩", "只", "值班员")
    supplies.add_site(db, "市应急物资储备库", "值班员")
    supplies.move(db, supplies.MoveSpec("医用外科口罩", "市应急物资储备库", 150000, batch="K1", expires_on=date(2099, 1, 1)),
                  "值班员")
    supplies.move(db, supplies.MoveSpec("医用外科口罩", "市应急物资储备库", -12000, to_unit="瑞安市"), "值班员")
    supply_requests.add_request(db, "平阳县", "医用外科口罩", 20000, "值班员")
    panel = open_panel(qtbot, ui_context)
    assert [panel.stock.index(0, c).data() for c in (2, 5, 6)] == ["138,000只", "12,000只", "1,714.3只/日"]
    assert panel.moves.index(0, 3).data() == "12,000只"
    assert panel.requests.index(0, 3).data() == "20,000只"
    assert panel.chase.index(0, 3).data() == "第1号 医用外科口罩 20,000只"
    assert [panel.items.index(0, c).data() for c in (2, 3, 4)] == ["138,000只", "138,000只", "12,000只"]
    panel.ui.requestsTable.selectRow(0)
    dialog = show(qtbot, panel.step("approve"))
    assert "平阳县申请医用外科口罩20,000只" in dialog.ui.requestLabel.text()


def test_the_chase_tab_prints_the_supply_chase_sheet_when_a_request_is_overdue(qtbot, ui_context, tmp_path,
                                                                              monkeypatch):
    import subprocess
    from datetime import timedelta

    from PySide6.QtWidgets import QFileDialog

    from wzcommand import clock
    from wzcommand.ui import printing

    stocked(ui_context.db)
    supply_requests.add_request(ui_context.db, "平阳县", "医用防护服", 30, "值班员",
                                at=clock.now() - timedelta(hours=1))  # approval due in 4 h: not late yet
    panel = open_panel(qtbot, ui_context)
    assert not panel.ui.printChaseButton.isEnabled() and panel.ui.printChaseButton.text() == "打印催办单(&B)…"
    supply_requests.add_request(ui_context.db, "瑞安市", "医用防护服", 1200, "值班员", at=clock.now() - timedelta(hours=6))
    ui_context.bus.changed.emit("supplies")
    assert panel.ui.printChaseButton.isEnabled() and "超过办理时限的申请1项" in panel.ui.printChaseButton.toolTip()
    pdf = tmp_path / "催办单.pdf"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), printing.PDF_FILTER))
    job = panel.print_chase()
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "物资申请催办单" in text and "瑞安市" in text and "医用防护服1,200套" in text and "平阳县" not in text
