"""风险地图 panel: the divisions drawn alone, then townships coloured by their level of the chosen date;
hover and the keyboard list tell the level and since when; zoom by keys; reachable by Ctrl+Alt+D;
printing issues the map."""
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from riskmap_support import LEVELS, write_csv, write_geojson

from wzcommand.plan import riskmap as rules
from wzcommand.services import risk_levels, townships
from wzcommand.ui import printing
from wzcommand.ui.panels.riskmap_panel import RiskMapPanel

CST = timezone(timedelta(hours=8))
DAY1 = datetime(2026, 11, 20, 9, 0, tzinfo=CST)


@pytest.fixture
def panel(qtbot, ui_context):
    widget = RiskMapPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def set_day(panel, d: date):
    panel.ui.dateEdit.setDate(QDate(d.year, d.month, d.day))


def fill(panel, key):
    return panel.items[key].brush().color().getRgb()[:3]


def test_without_townships_the_twelve_divisions_are_drawn_and_say_so(panel):
    assert len(panel.items) == 12 and panel.ui.areaList.count() == 12
    assert fill(panel, "鹿城区") == rules.COLOURS["none"]
    assert "尚未导入乡镇（街道）" in panel.ui.summaryLabel.text()
    assert "温州市突发公共卫生事件应急指挥部" in panel.ui.headerLabel.text()
    assert rules.TITLE in panel.ui.headerLabel.text()


def test_a_past_date_is_drawn_with_that_dates_levels_and_hover_tells_since_when(qtbot, panel, ui_context, tmp_path):
    db = ui_context.db
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    townships.import_townships(db, write_geojson(tmp_path / "b.geojson"), "值班员")
    for name, level in LEVELS.items():
        risk_levels.set_risk(db, [name], level, DAY1, "评估", "值班员")
    risk_levels.set_risk(db, ["五马街道"], "低", DAY1 + timedelta(days=3), "解除", "值班员")
    set_day(panel, date(2026, 11, 21))
    assert fill(panel, "鹿城区/五马街道") == rules.COLOURS["high"]
    assert fill(panel, "龙湾区/永中街道") == rules.COLOURS["high"]
    assert fill(panel, "瓯海区/泽雅镇") == rules.COLOURS["none"]
    assert "高风险2个" in panel.ui.summaryLabel.text()
    set_day(panel, date(2026, 11, 24))
    assert fill(panel, "鹿城区/五马街道") == rules.COLOURS["low"]
    # hover over the township shows its level and since when
    item = panel.items["龙湾区/永中街道"]
    view = panel.ui.view
    view.centerOn(item)
    point = view.mapFromScene(item.path().boundingRect().center())
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(lambda: "永中街道" in panel.ui.infoLabel.text())
    assert panel.ui.infoLabel.text() == "龙湾区永中街道：高风险，自2026-11-20 09:00起；依据：评估"
    # by keyboard: the list chooses an area and says the same, with its basis
    rows = [panel.ui.areaList.item(i).text().strip() for i in range(panel.ui.areaList.count())]
    panel.ui.areaList.setFocus()
    panel.ui.areaList.setCurrentRow(rows.index("五马街道　低风险　自11-23"))
    assert panel.ui.infoLabel.text() == "鹿城区五马街道：低风险，自2026-11-23 09:00起；依据：解除"


def test_keys_zoom_and_fit(qtbot, panel):
    view = panel.ui.view
    view.setFocus()
    before = view.transform().m11()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() == pytest.approx(before * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.transform().m11() == pytest.approx(before / 1.25)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.transform().m11() == pytest.approx(before)


def test_the_panel_by_keyboard_and_printing_issues_the_map(qtbot, main_window, monkeypatch, tmp_path):
    action = next(a for a in main_window.panel_actions if a.text().startswith("风险地图"))
    assert action.shortcut().toString() == "Ctrl+Alt+D"
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    panel = main_window.stack.currentWidget()
    assert isinstance(panel, RiskMapPanel)
    target = tmp_path / "地图.pdf"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), printing.PDF_FILTER))
    job = panel.print_map()
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert target.read_bytes().startswith(b"%PDF")
    from wzcommand.services import riskmap_print

    issued = riskmap_print.issued_maps(main_window._ctx.db)
    assert [m.day for m in issued] == [panel.day] and issued[0].issued_by


