"""A dialog whose form saves through one service call: Save/Cancel in Chinese, refusals beside their
fields (or in the refusal label), and the dialog stays open until the service accepts."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ..bus import UiContext
from ..field_errors import FieldErrors
from ..unsaved import GuardedDialog


class ServiceForm(GuardedDialog, QDialog):
    TOPIC = ""  # the bus topic a save announces
    FIELDS: tuple[str, ...] = ()  # each has a `<key>Error` label in the form

    def _setup(self, ui, ctx: UiContext) -> None:
        self.ui, self._ctx = ui, ctx
        ui.setupUi(self)
        self.saved: Any = None  # what the service returned, once saved
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in self.FIELDS}, fallback=ui.refusedLabel)

    def _save(self, fn, *args, **kwargs) -> None:
        self.errors.clear()
        ok, row = self.errors.attempt(self._ctx.bus.write, self.TOPIC, fn, *args, **kwargs)
        if ok:
            self.saved = row
            super().accept()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def refusal(self) -> str:
        label = self.ui.refusedLabel
        return label.text() if not label.isHidden() else ""
