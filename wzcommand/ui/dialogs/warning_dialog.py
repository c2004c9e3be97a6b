"""发布/调整预警: record that a warning colour was issued, adjusted or lifted (time, by whom, basis)."""
from __future__ import annotations

from ... import clock

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ...plan.warning import COLOURS
from ...services import warnings
from ..bus import WARNINGS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_warning_dialog import Ui_WarningDialog
from ..level_style import since_text
from ..unsaved import GuardedDialog

LIFT = "解除预警"
ISSUERS = ("市政府", "市卫生健康主管部门")
FIELDS = ("colour", "decided_at", "decided_by", "basis")


class WarningDialog(GuardedDialog, QDialog):
    def __init__(self, ctx: UiContext, parent=None, *, colour: str | None = None, basis: str = ""):
        super().__init__(parent)
        self.ui = Ui_WarningDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.decision = None  # the warnings.WarningRecord written, once saved
        ui = self.ui
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in FIELDS}, fallback=ui.refusedLabel)
        state = warnings.warning_state(ctx.db)
        since = since_text(state.since)
        ui.currentLabel.setText(f"当前：<b>{warnings.colour_name(state.colour)}</b>" + (f"（{since}）" if since else ""))
        ui.colourCombo.setPlaceholderText("请选择…")
        for value in (*COLOURS, "none"):
            if value != state.colour:
                ui.colourCombo.addItem(LIFT if value == "none" else warnings.colour_name(value), value)
        ui.colourCombo.setCurrentIndex(ui.colourCombo.findData(colour) if colour else -1)
        ui.decidedAtEdit.setDateTime(QDateTime(clock.now().replace(tzinfo=None)))
        ui.decidedByCombo.addItems(ISSUERS)
        ui.basisEdit.setPlainText(basis)

    def colour(self) -> str | None:
        return self.ui.colourCombo.currentData()

    def accept(self) -> None:
        """Save through the service; stay open with the reasons shown if it refuses."""
        self.errors.clear()
        colour = self.colour()
        if colour is None:
            self.errors.show({"colour": "请选择预警级别"})
            return
        ui = self.ui
        ok, decision = self.errors.attempt(
            self._ctx.bus.write, WARNINGS, warnings.record_warning, self._ctx.db, colour,
            clock.local(ui.decidedAtEdit.dateTime().toPython()), ui.decidedByCombo.currentText().strip(),
            ui.basisEdit.toPlainText().strip(), self._ctx.operator())
        if ok:
            self.decision = decision
            super().accept()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def refusal(self) -> str:
        label = self.ui.refusedLabel
        return label.text() if not label.isHidden() else ""
