"""Table models of the county board: one row per 县（市、区）, and one county's reports."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ... import clock
from ...plan import levels as rules
from ...plan.sources import source_text
from ...services.counties import CountyRecord, CountyRow, colour_name, site_text
from .table_model import TableModel

(COL_COUNTY, COL_LEVEL, COL_SINCE, COL_BY, COL_WARNING, COL_SITE, COL_INSTRUCTED, COL_DUTY, COL_LIAISON,
 COL_FLAGS) = range(10)
HEADERS = ("县（市、区）", "响应级别", "起始时间", "决定机关", "预警", "预警触发地", "市级要求", "指挥部值班电话", "联络员",
           "提示")
HISTORY_HEADERS = ("决定时间", "响应级别", "预警", "决定机关", "依据", "登记人", "登记时间")
FLAG_BACKGROUND = QColor("#fdecea")
FLAG_FOREGROUND = QColor("#b71c1c")


def level_text(level: str, edition: str) -> str:
    """未启动, Ⅲ级 (the column is narrow; the full name is in the detail below)."""
    return "未启动" if level == "none" else rules.display_name(level, edition=edition).removesuffix("应急响应")


def instructed_text(ins, now: datetime, edition: str) -> str:
    """Ⅲ级：逾期未报（时限 11-30 12:12） — the city's instruction and its clock, short."""
    due = clock.local_text(ins.due, "%m-%d %H:%M")
    if ins.done is not None:
        late = "，超时" if ins.overdue else ""
        return f"{level_text(ins.level, edition)}：已启动（{clock.local_text(ins.done, '%m-%d %H:%M')}{late}）"
    if ins.overdue:
        return f"{level_text(ins.level, edition)}：逾期未报（时限 {due}）"
    return f"{level_text(ins.level, edition)}：待报告（时限 {due}）"


class CountyBoardModel(TableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None, edition: str = ""):
        super().__init__(parent)
        self.now: datetime = clock.now()
        self.edition = edition  # the plan edition the database records: set with the board (CountyBoard.edition)

    def text(self, row: CountyRow, col: int) -> str:
        ins = row.instructed
        contact = row.contact
        return {
            COL_COUNTY: row.county,
            COL_LEVEL: level_text(row.level, self.edition),
            COL_SINCE: clock.local_text(row.since) if row.since and row.level != "none" else "",
            COL_BY: row.decided_by if row.level != "none" else "",
            COL_WARNING: colour_name(row.warning),
            COL_SITE: site_text(row.trigger_site),
            COL_INSTRUCTED: instructed_text(ins, self.now, self.edition) if ins else "",
            COL_DUTY: contact.duty_phone,
            COL_LIAISON: " ".join(x for x in (contact.liaison, contact.liaison_phone) if x),
            COL_FLAGS: "；".join(f.text for f in row.flags),
        }[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_for(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_INSTRUCTED and row.instructed:
                ins = row.instructed
                return (f"市级要求启动{rules.display_name(ins.level, edition=self.edition)}（{ins.ref}，{clock.local_text(ins.at)}）："
                        f"{ins.status(self.now)}\n{ins.clock.rule}\n{ins.clock.setting}")
            if index.column() == COL_FLAGS and row.flags:
                return "\n\n".join(f"{f.text}\n{source_text(f.source, self.edition)}：{f.quote}" for f in row.flags)
            return self.text(row, index.column()) or None
        if role == Qt.ItemDataRole.BackgroundRole and row.flags:
            return QBrush(FLAG_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.flags and index.column() in (COL_COUNTY, COL_FLAGS):
            return QBrush(FLAG_FOREGROUND)
        return None


class CountyHistoryModel(TableModel):
    HEADERS = HISTORY_HEADERS

    def __init__(self, parent=None, edition: str = ""):
        super().__init__(parent)
        self.edition = edition  # as CountyBoardModel's

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row: CountyRecord | None = self.row_for(index)
        if row is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (clock.local_text(row.decided_at), level_text(row.level, self.edition), colour_name(row.warning), row.decided_by,
                row.basis, row.operator, clock.local_text(row.recorded_at))[index.column()]
