"""报告档案: every issued report with its 文号, hash and corrections; the stored PDF shown as issued,
exported, printed, or corrected by a new numbered report.

The archive (and reportlab, QtPdf with it) loads when the panel is first shown, not at start.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QWidget

from ...services import events
from .. import folders
from ..bus import EVENTS, REPORTS, UiContext, attempt_read, refuse
from ..columns import Columns
from ..field_errors import ERROR_STYLE
from ..forms.ui_reports_panel import Ui_ReportsPanel
from ..models.report_model import COL_CORRECTIONS, COL_DOC_NO, COL_EVENT, COL_TITLE, REPORT_ROLE, ReportTableModel
from ..worker import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from ..pdf_preview import PdfPreview

HINT = ("签发的报告按原样存档（PDF 及其 SHA-256 校验值），不能修改；发现错误时选中报告按“更正…”，"
        "出具新编号的更正报告，原报告保留并注明已被更正。双击“更正”栏可转到相关报告。")
NO_REPORTS = "尚无已签发的报告。"
NOTHING_SELECTED = "请在左侧选择一份报告。"
COLUMN_CAPS = {COL_EVENT: 5, COL_TITLE: 8}


class ReportsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ReportsPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.loaded = False  # the archive is read when the panel is first shown
        self.preview: PdfPreview | None = None  # made with the first load
        self.current = None  # ReportInfo selected
        self._task: BackgroundTask | None = None
        ui = self.ui
        ui.hintLabel.setText(HINT)
        ui.hintLabel.setStyleSheet("color: #555;")
        self.model = ReportTableModel(self)
        ui.reportTable.setModel(self.model)
        ui.reportTable.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        self.columns = Columns(ui.reportTable, "reports", caps=COLUMN_CAPS, pad=False)
        ui.reportTable.selectionModel().selectionChanged.connect(self._on_selection)
        ui.reportTable.doubleClicked.connect(self.follow_link)
        ui.exportButton.clicked.connect(self.export)
        ui.printButton.clicked.connect(self.print_current)
        ui.correctButton.clicked.connect(self.correct)
        ui.openButton.clicked.connect(self.open_externally)
        ui.splitter.setStretchFactor(0, 5)
        ui.splitter.setStretchFactor(1, 4)
        ui.busyLabel.hide()
        ui.busyBar.hide()
        ui.messageLabel.hide()
        self.setFocusProxy(ui.reportTable)
        ctx.bus.follow(self, self._on_changed)
        self._update_buttons()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()
            width = self.ui.splitter.width()
            self.ui.splitter.setSizes([width * 2 // 3, width - width * 2 // 3])

    def _on_changed(self, topic: str) -> None:
        if topic in (REPORTS, EVENTS) and self.loaded:
            self.reload()

    def reload(self) -> None:
        from ...services import reports
        from ..pdf_preview import PdfPreview

        if self.preview is None:
            self.preview = PdfPreview(self.ui.previewBox)
            self.preview.open_button.hide()  # the panel has its own button for it
            self.ui.previewLayout.addWidget(self.preview)
        self.loaded = True
        keep = self.current.id if self.current else None
        rows = reports.list_reports(self._ctx.db)
        names = {e.id: e.name for e in events.list_events(self._ctx.db)}
        self.model.set_rows(list(reversed(rows)), names)  # newest first
        self._fit()
        self.ui.previewBox.setTitle(f"存档文件（共 {len(rows)} 份报告）" if rows else "存档文件")
        if not rows:
            self._show(None, NO_REPORTS)
        elif keep is None or not self.select_report(keep):
            self.select_report(self.model.data(self.model.index(0, 0), REPORT_ROLE).id)

    def _fit(self) -> None:
        self.columns.fit()

    def select_report(self, report_id: int) -> bool:
        row = self.model.row_of(report_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_DOC_NO)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.reportTable.selectionModel().setCurrentIndex(index, flags)
        self.ui.reportTable.scrollTo(index)
        self._show(index.data(REPORT_ROLE))
        return True

    def follow_link(self, index) -> bool:
        """Double-click on 更正: go to the report this one corrects, or the one that corrects it."""
        info = index.data(REPORT_ROLE)
        if info is None or index.column() != COL_CORRECTIONS:
            return False
        target = info.corrected_by or info.corrects_id
        return bool(target) and self.select_report(target)

    def _on_selection(self, *_args) -> None:
        rows = self.ui.reportTable.selectionModel().selectedRows(COL_DOC_NO)
        self._show(rows[0].data(REPORT_ROLE) if rows else None)

    def _show(self, info, empty: str = NOTHING_SELECTED) -> None:
        from ...services import reports

        self.current, preview = info, self.preview
        self._message("")
        if preview is None:  # nothing loaded yet: the first show loads
            pass
        elif info is None:
            preview.clear(empty)
        else:
            # refused e.g. when the stored file no longer matches its hash
            ok, pdf = attempt_read(self.ui.messageLabel, reports.get_report_pdf, self._ctx.db, info.id)
            if ok and pdf is not None:
                preview.load(pdf, f"{info.doc_no} {info.title}")
            else:
                preview.clear(self.ui.messageLabel.text())
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui, info = self.ui, self.current
        has_pdf = info is not None and self.preview is not None and bool(self.preview.data)
        busy = self._task is not None and self._task.running
        ui.exportButton.setEnabled(has_pdf and not busy)
        ui.printButton.setEnabled(has_pdf)
        ui.openButton.setEnabled(has_pdf)
        ui.correctButton.setEnabled(info is not None and not info.corrected_by)
        ui.correctButton.setToolTip("该报告已被更正，请对最新的更正报告出具更正。"
                                    if info is not None and info.corrected_by else "")

    def _message(self, text: str, error: bool = True) -> None:
        self.ui.messageLabel.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setVisible(bool(text))

    # ------------------------------------------------------------------ actions

    def export(self) -> BackgroundTask | None:
        from ...services import reports
        from ..pdf_preview import safe_name

        info = self.current
        if info is None or (self._task is not None and self._task.running):
            return None
        path, _chosen = folders.save_name(self, "导出报告", folders.REPORT, f"{safe_name(info.doc_no + info.title)}.pdf",
                                          "PDF 文件 (*.pdf)")
        if not path:
            return None
        if Path(path).suffix.lower() != ".pdf":
            path += ".pdf"
        db, report_id = self._ctx.db, info.id
        self.ui.busyLabel.setText("正在导出…")
        self.ui.busyLabel.show()
        self.ui.busyBar.show()
        task = self._task = run_in_background(lambda _progress: reports.export_report(db, report_id, path))
        self._update_buttons()
        task.finished.connect(self._exported)
        task.failed.connect(self._export_failed)
        return task

    def _export_done(self) -> None:
        self.ui.busyLabel.hide()
        self.ui.busyBar.hide()
        self._update_buttons()

    def _exported(self, path) -> None:
        self._export_done()
        self._message(f"已导出：{path}", error=False)

    def _export_failed(self, exc: BaseException) -> None:
        self._export_done()
        if not refuse(self.ui.messageLabel, exc):
            self._message(f"导出失败：{exc}")

    def print_current(self):
        """The print dialog for the report shown; the PrintRun (None when nothing was sent)."""
        from ..print_dialog import print_pdf

        if self.preview is None or not self.preview.data:
            return None
        run = print_pdf(self, self.preview.data, self.preview.name)
        if run is not None:
            run.finished.connect(lambda text: self._message(text, error=False))
            run.failed.connect(self._message)
        return run

    def open_externally(self) -> None:
        if self.preview is not None:
            self.preview.open_externally()

    def correct(self) -> QDialog | None:
        """Open the selected report's content as a correction draft."""
        from ...services import reports
        from ..dialogs.report_dialog import ReportDialog

        info = self.current
        if info is None:
            return None
        ok, draft = attempt_read(self.ui.messageLabel, reports.draft_correction, self._ctx.db, info.id)
        if not ok or draft is None:
            return None
        dialog = ReportDialog(self._ctx, draft, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
