"""物资保障's dialogs: a stock movement (入库 / 发放 / 调拨), an item of the list, a site, a request and each
step of a request (批准, 不予批准, 发放, 签收); the stock-list import. Each saves through one service call,
refusals beside their fields, and stays open until saved or cancelled."""
from __future__ import annotations

from datetime import date, datetime

from ... import clock
from ...plan import supplies as rules
from ...plan.counties import COUNTY_NAMES
from ...plan.numbers import quantity_text
from ...services import stock_io, supplies, supply_requests
from ...services.roster import list_units
from ..bus import SUPPLIES, UiContext
from ..forms.ui_stock_move_dialog import Ui_StockMoveDialog
from ..forms.ui_supply_item_dialog import Ui_SupplyItemDialog
from ..forms.ui_supply_request_dialog import Ui_SupplyRequestDialog
from ..forms.ui_supply_site_dialog import Ui_SupplySiteDialog
from ..forms.ui_supply_step_dialog import Ui_SupplyStepDialog
from ..qt_time import from_qt, to_qt
from ..unit_completer import find_units
from .import_dialog import ImportDialog
from .service_form import ServiceForm

KIND_CHOICES = (("receive", "入库"), ("issue", "发放给成员单位或县（市、区）"), ("transfer", "调拨到另一存放点"))


def _now_edit(edit) -> None:
    edit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))


def _moment(edit) -> datetime:
    return from_qt(edit.dateTime())


def _parties(ctx: UiContext, combo) -> None:
    """Member units (found by name, alias or pinyin initials) and the counties."""
    names = [u.name for u in list_units(ctx.db)] + list(COUNTY_NAMES)
    combo.addItems(names)
    combo.setCurrentIndex(-1)
    combo.setPlaceholderText("请选择或输入…")
    find_units(combo, names)


class _Form(ServiceForm):
    TOPIC = SUPPLIES

    def compact(self) -> None:
        """As tall as the rows shown need (rows are hidden by kind or step, refusals wrap below their field)."""
        layout = self.ui.mainLayout
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        self.resize(self.width(), max(need, self.minimumSizeHint().height()))

    def _save(self, fn, *args, **kwargs) -> None:
        super()._save(fn, *args, **kwargs)
        if self.isVisible():  # refused: make room for the messages
            self.compact()


class StockMoveDialog(_Form):
    FIELDS = ("item", "site", "qty", "to", "to_site", "batch", "expires_on", "party", "at", "note")

    def __init__(self, ctx: UiContext, parent=None, *, kind: str = "receive", item: str = "", site: str = ""):
        super().__init__(parent)
        self._setup(Ui_StockMoveDialog(), ctx)
        ui = self.ui
        self._items = {i.name: i for i in supplies.list_items(ctx.db)}
        for key, text in KIND_CHOICES:
            ui.kindCombo.addItem(text, key)
        ui.itemCombo.addItems(list(self._items))
        sites = [s.name for s in supplies.list_sites(ctx.db)]
        ui.siteCombo.addItems(sites)
        ui.toSiteCombo.addItems(sites)
        _parties(ctx, ui.toCombo)
        _now_edit(ui.atEdit)
        ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        ui.itemCombo.currentTextChanged.connect(self._item_changed)
        ui.siteCombo.currentTextChanged.connect(self._item_changed)
        if item:
            ui.itemCombo.setCurrentText(item)
        if site:
            ui.siteCombo.setCurrentText(site)
        ui.kindCombo.setCurrentIndex(next(i for i, (k, _) in enumerate(KIND_CHOICES) if k == kind))
        self._kind_changed()
        self._item_changed()

    def kind(self) -> str:
        return self.ui.kindCombo.currentData()

    def _kind_changed(self, *_args) -> None:
        ui, kind = self.ui, self.kind()
        grid = ui.fieldGrid
        shown = {"receive": ("batchEdit", "expiresEdit", "sourceEdit"), "issue": ("toCombo",),
                 "transfer": ("toSiteCombo",)}[kind]
        for name in ("batchEdit", "expiresEdit", "sourceEdit", "toCombo", "toSiteCombo"):
            visible = name in shown
            getattr(ui, name).setVisible(visible)
            getattr(ui, f"{name}Caption").setVisible(visible)
        ui.siteComboCaption.setText("调出存放点(&D)：" if kind == "transfer" else "存放点(&D)：")
        self.setWindowTitle({"receive": "物资入库", "issue": "发放物资", "transfer": "物资调拨"}[kind])
        grid.invalidate()
        self.errors.clear()
        self._item_changed()
        self.compact()

    def _item_changed(self, *_args) -> None:
        ui = self.ui
        item = self._items.get(ui.itemCombo.currentText())
        ui.unitLabel.setText(item.unit if item else "")
        row = next((r for r in supplies.stock(self._ctx.db) if r.site == ui.siteCombo.currentText()
                    and item and r.item == item.name), None)
        if item is None:
            ui.stockLabel.setText("物资目录为空：请先在“物资目录”中新增物资。" if not self._items else "")
        elif not ui.siteCombo.count():
            ui.stockLabel.setText("尚未登记存放点：请先在“物资目录”中新增存放点。")
        else:
            held = quantity_text(row.usable, item.unit) + (
                f"（另有{quantity_text(row.expired, item.unit)}已过期）" if row.expired else "") \
                if row else quantity_text(0, item.unit)
            ui.stockLabel.setText(f"{ui.siteCombo.currentText()}现有{item.name}：{held}。"
                                  "发放和调出按有效期先到先出；结存不能为负数。")

    def accept(self) -> None:
        ui, kind = self.ui, self.kind()
        expires = None
        text = ui.expiresEdit.text().strip()
        if kind == "receive" and text:
            try:
                expires = date.fromisoformat(text)
            except ValueError:
                self.errors.clear()
                self.errors.show({"expires_on": "日期格式应为 YYYY-MM-DD"})
                return
        qty = ui.qtySpin.value()
        spec = supplies.MoveSpec(
            ui.itemCombo.currentText(), ui.siteCombo.currentText(), qty if kind == "receive" else -qty,
            to_unit=ui.toCombo.currentText() if kind == "issue" else "",
            to_site=ui.toSiteCombo.currentText() if kind == "transfer" else "",
            batch=ui.batchEdit.text() if kind == "receive" else "", expires_on=expires,
            party=ui.sourceEdit.text() if kind == "receive" else "", note=ui.noteEdit.text())
        if kind == "issue" and not spec.to_unit.strip():
            self.errors.clear()
            self.errors.show({"to": "请选择发放对象（成员单位或县（市、区））"})
            return
        self._save(supplies.move, self._ctx.db, spec, self._ctx.operator(), at=_moment(ui.atEdit))


