"""登记召开情况: who came (出席 / 缺席 / 委派代表 and the representative's name), minutes and decisions;
"由此生成交办单…" opens the task dialog with this meeting as the source."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
)

from ... import clock
from ...services import meetings
from ...services.schedule import ATTENDANCE
from ..bus import SCHEDULE, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_record_meeting_dialog import Ui_RecordMeetingDialog
from ..unsaved import GuardedDialog

if TYPE_CHECKING:
    from .task_dialog import TaskDialog

CHOICES = ("present", "absent", "substitute", "")  # 出席, 缺席, 委派代表, 未登记
COL_UNIT, COL_STATUS, COL_SUBSTITUTE = range(3)


class RecordMeetingDialog(GuardedDialog, QDialog):
    def __init__(self, ctx: UiContext, parent, item):
        super().__init__(parent)
        self.ui = Ui_RecordMeetingDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._item = item
        self.item: Any = None  # the meetings.ItemRecord as saved
        self.task_dialog: TaskDialog | None = None  # the last task dialog opened from here
        ui = self.ui
        self.setWindowTitle(f"登记召开情况：{item.title}")
        place = f"，{item.place}" if item.place else ""
        ui.infoLabel.setText(f"<b>{item.title}</b>　{clock.local_text(item.start)}{place}")
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.task_button = QPushButton("由此生成交办单(&T)…")
        ui.buttonBox.addButton(self.task_button, QDialogButtonBox.ButtonRole.ActionRole)
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.task_button.clicked.connect(self.make_task)
        ui.allPresentButton.clicked.connect(self.all_present)
        self.errors = FieldErrors({"attendance": ui.attendanceError}, fallback=ui.refusedLabel)
        self._fill(item)
        ui.minutesEdit.setPlainText(item.minutes)
        ui.decisionsEdit.setPlainText(item.decisions)
        lines = ui.minutesEdit.fontMetrics().lineSpacing()
        for edit in (ui.minutesEdit, ui.decisionsEdit):
            edit.setMaximumHeight(lines * 7)

    def _fill(self, item) -> None:
        table = self.ui.attendanceTable
        table.setRowCount(len(item.attendees))
        for row, a in enumerate(item.attendees):
            unit = QTableWidgetItem(a.unit)
            unit.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, COL_UNIT, unit)
            combo = QComboBox(table)
            for key in CHOICES:
                combo.addItem(ATTENDANCE[key], key)
            combo.setCurrentIndex(CHOICES.index(a.status if a.status or item.status == "held" else "present"))
            name = QLineEdit(a.substitute, table)
            name.setPlaceholderText("代表姓名")
            combo.currentIndexChanged.connect(lambda _i, c=combo, n=name: self._on_status(c, n))
            table.setCellWidget(row, COL_STATUS, combo)
            table.setCellWidget(row, COL_SUBSTITUTE, name)
            self._on_status(combo, name, focus=False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 2)
        self.ui.attendanceCaption.setText(f"出席情况(&A)：共 {len(item.attendees)} 个单位")

    @staticmethod
    def _on_status(combo: QComboBox, name: QLineEdit, focus: bool = True) -> None:
        substitute = combo.currentData() == "substitute"
        name.setEnabled(substitute)
        if substitute and focus:
            name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_of(self, unit: str) -> int:
        table = self.ui.attendanceTable
        return next((r for r in range(table.rowCount()) if table.item(r, COL_UNIT).text() == unit), -1)

    def set_attendance(self, unit: str, status: str, substitute: str = "") -> None:
        row = self._row_of(unit)
        combo = self.ui.attendanceTable.cellWidget(row, COL_STATUS)
        combo.setCurrentIndex(combo.findData(status))
        self.ui.attendanceTable.cellWidget(row, COL_SUBSTITUTE).setText(substitute)

    def all_present(self) -> None:
        table = self.ui.attendanceTable
        for row in range(table.rowCount()):
            combo = table.cellWidget(row, COL_STATUS)
            combo.setCurrentIndex(combo.findData("present"))

    def attendance(self) -> dict[str, tuple[str, str]]:
        table, out = self.ui.attendanceTable, {}
        for row in range(table.rowCount()):
            status = table.cellWidget(row, COL_STATUS).currentData()
            name = table.cellWidget(row, COL_SUBSTITUTE).text().strip() if status == "substitute" else ""
            out[table.item(row, COL_UNIT).text()] = (status, name)
        return out

    def accept(self) -> None:
        ui = self.ui
        ok, item = self.errors.attempt(
            self._ctx.bus.write, SCHEDULE, meetings.record_meeting, self._ctx.db, self._item.id,
            self._ctx.operator(), attendance=self.attendance(), minutes=ui.minutesEdit.toPlainText(),
            decisions=ui.decisionsEdit.toPlainText())
        if ok:
            self.item = item
            super().accept()

    def make_task(self) -> QDialog:
        from .task_dialog import TaskDialog

        dialog = TaskDialog(self._ctx, self, meeting_id=self._item.id,
                            content=self.ui.decisionsEdit.toPlainText().strip())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.task_dialog = dialog
        return dialog

    def field_error(self, key: str) -> str:
        return self.errors.message(key)
