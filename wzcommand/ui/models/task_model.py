"""Table model of the 交办单 (overdue rows in red) and the 催办单 tree (units with their liaison's phone,
their open tasks beneath). Rows come in pages as the view scrolls (fetchMore), so a long list
costs only what is on screen."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from ... import clock
from ...services.tasks import STATUS_NAMES, ChaseGroup, display_status
from .table_model import ROOT, TableModel

(COL_NO, COL_CONTENT, COL_LEAD, COL_CO, COL_DEADLINE, COL_STATUS, COL_RECEIPT) = range(7)
HEADERS = ("文号", "事项", "牵头单位", "配合单位", "时限", "状态", "回执")
TASK_ROLE = Qt.ItemDataRole.UserRole + 1  # the Task behind a row
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2  # its status as shown: assigned|in_progress|done|overdue
OVERDUE_COLOUR = "#c62828"
DONE_COLOUR = "#757575"
PAGE = 200  # rows added to the view at a time
CONTENT_CHARS = 60  # the list shows the start of a long content; the tooltip has it all


def short(text: str, limit: int = CONTENT_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class TaskModel(TableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._total = 0
        self._fetch = lambda offset, limit: []
        self._now = clock.now()

    def set_source(self, fetch, total: int, now: datetime) -> None:
        """`fetch(offset, limit)` reads one page from the database; only the first is read now."""
        self.beginResetModel()
        self._fetch, self._total, self._now = fetch, total, now
        self._rows = list(fetch(0, PAGE))
        self.endResetModel()

    def set_rows(self, tasks: list, now: datetime | None = None) -> None:
        rows = list(tasks)
        self.set_source(lambda offset, limit: rows[offset:offset + limit], len(rows), now or clock.now())

    def total(self) -> int:
        return self._total

    def task_at(self, row: int):
        return self._rows[row]

    def row_of(self, task_id: int) -> int:
        """The row of a task, reading further pages if it is further down."""
        while True:
            row = next((i for i, t in enumerate(self._rows) if t.id == task_id), -1)
            if row >= 0 or not self.canFetchMore():
                return row
            self.fetchMore()

    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=ROOT) -> None:
        page = list(self._fetch(len(self._rows), PAGE))
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows += page
            self.endInsertRows()
        else:
            self._total = len(self._rows)  # the list shrank meanwhile

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        task, col = self.row_for(index), index.column()
        if task is None:
            return None
        status = display_status(task, self._now)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, status, col)
        if role == TASK_ROLE:
            return task
        if role == STATUS_ROLE:
            return status
        if role == Qt.ItemDataRole.ForegroundRole and status in ("overdue", "done"):
            return QBrush(QColor(OVERDUE_COLOUR if status == "overdue" else DONE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and status == "overdue" and col in (COL_NO, COL_DEADLINE, COL_STATUS):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_CONTENT:
                return task.content
            if col == COL_CO and task.co_units:
                return task.co_units
            if status == "overdue":
                return f"已超过办结时限 {clock.local_text(task.deadline)}"
        return None

    @staticmethod
    def _display(task, status: str, col: int) -> str:
        if col == COL_NO:
            return task.doc_no
        if col == COL_CONTENT:
            return short(task.content)
        if col == COL_LEAD:
            return task.lead_unit
        if col == COL_CO:
            return task.co_units
        if col == COL_DEADLINE:
            return clock.local_text(task.deadline)
        if col == COL_STATUS:
            return STATUS_NAMES[status]
        if col == COL_RECEIPT:
            return clock.local_text(task.receipt_at) if task.receipt_at else "未回执"
        return ""


CHASE_HEADERS = ("单位 / 文号", "联络员与电话 / 事项", "时限", "状态")


def chase_model(groups: list[ChaseGroup], now: datetime, parent=None) -> QStandardItemModel:
    """One row per unit (liaison and phone, how many open and overdue), its tasks beneath."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(list(CHASE_HEADERS))
    bold = QFont()
    bold.setBold(True)
    red = QBrush(QColor(OVERDUE_COLOUR))
    for group in groups:
        overdue = sum(display_status(t, now) == "overdue" for t in group.tasks)
        contact = "　".join(x for x in (group.liaison, group.phone) if x) or "（未登记联络员）"
        counts = f"未办结 {len(group.tasks)}" + (f"，逾期 {overdue}" if overdue else "")
        unit = [QStandardItem(group.unit), QStandardItem(contact), QStandardItem(""), QStandardItem(counts)]
        for cell in unit:
            cell.setEditable(False)
            cell.setFont(bold)
            if overdue:
                cell.setForeground(red)
        for task in group.tasks:
            status = display_status(task, now)
            row = [QStandardItem(task.doc_no), QStandardItem(short(task.content)),
                   QStandardItem(clock.local_text(task.deadline)), QStandardItem(STATUS_NAMES[status])]
            row[1].setToolTip(task.content)
            for cell in row:
                cell.setEditable(False)
                cell.setData(task, TASK_ROLE)
                if status == "overdue":
                    cell.setForeground(red)
            unit[0].appendRow(row)
        model.appendRow(unit)
    return model
