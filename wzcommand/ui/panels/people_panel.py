"""职务人员: who holds each post the plan names (市长, 分管副市长, group leads…), edited one post at a
time through the people service; the 指挥体系 chart shows these names."""
from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

from ...services import people
from ...services.errors import ValidationError
from ...services.people import Holder
from ..bus import PEOPLE, UiContext
from ..columns import PHONE, Columns
from ..field_errors import FieldErrors
from ..forms.ui_people_panel import Ui_PeoplePanel
from ..models.people_model import COL_POST, HOLDER_ROLE, PeopleModel
from ..models.roster_model import local_time
from ..unsaved import settle

HINT = ("预案按职务确定总指挥、办公室主任和各工作组负责人。在此登记现任人员，"
        "“指挥体系”即显示其姓名和电话；人员变动时修改后保存，姓名留空表示空缺。")
NOTHING_SELECTED = "请在左侧表格中选择一个职务。"
PREFIXES = {"mobile": "手机：", "office_phone": "办公电话："}


class PeoplePanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_PeoplePanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._current: Holder | None = None
        self._saving = False
        ui = self.ui
        ui.hintLabel.setText(HINT)
        self.model = PeopleModel(self)
        ui.table.setModel(self.model)
        ui.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._edits: dict[str, QLineEdit] = {"name": ui.nameEdit, "mobile": ui.mobileEdit,
                                             "office_phone": ui.officePhoneEdit}
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in self._edits}, fallback=ui.generalError)
        for edit in self._edits.values():
            edit.textEdited.connect(self._update_dirty)
            edit.returnPressed.connect(self.save)
        ui.saveButton.clicked.connect(self.save)
        ui.revertButton.clicked.connect(lambda: self._show(self._current))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        chain = [ui.table, *self._edits.values(), ui.saveButton, ui.revertButton]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ctx.bus.follow(self, self._on_changed)
        ui.table.verticalHeader().setDefaultSectionSize(ui.table.fontMetrics().height() * 8 // 5)
        self.columns = Columns(ui.table, "people", caps={COL_POST: 22}, floors={col: PHONE for col in range(1, 4)},
                               pad=False)
        self.reload()
        self.columns.fit()

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic == PEOPLE:
            self.reload()

    def reload(self) -> None:
        """Read the register again; a form being edited keeps what was typed."""
        keep = self._current.label if self._current else None
        editing = self.has_unsaved() and not self._saving
        self.model.set_rows(people.list_people(self._ctx.db))
        if editing:
            if keep is not None:
                self._reselect(keep)
        elif keep is None or not self.select_post(keep):
            self._show(None)

    def _reselect(self, label: str) -> None:
        row = self.model.row_of(label)
        if row < 0:
            return
        selection = self.ui.table.selectionModel()
        selection.blockSignals(True)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        selection.setCurrentIndex(self.model.index(row, COL_POST), flags)
        selection.blockSignals(False)
        self.ui.table.viewport().update()

    # ------------------------------------------------------------------ unsaved changes (ui/unsaved.py)

    def has_unsaved(self) -> bool:
        return self._current is not None and self.ui.saveButton.isEnabled()

    def unsaved_what(self) -> str:
        return f"“{self._current.label}”的登记" if self._current else "职务人员登记"

    def save_unsaved(self) -> bool:
        self.save()
        return not self.has_unsaved()

    def discard_unsaved(self) -> None:
        self._show(self._current)

    def select_post(self, label: str) -> bool:
        """Select a register row by its label (post, or `post（group）`)."""
        row = self.model.row_of(label)
        if row < 0:
            return False
        index = self.model.index(row, COL_POST)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.table.selectionModel().setCurrentIndex(index, flags)
        self.ui.table.scrollTo(index)
        self._show(index.data(HOLDER_ROLE))
        return True

    def _on_selection(self, *_args) -> None:
        rows = self.ui.table.selectionModel().selectedRows(COL_POST)
        chosen = rows[0].data(HOLDER_ROLE) if rows else None
        previous = self._current
        if previous is not None and (chosen is None or chosen.label != previous.label) and self.has_unsaved():
            if not settle(self):
                self._reselect(previous.label)
                return
            if chosen is not None:
                self._current = None
                self.select_post(chosen.label)
                return
        self._show(chosen)

    # ------------------------------------------------------------------ form

    def _values_of(self, holder: Holder) -> dict[str, str]:
        return {"name": holder.person, "mobile": holder.mobile, "office_phone": holder.office_phone}

    def _show(self, holder: Holder | None) -> None:
        self._current = holder
        self.errors.clear()
        self.ui.savedLabel.clear()
        self.ui.formBox.setEnabled(holder is not None)
        read_only = self._ctx.db.read_only  # shown, not editable
        for edit in self._edits.values():
            edit.setReadOnly(read_only)
        self.ui.saveButton.setVisible(not read_only)
        self.ui.revertButton.setVisible(not read_only)
        values = self._values_of(holder) if holder else dict.fromkeys(self._edits, "")
        for key, edit in self._edits.items():
            edit.setText(values[key])
            edit.setCursorPosition(0)
        self.ui.postLabel.setText(f"<b>{holder.label}</b>" if holder else NOTHING_SELECTED)
        when = local_time(holder.updated_at) if holder else ""
        self.ui.updatedLabel.setText(f"最后更新：{when} 由 {holder.updated_by or '（未记录）'}" if holder and when
                                     else ("最后更新：尚未登记" if holder else ""))
        self._update_dirty()

    def _update_dirty(self, *_args) -> None:
        holder = self._current
        dirty = holder is not None and any(e.text() != self._values_of(holder)[k] for k, e in self._edits.items())
        self.ui.saveButton.setEnabled(dirty)
        self.ui.revertButton.setEnabled(dirty)
        if dirty:
            self.ui.savedLabel.clear()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def save(self) -> None:
        holder = self._current
        if holder is None or not self.ui.saveButton.isEnabled():
            return
        values = {key: edit.text() for key, edit in self._edits.items()}
        self.errors.clear()
        self._saving = True
        try:
            ok, _ = self._ctx.bus.attempt(self, PEOPLE, people.set_person, self._ctx.db, holder.post, values["name"],
                                          self._ctx.operator(), group=holder.group_key, mobile=values["mobile"],
                                          office_phone=values["office_phone"], title="未能保存",
                                          handlers={ValidationError: self._show_errors})
        finally:
            self._saving = False
        if ok:
            self.ui.savedLabel.setText("已保存。")

    def _show_errors(self, exc: ValidationError) -> None:
        placed = self.errors.show(exc.fields, PREFIXES)
        if placed:
            self._edits[placed[0]].setFocus(Qt.FocusReason.OtherFocusReason)
            self._edits[placed[0]].selectAll()
