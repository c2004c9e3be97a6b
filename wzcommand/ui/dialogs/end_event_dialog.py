"""宣布事件结束: the time the event's handling ended; it starts the closing-report clock."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ... import clock
from ...services import events
from ...services.office import office_settings
from ..bus import EVENTS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_end_event_dialog import Ui_EndEventDialog
from ..qt_time import from_qt, to_qt
from ..unsaved import GuardedDialog

NOTE = ("宣布结束后，该事件不再需要进程报告，开始计算结案报告时限（结束后{days}天内）；"
        "尚未完成的电话、书面（首次）报告记为未报，不再提醒。"
        "结案报告须在相关应急响应终止后出具。此操作不能撤销。")


class EndEventDialog(GuardedDialog, QDialog):
    SAVE_SLOT = "save"

    def __init__(self, ctx: UiContext, event, parent: QWidget | None = None,
                 now: Callable[[], datetime] = clock.now):
        super().__init__(parent)
        self.ui = Ui_EndEventDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._event = event
        self.saved: Any = None  # the events.EventRecord as ended
        ui = self.ui
        ui.eventLabel.setText(f"事件：<b>{event.name}</b>（接报 {clock.local_text(event.received_at)}）")
        ui.noteLabel.setText(NOTE.format(days=office_settings(ctx.db).closing_days))
        ui.noteLabel.setStyleSheet("color: #555;")
        ui.endedAtEdit.setDateTime(to_qt(now().replace(microsecond=0)))
        self.errors = FieldErrors({"ended_at": ui.ended_atError}, fallback=ui.generalError)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("宣布结束(&E)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        ui.endedAtEdit.setFocus()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def save(self) -> None:
        ctx = self._ctx
        ok, self.saved = self.errors.attempt(ctx.bus.write, EVENTS, events.end_event, ctx.db, self._event.id,
                                             from_qt(self.ui.endedAtEdit.dateTime()), ctx.operator())
        if ok:
            self.accept()
