"""公文设置: the office-wide document settings (文号 prefixes, 主送, 抄送, 签发人, intervals, time zone).

They live in the database (services.office), so every seat numbers and addresses documents
alike; the service refuses a duty officer and checks the values, its messages appear here.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ...services import office
from ..bus import EVENTS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_office_settings_dialog import Ui_OfficeSettingsDialog
from ..unsaved import FitsScreen

TEXTS = {"issuer": "issuer", "office": "office", "doc_prefix": "docPrefix", "notice_prefix": "noticePrefix",
         "addressee": "addressee", "cc": "cc", "signer": "signer", "contact": "contact", "time_zone": "timeZone"}
NUMBERS = {"progress_hours": "progressHours", "closing_days": "closingDays"}


class OfficeSettingsDialog(FitsScreen, QDialog):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ui = Ui_OfficeSettingsDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        ui = self.ui
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{name}Error") for key, name in {**TEXTS, **NUMBERS}.items()},
                                  fallback=ui.refusedLabel)
        ui.signerEdit.setPlaceholderText("留空则由登记的总指挥签发")
        ui.contactEdit.setPlaceholderText("联系人：张三，电话：0577-88888888")
        current = office.office_settings(ctx.db)
        for key, name in TEXTS.items():
            getattr(ui, f"{name}Edit").setText(getattr(current, key))
        for key, name in NUMBERS.items():
            getattr(ui, f"{name}Spin").setValue(getattr(current, key))

    def values(self) -> office.OfficeSettings:
        ui = self.ui
        return office.OfficeSettings(**{key: getattr(ui, f"{name}Edit").text().strip() for key, name in TEXTS.items()},
                                     **{key: getattr(ui, f"{name}Spin").value() for key, name in NUMBERS.items()})

    def accept(self) -> None:
        ok, _ = self.errors.attempt(self._ctx.bus.write, EVENTS, office.save_office_settings, self._ctx.db,
                                    self.values(), self._ctx.operator())
        if ok:
            super().accept()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)
