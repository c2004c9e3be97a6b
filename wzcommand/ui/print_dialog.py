"""打印: choose the printer, copies and pages; the paper is always “A4 · 100 %” (no fit-to-page).
The job then runs off the UI thread with progress and 取消: through CUPS as the PDF itself
(wzcommand.printing.cups), or — where the platform cannot take PDF — rendered at the printer's
resolution (print_render). A failure is shown with the queue's own message; nothing else changes.

    choice = ask(parent, data, "首次报告")      # None when the user cancelled
    run = start(parent, data, "首次报告", choice)  # PrintRun: finished(str) / failed(str)
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QProgressDialog, QWidget

from ..printing import A4_LABEL, PrintCancelled, Printer, PrintError, cups, prints_pdf_itself
from .forms.ui_print_dialog import Ui_PrintDialog
from .worker import BackgroundTask, run_in_background

ERROR_STYLE = "color: #b00020;"
_active: set["PrintRun"] = set()  # jobs still running (a run without a parent widget is kept alive here)


@dataclass(frozen=True)
class PrintChoice:
    printer: str
    copies: int = 1
    pages: tuple[int, int] | None = None  # 1-based, inclusive; None: every page


def available_printers() -> list[Printer]:
    """The queues this machine prints to (CUPS, or Qt's list where pages are rendered)."""
    if prints_pdf_itself():
        return cups.list_printers()
    from .print_render import qt_printers

    return qt_printers()


def page_count(data: bytes) -> int:
    from .pdf_preview import load_document, qtpdf_available

    if qtpdf_available():
        document = load_document(data)
        try:
            return document.pageCount()
        finally:
            document.deleteLater()
    return max(data.count(b"/Type /Page") - data.count(b"/Type /Pages"), 1)


class PrintDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str, pages: int, printers: list[Printer]):
        super().__init__(parent)
        self.ui = ui = Ui_PrintDialog()
        ui.setupUi(self)
        self.setWindowTitle(f"打印：{name}")
        self.printers = printers
        ui.paperLabel.setText(A4_LABEL)
        ui.paperLabel.setToolTip("公文一律用 A4 纸按 100 % 打印，不缩放、不适应纸张。")
        for printer in printers:
            ui.printerCombo.addItem(printer.name + ("（默认）" if printer.is_default else ""), printer.name)
        for spin in (ui.fromSpin, ui.toSpin):
            spin.setRange(1, max(pages, 1))
        ui.toSpin.setValue(max(pages, 1))
        ui.generalError.setStyleSheet(ERROR_STYLE)
        ui.generalError.hide()
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("打印(&P)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept_choice)
        ui.buttonBox.rejected.connect(self.reject)
        ui.printerCombo.currentIndexChanged.connect(self._printer_changed)
        ui.rangeRadio.toggled.connect(self._range_toggled)
        self._range_toggled(False)
        self._printer_changed()

    def printer(self) -> Printer | None:
        index = self.ui.printerCombo.currentIndex()
        return self.printers[index] if 0 <= index < len(self.printers) else None

    def refusal(self) -> str:
        """Why the chosen printer cannot print this document ("" when it can)."""
        printer = self.printer()
        if printer is None:
            return "本机没有可用的打印机。"
        try:
            cups.check_printer(printer)
        except PrintError as exc:
            return exc.message
        return ""

    def _printer_changed(self, *_args) -> None:
        printer, ui = self.printer(), self.ui
        if printer is not None:
            default = cups.paper.label(printer.default_paper)
            ui.printerState.setText(f"{printer.state_text()} · 打印机默认纸张：{default}"
                                    + (f" · {printer.info}" if printer.info and printer.info != printer.name else ""))
        refusal = self.refusal()
        ui.generalError.setText(refusal)
        ui.generalError.setVisible(bool(refusal))
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not refusal)

    def _range_toggled(self, checked: bool) -> None:
        self.ui.fromSpin.setEnabled(checked)
        self.ui.toSpin.setEnabled(checked)

    def choice(self) -> PrintChoice | None:
        printer, ui = self.printer(), self.ui
        if printer is None or self.refusal():
            return None
        pages = None
        if ui.rangeRadio.isChecked():
            pages = (min(ui.fromSpin.value(), ui.toSpin.value()), max(ui.fromSpin.value(), ui.toSpin.value()))
        return PrintChoice(printer.name, ui.copiesSpin.value(), pages)

    def accept_choice(self) -> None:
        if self.choice() is not None:
            self.accept()


