"""物资保障 (phe 4.2.2 (5), 8.3.2): stock by site and item with expiry and days of cover, the movements,
the requests of member units and counties with their clocks, the chase list and the item list.
Movements, requests and the lists are written through the services (services/supplies.py,
supply_requests.py, stock_io.py); import and export run off the UI thread."""
from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from ... import clock
from ...plan import supplies as rules
from ...plan.numbers import grouped, quantity_text
from ...plan.sources import source_text
from ...services import supplies, supply_requests
from ..bus import ROSTER, SUPPLIES, UiContext
from ..columns import Columns
from ..forms.ui_supplies_panel import Ui_SuppliesPanel
from ..models.table_model import TableModel
from ..printing import PdfOutput
from ..worker import BackgroundTask, run_in_background

OVERDUE = QColor("#c62828")
WARN = QColor("#a15c00")
EXPORT_FOLDER = "supplies"


def _day(d: date | None) -> str:
    return d.isoformat() if d else "—"


class _Model(TableModel):
    """Rows of plain tuples (what is shown), with a parallel list of the records behind them."""

    def __init__(self, parent, headers, cells, colour=None, numbers=()):
        super().__init__(parent, headers)
        self._cells, self._colour, self._numbers = cells, colour, frozenset(numbers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_for(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells(row)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numbers:  # figures line up
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            colour = self._colour(row, index.column())
            return QBrush(colour) if colour is not None else None
        return None


class SuppliesPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_SuppliesPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.last_task: BackgroundTask | None = None
        self.now = clock.now()
        self.today = clock.local(self.now).date()
        ui = self.ui
        self.stock = _Model(self, ("存放点", "物资", "结存", "其中已过期", "最近有效期", "近7日发放", "日均发放", "可用天数"),
                            self._stock_cells, self._stock_colour, numbers=(2, 3, 5, 6, 7))
        self.moves = _Model(self, ("时间", "类别", "物资", "数量", "存放点 / 去向", "批号（有效期）", "经办"), self._move_cells,
                            numbers=(3,))
        self.requests = _Model(self, ("编号", "申请单位", "物资", "数量", "状态", "当前时限", "申请时间", "用途"),
                               self._request_cells, self._request_colour)
        self.chase = _Model(self, ("申请单位", "联络人", "电话", "申请", "待办", "状态", "当前时限"), lambda r: r[:7],
                            lambda r, c: OVERDUE if r[7] and c >= 5 else None)
        self.items = _Model(self, ("物资", "计量单位", "结存合计", "可用", "近7日发放", "可用天数", "备注"), self._item_cells,
                            numbers=(2, 3, 4, 5))
        self.columns = {}
        for table, model, key in ((ui.stockTable, self.stock, "supplies.stock"), (ui.movesTable, self.moves, "supplies.moves"),
                                  (ui.requestsTable, self.requests, "supplies.requests"),
                                  (ui.chaseTable, self.chase, "supplies.chase"), (ui.itemsTable, self.items, "supplies.items")):
            table.setModel(model)
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
            self.columns[key] = Columns(table, key, caps={0: 12})
        edition = ctx.plan_edition()
        ui.basisLabel.setText(
            f"<small>{escape(source_text(rules.GROUP_QUOTE[0], edition))} 物资保障组：“{escape(rules.GROUP_QUOTE[1])}”；"
            f"{escape(source_text(rules.RESERVE_QUOTE[0], edition))}：“{escape(rules.RESERVE_QUOTE[1])}”</small>")
        self._rules_text = (f"{escape(rules.RATE_TEXT)} 结存不能为负数；发放和调出按有效期先到先出，已过期的不发放；"
                            f"{rules.EXPIRY_WARN_DAYS}天内到期的有效期标为橙色。")
        ui.moveButton.clicked.connect(lambda: self.record_move())
        ui.importButton.clicked.connect(lambda: self.import_list())
        ui.exportButton.clicked.connect(lambda: self.export_list())
        ui.requestButton.clicked.connect(lambda: self.add_request())
        ui.approveButton.clicked.connect(lambda: self.step("approve"))
        ui.rejectButton.clicked.connect(lambda: self.step("reject"))
        ui.issueButton.clicked.connect(lambda: self.step("issue"))
        ui.receiveButton.clicked.connect(lambda: self.step("receive"))
        ui.printChaseButton.clicked.connect(lambda: self.print_chase())
        ui.addItemButton.clicked.connect(lambda: self.edit_item(new=True))
        ui.editItemButton.clicked.connect(lambda: self.edit_item(new=False))
        ui.addSiteButton.clicked.connect(lambda: self.add_site())
        ui.requestsTable.selectionModel().currentRowChanged.connect(lambda *_: self._request_chosen())
        ui.itemsTable.selectionModel().currentRowChanged.connect(lambda *_: self._item_chosen())
        ui.tabs.currentChanged.connect(self._enter_tab)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _enter_tab(self, index: int) -> None:
        """A tab chosen (Alt+K, Alt+Q …) puts the keyboard in its table, on its first row if none is chosen."""
        ui = self.ui
        table = (ui.stockTable, ui.movesTable, ui.requestsTable, ui.chaseTable, ui.itemsTable)[index]
        if self.isVisible():
            table.setFocus(Qt.FocusReason.TabFocusReason)

    # ------------------------------------------------------------------ cells

    def _stock_cells(self, r: supplies.StockRow):
        return (r.site, r.item, quantity_text(r.quantity, r.unit), quantity_text(r.expired, r.unit) if r.expired else "",
                _day(r.nearest_expiry), quantity_text(r.issued, r.unit),
                f"{grouped(r.rate, 1)}{r.unit}/日" if r.issued else "—",
                r.cover_text)

    def _stock_colour(self, r: supplies.StockRow, column: int):
        if column == 3 and r.expired:
            return OVERDUE
        if column == 4 and rules.expiring_soon(r.nearest_expiry, self.today):
            return WARN
        return None

    def _move_cells(self, m: supplies.MoveRecord):
        batches = "；".join(f"{b or '无批号'}（{_day(e)}）{grouped(q)}" if len(m.batches) > 1 else f"{b or '无批号'}（{_day(e)}）"
                           for b, e, q in m.batches)
        return (clock.local_text(m.moved_at), m.kind_name, m.item, quantity_text(m.quantity, m.unit), m.where, batches, m.operator)

    def _request_cells(self, r: supply_requests.RequestRecord):
        c = r.clock()
        granted = f"（批准{grouped(r.approved_quantity)}）" if r.approved_quantity not in (None, r.quantity) else ""
        return (f"第{r.id}号", r.requester, r.item, f"{quantity_text(r.quantity, r.unit)}{granted}", r.status_name(self.now),
                f"{c.label} {clock.local_text(c.due)}" if c else "—", clock.local_text(r.requested_at), r.purpose)

    def _request_colour(self, r: supply_requests.RequestRecord, column: int):
        return OVERDUE if column in (4, 5) and r.shown_status(self.now) == "overdue" else None

    def _item_cells(self, t: tuple[supplies.ItemRecord, supplies.ItemTotal]):
        item, total = t
        return (item.name, item.unit, quantity_text(total.quantity, item.unit), quantity_text(total.usable, item.unit),
                quantity_text(total.issued, item.unit), total.cover_text, item.note)

    # ------------------------------------------------------------------ loading

    def _on_changed(self, topic: str) -> None:
        if topic in (SUPPLIES, ROSTER):
            self.reload()

    def reload(self) -> None:
        db, ui = self._ctx.db, self.ui
        self.now = clock.now()
        self.today = clock.local(self.now).date()
        rows = supplies.stock(db, self.now)
        items = supplies.list_items(db)
        chosen = self.selected_request()
        self.stock.set_rows(rows)
        self.moves.set_rows(supplies.list_moves(db))
        self.requests.set_rows(supply_requests.list_requests(db))
        if chosen is not None:
            again = next((i for i, r in enumerate(self.requests._rows) if r.id == chosen.id), None)
            if again is not None:
                ui.requestsTable.selectRow(again)
        sites = supplies.list_sites(db)
        ui.sitesLabel.setText(f"存放点（{len(sites)}）：" + ("、".join(s.name + (f"（{s.address}）" if s.address else "")
                                                               for s in sites) or "尚未登记"))
        chase, groups = [], supply_requests.chase_list(db, self.now)
        for g in groups:
            for i, r in enumerate(g.requests):
                c = r.clock()
                first = i == 0
                chase.append((g.requester if first else "", (g.liaison or "未登记") if first else "",
                              (g.phone or "未登记") if first else "",
                              f"第{r.id}号 {r.item} {quantity_text(r.approved_quantity or r.quantity, r.unit)}", rules.WAITING_ON[r.status],
                              r.status_name(self.now), f"{c.label} {clock.local_text(c.due)}" if c else "—",
                              r.shown_status(self.now) == "overdue"))
        self.chase.set_rows(chase)
        self.items.set_rows(list(zip(items, supplies.totals(rows, items), strict=True)))
        overdue = sum(r.shown_status(self.now) == "overdue" for r in self.requests._rows)
        ui.tabs.setTabText(2, f"物资申请(&Q)（{self.requests.rowCount()}" + (f"，逾期{overdue}）" if overdue else "）"))
        ui.tabs.setTabText(3, f"催办清单(&H)（{len(groups)}）")
        late = sum(r.shown_status(self.now) == "overdue" for g in groups for r in g.requests)
        ui.printChaseButton.setEnabled(bool(late))
        ui.printChaseButton.setToolTip(f"打印物资申请催办单：超过办理时限的申请{late}项" if late else "没有超过办理时限的物资申请")
        empty = "" if rows else "<b>尚无库存：</b>先在“物资目录”新增物资和存放点，再“登记进出”入库或“导入清单”。<br/>"
        ui.rateLabel.setText(f"<small>{empty}{self._rules_text}</small>")
        for cols in self.columns.values():
            cols.fit()
        self._request_chosen()
        self._item_chosen()
        ui.exportButton.setEnabled(bool(rows))

    def print_chase(self) -> PdfOutput:
        """The 物资申请催办单 (the requests past their time limit), rendered off the UI thread."""
        db, now = self._ctx.db, clock.now()

        def render() -> bytes:
            from ...services import supply_print

            return supply_print.supply_chase_pdf(db, now)

        self.last_job = PdfOutput(self, "物资申请催办单", f"物资申请催办单-{clock.local(now):%Y%m%d}.pdf", render)
        self.last_job.start()
        return self.last_job

    def selected_request(self) -> supply_requests.RequestRecord | None:
        return self.requests.row_for(self.ui.requestsTable.currentIndex())

    def _request_chosen(self) -> None:
        ui, r = self.ui, self.selected_request()
        status = r.status if r else ""
        for button, step in ((ui.approveButton, "approve"), (ui.rejectButton, "reject"), (ui.issueButton, "issue"),
                             (ui.receiveButton, "receive")):
            button.setEnabled(r is not None and {"approve": "approved", "reject": "rejected", "issue": "issued",
                                                  "receive": "received"}[step] in rules.NEXT.get(status, ()))
        c = r.clock() if r else None
        if r is None:
            ui.clockLabel.setText("选择一份申请查看当前时限；批准、发放、签收依次进行。")
        elif c is None:
            ui.clockLabel.setText(f"第{r.id}号：{r.status_name(self.now)}" + (f"（{r.note}）" if r.note else "") + "。")
        else:
            late = c.overdue_by(self.now)
            state = f"已逾期 {_span(late)}" if late else f"剩余 {_span(c.remaining(self.now))}"
            ui.clockLabel.setText(f"第{r.id}号 {c.label}时限 {clock.local_text(c.due)}，{state}。{c.setting}")

    def selected_item(self) -> supplies.ItemRecord | None:
        row = self.items.row_for(self.ui.itemsTable.currentIndex())
        return row[0] if row else None

    def _item_chosen(self) -> None:
        self.ui.editItemButton.setEnabled(self.selected_item() is not None)

    # ------------------------------------------------------------------ actions

    def _open(self, dialog):
        dialog.open()
        return dialog

    def record_move(self, kind: str = "receive"):
        from ..dialogs.supply_dialogs import StockMoveDialog

        row = self.stock.row_for(self.ui.stockTable.currentIndex())
        return self._open(StockMoveDialog(self._ctx, self, kind=kind, item=row.item if row else "",
                                          site=row.site if row else ""))

    def add_request(self):
        from ..dialogs.supply_dialogs import SupplyRequestDialog

        return self._open(SupplyRequestDialog(self._ctx, self))

    def step(self, step: str):
        from ..dialogs.supply_dialogs import SupplyStepDialog

        r = self.selected_request()
        return self._open(SupplyStepDialog(self._ctx, r, step, self)) if r else None

    def edit_item(self, new: bool):
        from ..dialogs.supply_dialogs import SupplyItemDialog

        item = None if new else self.selected_item()
        return None if not new and item is None else self._open(SupplyItemDialog(self._ctx, self, item))

    def add_site(self):
        from ..dialogs.supply_dialogs import SupplySiteDialog

        return self._open(SupplySiteDialog(self._ctx, self))

    def import_list(self, path: str | None = None):
        from ..dialogs.supply_dialogs import StockImportDialog

        return self._open(StockImportDialog(self._ctx, self, path))

    def export_list(self, path: str | None = None) -> BackgroundTask | None:
        """导出库存: the stock list as .xlsx, written off the UI thread."""
        if self.last_task is not None and self.last_task.running:
            return None
        if path is None:
            from .. import folders

            path, _ = folders.save_name(self, "导出物资库存清单", EXPORT_FOLDER,
                                        f"物资库存清单-{self.today:%Y%m%d}.xlsx", "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if Path(path).suffix.lower() != ".xlsx":
                path += ".xlsx"
        from ...services import stock_io

        db, target = self._ctx.db, path
        self.ui.exportButton.setEnabled(False)
        self.ui.exportButton.setText("正在导出…")
        self.last_task = run_in_background(lambda _progress: stock_io.export_stock(db, target))
        self.last_task.finished.connect(self._exported)
        self.last_task.failed.connect(self._export_failed)
        self._export_path = path
        return self.last_task

    def _export_done(self) -> None:
        self.ui.exportButton.setText("导出库存(&G)…")
        self.ui.exportButton.setEnabled(True)

    def _exported(self, count: int) -> None:
        self._export_done()
        self.export_message = f"已导出 {count} 行库存到 {self._export_path}"
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(self.export_message, 15000)

    def _export_failed(self, exc: BaseException) -> None:
        self._export_done()
        self.export_message = getattr(exc, "message", None) or f"导出失败：{exc}"
        QMessageBox.warning(self, "导出失败", self.export_message)


def _span(delta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    return (f"{days}天" if days else "") + f"{rest // 60}小时{rest % 60}分"
