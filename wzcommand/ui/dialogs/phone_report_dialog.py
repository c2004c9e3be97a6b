"""记录电话报告: when, to whom and by whom the event was reported by telephone (stops the phone clock)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ... import clock
from ...plan.deadlines import PHONE_CLAUSE, PHONE_QUOTE, PHONE_RECIPIENTS
from ...services import events
from ..bus import EVENTS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_phone_report_dialog import Ui_PhoneReportDialog
from ..qt_time import from_qt, to_qt
from ..unsaved import GuardedDialog

# Whom the plan says to telephone (either, or both), and its words, from plan/deadlines.py.
RECIPIENTS = (*PHONE_RECIPIENTS, "、".join(PHONE_RECIPIENTS))
RULE = f"预案{PHONE_CLAUSE}：“{PHONE_QUOTE}”"


class PhoneReportDialog(GuardedDialog, QDialog):
    SAVE_SLOT = "save"

    def __init__(self, ctx: UiContext, event, parent: QWidget | None = None,
                 now: Callable[[], datetime] = clock.now):
        super().__init__(parent)
        self.ui = Ui_PhoneReportDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._event = event
        self.saved: Any = None  # the events.PhoneRecord written
        ui = self.ui
        ui.eventLabel.setText(f"事件：<b>{event.name}</b>（接报 {clock.local_text(event.received_at)}）")
        ui.ruleLabel.setText(RULE)
        ui.ruleLabel.setStyleSheet("color: #555;")
        ui.toWhomCombo.addItems(list(RECIPIENTS))
        ui.byWhomEdit.setText(ctx.operator())
        ui.atEdit.setDateTime(to_qt(now().replace(microsecond=0)))
        widgets = {"at": ui.atEdit, "to_whom": ui.toWhomCombo, "by_whom": ui.byWhomEdit}
        self.errors = FieldErrors({"at": ui.atError, "to_whom": ui.to_whomError, "by_whom": ui.by_whomError},
                                  fallback=ui.generalError,
                                  placed=lambda keys: widgets[keys[0]].setFocus(Qt.FocusReason.OtherFocusReason))
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("记录(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        ui.atEdit.setFocus()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def save(self) -> None:
        ui, ctx = self.ui, self._ctx
        ok, self.saved = self.errors.attempt(ctx.bus.write, EVENTS, events.log_phone_report, ctx.db, self._event.id,
                                             from_qt(ui.atEdit.dateTime()), ui.toWhomCombo.currentText(), ui.byWhomEdit.text(),
                                             ctx.operator())
        if ok:
            self.accept()
