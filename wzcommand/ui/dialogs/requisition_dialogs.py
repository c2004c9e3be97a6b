"""征用补偿's dialogs: register a requisition, record its return, enter an owner's compensation. Each
saves through its service, refusals beside their fields, and stays open until saved or cancelled."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QCompleter

from ... import clock
from ...plan import requisitions as rules
from ...plan.sources import source_text
from ...services import compensation, requisitions
from ..bus import REQUISITIONS, UiContext
from ..forms.ui_compensation_dialog import Ui_CompensationDialog
from ..forms.ui_requisition_dialog import Ui_RequisitionDialog
from ..forms.ui_requisition_return_dialog import Ui_RequisitionReturnDialog
from ..qt_time import from_qt, to_qt
from .service_form import ServiceForm


def _now_minute() -> QDateTime:
    return to_qt(clock.now().replace(second=0, microsecond=0))


class _Form(ServiceForm):
    TOPIC = REQUISITIONS


class RequisitionDialog(_Form):
    """登记临时征用; the correction's reason field stays hidden."""

    FIELDS = ("kind", "description", "quantity", "owner_kind", "owner", "contact", "decided_by", "decision_ref",
              "taken_at", "condition_taken", "reason")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_RequisitionDialog(), ctx)
        ui = self.ui
        for widget in (ui.reasonEditCaption, ui.reasonEdit):
            widget.setVisible(False)
        for combo, names in ((ui.kindCombo, rules.KINDS), (ui.ownerKindCombo, rules.OWNER_KINDS)):
            for key, name in names.items():
                combo.addItem(name, key)
            combo.setCurrentIndex(-1)
            combo.setPlaceholderText("请选择…")
        ui.takenAtEdit.setDateTime(_now_minute())
        self._known = {name: (kind, contact) for name, kind, contact in requisitions.owners(ctx.db)}
        completer = QCompleter(sorted(self._known), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        ui.ownerEdit.setCompleter(completer)
        completer.activated.connect(self.owner_chosen)

    def owner_chosen(self, name: str) -> None:
        """A registered owner: its kind and contact as registered (the contact can still be changed)."""
        kind, contact = self._known.get(name, (None, ""))
        if kind is not None:
            self.ui.ownerKindCombo.setCurrentIndex(self.ui.ownerKindCombo.findData(kind))
        if contact and not self.ui.contactEdit.text().strip():
            self.ui.contactEdit.setText(contact)

    def _missing(self) -> bool:
        ui = self.ui
        missing = {key: f"请选择{what}" for key, combo, what in (("kind", ui.kindCombo, "征用类别"),
                                                              ("owner_kind", ui.ownerKindCombo, "被征用方类别"))
                   if combo.currentData() is None}
        if missing:  # the service would list the keys; here the choice is the combo's
            self.errors.clear()
            self.errors.show(missing)
        return bool(missing)

    def accept(self) -> None:
        ui = self.ui
        if self._missing():
            return
        self._save(requisitions.add_requisition, self._ctx.db, ui.kindCombo.currentData() or "",
                   ui.descriptionEdit.text(), ui.quantityEdit.text(), ui.ownerKindCombo.currentData() or "",
                   ui.ownerEdit.text(), ui.decidedByEdit.text(), ui.decisionRefEdit.text(),
                   from_qt(ui.takenAtEdit.dateTime()), ui.conditionEdit.text(), self._ctx.operator(),
                   contact=ui.contactEdit.text())


class RequisitionEditDialog(RequisitionDialog):
    """更正征用登记: the register's form filled with what was registered, and the reason for the correction;
    only what changed is sent (the service refuses once the owner's compensation is entered)."""

    def __init__(self, ctx: UiContext, record: requisitions.RequisitionRecord, parent=None):
        super().__init__(ctx, parent)
        self.record = record
        ui = self.ui
        self.setWindowTitle(f"更正征用登记（第{record.id}号）")
        ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(record.kind))
        ui.ownerKindCombo.setCurrentIndex(ui.ownerKindCombo.findData(record.owner_kind))
        for edit, value in ((ui.descriptionEdit, record.description), (ui.quantityEdit, record.quantity),
                            (ui.ownerEdit, record.owner), (ui.contactEdit, record.contact),
                            (ui.decidedByEdit, record.decided_by), (ui.decisionRefEdit, record.decision_ref),
                            (ui.conditionEdit, record.condition_taken)):
            edit.setText(value)
        ui.takenAtEdit.setDateTime(to_qt(record.taken_at))
        if record.returned:  # recorded against the condition when taken: not corrected any more
            ui.conditionEdit.setEnabled(False)
            ui.conditionEdit.setToolTip(f"已于{clock.local_text(record.returned_at)}登记归还，征用时状况不再更正")
        for widget in (ui.reasonEditCaption, ui.reasonEdit):
            widget.setVisible(True)

    def accept(self) -> None:
        ui, r = self.ui, self.record
        if self._missing():
            return
        taken = from_qt(ui.takenAtEdit.dateTime())  # to the minute: unchanged unless the minute is
        self._save(requisitions.correct_requisition, self._ctx.db, r.id, ui.reasonEdit.text(), self._ctx.operator(),
                   kind=ui.kindCombo.currentData(), description=ui.descriptionEdit.text(),
                   quantity=ui.quantityEdit.text(), owner_kind=ui.ownerKindCombo.currentData(), owner=ui.ownerEdit.text(),
                   contact=ui.contactEdit.text(), decided_by=ui.decidedByEdit.text(),
                   decision_ref=ui.decisionRefEdit.text(), condition_taken=ui.conditionEdit.text(),
                   taken_at=taken if clock.local_text(taken) != clock.local_text(r.taken_at) else None)


