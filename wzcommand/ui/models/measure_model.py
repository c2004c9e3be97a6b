"""Table model of the register of control measures: one row per measure, pending ones and past-due
reviews marked."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ... import clock
from ...services.measures import LIFTED, PENDING, MeasureRecord
from .table_model import TableModel

(COL_ID, COL_KIND, COL_AREA, COL_BY, COL_START, COL_REVIEW, COL_END, COL_STATUS) = range(8)
HEADERS = ("编号", "措施", "区域", "决定机关", "实施时间", "复核日期", "解除时间", "状态")
PENDING_BACKGROUND = QColor("#fff4e5")
ALERT_FOREGROUND = QColor("#b71c1c")
LIFTED_FOREGROUND = QColor("#757575")


def status_text(m: MeasureRecord) -> str:
    text = f"待批准：尚需{m.needs_text()}" if m.status == PENDING else m.status_name
    return text + ("（超出响应级别）" if m.level_note else "")


class MeasureModel(TableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today: date = clock.local(clock.now()).date()

    def text(self, m: MeasureRecord, col: int) -> str:
        review = m.review_on.isoformat() if m.review_on else ""
        if m.review_overdue(self.today):
            review += "（已过期）"
        return {
            COL_ID: str(m.id),
            COL_KIND: m.kind,
            COL_AREA: m.area,
            COL_BY: m.decided_by,
            COL_START: clock.local_text(m.started_at),
            COL_REVIEW: review,
            COL_END: clock.local_text(m.lifted_at),
            COL_STATUS: status_text(m),
        }[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        m: MeasureRecord | None = self.row_for(index)
        if m is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS and m.level_note:
            return f"{status_text(m)}\n{m.level_note}；理由：{m.level_reason or '未登记'}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(m, col) or (None if role == Qt.ItemDataRole.ToolTipRole else "")
        if role == Qt.ItemDataRole.BackgroundRole and m.status == PENDING:
            return QBrush(PENDING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if m.status == LIFTED:
                return QBrush(LIFTED_FOREGROUND)
            if (col == COL_STATUS and (m.status == PENDING or m.level_note)) or (
                    col == COL_REVIEW and m.review_overdue(self.today)):
                return QBrush(ALERT_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