def ask(parent: QWidget | None, data: bytes, name: str) -> PrintChoice | None:
    """Show the print dialog; the choice, or None (cancelled, or no printer to offer)."""
    try:
        printers = available_printers()
    except PrintError as exc:
        QMessageBox.warning(parent, "无法打印", exc.message)
        return None
    if not printers:
        QMessageBox.warning(parent, "无法打印", "本机没有可用的打印机。")
        return None
    dialog = PrintDialog(parent, name, page_count(data), printers)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def print_job(data: bytes, name: str, choice: PrintChoice, cancel: threading.Event):
    """The worker's callable: the whole job, in the worker thread; its result text."""
    def run(progress) -> str:
        copies = f"{choice.copies} 份" if choice.copies > 1 else ""
        if prints_pdf_itself():
            job = cups.print_pdf(data, choice.printer, choice.copies, name, choice.pages, progress, cancel.is_set)
            return f"已打印：{name}{copies}（打印机“{choice.printer}”，任务 {job.id}，A4 · 100 %）"
        from .print_render import print_rendered

        pages = print_rendered(data, choice.printer, choice.copies, choice.pages, name,
                               lambda done, total: progress(done, total), cancel.is_set)
        return f"已打印：{name}{copies}，{pages} 页（打印机“{choice.printer}”，A4 · 100 %）"

    return run


class PrintRun(QObject):
    """One print job in the worker, with a progress dialog whose 取消 stops it."""

    finished = Signal(str)  # what was printed
    failed = Signal(str)  # the message shown ("" when the user cancelled)

    def __init__(self, parent: QWidget | None, data: bytes, name: str, choice: PrintChoice):
        super().__init__(parent)
        self.parent_widget = parent
        self.choice = choice
        self.cancel = threading.Event()
        self.box = QProgressDialog(f"正在把“{name}”发送到打印机“{choice.printer}”…", "取消", 0, len(cups.STAGES),
                                   parent)
        self.box.setWindowTitle("打印")
        self.box.setWindowModality(Qt.WindowModality.WindowModal)
        self.box.setAutoClose(False)
        self.box.setAutoReset(False)
        self.box.setMinimumDuration(0)
        self.box.canceled.connect(self.cancel.set)
        self.box.setValue(0)
        self.box.show()
        self.task: BackgroundTask = run_in_background(print_job(data, name, choice, self.cancel))
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        _active.add(self)

    def _progress(self, done: int, total: int) -> None:
        self.box.setMaximum(total)
        self.box.setValue(min(done, total))
        if prints_pdf_itself():
            self.box.setLabelText(f"打印机“{self.choice.printer}”：{cups.STAGES[min(done, len(cups.STAGES) - 1)]}…")
        else:
            self.box.setLabelText(f"正在打印第 {done + 1} 页，共 {total} 页…")

    def _finished(self, text: str) -> None:
        self.box.close()
        _active.discard(self)
        self.finished.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self.box.close()
        message = getattr(exc, "message", None) or f"打印失败：{exc}"
        if not isinstance(exc, PrintCancelled):
            QMessageBox.warning(self.parent_widget, "未能打印", message)
        _active.discard(self)
        self.failed.emit("" if isinstance(exc, PrintCancelled) else message)


def start(parent: QWidget | None, data: bytes, name: str, choice: PrintChoice) -> PrintRun:
    return PrintRun(parent, data, name, choice)


def print_pdf(parent: QWidget | None, data: bytes, name: str) -> PrintRun | None:
    """The window's one print path: the dialog, then the job in the worker (None: not printed)."""
    choice = ask(parent, data, name)
    return start(parent, data, name, choice) if choice is not None else None
