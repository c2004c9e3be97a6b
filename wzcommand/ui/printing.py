"""Printed documents: a service renders the PDF in the worker; the user then saves it (written
atomically), prints it (print_dialog: A4 at 100 %, off the UI thread), or opens it in the system's viewer
(also the way out when QtPdf or QtPrintSupport is not installed).

    PdfOutput(panel, "会议通知", "会议通知-12.pdf", lambda: meeting_notice_pdf(db, 12)).start()
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
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
    clicked = box.clickedButton()
    return next((choice for button, choice in buttons.items() if button is clicked), None)


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
    """Hand the PDF to the system's viewer (pdf_preview writes it to a temporary file)."""
    from .pdf_preview import open_externally

    return str(open_externally(data, name))


def print_pdf(parent: QWidget, data: bytes, name: str):
    """The one print path (print_dialog: A4 · 100 %, copies, pages; the job off the UI thread)."""
    from .print_dialog import print_pdf as print_with_dialog

    return print_with_dialog(parent, data, name)


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
            run = print_pdf(self._widget, data, self._name)
            if run is not None:  # `done` follows the job: what was printed, or "" when it failed
                run.finished.connect(self._printed)
                run.failed.connect(self._print_failed)
                return
        elif choice == OPEN:
            result = open_in_viewer(data, self._name)
        self.done.emit(result or "")
        self.deleteLater()

    def _printed(self, text: str) -> None:
        self.done.emit(text)
        self.deleteLater()

    def _print_failed(self, _message: str) -> None:
        self._printed("")

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
