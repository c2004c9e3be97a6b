"""Table columns, the same way in every panel: sized to their contents when the table first shows
rows, kept within the table's width (a long text is cut with "…", its tooltip or the detail pane has
it whole; the last column takes the room left), and the widths the user sets — dragging a column's
edge or double-clicking it — remembered per table across restarts (columns.json beside the
settings, as folders.json). Once the user has set a table's widths the program no longer changes them.
A table entered with Tab and nothing chosen chooses its current (or first) row.

    self.columns = Columns(ui.table, "roster", caps={COL_NAME: 12}, floors={COL_PHONE: PHONE})
    ...
    self.columns.fit()  # after the rows change: the contents' widths again, or the user's
"""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView
from shiboken6 import isValid

from . import memory

FILENAME = "columns.json"
CAP_CHARS = 16  # a column's first width holds at most this many CJK characters
MIN_CHARS = 4   # squeezed to fit the table, a column keeps at least this much (or its header)
PHONE = "0577-88888888"  # a phone column never cuts a number
SAMPLE_ROWS = 200  # rows a column's width is measured on (Qt's 1000 took 0.5 s on ten years of events)


def saved_widths(key: str) -> list[int | None]:
    widths = memory.load(FILENAME).get(key)
    if not isinstance(widths, list):
        return []
    return [w if isinstance(w, int) and w > 0 else None for w in widths]


def header_of(view: QAbstractItemView) -> QHeaderView:
    return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()  # type: ignore[attr-defined]


