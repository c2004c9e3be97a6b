"""Printed documents: a service renders the PDF in the worker; the user then saves it (written
atomically), prints it (QtPdf draws the pages onto a QPrinter), or opens it in the system's viewer
(also the way out when QtPdf or QtPrintSupport is not installed).

    PdfOutput(panel, "会议通知", "会议通知-12.pdf", lambda: meeting_notice_pdf(db, 12)).start()
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..fileio import atomic_write_bytes, os_error_text
from .worker import BackgroundTask, run_in_background

SAVE, PRINT, OPEN = "save", "print", "open"
PDF_FILTER = "PDF 文件 (*.pdf)"
_last_folder: list[Path] = []  # where the last PDF was saved, offered again next time


def choose_output(parent: QWidget, title: str) -> str | None:
    """Ask what to do with the document just made: SAVE, PRINT, OPEN, or None (close)."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"{title}已生成。")
    box.setInformativeText("可保存为 PDF 文件、直接打印，或用系统的 PDF 查看器打开。")
    buttons = {box.addButton("保存为 PDF(&S)…", QMessageBox.ButtonRole.AcceptRole): SAVE,
               box.addButton("打印(&P)…", QMessageBox.ButtonRole.ActionRole): PRINT,
               box.addButton("用查看器打开(&O)", QMessageBox.ButtonRole.ActionRole): OPEN}
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return buttons.get(box.clickedButton())


def save_pdf(parent: QWidget, data: bytes, suggested_name: str) -> str | None:
    """Ask for a file name and write the PDF there atomically; the path written, or None."""
    folder = _last_folder[-1] if _last_folder else Path.home()
    path, _chosen = QFileDialog.getSaveFileName(parent, "保存 PDF", str(folder / suggested_name), PDF_FILTER)
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        QMessageBox.warning(parent, "未能保存", f"未能保存“{path}”：{os_error_text(exc)}。")
        return None
    _last_folder[:] = [Path(path).parent]
    return path


def open_in_viewer(data: bytes, name: str) -> str:
    """Write the PDF to a temporary folder and hand it to the system's viewer; the path written."""
    path = Path(tempfile.mkdtemp(prefix="wzcommand-print-")) / name
    atomic_write_bytes(path, data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return str(path)


def print_to(printer, data: bytes) -> int:
    """Draw every page of the PDF onto `printer` (a QPrinter), fitted to its page; the pages printed."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument

    with tempfile.TemporaryDirectory(prefix="wzcommand-print-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(data)
        document = QPdfDocument()
        document.load(str(source))
        pages = document.pageCount()
        painter = QPainter()
        if pages == 0 or not painter.begin(printer):
            document.close()
            return 0
        try:
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            for page in range(pages):
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                painter.drawImage(QRectF(0, 0, size.width(), size.height()), document.render(page, size))
        finally:
            painter.end()
            document.close()
        return pages


def print_pdf(parent: QWidget, data: bytes, name: str) -> str | None:
    """Print through the print dialog; without QtPdf/QtPrintSupport open the viewer instead."""
    try:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401  (only checks that QtPdf is there)
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    except ImportError:
        return open_in_viewer(data, name)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(name)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return f"已打印 {print_to(printer, data)} 页"


class PdfOutput(QObject):
    """Render in the worker, then offer save / print / open. `done` carries what happened
    (the saved path, the print result, the viewer's file) or "" when the user closed."""

    done = Signal(str)

    def __init__(self, parent: QWidget, title: str, suggested_name: str, render: Callable[[], bytes]):
        super().__init__(parent)  # a closed panel takes the job (and its connections) with it
        self._widget = parent
        self._title = title
        self._name = suggested_name
        self._render = render
        self.task: BackgroundTask | None = None

    def start(self) -> BackgroundTask:
        render = self._render
        self.task = run_in_background(lambda _progress: render())
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        return self.task

    def _finished(self, data: bytes) -> None:
        choice = choose_output(self._widget, self._title)
        result = None
        if choice == SAVE:
            result = save_pdf(self._widget, data, self._name)
        elif choice == PRINT:
            result = print_pdf(self._widget, data, self._name)
        elif choice == OPEN:
            result = open_in_viewer(data, self._name)
        self.done.emit(result or "")
        self.deleteLater()

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self._widget, "未能生成", getattr(exc, "message", None) or f"未能生成{self._title}：{exc}")
        self.done.emit("")
        self.deleteLater()


def schedule_document(parent: QWidget, title: str, suggested_name: str, function: str, *args) -> PdfOutput:
    """Start a PdfOutput for `services.schedule_print.<function>(*args)`; the module (and reportlab)
    is imported in the worker, never at start-up."""
    def render() -> bytes:
        from ..services import schedule_print

        return getattr(schedule_print, function)(*args)

    job = PdfOutput(parent, title, suggested_name, render)
    job.start()
    return job
