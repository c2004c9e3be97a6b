"""新建交办单: content, lead unit, co-operating units, deadline (end of today unless changed) and the
source (a meeting's decision or a leader's instruction). The service numbers it 交办〔年〕N号."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem

from ... import clock
from ...plan.schedule import MEETING_KINDS
from ...services import meetings, tasks
from ...services.roster import plan_of
from ..bus import TASKS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_task_dialog import Ui_TaskDialog
from ..qt_time import from_qt, to_qt
from ..unit_completer import find_units
from ..unsaved import GuardedDialog

FIELDS = ("content", "lead_unit", "deadline", "meeting_id", "instruction", "co_units")
MEETINGS_BACK = 14  # days of meetings offered as the source…
MEETINGS_AHEAD = 1  # …and ahead (a decision is recorded on the day)


class TaskDialog(GuardedDialog, QDialog):
    saved = Signal(object)  # the Task written

    def __init__(self, ctx: UiContext, parent=None, *, meeting_id: int | None = None, content: str = ""):
        super().__init__(parent)
        self.ui = Ui_TaskDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.task: Any = None  # the tasks.TaskRecord saved
        ui = self.ui
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in FIELDS}, fallback=ui.refusedLabel)
        self._units = [u.name for u in plan_of(ctx.db).units]
        self._fill_units()
        self._fill_meetings(meeting_id)
        ui.contentEdit.setPlainText(content)
        ui.deadlineEdit.setDateTime(to_qt(tasks.end_of_day(clock.now())))
        ui.meetingRadio.toggled.connect(self._on_source)
        # Alt+M / Alt+I choose the source and go on to its field (the radio alone would keep the focus)
        ui.meetingRadio.clicked.connect(lambda: ui.meetingCombo.setFocus(Qt.FocusReason.ShortcutFocusReason))
        ui.instructionRadio.clicked.connect(lambda: ui.instructionEdit.setFocus(Qt.FocusReason.ShortcutFocusReason))
        (ui.meetingRadio if meeting_id else ui.instructionRadio).setChecked(True)
        self._on_source()
        ui.coFilterEdit.textChanged.connect(self._filter_co)
        ui.coList.itemChanged.connect(self._update_chosen)
        self._update_chosen()

    # ------------------------------------------------------------------ building

    def _fill_units(self) -> None:
        ui = self.ui
        ui.leadCombo.addItem("")
        ui.leadCombo.addItems(self._units)
        find_units(ui.leadCombo, self._units)  # name, pinyin or initials, as in the roster search
        ui.leadCombo.lineEdit().setPlaceholderText("必填：成员单位名称")
        for name in self._units:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            ui.coList.addItem(item)

    def _fill_meetings(self, meeting_id: int | None) -> None:
        """Recent meetings (a date range, never the whole history), and the given one if older."""
        now = clock.now()
        found = [i for i in meetings.list_items(self._ctx.db, now - timedelta(days=MEETINGS_BACK),
                                                now + timedelta(days=MEETINGS_AHEAD))
                 if i.kind in MEETING_KINDS and i.status != "cancelled"]
        if meeting_id is not None and all(i.id != meeting_id for i in found):
            found.append(meetings.get_item(self._ctx.db, meeting_id))
        combo = self.ui.meetingCombo
        for item in sorted(found, key=lambda i: i.start, reverse=True):
            combo.addItem(f"{clock.local_text(item.start)} {item.title}", item.id)
        combo.setCurrentIndex(combo.findData(meeting_id) if meeting_id is not None else 0)
        if not found:
            self.ui.meetingRadio.setEnabled(False)
            combo.setPlaceholderText(f"近{MEETINGS_BACK}天没有会议")

    def _on_source(self, *_args) -> None:
        from_meeting = self.ui.meetingRadio.isChecked()
        self.ui.meetingCombo.setEnabled(from_meeting)
        self.ui.instructionEdit.setEnabled(not from_meeting)

    # ------------------------------------------------------------------ co-operating units

    def _filter_co(self, text: str) -> None:
        from ...search import matches, normalise_query, search_keys

        query = normalise_query(text)
        for row in range(self.ui.coList.count()):
            item = self.ui.coList.item(row)
            item.setHidden(bool(query) and not matches(query, search_keys(item.text())))

    def co_units(self) -> list[str]:
        listing = self.ui.coList
        return [listing.item(r).text() for r in range(listing.count())
                if listing.item(r).checkState() == Qt.CheckState.Checked]

    def set_co_units(self, names: list[str]) -> None:
        listing = self.ui.coList
        for row in range(listing.count()):
            item = listing.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def _update_chosen(self, *_args) -> None:
        chosen = self.co_units()
        self.ui.coChosenLabel.setText(f"已选 {len(chosen)} 个：{'、'.join(chosen)}" if chosen else "未选择配合单位")

    # ------------------------------------------------------------------ saving

    def accept(self) -> None:
        self.errors.clear()
        ui = self.ui
        from_meeting = ui.meetingRadio.isChecked()
        meeting_id = ui.meetingCombo.currentData() if from_meeting else None
        if from_meeting and meeting_id is None:
            self.errors.show({"meeting_id": "请选择来源会议"})
            return
        ok, task = self.errors.attempt(
            self._ctx.bus.write, TASKS, tasks.add_task, self._ctx.db, ui.contentEdit.toPlainText(),
            ui.leadCombo.currentText().strip(), self._ctx.operator(), co_units=self.co_units(),
            deadline=from_qt(ui.deadlineEdit.dateTime()), meeting_id=meeting_id,
            instruction="" if from_meeting else ui.instructionEdit.text())
        if ok:
            self.task = task
            super().accept()
            self.saved.emit(self.task)

    def field_error(self, key: str) -> str:
        return self.errors.message(key)
