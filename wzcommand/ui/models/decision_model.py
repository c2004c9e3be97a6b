"""Table models of the decisions recorded: response-level switches and warning colours."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ... import clock
from ...plan import levels as rules
from ...services.levels import KIND_NAMES
from ...services.warnings import ACTION_NAMES, colour_name
from .table_model import TableModel

(COL_DECIDED_AT, COL_CHANGE, COL_DECIDED_BY, COL_BASIS, COL_ASSESSMENT, COL_ANNOUNCED_AT, COL_EVENT, COL_NOTES,
 COL_OPERATOR) = range(9)
LEVEL_HEADERS = ("决定时间", "调整", "决定", "依据", "专家评估", "发布时间", "事件", "办公室/省政府", "操作员")
(WCOL_DECIDED_AT, WCOL_ACTION, WCOL_COLOUR, WCOL_DECIDED_BY, WCOL_BASIS, WCOL_ASSESSMENT, WCOL_SITES,
 WCOL_OPERATOR) = range(8)
WARNING_HEADERS = ("时间", "操作", "预警级别", "发布机关", "依据", "专家评估", "预警触发地", "操作员")

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the decision behind a row


def change_text(row) -> str:
    """提高：Ⅲ级应急响应 → Ⅱ级应急响应."""
    return (f"{KIND_NAMES.get(row.kind, row.kind)}：{rules.display_name(row.from_level, edition=row.edition)} → "
            f"{rules.display_name(row.to_level, edition=row.edition)}")


def notes_text(row) -> str:
    parts = []
    if row.office_alternative:
        parts.append(f"特殊情况：{row.office_reason}" if row.office_reason else "特殊情况")
    if row.office_director:
        parts.append(f"办公室主任：{row.office_director}")
    if getattr(row, "approved_by", ""):
        parts.append(f"报{row.approved_by}批准：{row.approval_ref}（{clock.local_text(row.approved_at)}）")
    if getattr(row, "filed_with", ""):
        parts.append(f"报{row.filed_with}备案：{row.filing_ref}（{clock.local_text(row.filed_at)}）")
    if row.province_record:
        parts.append(f"省政府：{row.province_record}")
    if getattr(row, "province_decision", ""):
        parts.append(f"省级决定：{row.province_decision}")
    elif getattr(row, "initiator", "city") == "province":
        parts.append("国务院/省政府启动")
    if row.kind == "start" and getattr(row, "plan", ""):
        parts.append(f"按《{rules.plan_name(row.plan, edition=row.edition)}》")
    return "；".join(parts)


def assessment_text(row) -> str:
    if getattr(row, "assessment_id", None):  # a linked record: its summary names number, time and members
        return row.assessment
    when = f"（{row.assessed_on:%Y-%m-%d}）" if row.assessed_on else ""
    return f"{row.assessment}{when}" if row.assessment or when else ""


class _DecisionModel(TableModel):
    HEADERS: tuple[str, ...] = ()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.display(row, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{text}\n（{clock.local_text(row.recorded_at)} 由 {row.operator} 录入）" if text else None
            return text
        if role == ROW_ROLE:
            return row
        return None

    def display(self, row, col: int) -> str:
        raise NotImplementedError


class LevelDecisionModel(_DecisionModel):
    HEADERS = LEVEL_HEADERS

    def display(self, row, col: int) -> str:
        return {
            COL_DECIDED_AT: lambda: clock.local_text(row.decided_at),
            COL_CHANGE: lambda: change_text(row),
            COL_DECIDED_BY: lambda: row.decided_by,
            COL_BASIS: lambda: row.basis,
            COL_ASSESSMENT: lambda: assessment_text(row),
            COL_ANNOUNCED_AT: lambda: clock.local_text(row.announced_at),
            COL_EVENT: lambda: str(row.event_id) if row.event_id else "",
            COL_NOTES: lambda: notes_text(row),
            COL_OPERATOR: lambda: row.operator,
        }[col]()


class WarningDecisionModel(_DecisionModel):
    HEADERS = WARNING_HEADERS

    def display(self, row, col: int) -> str:
        return {
            WCOL_DECIDED_AT: lambda: clock.local_text(row.decided_at),
            WCOL_ACTION: lambda: ACTION_NAMES.get(row.action, row.action),
            WCOL_COLOUR: lambda: colour_name(row.colour),
            WCOL_DECIDED_BY: lambda: row.decided_by,
            WCOL_BASIS: lambda: row.basis,
            WCOL_ASSESSMENT: lambda: row.procedure.assessment,
            WCOL_SITES: lambda: row.trigger_text(),
            WCOL_OPERATOR: lambda: row.operator,
        }[col]()
