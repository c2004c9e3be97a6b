"""A unit name box that finds units the way the roster search does: part of the name or an alias,
full pinyin, or pinyin initials (`wjw` → 市卫生健康委)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from ..search import matches, search_keys


class _UnitFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        name = self.sourceModel().index(source_row, 0, source_parent).data()
        return matches(self._query, search_keys(name or ""))


class UnitCompleter(QCompleter):
    """The popup lists the units `matches` finds for what is typed (filtered here, not by prefix)."""

    def __init__(self, units: list[str], parent=None):
        self._filter = _UnitFilter()
        self._filter.setSourceModel(QStringListModel(units))
        super().__init__(self._filter, parent)
        self._filter.setParent(self)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        self._filter.set_query(path)
        return [""]

    def pathFromIndex(self, index) -> str:
        return index.data() or ""


def find_units(combo: QComboBox, units: list[str]) -> UnitCompleter:
    """Give an editable combo box of unit names the pinyin-aware completer."""
    completer = UnitCompleter(units, combo)
    combo.setCompleter(completer)
    return completer


def unit_named(text: str, units: list[str]) -> str | None:
    """The unit `text` names: the name itself, or the one unit a query finds (`jyj` → 市教育局).
    Chinese text that is no unit is taken as typed (a body outside the plan); a query that finds no
    unit or several gives None."""
    text = text.strip()
    if not text or text in units:
        return text or None
    found = [u for u in units if matches(text, search_keys(u))]
    if len(found) == 1:
        return found[0]
    return None if text.isascii() or found else text