class SupplyItemDialog(_Form):
    """A new item (with the usual ones offered), or an item's new name, unit or note."""

    FIELDS = ("name", "unit", "note")

    def __init__(self, ctx: UiContext, parent=None, item: supplies.ItemRecord | None = None):
        super().__init__(parent)
        self._setup(Ui_SupplyItemDialog(), ctx)
        self.item = item
        ui = self.ui
        known = {i.name for i in supplies.list_items(ctx.db)}
        if item is None:
            self.setWindowTitle("新增物资")
            for name, unit in rules.COMMON_ITEMS:
                if name not in known:
                    ui.nameCombo.addItem(name, unit)
            ui.nameCombo.setCurrentIndex(-1)
            ui.nameCombo.activated.connect(lambda i: ui.unitEdit.setText(ui.nameCombo.itemData(i) or ui.unitEdit.text()))
        else:
            self.setWindowTitle(f"修改物资：{item.name}")
            ui.nameCombo.setEditText(item.name)
            ui.unitEdit.setText(item.unit)
            ui.noteEdit.setText(item.note)
        self.compact()

    def accept(self) -> None:
        ui, db, operator = self.ui, self._ctx.db, self._ctx.operator()
        if self.item is None:
            self._save(supplies.add_item, db, ui.nameCombo.currentText(), ui.unitEdit.text(), operator,
                       note=ui.noteEdit.text())
        else:
            self._save(supplies.update_item, db, self.item.name, operator, name=ui.nameCombo.currentText(),
                       unit=ui.unitEdit.text(), note=ui.noteEdit.text())


class SupplySiteDialog(_Form):
    FIELDS = ("name", "address")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_SupplySiteDialog(), ctx)
        self.compact()

    def accept(self) -> None:
        self._save(supplies.add_site, self._ctx.db, self.ui.nameEdit.text(), self._ctx.operator(),
                   address=self.ui.addressEdit.text())


class SupplyRequestDialog(_Form):
    FIELDS = ("requester", "item", "qty", "at", "needed_by", "purpose")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_SupplyRequestDialog(), ctx)
        ui = self.ui
        self._items = {i.name: i for i in supplies.list_items(ctx.db)}
        ui.itemCombo.addItems(list(self._items))
        ui.itemCombo.currentTextChanged.connect(
            lambda name: ui.unitLabel.setText(self._items[name].unit if name in self._items else ""))
        ui.unitLabel.setText(self._items[ui.itemCombo.currentText()].unit if self._items else "")
        _parties(ctx, ui.requesterCombo)
        _now_edit(ui.atEdit)
        ui.neededEdit.setDateTime(ui.atEdit.dateTime().addSecs(int(supply_requests.DEFAULT_NEEDED.total_seconds())))
        ui.neededEdit.setToolTip("默认为申请后24小时（本程序设定）")
        self.compact()

    def accept(self) -> None:
        ui = self.ui
        self._save(supply_requests.add_request, self._ctx.db, ui.requesterCombo.currentText(), ui.itemCombo.currentText(),
                   ui.qtySpin.value(), self._ctx.operator(), needed_by=_moment(ui.neededEdit),
                   purpose=ui.purposeEdit.text(), at=_moment(ui.atEdit))


