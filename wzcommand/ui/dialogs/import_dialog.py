"""导入通讯录: check a .xlsx/.csv file in the background, then show its errors or what changed. Another
import (the stock lists') subclasses it: its file kind, hint, service call and summary."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidgetItem,
)

from ...services.errors import ImportRejected, RowError, ServiceError
from ...services.roster import CONTACT_FIELDS
from ...services.roster_io import ImportResult, import_contacts
from .. import folders
from ..bus import ROSTER, UiContext, refuse
from ..forms.ui_import_dialog import Ui_ImportDialog
from ..unsaved import FitsScreen
from ..worker import BackgroundTask

FILE_FILTER = "通讯录文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV UTF-8 (*.csv)"
HINT = ("选择 Excel（.xlsx）或 CSV（UTF-8）文件。第一行为表头：单位名称、{fields}（可只含其中几列，"
        "本程序导出的文件可直接导入）。程序先检查全部行，只要有一处错误就不写入任何数据。")
SHOWN_UNITS = 10  # updated units listed by name in the summary


class ImportDialog(FitsScreen, QDialog):
    TITLE = "导入通讯录"
    FILTER = FILE_FILTER
    FOLDER = folders.ROSTER
    BROWSE_TITLE = "选择通讯录文件"
    TOPIC = ROSTER

    def __init__(self, ctx: UiContext, parent=None, path: str | Path | None = None):
        super().__init__(parent)
        self.ui = Ui_ImportDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._task: BackgroundTask | None = None
        self.result_counts: ImportResult | None = None
        self.setWindowTitle(self.TITLE)
        self.ui.hintLabel.setText(self._hint())
        self.import_button = QPushButton("导入(&I)")
        self.import_button.setDefault(True)
        self.ui.buttonBox.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("关闭")
        self.ui.buttonBox.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.start_import)
        self.ui.browseButton.clicked.connect(self._browse)
        self.ui.fileEdit.textChanged.connect(self._update_buttons)
        header = self.ui.errorTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._set_errors_visible(False)
        self.ui.progressBar.hide()
        if path:
            self.ui.fileEdit.setText(str(path))
        self._update_buttons()

    def _browse(self) -> None:
        path, _ = folders.open_name(self, self.BROWSE_TITLE, self.FOLDER, self.FILTER, self.ui.fileEdit.text().strip())
        if path:
            self.ui.fileEdit.setText(path)

    def _update_buttons(self, *_args) -> None:
        busy = self.is_running()
        self.import_button.setEnabled(not busy and bool(self.ui.fileEdit.text().strip()))
        self.close_button.setEnabled(not busy)
        self.ui.browseButton.setEnabled(not busy)
        self.ui.fileEdit.setReadOnly(busy)

    def is_running(self) -> bool:
        return self._task is not None and self._task.running

    def start_import(self) -> BackgroundTask | None:
        path = self.ui.fileEdit.text().strip()
        if not path or self.is_running():
            return None
        self.result_counts = None
        self._set_errors_visible(False)
        self.ui.resultLabel.setText("正在检查文件…")
        self.ui.progressBar.setRange(0, 0)  # busy until the first progress report
        self.ui.progressBar.show()
        db, operator = self._ctx.db, self._ctx.operator()
        run = self._import
        self._task = self._ctx.bus.start_write(self.TOPIC, lambda progress: run(db, path, operator, progress))
        self._task.progress.connect(self._on_progress)
        self._task.finished.connect(self._on_finished)
        self._task.failed.connect(self._on_failed)
        self._update_buttons()
        return self._task

    def _hint(self) -> str:
        return HINT.format(fields="、".join(CONTACT_FIELDS.values()))

    @staticmethod
    def _import(db, path: str, operator: str, progress):
        return import_contacts(db, path, operator, progress=progress)

    def _summary(self, result: ImportResult) -> str:
        text = f"导入完成：更新 {result.updated} 个单位，{result.unchanged} 个单位无变化。"
        if result.updated_units:
            names = "、".join(result.updated_units[:SHOWN_UNITS])
            more = f"等 {result.updated} 个单位" if result.updated > SHOWN_UNITS else ""
            text += f"\n已更新：{names}{more}。"
        return text

    def _on_progress(self, done: int, total: int) -> None:
        self.ui.progressBar.setRange(0, max(total, 1))
        self.ui.progressBar.setValue(done)

    def _on_finished(self, result) -> None:
        self.result_counts = result
        self.ui.progressBar.setRange(0, 1)
        self.ui.progressBar.setValue(1)
        self.ui.resultLabel.setText(self._summary(result))
        self._update_buttons()

    def _on_failed(self, exc: BaseException) -> None:
        self.ui.progressBar.hide()
        if not refuse(self.ui.resultLabel, exc, handlers={
                ImportRejected: self._show_rejected,
                ServiceError: lambda exc: self.ui.resultLabel.setText(f"导入未执行：{exc.message}")}):
            self.ui.resultLabel.setText(f"导入失败，未写入任何数据：{exc}")
        self._update_buttons()

    def _show_rejected(self, exc: ImportRejected) -> None:
        self.ui.resultLabel.setText(f"导入未执行：发现 {len(exc.errors)} 处错误，未写入任何数据。"
                                    "请按下表修改文件后重新导入。")
        self._show_errors(exc.errors)

    def _show_errors(self, errors: list[RowError]) -> None:
        table = self.ui.errorTable
        table.setRowCount(len(errors))
        for i, error in enumerate(errors):
            cells = (f"第{error.row}行" if error.row else "文件", error.column or "—", error.message)
            for col, text in enumerate(cells):
                table.setItem(i, col, QTableWidgetItem(text))
        self._set_errors_visible(True)

    def _set_errors_visible(self, visible: bool) -> None:
        """The error table takes the free space the spacer holds while there is nothing to list."""
        self.ui.errorTable.setVisible(visible)
        policy = QSizePolicy.Policy.Minimum if visible else QSizePolicy.Policy.Expanding
        self.ui.resultSpacer.changeSize(0, 0, QSizePolicy.Policy.Minimum, policy)
        self.ui.mainLayout.invalidate()

    def errors_shown(self) -> list[tuple[str, str, str]]:
        table = self.ui.errorTable
        if table.isHidden():
            return []
        return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]

    def reject(self) -> None:
        if not self.is_running():  # the import finishes on its own; closing mid-way would hide its outcome
            super().reject()

    def closeEvent(self, event) -> None:
        if self.is_running():
            event.ignore()
        else:
            super().closeEvent(event)
