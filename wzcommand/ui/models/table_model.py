"""The base of the flat table models: a list of rows under a row of column headers."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

ROOT = QModelIndex()  # the invisible root, Qt's default parent (one instance, not one per call)


class TableModel(QAbstractTableModel):
    """Rows in a list, one column per header.

    `HEADERS` is a tuple of header texts, or a {column: text} dict; a model may set it as a class
    attribute or pass `headers` when it is made. Subclasses add `data` and their own accessors."""

    HEADERS: Sequence[str] | Mapping[int, str] = ()

    def __init__(self, parent=None, headers: Sequence[str] | Mapping[int, str] | None = None):
        super().__init__(parent)
        if headers is not None:
            self.HEADERS = headers
        self._rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        """The row object at `row`, or None when there is no such row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for(self, index: QModelIndex):
        """The row object behind a model index, or None for an invalid or stale index."""
        return self.row_at(index.row()) if index.isValid() else None

    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.HEADERS
            if isinstance(headers, Mapping):
                return headers.get(section)
            return headers[section] if 0 <= section < len(headers) else None
        return None
