"""职责落实: for an event, each active member unit's duty points (the clauses of its 附件1 items)
with their status (已完成 / 进行中 / 不适用), time, who marked them and a note; a unit can be marked
as having reported back. `eventChanged` tells the roster which event to count for."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from ... import clock
from ...services import checklists
from ...services.events import list_events
from ..bus import CHECKLISTS, EVENTS, LEVELS, SESSION, UiContext
from ..columns import Columns
from ..field_errors import ERROR_STYLE
from ..forms.ui_checklist_panel import Ui_ChecklistPanel

NO_EVENTS = "尚无登记的事件。登记事件后，可在此逐单位跟踪职责落实情况。"
NO_UNIT = "在左侧选择一个成员单位，查看并标记其职责要点。"
STATUS_COLOURS = {"done": "#2e7d32", "in_progress": "#ef6c00", "not_applicable": "#757575"}
(P_CLAUSE, P_TEXT, P_STATUS, P_AT, P_BY, P_NOTE) = range(6)


def event_text(event) -> str:
    ended = "，已结束" if event.ended_at else ""
    return f"{event.name}（{clock.local_text(event.received_at, '%Y-%m-%d')}接报{ended}）"


def default_event(events: list):
    """The latest event still open, else the latest one."""
    return next((e for e in events if e.ended_at is None), events[0] if events else None)


class ChecklistPanel(QWidget):
    eventChanged = Signal(int)  # the event chosen (0: none)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ChecklistPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._loaded = False
        self._lists: list[checklists.UnitChecklist] = []
        ui = self.ui
        ui.errorLabel.setStyleSheet(ERROR_STYLE)
        ui.errorLabel.setWordWrap(True)
        ui.splitter.setStretchFactor(0, 1)
        ui.splitter.setStretchFactor(1, 3)
        for table in (ui.unitTable, ui.pointTable):
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        self.unit_columns = Columns(ui.unitTable, "checklist_units", pad=False)
        self.point_columns = Columns(ui.pointTable, "checklist_points", caps={P_TEXT: 40}, pad=False)
        ui.eventCombo.currentIndexChanged.connect(self._on_event)
        ui.unitTable.itemSelectionChanged.connect(self._show_unit)
        ui.pointTable.itemSelectionChanged.connect(self._update_buttons)
        ui.doneButton.clicked.connect(lambda: self.mark_selected("done"))
        ui.progressButton.clicked.connect(lambda: self.mark_selected("in_progress"))
        ui.naButton.clicked.connect(lambda: self.mark_selected("not_applicable"))
        ui.noteEdit.returnPressed.connect(lambda: self.mark_selected("done"))
        ui.reportBackButton.clicked.connect(self.mark_reported_back)
        ctx.bus.follow(self, self._on_changed)
        self._show_unit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            total = self.ui.splitter.width()
            self.ui.splitter.setSizes([total * 2 // 7, total - total * 2 // 7])
            self.reload_events()

    def _on_changed(self, topic: str) -> None:
        if not self._loaded:
            return
        if topic in (CHECKLISTS, LEVELS):  # a level changes which units are active
            self.reload()
        elif topic in (EVENTS, SESSION):  # events registered or ended elsewhere; another database
            self.reload_events()

    # ------------------------------------------------------------------ event

    def reload_events(self) -> None:
        combo = self.ui.eventCombo
        keep = combo.currentData()
        events = list_events(self._ctx.db)
        combo.blockSignals(True)
        combo.clear()
        for event in events:
            combo.addItem(event_text(event), event.id)
        chosen = keep if combo.findData(keep) >= 0 else (default_event(events).id if events else None)
        combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
        combo.setPlaceholderText("尚无事件")
        combo.blockSignals(False)
        self._on_event()

    def event_id(self) -> int | None:
        return self.ui.eventCombo.currentData()

    def set_event(self, event_id: int) -> None:
        self.ui.eventCombo.setCurrentIndex(self.ui.eventCombo.findData(event_id))

    def _on_event(self, *_args) -> None:
        self.reload()
        self.eventChanged.emit(self.event_id() or 0)

    def reload(self) -> None:
        keep = self.selected_unit()
        event_id = self.event_id()
        self._lists = checklists.checklist(self._ctx.db, event_id) if event_id is not None else []
        table = self.ui.unitTable
        table.blockSignals(True)
        table.setRowCount(len(self._lists))
        for row, unit in enumerate(self._lists):
            total = len(unit.points)
            cells = (unit.unit, f"{unit.confirmed}/{total}", "已反馈" if unit.reported_back else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if unit.reported_back:
                    item.setToolTip(f"{clock.local_text(unit.reported_back)} 已反馈")
                if unit.confirmed == total and total:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS["done"])))
                table.setItem(row, col, item)
        table.blockSignals(False)
        self.unit_columns.fit()
        points = sum(len(u.points) for u in self._lists)
        confirmed = sum(u.confirmed for u in self._lists)
        back = sum(1 for u in self._lists if u.reported_back)
        self.ui.summaryLabel.setText(
            f"已落实 {confirmed}/{points} 点　已反馈 {back}/{len(self._lists)} 个单位" if event_id is not None else NO_EVENTS)
        if keep is None or not self.select_unit(keep):
            self._show_unit()

    # ------------------------------------------------------------------ unit and its points

    def selected_unit(self) -> str | None:
        rows = self.ui.unitTable.selectionModel().selectedRows()
        return self._lists[rows[0].row()].unit if rows and rows[0].row() < len(self._lists) else None

    def select_unit(self, name: str) -> bool:
        row = next((i for i, u in enumerate(self._lists) if u.unit == name), -1)
        if row < 0:
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.unitTable.selectionModel().setCurrentIndex(self.ui.unitTable.model().index(row, 0), flags)
        self._show_unit()
        return True

    def _unit_list(self) -> checklists.UnitChecklist | None:
        name = self.selected_unit()
        return next((u for u in self._lists if u.unit == name), None)

    def _show_unit(self) -> None:
        unit, table = self._unit_list(), self.ui.pointTable
        self.ui.errorLabel.clear()
        table.setRowCount(0 if unit is None else len(unit.points))
        if unit is None:
            self.ui.unitTitle.setText(NO_UNIT if self.event_id() is not None else NO_EVENTS)
            self.ui.reportedLabel.clear()
            self._update_buttons()
            return
        self.ui.unitTitle.setText(f"<b>{unit.unit}</b>　职责要点 {len(unit.points)} 点，已落实 {unit.confirmed} 点")
        for row, p in enumerate(unit.points):
            cells = (f"第{p.duty_no}项第{p.point}点", p.text, checklists.POINT_STATUS.get(p.status, "未标记"),
                     clock.local_text(p.at), p.by, p.note)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == P_STATUS and p.status:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS[p.status])))
                if col == P_TEXT:
                    item.setToolTip(text)
                table.setItem(row, col, item)
        self.point_columns.fit()
        table.resizeRowsToContents()
        self.ui.reportedLabel.setText(
            f"已于 {clock.local_text(unit.reported_back)} 反馈" if unit.reported_back else "尚未反馈")
        self._update_buttons()

    def _update_buttons(self) -> None:
        unit = self._unit_list()
        may = not self._ctx.db.read_only and self._ctx.may("event.edit")  # the services check again
        chosen = may and bool(self.ui.pointTable.selectionModel().selectedRows())
        for button in (self.ui.doneButton, self.ui.progressButton, self.ui.naButton):
            button.setEnabled(chosen)
        self.ui.reportBackButton.setEnabled(may and unit is not None and unit.reported_back is None)

    def select_points(self, rows: list[int]) -> None:
        table = self.ui.pointTable
        table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            table.selectionModel().select(table.model().index(row, 0), flags)

    def point_cells(self, row: int) -> tuple[str, ...]:
        table = self.ui.pointTable
        return tuple(table.item(row, c).text() for c in range(table.columnCount()))

    # ------------------------------------------------------------------ writes

    def mark_selected(self, status: str) -> int:
        """Mark every selected point; the number marked."""
        unit, event_id = self._unit_list(), self.event_id()
        rows = sorted(i.row() for i in self.ui.pointTable.selectionModel().selectedRows())
        if unit is None or event_id is None or not rows or not self.ui.doneButton.isEnabled():
            return 0
        note, db, operator = self.ui.noteEdit.text(), self._ctx.db, self._ctx.operator()
        done = 0
        for row in rows:
            p = unit.points[row]
            ok, _ = self._ctx.bus.attempt(self.ui.errorLabel, CHECKLISTS, checklists.mark_point, db, event_id,
                                          unit.unit, p.duty_no, p.point, status, operator, note=note)
            if not ok:
                break
            done += 1
        else:
            self.ui.noteEdit.clear()
        self.select_points(rows)
        return done

    def mark_reported_back(self) -> bool:
        unit, event_id = self._unit_list(), self.event_id()
        if unit is None or event_id is None or not self.ui.reportBackButton.isEnabled():
            return False
        ok, _ = self._ctx.bus.attempt(self.ui.errorLabel, CHECKLISTS, checklists.mark_reported_back, self._ctx.db,
                                      event_id, unit.unit, self._ctx.operator())
        return ok
