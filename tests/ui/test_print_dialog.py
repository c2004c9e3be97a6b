"""The window's print path: the dialog (A4 · 100 %, no fit-to-page, a printer without A4 refused),
the job in the worker through the throwaway CUPS queue (progress, 取消, the queue's own message on
failure), and the rendered path for drivers that do not take PDF (A4 at 100 % at the printer's
resolution)."""
import re

import pytest
from cups_support import page_facts
from doc_support import issued_first_report
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QMessageBox, QPushButton

from wzcommand import clock
from wzcommand.printing import cups
from wzcommand.services import reports
from wzcommand.ui import print_dialog
from wzcommand.ui.print_dialog import PrintChoice, PrintDialog

NOW = clock.now().replace(second=0, microsecond=0)
WAIT = 60000
LETTER_ONLY = cups.Printer("前台", papers=("na_letter_8.5x11in", "na_legal_8.5x14in"), default_paper="na_letter_8.5x11in")
OFFICE = cups.Printer("办公室", papers=("na_letter_8.5x11in", "iso_a4_210x297mm"), default_paper="na_letter_8.5x11in",
                      is_default=True)


@pytest.fixture
def issued(db):
    return issued_first_report(db, NOW)


def job_number(text: str) -> int:
    return int(re.search(r"任务 \S+-(\d+)", text).group(1))


def test_the_dialog_offers_only_a4_at_100_percent(qtbot):
    dialog = PrintDialog(None, "首次报告", 3, [OFFICE, LETTER_ONLY])
    qtbot.addWidget(dialog)
    assert dialog.ui.paperLabel.text() == "A4 · 100 %"
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)]
    assert not any("适应" in t or "缩放" in t or "fit" in t.lower() for t in texts)
    assert "打印机默认纸张：Letter" in dialog.ui.printerState.text()
    dialog.ui.copiesSpin.setValue(2)
    dialog.ui.rangeRadio.setChecked(True)
    dialog.ui.fromSpin.setValue(2)
    assert dialog.choice() == PrintChoice("办公室", 2, (2, 3))


def test_a_printer_without_a4_is_refused_with_its_papers(qtbot):
    dialog = PrintDialog(None, "首次报告", 1, [OFFICE, LETTER_ONLY])
    qtbot.addWidget(dialog)
    dialog.ui.printerCombo.setCurrentIndex(1)
    assert not dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.ui.generalError.text().startswith("打印机“前台”没有 A4 纸（它的纸张：Letter、Legal）")
    assert dialog.choice() is None


def test_the_report_archive_prints_through_the_queue_on_a4(qtbot, ui_context, issued, cups_server, letter_queue,
                                                          monkeypatch):
    from wzcommand.ui.panels.reports_panel import ReportsPanel

    def choose(dialog):
        dialog.ui.printerCombo.setCurrentIndex(dialog.ui.printerCombo.findData(letter_queue))
        dialog.ui.copiesSpin.setValue(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintDialog, "exec", choose)
    panel = ReportsPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    run = panel.print_current()
    assert run is not None and run.box.isVisible() and run.box.labelText().startswith("正在把")
    with qtbot.waitSignal(run.finished, timeout=WAIT) as printed:
        pass
    text = printed.args[0]
    assert f"打印机“{letter_queue}”" in text and "2 份" in text and "A4 · 100 %" in text
    assert panel.ui.messageLabel.text() == text
    facts = page_facts(cups_server.output(job_number(text)))
    assert facts["width_mm"] == pytest.approx(210, abs=1) and facts["height_mm"] == pytest.approx(297, abs=1)
    assert facts["left_mm"] == pytest.approx(28, abs=1) and facts["body_top_mm"] == pytest.approx(72, abs=1)
    assert "温州市突发公共卫生事件应急指挥部" in facts["text"] and all(facts["embedded"])


