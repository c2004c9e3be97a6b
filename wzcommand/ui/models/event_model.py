"""Table models of the events: the list of events, and the plain history tables of one event
(counts, grades, phone reports). Tested without widgets."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ... import clock
from ...plan import events as kinds
from ...services.events import EventRecord
from .table_model import TableModel

(COL_ID, COL_NAME, COL_CATEGORY, COL_DISTRICT, COL_GRADE, COL_ILL, COL_DEAD, COL_RECEIVED,
 COL_STATUS) = range(9)
HEADERS = ("编号", "事件名称", "类别", "县（市、区）", "等级", "发病", "死亡", "接报时间", "状态")
ACTIVE, ENDED = "处置中", "已结束"
UNGRADED = "待研判"
EMPTY_FIELD = "<span style='color:#9e9e9e'>未填</span>"
ENDED_COLOUR = "#757575"
NUMERIC = (COL_ID, COL_ILL, COL_DEAD)

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the EventRow behind a row

COUNT_HEADERS = ("时间", *kinds.COUNT_FIELDS.values(), "录入")
COUNT_NUMERIC = tuple(range(1, len(kinds.COUNT_FIELDS) + 1))
GRADE_HEADERS = ("时间", "等级", "录入")
PHONE_HEADERS = ("报告时间", "报告对象", "报告人", "录入")


@dataclass(frozen=True)
class EventRow:
    """An event as the list shows it: the registration and its latest counts."""

    event: EventRecord
    ill: int
    dead: int

    @property
    def id(self) -> int:
        return self.event.id

    @property
    def active(self) -> bool:
        return self.event.ended_at is None


def category_text(event) -> str:
    name = kinds.CATEGORIES.get(event.category, event.category)
    return f"{name}（{event.disease}）" if event.disease else name


def count_text(value) -> str:
    return "" if value is None else str(value)


class EventTableModel(TableModel):
    HEADERS = HEADERS

    def row_of(self, event_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == event_id), -1)

    def event_row(self, row: int) -> EventRow:
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, col = self.row_for(index), index.column()
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_NAME, COL_CATEGORY):
            return self.display(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor(ENDED_COLOUR))
        if role == EVENT_ROLE:
            return row
        return None

    @staticmethod
    def display(row: EventRow, col: int) -> str:
        e = row.event
        return {
            COL_ID: lambda: str(e.id),
            COL_NAME: lambda: e.name,
            COL_CATEGORY: lambda: category_text(e),
            COL_DISTRICT: lambda: e.district,
            COL_GRADE: lambda: e.grade or UNGRADED,
            COL_ILL: lambda: str(row.ill),
            COL_DEAD: lambda: str(row.dead),
            COL_RECEIVED: lambda: clock.local_text(e.received_at),
            COL_STATUS: lambda: ACTIVE if row.active else ENDED,
        }[col]()


class TextRowsModel(TableModel):
    """Read-only rows of text under fixed headers (the history tables of one event)."""

    def __init__(self, headers: tuple[str, ...], parent=None, numeric: tuple[int, ...] = ()):
        super().__init__(parent, headers)
        self._header_texts = headers
        self.numeric = numeric  # columns aligned right

    @property
    def headers(self) -> tuple[str, ...]:
        return self._header_texts

    def set_rows(self, rows) -> None:
        super().set_rows(tuple(r) for r in rows)

    def rows(self) -> list[tuple[str, ...]]:
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def count_rows(history) -> list[tuple[str, ...]]:
    """Every count update, oldest first; a count not given shows empty."""
    return [(clock.local_text(c.at), *(count_text(getattr(c, k)) for k in kinds.COUNT_FIELDS), c.recorded_by)
            for c in history]


def grade_rows(history) -> list[tuple[str, ...]]:
    return [(clock.local_text(g.at), g.grade, g.recorded_by) for g in history]


def phone_rows(history) -> list[tuple[str, ...]]:
    return [(clock.local_text(p.at), p.to_whom, p.by_whom, p.recorded_by) for p in history]


def detail_html(event, latest: dict | None = None) -> str:
    """Every registration field of an event as a two-column table (empty fields say 未填)."""
    rows = [
        ("事件名称", event.name), ("事件类别", kinds.CATEGORIES.get(event.category, event.category)),
        ("病种", event.disease), ("县（市、区）", event.district), ("乡镇（街道）", event.township),
        ("具体地点", event.place), ("场所类别", event.place_kind),
        ("发生时间", clock.local_text(event.occurred_at)), ("接报时间", clock.local_text(event.received_at)),
        ("事件等级", event.grade or UNGRADED),
        ("人数（最新）", "，".join(f"{kinds.COUNT_FIELDS[k]} {v}" for k, v in (latest or {}).items()
                              if v is not None)),
        ("波及范围", event.area), ("主要症状", event.symptoms), ("可能原因", event.cause),
        ("已采取措施", event.measures), ("报告单位", event.reporting_unit), ("报告人", event.reporter),
        ("联系电话", event.reporter_phone),
        ("状态", f"{ENDED}（{clock.local_text(event.ended_at)}）" if event.ended_at else ACTIVE),
        ("登记", f"{clock.local_text(event.created_at)} 由 {event.created_by} 登记"),
    ]
    cells = "".join(
        f"<tr><td style='color:#555; padding:2px 12px 2px 0; white-space:nowrap'>{escape(k)}</td>"
        f"<td style='padding:2px 0'>{escape(v) if v else EMPTY_FIELD}</td></tr>"
        for k, v in rows)
    return f"<table cellspacing='0'>{cells}</table>"


def latest_counts(history) -> dict:
    """The newest count update as {field: value}; ill and dead 0 when nothing was recorded."""
    if not history:
        return {"ill": 0, "dead": 0}
    last = history[-1]
    return {k: getattr(last, k) for k in kinds.COUNT_FIELDS}