STEP_TITLES = {"approve": "批准物资申请", "reject": "不予批准", "issue": "发放申请的物资", "receive": "签收确认"}
STEP_ROWS = {"approve": ("qtySpin", "byEdit"), "reject": ("noteEdit",), "issue": ("siteCombo",), "receive": ("byEdit",)}


class SupplyStepDialog(_Form):
    """One step of a request: 批准 (quantity, by whom), 不予批准 (reason), 发放 (from which site), 签收 (by whom)."""

    FIELDS = ("approved_quantity", "site", "by", "note", "at")

    def __init__(self, ctx: UiContext, request: supply_requests.RequestRecord, step: str, parent=None):
        super().__init__(parent)
        self._setup(Ui_SupplyStepDialog(), ctx)
        self.request, self.step = request, step
        ui = self.ui
        self.setWindowTitle(f"{STEP_TITLES[step]}（第{request.id}号）")
        granted = request.approved_quantity or request.quantity
        ui.requestLabel.setText(f"第{request.id}号申请：{request.requester}申请{request.item}{quantity_text(request.quantity, request.unit)}"
                                + (f"，批准{quantity_text(granted, request.unit)}" if request.approved_quantity else "")
                                + (f"（用途：{request.purpose}）" if request.purpose else "") + "。")
        ui.qtySpin.setMaximum(request.quantity)
        ui.qtySpin.setValue(request.quantity)
        ui.unitLabel.setText(request.unit)
        ui.byEditCaption.setText("签收人(&B)：" if step == "receive" else "批准人或机构(&B)：")
        ui.byEdit.setPlaceholderText("" if step == "receive" else "默认：物资保障组")
        if step == "issue":
            held = {r.site: r.usable for r in supplies.stock(ctx.db) if r.item == request.item}
            for site in supplies.list_sites(ctx.db):
                ui.siteCombo.addItem(f"{site.name}（现有{quantity_text(held.get(site.name, 0), request.unit)}）", site.name)
            best = max(range(ui.siteCombo.count()), key=lambda i: held.get(ui.siteCombo.itemData(i), 0), default=-1)
            ui.siteCombo.setCurrentIndex(best)
        for name in ("qtySpin", "siteCombo", "byEdit", "noteEdit"):
            visible = name in STEP_ROWS[step]
            getattr(ui, name).setVisible(visible)
            getattr(ui, f"{name}Caption").setVisible(visible)
        ui.unitLabel.setVisible(step == "approve")
        _now_edit(ui.atEdit)
        self.compact()

    def accept(self) -> None:
        ui, db, operator, ident, at = self.ui, self._ctx.db, self._ctx.operator(), self.request.id, _moment(self.ui.atEdit)
        if self.step == "approve":
            self._save(supply_requests.approve, db, ident, operator, quantity=ui.qtySpin.value(), by=ui.byEdit.text(), at=at)
        elif self.step == "reject":
            self._save(supply_requests.reject, db, ident, operator, ui.noteEdit.text(), at=at)
        elif self.step == "issue":
            self._save(supply_requests.issue, db, ident, ui.siteCombo.currentData() or "", operator, at=at)
        else:
            self._save(supply_requests.receive, db, ident, operator, by=ui.byEdit.text(), at=at)


class StockImportDialog(ImportDialog):
    TITLE = "导入物资清单"
    FILTER = "Excel 工作簿 (*.xlsx)"
    FOLDER = "supplies"
    BROWSE_TITLE = "选择物资清单"
    TOPIC = SUPPLIES

    def __init__(self, ctx: UiContext, parent=None, path=None):
        super().__init__(ctx, parent, path)
        self.ui.fileEdit.setPlaceholderText(".xlsx 文件的路径")

    def _hint(self) -> str:
        return ("选择 Excel（.xlsx）文件，第一行为表头。进出清单：存放点、物资名称、数量（正数入库，负数发放或调出）及"
                "计量单位、批号、有效期至、发放对象、调入存放点、来源、日期、备注；盘点清单：本程序导出的库存清单，按“结存数量”"
                "逐批核定库存。程序先按顺序检查全部行（任何一行使结存为负即为错误），只要有一处错误就不写入任何数据；"
                "同一进出清单不能重复导入。")

    @staticmethod
    def _import(db, path: str, operator: str, progress):
        return stock_io.import_stock(db, path, operator, progress)

    def _summary(self, result) -> str:
        what = "盘点清单" if result.kind == "stocktake" else "进出清单"
        same = f"，{result.unchanged} 行与现有结存相同" if result.unchanged else ""
        return f"导入完成（{what}）：记录 {result.moves} 笔进出{same}。"