def test_a_printer_driver_gets_the_landscape_map_on_landscape_a4_at_full_size(qapp, ui_context, tmp_path):
    """Where the driver takes no PDF (Windows), pages are drawn by QtPdf: the landscape page must land
    on landscape A4, not be cut to a portrait sheet."""
    import pdfplumber
    from PySide6.QtPrintSupport import QPrinter

    from wzcommand.services import riskmap_print
    from wzcommand.ui.pdf_preview import load_document
    from wzcommand.ui.print_render import render_pages

    document = load_document(riskmap_print.riskmap_pdf(ui_context.db, date(2026, 11, 21)))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(72)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert render_pages(document, printer, 0, 0) == 1
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (842, 595)


def test_the_agenda_shows_each_risk_map_item_as_issued_or_missed(qtbot, ui_context):
    from level_support import complete

    from wzcommand import clock
    from wzcommand.services import levels, riskmap_print
    from wzcommand.ui.models.schedule_model import COL_STATUS, COL_TITLE, ITEM_ROLE
    from wzcommand.ui.panels.agenda_panel import AgendaPanel

    db = ui_context.db
    monday = date(2026, 11, 2)
    when = datetime.combine(monday, datetime.min.time(), tzinfo=clock.now().tzinfo) + timedelta(hours=7)
    levels.switch_level(db, complete(db, levels.SwitchRequest("II", when, "市政府", "专家评估意见", plan="respiratory")),
                        "测试", now=clock.now())
    riskmap_print.riskmap_pdf(db, monday + timedelta(days=3), public=True, operator="值班员")
    panel = AgendaPanel(ui_context)
    qtbot.addWidget(panel)
    panel.resize(1000, 640)
    panel.show()
    qtbot.waitUntil(lambda: panel.extend_task is not None and not panel.extend_task.running, timeout=10000)

    def status_on(day: date) -> str:
        panel.set_date(day)
        model = panel.day_model
        row = next(r for r in range(model.rowCount()) if model.index(r, COL_TITLE).data(ITEM_ROLE).kind == "risk_map")
        return model.index(row, COL_STATUS).data()

    assert status_on(monday + timedelta(days=3)).startswith("已发布（") and "公开版" in status_on(monday + timedelta(days=3))
    assert status_on(monday + timedelta(days=6)) == "已错过（当日未发布地图）"


def test_import_from_the_panel_lists_every_error_or_draws_the_townships(qtbot, panel, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from wzcommand.ui import folders

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    bad = write_csv(tmp_path / "bad.csv", [("月亮县", "嫦娥镇", "330399001000"), ("鹿城区", "五马街道", "330302001000"),
                                           ("鹿城区", "五马街道", "330302002000")])
    monkeypatch.setattr(folders, "open_name", lambda *a, **k: (str(bad), ""))
    panel.ui.importButton.click()
    assert shown and shown[0][0] == "导入未执行" and "发现 2 处错误" in shown[0][1]
    assert "第2行“县（市、区）”列：没有名为“月亮县”的县（市、区）" in shown[0][1]
    assert "第4行“乡镇（街道）”列：鹿城区五马街道重复，已在第3行出现" in shown[0][1]
    assert len(panel.items) == 12  # nothing written, nothing drawn
    panel.import_file(str(write_csv(tmp_path / "t.csv")))
    panel.import_file(str(write_geojson(tmp_path / "b.geojson")))
    assert panel.ui.infoLabel.text() == "已导入乡镇（街道）：更新 12 个，其中边界 12 个。"
    assert len(panel.items) == 24 and "鹿城区/五马街道" in panel.items


def test_the_level_dialog_records_the_ticked_townships_and_refuses_beside_the_field(qtbot, panel, ui_context, tmp_path):
    db = ui_context.db
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    panel.reload()
    rows = [panel.ui.areaList.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.ui.areaList.count())]
    panel.ui.areaList.setCurrentRow(rows.index("鹿城区/五马街道"))
    dialog = panel.level_dialog()
    qtbot.addWidget(dialog)
    assert dialog.checked() == ["鹿城区五马街道"]
    dialog.accept()
    assert dialog.field_error("level") == "请选择风险等级"
    dialog.ui.levelCombo.setCurrentIndex(dialog.ui.levelCombo.findData("high"))
    dialog.accept()
    assert "请填写依据" in dialog.field_error("basis")
    dialog.ui.basisEdit.setPlainText("11月27日风险评估")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert panel.items["鹿城区"].brush().color().getRgb()[:3] == rules.tint("high")  # no boundary: its division
    assert "鹿城区五马街道" in panel.ui.summaryLabel.text()
