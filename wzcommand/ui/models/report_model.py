"""Table model of the report archive: every issued report with its number, hash and corrections."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ... import clock
from .table_model import TableModel

(COL_DOC_NO, COL_KIND, COL_EVENT, COL_TITLE, COL_ISSUED_AT, COL_ISSUED_BY, COL_SHA, COL_CORRECTIONS) = range(8)
HEADERS = ("文号", "类型", "事件", "标题", "签发时间", "签发人", "校验值", "更正")
KIND_NAMES = {"first": "首次报告", "progress": "进程报告", "closing": "结案报告"}
SHA_CHARS = 8
SUPERSEDED_COLOUR = "#9e9e9e"

REPORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the ReportInfo behind a row


def kind_text(info) -> str:
    name = KIND_NAMES.get(info.kind, info.kind)
    if info.kind == "progress" and info.sequence:
        from ...plan.numbers import cn_number

        name += f"（续报{cn_number(info.sequence)}）"
    return name  # a correction says so in the 更正 column


class ReportTableModel(TableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._numbers: dict[int, str] = {}
        self._events: dict[int, str] = {}

    def set_rows(self, rows: list, event_names: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._numbers = {r.id: r.doc_no for r in rows}
        self._events = dict(event_names or {})
        self.endResetModel()

    def row_of(self, report_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == report_id), -1)

    def corrections_text(self, info) -> str:
        parts = []
        if info.corrects_id:
            parts.append(f"更正 {self._numbers.get(info.corrects_id, info.corrects_id)}")
        if info.corrected_by:
            parts.append(f"已由 {self._numbers.get(info.corrected_by, info.corrected_by)} 更正")
        return "；".join(parts)

    def display(self, info, col: int) -> str:
        return {
            COL_DOC_NO: lambda: info.doc_no,
            COL_KIND: lambda: kind_text(info),
            COL_EVENT: lambda: self._events.get(info.event_id, "") if info.event_id else "",
            COL_TITLE: lambda: info.title,
            COL_ISSUED_AT: lambda: clock.local_text(info.issued_at, "%m-%d %H:%M"),  # the year is in the 文号
            COL_ISSUED_BY: lambda: info.signer,      # 签发人 as printed, not the operator
            COL_SHA: lambda: info.sha256[:SHA_CHARS],
            COL_CORRECTIONS: lambda: self.corrections_text(info),
        }[col]()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        info, col = self.row_for(index), index.column()
        if info is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(info, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_SHA:
                return f"SHA-256：{info.sha256}"
            if col == COL_ISSUED_BY:
                return f"签发人：{info.signer or '（无）'}；操作员：{info.issued_by}"
            return clock.local_text(info.issued_at) if col == COL_ISSUED_AT else (self.display(info, col) or None)
        if role == Qt.ItemDataRole.ForegroundRole and info.corrected_by:
            return QBrush(QColor(SUPERSEDED_COLOUR))  # replaced by a correction
        if role == REPORT_ROLE:
            return info
        return None
