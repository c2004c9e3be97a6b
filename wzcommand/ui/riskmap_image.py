"""The public risk map as a PNG: the public PDF's first page rendered by QtPdf (no pdftoppm, no
network), so the picture released is exactly the printed public page."""
from __future__ import annotations

from pathlib import Path

PNG_DPI = 150  # A4 landscape → 1754 × 1240 pixels: sharp on a web page or a phone, about 0.5 MB
_app = None  # the application the command line makes for QtPdf, kept for the process's life


def _application():
    """The running application, or an offscreen one for the command line: a QApplication (not a bare
    QGuiApplication), so that widgets can still be made in the same process afterwards."""
    global _app
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = _app = QApplication(["wzcommand", "-platform", "offscreen"])
    return app


def png_bytes(pdf: bytes, dpi: int = PNG_DPI) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QColor, QImage, QPainter

    from .pdf_preview import load_document

    _application()
    document = load_document(pdf)
    points = document.pagePointSize(0)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    page = document.render(0, size)
    image = QImage(size, QImage.Format.Format_RGB32)  # a white page, not a transparent one
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, page)
    painter.end()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6's stub lacks the QIODevice form
    buffer.close()
    document.close()
    return bytes(out.data())


def write_png(pdf: bytes, path: str | Path) -> str:
    """Write the PNG atomically; the sentence to report."""
    from ..fileio import atomic_write_bytes, os_error_text
    from ..services.errors import ServiceError

    try:
        atomic_write_bytes(path, png_bytes(pdf))
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}") from exc
    return f"已生成公开版图片 {path}"
