"""What the 日程 panel's buttons (and the 日程 menu) do to the selected item: open the meeting and
record dialogs, cancel with a reason, print the notice or the week, open the schedule settings.
A mixin of AgendaPanel, which provides `_ctx`, `ui`, `_day`, `selected_item`, `show_item`, `monday`;
each action does nothing while its button is disabled (the services check again)."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from ... import clock
from ...services import meetings
from ...services.schedule import ASSESSMENT_KIND
from ..bus import SCHEDULE, UiContext
from ..printing import PdfOutput, schedule_document

if TYPE_CHECKING:
    _PanelBase = QWidget  # mixed into AgendaPanel, a QWidget
else:
    _PanelBase = object


class AgendaActions(_PanelBase):
    last_job: PdfOutput | None = None  # the last document started (tests wait on it)
    ui: Any  # the panel's compiled form (Ui_AgendaPanel)
    _ctx: UiContext
    _day: date

    if TYPE_CHECKING:  # provided by AgendaPanel
        def selected_item(self) -> Any: ...
        def show_item(self, item: Any) -> None: ...
        def monday(self) -> date: ...


    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_meeting(self) -> QDialog | None:
        if not self.ui.newButton.isEnabled():
            return None
        from ..dialogs.meeting_dialog import MeetingDialog

        dialog = MeetingDialog(self._ctx, self.window(), day=self._day)
        dialog.saved.connect(self.show_item)
        return self._open(dialog)

    def edit_selected(self, *_args) -> QDialog | None:
        item = self.selected_item()
        if item is None or not self.ui.editButton.isEnabled():
            return None
        from ..dialogs.meeting_dialog import MeetingDialog

        dialog = MeetingDialog(self._ctx, self.window(), item=meetings.get_item(self._ctx.db, item.id))
        dialog.saved.connect(self.show_item)
        return self._open(dialog)

    def record_selected(self) -> QDialog | None:
        item = self.selected_item()
        if item is None or not self.ui.recordButton.isEnabled():
            return None
        if item.kind == ASSESSMENT_KIND:  # a 风险评估会商 is held when its assessment is recorded
            from ..dialogs.expert_dialogs import AssessmentDialog

            return self._open(AssessmentDialog(self._ctx, self.window(), session=meetings.get_item(self._ctx.db,
                                                                                                item.id)))
        from ..dialogs.record_meeting_dialog import RecordMeetingDialog

        return self._open(RecordMeetingDialog(self._ctx, self.window(), meetings.get_item(self._ctx.db, item.id)))

    def cancel_selected(self) -> bool:
        item = self.selected_item()
        if item is None or not self.ui.cancelButton.isEnabled():
            return False
        reason, ok = QInputDialog.getText(self, "取消日程", f"取消“{item.title}”（{clock.local_text(item.start)}）的原因：")
        if not ok:
            return False
        ok, _ = self._ctx.bus.attempt(self, SCHEDULE, meetings.cancel_meeting, self._ctx.db, item.id, reason,
                                      self._ctx.operator(), title="未能取消")
        return ok

    def print_notice(self) -> PdfOutput | None:
        item = self.selected_item()
        if item is None or not self.ui.noticeButton.isEnabled():
            return None
        self.last_job = schedule_document(self, "会议通知", f"会议通知-{clock.local(item.start):%Y%m%d}-{item.id}.pdf",
                                          "meeting_notice_pdf", self._ctx.db, item.id, "", self._ctx.operator())
        return self.last_job

    def print_week(self) -> PdfOutput:
        monday = self.monday()
        self.last_job = schedule_document(self, "一周日程", f"一周日程-{monday:%Y%m%d}.pdf", "week_schedule_pdf",
                                          self._ctx.db, monday)
        return self.last_job

    def open_settings(self) -> QDialog | None:
        if not self.ui.settingsButton.isEnabled():
            return None
        from ..dialogs.schedule_settings_dialog import ScheduleSettingsDialog

        return self._open(ScheduleSettingsDialog(self._ctx, self.window()))
