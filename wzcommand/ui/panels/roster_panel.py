"""成员单位: the member units with search, group filter, their plan duties and the liaison form; while
an event is followed, how many of each unit's duty points are confirmed (职责落实 "3/6") for the event
chosen in the 职责落实 panel, or else the latest open event."""
from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QWidget

from ...plan.edition import PlanEdition
from ...services.errors import ConflictError, ValidationError
from ...services.roster import CONTACT_FIELDS, UnitRow, get_unit, list_units, plan_of, update_contact
from ..bus import CHECKLISTS, EVENTS, LEVELS, ROSTER, UiContext
from ..columns import PHONE, Columns
from ..forms.ui_roster_panel import Ui_RosterPanel
from ..models.roster_model import (
    COL_CHECKLIST,
    COL_DUTIES,
    COL_DUTY_PHONE,
    COL_FAX,
    COL_GROUPS,
    COL_MOBILE,
    COL_NAME,
    COL_OFFICE_PHONE,
    UNIT_ROLE,
    RosterFilterProxy,
    RosterModel,
    local_time,
)
from ..unsaved import settle

ALL_GROUPS = "全部工作组"
ERROR_STYLE = "color: #c62828;"
READ_ONLY_NOTE = "只读窗口：联系方式只能查看，请在正在使用数据库的窗口中修改。"
NOTHING_SELECTED = "请在上方表格中选择一个单位，查看其职责、所属工作组和联系方式。"
MAX_COLUMN_CHARS = 10  # initial column widths are capped at this many CJK characters…
COLUMN_CAPS = {COL_NAME: 13, COL_GROUPS: 11}  # …or at these
PHONE_COLUMNS = (COL_OFFICE_PHONE, COL_MOBILE, COL_DUTY_PHONE, COL_FAX)


def unit_detail_html(plan: PlanEdition, unit: UnitRow) -> str:
    """The unit's duty items in full and its working groups with their main duties."""
    parts = [f"<h3>{escape(unit.name)}</h3>"]
    if unit.aliases:
        parts.append(f"<p>又称：{escape('、'.join(unit.aliases))}</p>")
    duties = plan.duties_of(unit.name)
    numbers = "、".join(str(item.no) for item in duties)
    parts.append(f"<h4>成员单位职责（附件1 第{numbers}项）</h4>" if duties else "<h4>成员单位职责</h4>")
    if not duties:
        parts.append("<p>附件1中没有该单位的职责条目。</p>")
    for item in duties:
        parts.append(f"<p><b>{item.no}. {escape(item.units_text)}</b>：{escape(item.text)}</p>")
    groups = plan.groups_of(unit.name)
    parts.append("<h4>所属工作组</h4>")
    if not groups:
        parts.append("<p>不属于“一办五组”中的任何工作组。</p>")
    for group in groups:
        parts.append(f"<p><b>{escape(group.name)}</b> 主要职责：{escape(group.duties)}</p>")
    return "".join(parts)


class RosterPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_RosterPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._plan: PlanEdition | None = None
        self._current: UnitRow | None = None
        self._checklist_event: int | None = None  # chosen in 职责落实; None: the latest open event
        self.model = RosterModel(self)
        self.proxy = RosterFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._build_contact_form()
        self._setup_table()
        self.columns = Columns(self.ui.table, "roster", pad=False, floors={col: PHONE for col in PHONE_COLUMNS},
                               least={COL_NAME: 8},
                               caps={col: COLUMN_CAPS.get(col, MAX_COLUMN_CHARS) for col in range(COL_CHECKLIST + 1)})
        self.ui.searchEdit.textChanged.connect(self._on_search)
        self.ui.searchEdit.returnPressed.connect(self._go_to_results)
        self.ui.groupCombo.currentIndexChanged.connect(self._on_group)
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(lambda: self._show_unit(self._current))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.bus.follow(self, self._on_changed)
        self.model.columnsInserted.connect(self._place_checklist_column)
        self.reload()
        self._fit_columns()
        self.ui.countLabel.setMinimumWidth(self.fontMetrics().horizontalAdvance("显示 000 / 000 个单位"))
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)

    # ------------------------------------------------------------------ building

    def _build_contact_form(self) -> None:
        grid = self.ui.contactGrid
        for i, (key, label) in enumerate(CONTACT_FIELDS.items()):
            edit = QLineEdit(self.ui.contactBox)
            edit.setObjectName(f"{key}Edit")
            edit.textEdited.connect(self._update_dirty)
            edit.returnPressed.connect(self.save)
            caption = QLabel(f"{label}：", self.ui.contactBox)
            caption.setBuddy(edit)
            error = QLabel(self.ui.contactBox)
            error.setObjectName(f"{key}Error")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(caption, 2 * i, 0)
            grid.addWidget(edit, 2 * i, 1)
            grid.addWidget(error, 2 * i + 1, 1)
            self._edits[key], self._errors[key] = edit, error
        grid.setColumnStretch(1, 1)
        chain = [self.ui.detailBrowser, *self._edits.values(), self.ui.saveButton, self.ui.revertButton]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # the form's fields come before its buttons

    def _setup_table(self) -> None:
        table = self.ui.table
        table.setModel(self.proxy)
        header = table.horizontalHeader()
        header.setSortIndicatorClearable(True)  # a third click returns to the plan's order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.selectionModel().selectionChanged.connect(self._on_selection)

    def _fit_columns(self) -> None:
        """Widths from the contents, capped so all columns fit; everything scales with the font."""
        self.ui.table.verticalHeader().setDefaultSectionSize(self.ui.table.fontMetrics().height() * 8 // 5)
        self.columns.fit()

    # ------------------------------------------------------------------ data

    def plan(self) -> PlanEdition:
        """The plan edition the database records (read again by each reload)."""
        if self._plan is None:
            self._plan = plan_of(self._ctx.db)
        return self._plan

    def reload(self) -> None:
        """Read the units again (after any write), keeping the selected unit selected. A contact
        being edited keeps what was typed (and the version it started from, so saving over another
        seat's change is noticed)."""
        keep = self._current.name if self._current else None
        editing = self._current if self.has_unsaved() else None
        self._plan = plan_of(self._ctx.db)
        self._fill_groups()
        rows = list_units(self._ctx.db)
        self.model.set_rows(rows)
        if editing is not None:
            stored = next((r for r in rows if r.name == editing.name), None)
            if stored is not None and self._form_matches(stored):
                editing = None  # what is typed is what is stored now (just saved): nothing is pending
        self.load_checklist()
        self._update_count()
        if editing is not None:
            self._reselect(editing.name)
        elif keep is None or not self.select_unit(keep):
            self._show_unit(None)

    def _fill_groups(self) -> None:
        combo = self.ui.groupCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL_GROUPS, None)
        for group in self.plan().groups:
            combo.addItem(group.name, group.name)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
        combo.blockSignals(False)

    def _on_changed(self, topic: str) -> None:
        if topic == ROSTER:
            self.reload()
        elif topic in (CHECKLISTS, EVENTS, LEVELS):
            self.load_checklist()

    # ------------------------------------------------------------------ 职责落实 column

    def set_checklist_event(self, event_id: int) -> None:
        """Count for this event (0: back to the latest open event)."""
        self._checklist_event = event_id or None
        self.load_checklist()

    def load_checklist(self) -> None:
        from ...services.checklists import checklist
        from ...services.events import list_events
        from .checklist_panel import default_event

        events = list_events(self._ctx.db)
        event = next((e for e in events if e.id == self._checklist_event), None) or default_event(events)
        if event is None:
            self.model.set_checklist(None)
            return
        lists = checklist(self._ctx.db, event.id)
        self.model.set_checklist({u.unit: (u.confirmed, len(u.points), u.reported_back) for u in lists}, event.name)

    def _place_checklist_column(self, _parent, first: int, _last: int) -> None:
        """The 职责落实 column appears beside 职责条目."""
        if first == COL_CHECKLIST:
            header = self.ui.table.horizontalHeader()
            header.moveSection(header.visualIndex(COL_CHECKLIST), header.visualIndex(COL_DUTIES) + 1)
            self.columns.fit()  # room for it within the table

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_group(self, _index: int) -> None:
        self.proxy.set_group(self.ui.groupCombo.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.ui.countLabel.setText(f"共 {total} 个单位" if shown == total else f"显示 {shown} / {total} 个单位")

    def focus_search(self) -> None:
        self.ui.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchEdit.selectAll()

    def _go_to_results(self) -> None:
        """Enter in the search box selects the first unit found and moves to the table."""
        if self.proxy.rowCount():
            if not self.ui.table.selectionModel().hasSelection():
                self.select_unit(self.proxy.index(0, COL_NAME).data())
            self.ui.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_unit(self, name: str) -> bool:
        """Select a unit by name if the filter shows it; return whether it is selected."""
        if self._current is not None and self._current.name != name and not settle(self):
            return False
        source_row = self.model.row_of(name)
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_NAME)) if source_row >= 0 else None
        if index is None or not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.table.selectionModel().setCurrentIndex(index, flags)
        self.ui.table.scrollTo(index)
        self._show_unit(index.data(UNIT_ROLE))
        return True

    def selected_unit(self) -> UnitRow | None:
        return self._current

    def _on_selection(self, *_args) -> None:
        rows = self.ui.table.selectionModel().selectedRows(COL_NAME)
        chosen = rows[0].data(UNIT_ROLE) if rows else None
        previous = self._current
        if previous is not None and (chosen is None or chosen.name != previous.name) and self.has_unsaved():
            if not settle(self):
                self._reselect(previous.name)  # 取消, or the save was refused: stay on the unit being edited
                return
            if chosen is not None:  # saving reloaded the table: select the chosen unit in it again
                self._current = None
                self.select_unit(chosen.name)
                return
        self._show_unit(chosen)

    def _reselect(self, name: str) -> None:
        """Select `name`'s row again without touching the form."""
        source_row = self.model.row_of(name)
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_NAME)) if source_row >= 0 else None
        if index is None or not index.isValid():
            return
        selection = self.ui.table.selectionModel()
        selection.blockSignals(True)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        selection.setCurrentIndex(index, flags)
        selection.blockSignals(False)
        self.ui.table.viewport().update()

    # ------------------------------------------------------------------ unsaved changes (ui/unsaved.py)

    def has_unsaved(self) -> bool:
        return self._current is not None and self.ui.saveButton.isEnabled()

    def unsaved_what(self) -> str:
        return f"“{self._current.name}”的联系方式" if self._current else "联系方式"

    def save_unsaved(self) -> bool:
        self.save()
        return not self.has_unsaved()

    def discard_unsaved(self) -> None:
        self._show_unit(self._current)

    # ------------------------------------------------------------------ detail and form

    def _show_unit(self, unit: UnitRow | None) -> None:
        self._current = unit
        self._clear_errors()
        self.ui.savedLabel.clear()
        self.ui.contactBox.setEnabled(unit is not None)
        read_only = self._ctx.db.read_only  # another window writes the file: shown, not editable
        for edit in self._edits.values():
            edit.setReadOnly(read_only)
        self.ui.saveButton.setVisible(not read_only)
        self.ui.revertButton.setVisible(not read_only)
        if read_only:
            self.ui.savedLabel.setText(READ_ONLY_NOTE)
        if unit is None:
            self.ui.detailBrowser.setPlainText(NOTHING_SELECTED)
            self.ui.contactBox.setTitle("联系方式")
            for edit in self._edits.values():
                edit.clear()
            self.ui.updatedLabel.clear()
        else:
            self.ui.detailBrowser.setHtml(unit_detail_html(self.plan(), unit))
            self.ui.contactBox.setTitle(f"联系方式：{unit.name}")
            for key, edit in self._edits.items():
                edit.setText(unit.contact.get(key, ""))
                edit.setCursorPosition(0)
            when = local_time(unit.updated_at)
            self.ui.updatedLabel.setText(
                f"最后更新：{when} 由 {unit.updated_by or '（未记录）'}" if when else "最后更新：尚未填写")
        self._update_dirty()

    def _form_matches(self, unit: UnitRow) -> bool:
        return all(e.text() == unit.contact.get(k, "") for k, e in self._edits.items())

    def _update_dirty(self, *_args) -> None:
        unit = self._current
        dirty = unit is not None and not self._form_matches(unit)
        self.ui.saveButton.setEnabled(dirty)
        self.ui.revertButton.setEnabled(dirty)
        if dirty:
            self.ui.savedLabel.clear()

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()

    def field_error(self, key: str) -> str:
        """The message shown next to a contact field ("" when none is shown)."""
        label = self._errors[key]
        return label.text() if label.isVisibleTo(self) else ""

    def save(self) -> None:
        unit = self._current
        if unit is None or not self.ui.saveButton.isEnabled():
            return
        values = {key: edit.text() for key, edit in self._edits.items()}
        self._clear_errors()
        ok, saved = self._ctx.bus.attempt(
            self, ROSTER, update_contact, self._ctx.db, unit.name, values, self._ctx.operator(),
            expected_version=unit.version, title="未能保存",
            handlers={ValidationError: lambda exc: self._show_errors(exc.fields),
                      ConflictError: lambda exc: self._resolve_conflict(exc.message)})
        if ok and saved is not None:
            if self._current is not None and self._current.name == saved.name and self.has_unsaved():
                self._show_unit(saved)  # the stored (cleaned) values; the reload kept the form
            self.ui.savedLabel.setText("已保存。")

    def _resolve_conflict(self, message: str) -> None:
        """Another seat saved this contact since it was opened: show its values; take them, or
        save over them, or keep editing."""
        if self._current is None:
            return
        theirs = get_unit(self._ctx.db, self._current.name)
        lines = [f"{label}：{theirs.contact.get(key, '') or '（空）'}"
                 + ("" if theirs.contact.get(key, "") == self._edits[key].text() else f"　← 您填写的是：{self._edits[key].text() or '（空）'}")
                 for key, label in CONTACT_FIELDS.items()]
        who = f"{theirs.updated_by}（{local_time(theirs.updated_at)}）" if theirs.updated_by else "另一位操作员"
        box = QMessageBox(QMessageBox.Icon.Warning, "他人已修改", f"{message}\n\n{who} 保存的联系方式：\n"
                          + "\n".join(lines), QMessageBox.StandardButton.NoButton, self)
        take = box.addButton("采用对方的值(&T)", QMessageBox.ButtonRole.AcceptRole)
        mine = box.addButton("保存我的修改(&M)", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is take:
            self._show_unit(theirs)
            self.reload()
        elif box.clickedButton() is mine:
            self._current = theirs  # the version now stored: the next save replaces it knowingly
            self._update_dirty()
            self.save()

    def _show_errors(self, fields: dict[str, str]) -> None:
        for key, message in fields.items():
            label = self._errors.get(key)
            if label is None:
                continue
            prefix = f"{CONTACT_FIELDS[key]}："
            label.setText(message[len(prefix):] if message.startswith(prefix) else message)
            label.show()
        first = next((k for k in CONTACT_FIELDS if k in fields), None)
        if first:
            self._edits[first].setFocus(Qt.FocusReason.OtherFocusReason)
            self._edits[first].selectAll()