def test_a_stopped_queue_is_reported_and_the_record_kept(qtbot, ui_context, issued, cups_server, monkeypatch):
    queue = cups_server.add_queue("wz-ui-stopped")
    cups_server.run("cupsdisable", "-r", "缺纸：请在 2 号纸盒加 A4 纸", queue)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    run = print_dialog.start(None, issued.pdf, issued.doc_no, PrintChoice(queue))
    with qtbot.waitSignal(run.failed, timeout=WAIT) as failed:
        pass
    assert "缺纸：请在 2 号纸盒加 A4 纸" in failed.args[0] and f"“{queue}”" in failed.args[0]
    assert shown == [("未能打印", failed.args[0])]
    assert reports.get_report_pdf(ui_context.db, issued.id) == issued.pdf


def test_cancel_withdraws_a_waiting_job(qtbot, issued, cups_server, monkeypatch):
    queue = cups_server.add_queue("wz-ui-held")
    cups_server.run("lpadmin", "-p", queue, "-o", "job-hold-until-default=indefinite")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("a cancel is not an error"))
    run = print_dialog.start(None, issued.pdf, issued.doc_no, PrintChoice(queue))
    qtbot.waitUntil(lambda: "排队等候" in run.box.labelText(), timeout=WAIT)
    qtbot.mouseClick(run.box.findChild(QPushButton), Qt.MouseButton.LeftButton)  # 取消
    with qtbot.waitSignal(run.failed, timeout=WAIT) as failed:
        pass
    assert failed.args[0] == ""
    assert cups_server.run("lpstat", "-o", queue).strip() == ""


def test_the_rendered_path_forces_a4_at_the_printers_resolution(qapp, issued, tmp_path):
    from PySide6.QtGui import QImage, QPageSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from wzcommand.ui.print_render import render_pages

    source = tmp_path / "report.pdf"
    source.write_bytes(issued.pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # the driver's own paper
    printer.setResolution(150)
    document = QPdfDocument()
    document.load(str(source))
    seen = []
    assert render_pages(document, printer, 0, document.pageCount() - 1, lambda d, t: seen.append((d, t))) \
        == document.pageCount()
    assert seen[-1] == (document.pageCount(), document.pageCount())
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    size = printed.pagePointSize(0)
    assert size.width() == pytest.approx(595.3, abs=1) and size.height() == pytest.approx(841.9, abs=1)
    # the printed page is the document's page at 100 %: both rendered small are nearly the same picture
    a = document.render(0, size.toSize()).convertToFormat(QImage.Format.Format_Grayscale8)
    b = printed.render(0, size.toSize()).convertToFormat(QImage.Format.Format_Grayscale8)
    diff = sum(abs(x - y) for x, y in zip(a.constBits().tobytes(), b.constBits().tobytes(), strict=True)) / (a.width() * a.height())
    assert diff < 4, diff


def test_the_rendered_path_through_a_letter_queue_prints_a4(qapp, issued, cups_server, letter_queue):
    """What Windows drivers get, tried through Qt's own CUPS support: the queue's Letter is
    overridden, the page is A4 and the text where the document put it."""
    from wzcommand.ui.print_render import print_rendered, qt_printers

    queue = next(p for p in qt_printers() if p.name == letter_queue)
    assert queue.a4 and "A4" in queue.paper_labels()
    def jobs():
        listed = cups_server.run("lpstat", "-W", "all", "-o", letter_queue).split()
        return {int(word.rsplit("-", 1)[1]) for word in listed if word.startswith(letter_queue + "-")}

    before = jobs()
    pages = print_dialog.page_count(issued.pdf)
    assert print_rendered(issued.pdf, letter_queue, title=issued.doc_no, resolution=100) == pages
    qapp.processEvents()
    (number,) = jobs() - before
    facts = page_facts(cups_server.output(number))
    assert facts["width_mm"] == pytest.approx(210, abs=1) and facts["height_mm"] == pytest.approx(297, abs=1)
    assert facts["pages"] == pages and not facts["text"].strip()  # pictures of the pages, not text