class Columns(QObject):
    """`caps`: a column's first width at most this many CJK characters (default CAP_CHARS);
    `floors`: a column at least as wide as this sample text (a phone number; a status chip, in bold
    with `bold_floors`); `pad`: a character's air after each column but the last; `least`: how many
    characters a column keeps when the table is short of room (default MIN_CHARS: the name of a unit
    deserves more than the time it was last changed)."""

    def __init__(self, view: QTableView | QTreeView, key: str, *, caps: Mapping[int, int] | None = None,
                 floors: Mapping[int, str] | None = None, bold_floors: bool = False, pad: bool = True,
                 least: Mapping[int, int] | None = None):
        super().__init__(view)
        self.view, self.key = view, key
        self.caps, self.floors, self.bold_floors, self.pad = dict(caps or {}), dict(floors or {}), bold_floors, pad
        self.least = dict(least or {})
        self.header = header_of(view)
        rows = view.header() if isinstance(view, QTreeView) else view.verticalHeader()  # whose precision Qt reads
        rows.setResizeContentsPrecision(SAMPLE_ROWS)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header.setStretchLastSection(True)
        self.user = saved_widths(key)  # the user's widths; [] while the program sizes the columns
        self._natural: list[int] = []  # the contents' widths, capped, before fitting them into the table
        self._content: list[int] = []  # the contents' whole widths
        self._shown: list[int | None] = []  # what the program last set (the user's changes differ)
        self._pressed = self._dragged = False  # the user is dragging a column's edge
        self._rows_area, self._header_area = view.viewport(), self.header.viewport()
        for watched in (view, self._rows_area, self._header_area):
            watched.installEventFilter(self)
        self.header.sectionResized.connect(self._on_resized)
        self.header.sectionHandleDoubleClicked.connect(lambda _col: QTimer.singleShot(0, self, self._remember))

    # ------------------------------------------------------------------ the program's widths

    def fit(self) -> None:
        """Widths from the contents (or the user's own), within the table's width."""
        if self.user:
            self._apply(self.user)
            return
        if self.view.model() is None or not self.header.count():
            return  # no columns yet (without rows the headers' widths count)
        char, widths, contents = self.view.fontMetrics().horizontalAdvance("中"), [], []
        for col in range(self.header.count()):  # as resizeColumnToContents measures; a stretched last
            # column would report its stretched width after resizing
            content = max(self.view.sizeHintForColumn(col), self.header.sectionSizeHint(col))
            width = min(content, char * self.caps.get(col, CAP_CHARS))
            if col in self.floors:  # no cap cuts the sample's text; an empty column stays narrow
                width = max(width, min(content, self._floor(col) + char))
            elif self.pad and col != self._last():
                width += char  # a little air; the last column stretches anyway
            widths.append(width)
            contents.append(max(content, width))
        self._natural, self._content = widths, contents
        self._squeeze()

    def _squeeze(self) -> None:
        """The natural widths, the widest cut down first until all columns fit the table's width;
        room to spare goes first to columns their cap cut, up to their contents."""
        widths, room = list(self._natural), self._room()
        if room > 0 and sum(widths) < room and any(c > w for c, w in zip(self._content, widths, strict=True)):
            low, high = 0, max(self._content)
            while low < high:  # the highest level the capped columns may grow to within the room
                mid = (low + high + 1) // 2
                if sum(min(c, max(w, mid)) for c, w in zip(self._content, widths, strict=True)) <= room:
                    low = mid
                else:
                    high = mid - 1
            widths = [min(c, max(w, low)) for c, w in zip(self._content, widths, strict=True)]
        elif room > 0 and sum(widths) > room:
            char = self.view.fontMetrics().horizontalAdvance("中")
            lows = [min(w, max(char * self.least.get(col, MIN_CHARS), self._header_width(col),
                               self._floor(col) + char if col in self.floors else 0)) for col, w in enumerate(widths)]
            low, high = 0, max(widths)
            while low < high:  # the highest cut at which everything fits
                mid = (low + high + 1) // 2
                if sum(max(min(w, mid), lo) for w, lo in zip(widths, lows, strict=True)) <= room:
                    low = mid
                else:
                    high = mid - 1
            widths = [max(min(w, low), lo) for w, lo in zip(widths, lows, strict=True)]
        self._apply(widths)

    def _room(self) -> int:
        """The width the columns may take; 0 while the table has no size yet."""
        if not self.view.isVisible():
            return 0
        room = self.view.viewport().width()
        bar = self.view.verticalScrollBar()
        if not bar.isVisible() and self.view.viewport().height() < self.view.viewportSizeHint().height():
            room -= bar.sizeHint().width()  # the rows will not all fit: the scroll bar will take its room
        return room

    def _header_width(self, col: int) -> int:
        """The header's text with a little air (a sort arrow may cover its end: the arrow says enough)."""
        text = str(self.view.model().headerData(col, Qt.Orientation.Horizontal) or "")
        metrics = self.header.fontMetrics()
        return metrics.horizontalAdvance(text) + metrics.horizontalAdvance("中")

    def _floor(self, col: int) -> int:
        """The sample's width (in bold with `bold_floors`: status chips); 0 without a sample."""
        if col not in self.floors:
            return 0
        font = self.view.font()
        font.setBold(self.bold_floors)
        return QFontMetrics(font).horizontalAdvance(self.floors[col])

    def _last(self) -> int:
        """The logical index of the column shown last (the one that stretches)."""
        return self.header.logicalIndex(self.header.count() - 1)

    def _apply(self, widths: list[int] | list[int | None]) -> None:
        """The last column's width is the least it stretches to (Qt keeps 100 px otherwise)."""
        for col, width in enumerate(widths[: self.header.count()]):
            if width:
                self.header.resizeSection(col, width)
        self._shown = self._widths()

    def _select_on_entry(self, event) -> None:
        """A table entered from the keyboard with no row chosen chooses its current (or first) row, as
        lists do in desktop programs: under Xvfb a one-row table could not be chosen with the arrows."""
        view, model = self.view, self.view.model()
        if event.reason() not in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason) \
                or model is None or not model.rowCount() or view.selectionModel().hasSelection():
            return
        current = view.currentIndex()
        index = current if current.isValid() else model.index(0, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        view.selectionModel().setCurrentIndex(index, flags)

    # ------------------------------------------------------------------ the user's widths

    def _widths(self) -> list[int | None]:
        last = self._last()
        return [None if self.header.isSectionHidden(col) or (col == last and self.header.stretchLastSection())
                else self.header.sectionSize(col) for col in range(self.header.count())]

    def _on_resized(self, *_args) -> None:
        self._dragged = self._dragged or self._pressed

    def _remember(self) -> None:
        widths = self._widths()
        if widths != self._shown:
            self.user = self._shown = widths
            memory.store(FILENAME, self.key, widths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isValid(self.header):  # the table is being taken apart
            return False
        kind = event.type()
        if watched is self._header_area:
            if kind == QEvent.Type.MouseButtonPress:
                self._pressed, self._dragged = True, False
            elif kind == QEvent.Type.MouseButtonRelease:
                if self._dragged:
                    QTimer.singleShot(0, self, self._remember)  # after the header has finished the drag
                self._pressed = self._dragged = False
        elif watched is self.view:
            if kind == QEvent.Type.FocusIn:
                self._select_on_entry(event)
            elif kind == QEvent.Type.Show:  # the table's width is known now
                if self._natural and not self.user:
                    self._squeeze()
                else:
                    self.fit()
        elif watched is self._rows_area and kind == QEvent.Type.Resize and self._natural and not self.user:
            self._squeeze()
        return False
