"""纸质应急包: ask where to save it, write the PDF in the background (progress shown), offer to open it.

The kit (command structure, post holders, every unit's duty phones, a blank first-report form…)
is what the office keeps on paper for a power or network failure.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QPushButton, QWidget

from . import folders
from .bus import UiContext
from .worker import BackgroundTask, run_in_background

TITLE = "纸质应急包"
WORKING = "正在生成纸质应急包…"


class PaperKitWriter(QObject):
    """``label`` and ``bar`` show the work; ``button`` is disabled while it runs."""

    def __init__(self, parent: QWidget, ctx: UiContext, label: QLabel, bar: QProgressBar, button: QPushButton):
        super().__init__(parent)
        self._widget = parent
        self._ctx = ctx
        self._label, self._bar, self._button = label, bar, button
        self.task: BackgroundTask | None = None
        self._busy(False)

    def start(self) -> BackgroundTask | None:
        if self.task is not None and self.task.running:
            return None
        path, _chosen = folders.save_name(self._widget, f"保存{TITLE}", folders.PAPER_KIT, f"{TITLE}-{date.today():%Y%m%d}.pdf",
                                          "PDF 文件 (*.pdf)")
        if not path:
            return None
        if Path(path).suffix.lower() != ".pdf":
            path += ".pdf"
        from ..services import reports

        db = self._ctx.db
        self._busy(True)
        self.task = run_in_background(lambda _progress: reports.write_paper_kit(db, path))
        self.task.finished.connect(self._written)
        self.task.failed.connect(self._failed)
        return self.task

    def _busy(self, busy: bool) -> None:
        self._label.setText(WORKING if busy else "")
        self._label.setVisible(busy)
        self._bar.setVisible(busy)
        self._button.setEnabled(not busy)

    def _written(self, path) -> None:
        self._busy(False)
        answer = QMessageBox.question(self._widget, TITLE, f"已生成{TITLE}：\n{path}\n\n是否现在打开？")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        QMessageBox.warning(self._widget, f"未能生成{TITLE}", getattr(exc, "message", None) or f"生成失败：{exc}")
