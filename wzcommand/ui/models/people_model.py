"""Table model of the post register: each post the plan names and who holds it now."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...services.people import Holder
from .roster_model import local_time
from .table_model import TableModel

COL_POST, COL_PERSON, COL_MOBILE, COL_OFFICE_PHONE, COL_UPDATED = range(5)
COLUMN_COUNT = 5
HEADERS = {COL_POST: "职务", COL_PERSON: "姓名", COL_MOBILE: "手机", COL_OFFICE_PHONE: "办公电话", COL_UPDATED: "更新"}
VACANT = "空缺"
VACANT_COLOUR = "#9e9e9e"

HOLDER_ROLE = Qt.ItemDataRole.UserRole + 1  # the Holder behind a row


class PeopleModel(TableModel):
    HEADERS = HEADERS  # len(HEADERS) == COLUMN_COUNT

    def holder_at(self, row: int) -> Holder:
        return self._rows[row]

    def row_of(self, label: str) -> int:
        return next((i for i, h in enumerate(self._rows) if h.label == label), -1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        holder, col = self.row_for(index), index.column()
        if holder is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(holder, col)
        if role == HOLDER_ROLE:
            return holder
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_PERSON and holder.vacant:
            return QBrush(QColor(VACANT_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_UPDATED and holder.updated_at:
            return f"{local_time(holder.updated_at)} 由 {holder.updated_by or '（未记录）'} 更新"
        return None

    @staticmethod
    def _display(holder: Holder, col: int) -> str:
        if col == COL_POST:
            return holder.label
        if col == COL_PERSON:
            return holder.person or VACANT
        if col == COL_MOBILE:
            return holder.mobile
        if col == COL_OFFICE_PHONE:
            return holder.office_phone
        if col == COL_UPDATED:
            return local_time(holder.updated_at)
        return ""
