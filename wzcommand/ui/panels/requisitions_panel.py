"""征用补偿: the requisition register (what, from whom, by which decision, when taken and returned, in
what condition) and, for the latest response, the compensation list per owner with the total. A
requisition not yet returned shows 未归还 (in bold); the list prints as the 征用补偿清单 and exports to
.xlsx, both off the UI thread."""
from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox, QWidget

from ... import clock
from ...plan import requisitions as rules
from ...plan.sources import source_text
from ...services import compensation, requisitions
from ..bus import LEVELS, REQUISITIONS, UiContext
from ..columns import Columns
from ..forms.ui_requisitions_panel import Ui_RequisitionsPanel
from ..models.table_model import TableModel
from ..printing import PdfOutput
from ..worker import BackgroundTask, run_in_background

REGISTER_HEADERS = ("编号", "类别", "财物或劳务", "数量", "被征用方", "征用决定", "征用时间", "征用时状况", "归还")
OWNER_HEADERS = ("被征用方", "类别", "项数", "未归还", "补偿金额", "评估意见")
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def _today() -> date:
    return clock.local(clock.now()).date()


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RegisterModel(TableModel):
    HEADERS = REGISTER_HEADERS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.row_for(index)
        if r is None:
            return None
        if role == Qt.ItemDataRole.FontRole and index.column() == 8 and not r.returned:
            return _bold()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        back = (f"{clock.local_text(r.returned_at, '%m-%d %H:%M')} {r.condition_returned}" if r.returned else "未归还")
        if role == Qt.ItemDataRole.ToolTipRole and r.returned:
            back = f"{clock.local_text(r.returned_at)} 归还：{r.condition_returned}"
        return (f"第{r.id}号", r.kind_name, r.description, r.quantity,
                f"{r.owner}（{r.owner_kind_name}）" + (f" {r.contact}" if role == Qt.ItemDataRole.ToolTipRole
                                                      and r.contact else ""),
                f"{r.decided_by} {r.decision_ref}", clock.local_text(r.taken_at), r.condition_taken,
                back)[index.column()]


class OwnerModel(TableModel):
    HEADERS = OWNER_HEADERS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        o = self.row_for(index)
        if o is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return (o.name, o.kind_name, str(len(o.items)), str(o.unreturned) if o.unreturned else "—",
                rules.yuan(o.amount_fen) or "待评估", o.assessment or "—")[index.column()]


class RequisitionsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_RequisitionsPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.last_job: PdfOutput | None = None
        self.export_task: BackgroundTask | None = None
        self.listing = compensation.CompensationList(None, ())
        ui = self.ui
        self.register = RegisterModel(self)
        self.owners = OwnerModel(self)
        ui.registerTable.setModel(self.register)
        ui.compensationTable.setModel(self.owners)
        self.columns = (Columns(ui.registerTable, "requisitions", caps={2: 14, 4: 14, 5: 14}, pad=False),
                        Columns(ui.compensationTable, "compensation", caps={0: 16}, pad=False))
        ui.addButton.clicked.connect(lambda: self.add())
        ui.editButton.clicked.connect(lambda: self.edit_selected())
        ui.returnButton.clicked.connect(lambda: self.return_selected())
        ui.compensateButton.clicked.connect(lambda: self.compensate())
        ui.printButton.clicked.connect(lambda: self.print_list())
        ui.exportButton.clicked.connect(lambda: self.export())
        ui.registerTable.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _on_changed(self, topic: str) -> None:
        if topic in (REQUISITIONS, LEVELS):
            self.reload()

    def reload(self) -> None:
        db = self._ctx.db
        chosen = self.selected()
        rows = requisitions.list_requisitions(db)
        self.register.set_rows(list(reversed(rows)))  # newest first
        self.listing = compensation.compensation_list(db)
        self.owners.set_rows(self.listing.owners)
        unreturned = sum(1 for r in rows if not r.returned)
        self.ui.registerBox.setTitle(f"征用登记（{len(rows)}项" + (f"，未归还{unreturned}项）" if unreturned else "）"))
        self.ui.compensationBox.setTitle(f"补偿清单（{self._period()}）")
        self._basis()
        self.ui.totalLabel.setText(self._total_text())
        for columns in self.columns:
            columns.fit()
        again = next((k for k in range(self.register.rowCount())
                      if chosen is not None and self.register.row_at(k).id == chosen.id), 0)
        if self.register.rowCount():
            self.ui.registerTable.selectRow(again)  # the row worked on stays chosen
        self._enable()

    def _basis(self) -> None:
        """The clauses of the plan the (latest) response runs under: requisition and compensation."""
        plan = self.listing.response.plan if self.listing.response else "public_health"
        edition = self._ctx.plan_edition()
        quotes = [*rules.REQUISITION_QUOTES.get(plan, rules.REQUISITION_QUOTES["public_health"]), self.listing.quote]
        self.ui.basisLabel.setText("<small>" + "　".join(f"{escape(source_text(s, edition))}：“{escape(q)}”"
                                                         for s, q in quotes) + "</small>")

    def _period(self) -> str:
        r = self.listing.response
        if r is None:
            return "尚无应急响应"
        start = clock.local_text(r.started, "%Y-%m-%d")
        return f"{start}至{clock.local_text(r.ended, '%Y-%m-%d')}应急响应" if r.ended else f"{start}起，应急响应中"

    def _total_text(self) -> str:
        listing = self.listing
        if not listing.owners:
            return "本次应急响应未登记临时征用。" if listing.response else ""
        owners, pending = len(listing.owners), len(listing.unassessed)
        if pending == owners:
            text = f"{owners}个被征用方，均待评估补偿"
        else:
            text = f"补偿合计 {rules.yuan(listing.total_fen)}（{owners}个被征用方" + (f"，{pending}个待评估）" if pending else "）")
        if not listing.ended:
            return text + "；应急响应终止后登记补偿（7.3）"
        return text + (f"；应急响应已终止，尚有{listing.unreturned}项未归还" if listing.unreturned else "")

    def _enable(self) -> None:
        chosen = self.selected()
        self.ui.editButton.setEnabled(chosen is not None)
        self.ui.returnButton.setEnabled(chosen is not None and not chosen.returned)
        self.ui.compensateButton.setEnabled(self.listing.ended and bool(self.listing.owners))
        has = bool(self.listing.owners)
        self.ui.printButton.setEnabled(has)
        self.ui.exportButton.setEnabled(has and not (self.export_task is not None and self.export_task.running))

    def selected(self) -> requisitions.RequisitionRecord | None:
        return self.register.row_for(self.ui.registerTable.currentIndex())

    def add(self):
        from ..dialogs.requisition_dialogs import RequisitionDialog

        dialog = RequisitionDialog(self._ctx, self)
        dialog.open()
        return dialog

    def edit_selected(self):
        from ..dialogs.requisition_dialogs import RequisitionEditDialog

        record = self.selected()
        if record is None:
            return None
        dialog = RequisitionEditDialog(self._ctx, record, self)
        dialog.open()
        return dialog

    def return_selected(self):
        from ..dialogs.requisition_dialogs import ReturnDialog

        record = self.selected()
        if record is None or record.returned:
            return None
        dialog = ReturnDialog(self._ctx, record, self)
        dialog.open()
        return dialog

    def compensate(self):
        from ..dialogs.requisition_dialogs import CompensationDialog

        owner = self.owners.row_for(self.ui.compensationTable.currentIndex())
        dialog = CompensationDialog(self._ctx, self.listing, owner.owner_id if owner else None, self)
        dialog.open()
        return dialog

    def print_list(self) -> PdfOutput | None:
        if not self.listing.owners:
            return None
        db = self._ctx.db

        def render() -> bytes:
            from ...services import compensation_print

            return compensation_print.compensation_pdf(db)

        self.last_job = PdfOutput(self, "征用补偿清单", f"征用补偿清单-{_today():%Y%m%d}.pdf", render)
        self.last_job.start()
        return self.last_job

    def export(self) -> BackgroundTask | None:
        from .. import folders

        if not self.listing.owners or (self.export_task is not None and self.export_task.running):
            return None
        path, _chosen = folders.save_name(self, "导出征用补偿清单", folders.REPORT,
                                          f"征用补偿清单-{_today():%Y%m%d}.xlsx", XLSX_FILTER)
        if not path:
            return None
        if Path(path).suffix.lower() != ".xlsx":
            path += ".xlsx"
        from ...services import compensation_print

        db = self._ctx.db
        self.export_task = task = run_in_background(lambda _progress: compensation_print.export_compensation(db, path))
        task.finished.connect(lambda listing: self._exported(path, listing))
        task.failed.connect(self._export_failed)
        self._enable()
        return task

    def _exported(self, path: str, listing) -> None:
        self._enable()
        self.ui.totalLabel.setText(f"{self._total_text()}　已导出到 {path}")

    def _export_failed(self, exc: BaseException) -> None:
        self._enable()
        QMessageBox.warning(self, "导出失败", getattr(exc, "message", None) or f"导出失败：{exc}")
