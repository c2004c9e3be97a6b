"""The rendered print path, for printers that do not take PDF (Windows printer drivers): each page
is drawn by QtPdf at the printer's own resolution onto an A4 page at 100 % — never fitted to the
driver's paper. Runs in the print worker thread (QPainter on a QPrinter is thread-safe).
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter

from ..printing import paper
from ..printing.cups import PrintCancelled, Printer, PrintError

BAND_PIXELS = 16 * 1024 * 1024  # rendered in horizontal bands of at most this many pixels


def qt_printers() -> list[Printer]:
    """The system's printers as Qt sees them, with their papers (QPageSize keys: A4, Letter …)."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    default = QPrinterInfo.defaultPrinterName()
    found = []
    for info in QPrinterInfo.availablePrinters():
        papers = tuple("A4" if size.id() == QPageSize.PageSizeId.A4 else size.key()
                       for size in info.supportedPageSizes())
        found.append(Printer(name=info.printerName(), info=info.description(),
                             default_paper=info.defaultPageSize().key(), papers=papers,
                             state=5 if info.state() == QPrinter.PrinterState.Error else 3,
                             is_default=info.printerName() == default))
    return sorted(found, key=lambda p: (not p.is_default, p.name.lower()))


def force_a4(printer, landscape: bool = False) -> None:
    """A4 portrait (landscape for a landscape page, the risk map), no margins, full page: the PDF page
    lands on the paper at 100 %."""
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))
    layout.setMode(QPageLayout.Mode.FullPageMode)
    if not printer.setPageLayout(layout) or printer.pageLayout().pageSize().id() != QPageSize.PageSizeId.A4:
        raise PrintError(f"打印机“{printer.printerName() or '（未命名）'}”不能设为 A4 纸，公文只能用 A4 纸按 100 % 打印。")
    printer.setFullPage(True)


def render_pages(document, printer, first: int, last: int, progress: Callable[[int, int], object] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> int:
    """Draw pages first..last (0-based) of a QPdfDocument onto `printer` at its resolution,
    one PDF point = 1/72 inch on paper; the pages drawn."""
    from PySide6.QtPdf import QPdfDocumentRenderOptions

    first_page = document.pagePointSize(first)
    force_a4(printer, landscape=first_page.width() > first_page.height())
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"无法开始打印：打印机“{printer.printerName()}”不可用。")
    done, total = 0, last - first + 1
    try:
        for page in range(first, last + 1):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(done, total)
            if done:
                printer.newPage()
            points = document.pagePointSize(page)
            full = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            # device pixels per painter unit: QPrinter paints in its own resolution already
            scale = painter.device().logicalDpiX() / dpi
            band = max(1, BAND_PIXELS // max(full.width(), 1))
            for top in range(0, full.height(), band):
                clip = QRect(0, top, full.width(), min(band, full.height() - top))
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(full)
                options.setScaledClipRect(clip)
                image = document.render(page, clip.size(), options)
                painter.save()
                painter.scale(scale, scale)
                painter.drawImage(QPointF(0, top), image)
                painter.restore()
            done += 1
    finally:
        painter.end()
    if progress is not None:
        progress(done, total)
    return done


def print_rendered(data: bytes, printer_name: str, copies: int = 1, pages: tuple[int, int] | None = None,
                   title: str = "", progress=None, cancelled=None, resolution: int | None = None) -> int:
    """The whole rendered job, run in the worker: open the PDF, draw the pages, the pages printed.
    `resolution` (dpi) replaces the printer's own only where told (the tests' quick runs)."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise PrintError(f"没有名为“{printer_name}”的打印机。")
    if not any(size.id() == QPageSize.PageSizeId.A4 for size in info.supportedPageSizes()):
        labels = "、".join(paper.listed(size.key() for size in info.supportedPageSizes())) or "（未报告）"
        raise PrintError(f"打印机“{printer_name}”没有 A4 纸（它的纸张：{labels}），公文只能用 A4 纸按 100 % 打印。")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setCopyCount(copies)
    if resolution:
        printer.setResolution(resolution)
    folder = Path(tempfile.mkdtemp(prefix="wzcommand-print-"))
    try:
        path = folder / "document.pdf"
        path.write_bytes(data)
        document = QPdfDocument()
        document.load(str(path))
        first, last = (pages[0] - 1, pages[1] - 1) if pages else (0, document.pageCount() - 1)
        done = render_pages(document, printer, first, last, progress, cancelled)
        document.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if cancelled is not None and cancelled():
        raise PrintCancelled(None)
    return done
