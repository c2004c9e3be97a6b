"""A PDF shown inside the program (QtPdf: page navigation and zoom), printing (print_dialog), the system viewer.

QtPdf is imported when the first preview is made, never at start. Without it (PySide6-Pdf not
installed) the preview offers only “用系统查看器打开”, which writes the PDF to a temporary
file and opens it with the desktop's PDF reader.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QToolButton, QVBoxLayout, QWidget

ZOOMS = (("适合宽度", "width"), ("整页", "page"), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("125%", 1.25),
         ("150%", 1.5), ("200%", 2.0))
NO_QTPDF = "本机未安装 PDF 预览组件（PySide6-Pdf），请用系统查看器打开。"
EMPTY = "尚无预览。"
_temp_dir: Path | None = None


def qtpdf_available() -> bool:
    try:
        import PySide6.QtPdf
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        return False
    return True


def safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "报告"


def open_externally(data: bytes, name: str = "报告") -> Path:
    """Write ``data`` to a temporary PDF and open it with the system's PDF reader."""
    global _temp_dir
    if _temp_dir is None or not _temp_dir.exists():
        _temp_dir = Path(tempfile.mkdtemp(prefix="wzcommand-pdf-"))
    path = _temp_dir / f"{safe_name(name)}.pdf"
    path.write_bytes(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def load_document(data: bytes, parent=None):
    """A QPdfDocument reading ``data`` (its buffer is kept as the document's child)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


class PdfPreview(QWidget):
    """The page view with 上一页/下一页, the page number, zoom, and 用系统查看器打开."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.data = b""
        self.name = "报告"
        self.document: Any = None  # QPdfDocument, made on first use (QtPdf loads then)
        self.view: Any = None  # QPdfView, likewise
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.prev_button = self._arrow(Qt.ArrowType.LeftArrow, "上一页")
        self.page_spin = QSpinBox()
        self.page_spin.setAccessibleName("页码")
        self.page_spin.setToolTip("页码")
        self.pages_label = QLabel()
        self.next_button = self._arrow(Qt.ArrowType.RightArrow, "下一页")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setAccessibleName("缩放")
        for text, value in ZOOMS:
            self.zoom_combo.addItem(text, value)
        self.open_button = QPushButton("用系统查看器打开")
        for widget in (self.prev_button, self.page_spin, self.pages_label, self.next_button, self.zoom_combo):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        self.message = QLabel(EMPTY)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message, 1)
        self.open_button.clicked.connect(self.open_externally)
        if qtpdf_available():
            self._make_view(layout)
        else:
            self.message.setText(NO_QTPDF)
        self._update_controls()

    def _arrow(self, arrow: Qt.ArrowType, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setArrowType(arrow)
        button.setToolTip(text)
        button.setAccessibleName(text)
        return button

    def _make_view(self, layout: QVBoxLayout) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #9e9e9e; }")
        layout.addWidget(self.view, 1)
        self.view.hide()
        self.document.statusChanged.connect(self._update_controls)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.prev_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_spin.valueChanged.connect(lambda value: self.go_to(value - 1))
        self.zoom_combo.currentIndexChanged.connect(self._apply_zoom)

    # ------------------------------------------------------------------ content

    def load(self, data: bytes, name: str = "报告") -> None:
        self.data, self.name = data, name
        if self.document is None:
            self.message.setText(f"{NO_QTPDF}\n（{name}）")
            self._update_controls()
            return
        self.document.close()
        buffer = QBuffer(self.document)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self.message.hide()
        self.view.show()
        self.go_to(0)
        self._update_controls()

    def clear(self, text: str = EMPTY) -> None:
        self.data = b""
        if self.document is not None:
            self.document.close()
            self.view.hide()
        self.message.setText(text)
        self.message.show()
        self._update_controls()

    def show_message(self, text: str) -> None:
        """Text in place of the pages (e.g. 正在生成预览…) until the next load."""
        if self.view is not None:
            self.view.hide()
        self.message.setText(text)
        self.message.show()

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None and self.data else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage() if self.view is not None else 0

    def go_to(self, page: int) -> None:
        if self.view is None or not 0 <= page < self.page_count():
            return
        if page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_controls()

    def open_externally(self) -> Path | None:
        return open_externally(self.data, self.name) if self.data else None

    # ------------------------------------------------------------------ controls

    def _apply_zoom(self, *_args) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        value = self.zoom_combo.currentData()
        if value == "width":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif value == "page":
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(value))

    def _on_page_changed(self, *_args) -> None:
        self._update_controls()

    def _update_controls(self, *_args) -> None:
        pages, page = self.page_count(), self.current_page()
        has_view = self.view is not None and pages > 0
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if pages else 0, max(pages, 0))
        self.page_spin.setValue(page + 1 if pages else 0)
        self.page_spin.blockSignals(False)
        self.pages_label.setText(f"/ {pages} 页" if pages else "")
        for widget in (self.page_spin, self.zoom_combo):
            widget.setEnabled(has_view)
        self.prev_button.setEnabled(has_view and page > 0)
        self.next_button.setEnabled(has_view and page < pages - 1)
        self.open_button.setEnabled(bool(self.data))