class ReturnDialog(_Form):
    FIELDS = ("returned_at", "condition_returned")

    def __init__(self, ctx: UiContext, record: requisitions.RequisitionRecord, parent=None):
        super().__init__(parent)
        self._setup(Ui_RequisitionReturnDialog(), ctx)
        self.record = record
        self.ui.whatLabel.setText(f"{record.summary()}；征用时状况：{record.condition_taken}")
        self.ui.returnedAtEdit.setDateTime(_now_minute())

    def accept(self) -> None:
        ui = self.ui
        self._save(requisitions.return_requisition, self._ctx.db, self.record.id,
                   from_qt(ui.returnedAtEdit.dateTime()), ui.conditionEdit.text(), self._ctx.operator())


class CompensationDialog(_Form):
    FIELDS = ("owner", "amount", "assessment")

    def __init__(self, ctx: UiContext, listing: compensation.CompensationList, chosen: int | None = None, parent=None):
        super().__init__(parent)
        self._setup(Ui_CompensationDialog(), ctx)
        ui = self.ui
        source, quote = listing.quote
        ui.basisLabel.setText(f"<small>{escape(source_text(source, ctx.plan_edition()))}：“{escape(quote)}”</small>")
        for o in listing.owners:
            ui.ownerCombo.addItem(f"{o.name}（{o.kind_name}，{len(o.items)}项）", (o.name, o.kind))
        index = next((k for k, o in enumerate(listing.owners) if o.owner_id == chosen), 0)
        ui.ownerCombo.setCurrentIndex(index if listing.owners else -1)
        ui.ownerCombo.currentIndexChanged.connect(lambda _i: self._fill(listing))
        self._fill(listing)

    def _fill(self, listing: compensation.CompensationList) -> None:
        """The chosen owner's amount and assessment when it was assessed (to correct), else empty."""
        data = self.ui.ownerCombo.currentData()
        owner = next((o for o in listing.owners if data and (o.name, o.kind) == tuple(data)), None)
        assessed = owner is not None and owner.amount_fen is not None
        self.ui.amountEdit.setText(rules.yuan(owner.amount_fen).removesuffix("元").replace(",", "")
                                   if owner is not None and assessed else "")
        self.ui.assessmentEdit.setPlainText(owner.assessment if owner is not None and assessed else "")

    def accept(self) -> None:
        ui = self.ui
        name, kind = ui.ownerCombo.currentData() or ("", None)
        self._save(compensation.set_compensation, self._ctx.db, name, ui.amountEdit.text(),
                   ui.assessmentEdit.toPlainText(), self._ctx.operator(), owner_kind=kind)
