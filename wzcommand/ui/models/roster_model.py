"""Table model of the member units and their liaison contacts, and its search/group filter.

While an event is followed (`set_checklist`) an eleventh column, 职责落实, shows per unit how many
of its duty points are confirmed for that event ("3/6"); without one the table has ten columns."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCollator, QLocale, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ... import clock
from ...search import matches, normalise_query, search_keys
from ...services.roster import CONTACT_FIELDS, UnitRow
from .table_model import ROOT, TableModel

(COL_NAME, COL_GROUPS, COL_DUTIES, COL_LIAISON, COL_TITLE, COL_OFFICE_PHONE, COL_MOBILE,
 COL_DUTY_PHONE, COL_FAX, COL_UPDATED) = range(10)
COLUMN_COUNT = 10
COL_CHECKLIST = 10  # present only while an event's checklist is shown
CHECKLIST_HEADER = "职责落实"

FIELD_OF_COLUMN = {
    COL_LIAISON: "liaison",
    COL_TITLE: "title",
    COL_OFFICE_PHONE: "office_phone",
    COL_MOBILE: "mobile",
    COL_DUTY_PHONE: "duty_phone",
    COL_FAX: "fax",
}
HEADERS = {COL_NAME: "单位名称", COL_GROUPS: "所属工作组", COL_DUTIES: "职责条目", COL_UPDATED: "更新时间"}
HEADERS |= {col: CONTACT_FIELDS[field] for col, field in FIELD_OF_COLUMN.items()}

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the UnitRow behind a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the value a column sorts by


def local_time(moment: datetime | None) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def duties_text(numbers: tuple[int, ...]) -> str:
    return "、".join(str(n) for n in numbers)


class RosterModel(TableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._checklist: dict[str, tuple[int, int, datetime | None]] | None = None
        self._checklist_event = ""

    def set_checklist(self, counts: dict[str, tuple[int, int, datetime | None]] | None, event: str = "") -> None:
        """Per unit (confirmed points, all points, reported back at) for `event`; None removes the column."""
        had = self._checklist is not None
        if had and counts is None:
            self.beginRemoveColumns(QModelIndex(), COL_CHECKLIST, COL_CHECKLIST)
            self._checklist, self._checklist_event = None, ""
            self.endRemoveColumns()
        elif not had and counts is not None:
            self.beginInsertColumns(QModelIndex(), COL_CHECKLIST, COL_CHECKLIST)
            self._checklist, self._checklist_event = dict(counts), event
            self.endInsertColumns()
        elif counts is not None:
            self._checklist, self._checklist_event = dict(counts), event
            if self._rows:
                self.dataChanged.emit(self.index(0, COL_CHECKLIST), self.index(len(self._rows) - 1, COL_CHECKLIST))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_CHECKLIST, COL_CHECKLIST)

    def checklist_event(self) -> str:
        return self._checklist_event

    def unit_at(self, row: int) -> UnitRow:
        return self._rows[row]

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.name == name), -1)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT + (self._checklist is not None)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and section == COL_CHECKLIST and self._checklist is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return CHECKLIST_HEADER
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"事件“{self._checklist_event}”中各单位已落实的职责要点（已完成或不适用）/ 要点总数"
            return None
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        unit, col = self.row_for(index), index.column()
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(unit, col)
        if role == UNIT_ROLE:
            return unit
        if role == SORT_ROLE:
            return self._sort_value(unit, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(unit, col)
        return None

    def _display(self, unit: UnitRow, col: int) -> str:
        if col == COL_CHECKLIST and self._checklist is not None:
            counts = self._checklist.get(unit.name)
            return f"{counts[0]}/{counts[1]}" if counts else ""
        if col == COL_NAME:
            return unit.name
        if col == COL_GROUPS:
            return "、".join(unit.groups)
        if col == COL_DUTIES:
            return duties_text(unit.duties)
        if col == COL_UPDATED:
            return local_time(unit.updated_at)
        return unit.contact.get(FIELD_OF_COLUMN.get(col, ""), "")

    def _sort_value(self, unit: UnitRow, col: int):
        """What a column sorts by; None for a missing value (sorted last either way)."""
        if col == COL_DUTIES:
            return unit.duties[0] if unit.duties else None
        if col == COL_UPDATED:
            return unit.updated_at.timestamp() if unit.updated_at else None
        if col == COL_CHECKLIST and self._checklist is not None:
            counts = self._checklist.get(unit.name)
            return counts[0] / counts[1] if counts and counts[1] else None
        return self._display(unit, col) or None

    def _tooltip(self, unit: UnitRow, col: int) -> str | None:
        if col == COL_CHECKLIST and self._checklist is not None:
            counts = self._checklist.get(unit.name)
            if not counts:
                return f"该单位不在事件“{self._checklist_event}”当前运行的工作组中"
            back = f"，{local_time(counts[2])} 已反馈" if counts[2] else "，尚未反馈"
            return f"{self._checklist_event}：已落实 {counts[0]} 点，共 {counts[1]} 点{back}"
        if col == COL_UPDATED and unit.updated_at:
            return f"{local_time(unit.updated_at)} 由 {unit.updated_by or '（未记录）'} 更新"
        if col == COL_NAME:
            return (unit.name + ("\n又称：" + "、".join(unit.aliases) if unit.aliases else "")
                    + ("\n预案泛称：" + "、".join(unit.generic_names) if unit.generic_names else ""))
        if col == COL_GROUPS and unit.groups:
            return "、".join(unit.groups)
        if col == COL_DUTIES and unit.duties:
            return f"附件1 第{duties_text(unit.duties)}项"
        return None


class RosterFilterProxy(QSortFilterProxyModel):
    """Filters by a search text (name, alias, pinyin) and a working group; sorts every column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._query = ""
        self._group: str | None = None
        self._collator = QCollator(QLocale("zh_CN"))
        self._collator.setNumericMode(True)

    def set_search(self, text: str) -> None:
        query = normalise_query(text)
        if query != self._query:
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_group(self, name: str | None) -> None:
        if name != self._group:
            self.beginFilterChange()
            self._group = name or None
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        unit: UnitRow = self.sourceModel().index(source_row, COL_NAME, source_parent).data(UNIT_ROLE)
        if self._group and self._group not in unit.groups:
            return False
        # search_keys is cached per (name, aliases): a reload does not rebuild the pinyin keys.
        # The plans' generic wording finds the unit too (市卫生健康主管部门 → 市卫生健康委).
        return not self._query or matches(self._query, search_keys(unit.name, unit.aliases + unit.generic_names))

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if (a is None) != (b is None):  # empty cells stay at the bottom in both directions
            return (a is None) == (self.sortOrder() == Qt.SortOrder.DescendingOrder)
        if isinstance(a, str) and isinstance(b, str):
            order = self._collator.compare(a, b)  # 拼音 order for Chinese text
            if order:
                return order < 0
        elif a != b:
            return a < b
        # ties keep the plan's order (reversed when descending, as Qt reverses the whole result)
        return left.row() < right.row()
