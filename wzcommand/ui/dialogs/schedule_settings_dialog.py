"""日程设置: the office's times of day, briefings a day at Ⅰ, rooms and the weekly day. The service
checks the times (HH:MM) and the number of briefings; its messages appear next to the fields."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ...services import schedule
from ..bus import SCHEDULE, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_schedule_settings_dialog import Ui_ScheduleSettingsDialog
from ..unsaved import FitsScreen

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
PRESS_FIELDS = 3  # press_times[0..2]
TIME_FIELDS = {"dispatch_time": "dispatch", "work_meeting_time": "workMeeting", "assessment_time": "assessment",
               "report_time": "report", "risk_map_time": "riskMap", "release_time": "release"}


class ScheduleSettingsDialog(FitsScreen, QDialog):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ui = Ui_ScheduleSettingsDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        ui = self.ui
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        labels = {f"press_times[{i}]": getattr(ui, f"press{i}Error") for i in range(PRESS_FIELDS)}
        labels |= {key: getattr(ui, f"{name}Error") for key, name in TIME_FIELDS.items()}
        labels |= {"briefings_per_day_at_I": ui.briefingsError, "weekly_weekday": ui.weekdayError,
                   "monthly_day": ui.monthlyError, "press_room": ui.pressRoomError,
                   "meeting_room": ui.meetingRoomError, "horizon_days": ui.horizonError}
        self.errors = FieldErrors(labels, fallback=ui.refusedLabel)
        ui.weekdayCombo.addItems(WEEKDAY_NAMES)
        self._defaults = schedule.schedule_defaults(ctx.db)
        self._load(self._defaults)

    def _load(self, d) -> None:
        ui = self.ui
        for i in range(PRESS_FIELDS):
            getattr(ui, f"press{i}Edit").setText(d.press_times[i] if i < len(d.press_times) else "")
        for key, name in TIME_FIELDS.items():
            getattr(ui, f"{name}Edit").setText(getattr(d, key))
        ui.briefingsSpin.setValue(d.briefings_per_day_at_I)
        ui.weekdayCombo.setCurrentIndex(d.weekly_weekday)
        ui.monthlySpin.setValue(d.monthly_day)
        ui.pressRoomEdit.setText(d.press_room)
        ui.meetingRoomEdit.setText(d.meeting_room)
        ui.horizonSpin.setValue(d.horizon_days)

    def values(self):
        ui = self.ui
        press = tuple(getattr(ui, f"press{i}Edit").text().strip() for i in range(PRESS_FIELDS))
        times = {key: getattr(ui, f"{name}Edit").text().strip() for key, name in TIME_FIELDS.items()}
        return replace(self._defaults, press_times=press, briefings_per_day_at_I=ui.briefingsSpin.value(),
                       weekly_weekday=ui.weekdayCombo.currentIndex(), monthly_day=ui.monthlySpin.value(),
                       press_room=ui.pressRoomEdit.text().strip(), meeting_room=ui.meetingRoomEdit.text().strip(),
                       horizon_days=ui.horizonSpin.value(), **times)

    def accept(self) -> None:
        ok, _ = self.errors.attempt(self._ctx.bus.write, SCHEDULE, schedule.save_schedule_defaults, self._ctx.db,
                                    self.values(), self._ctx.operator())
        if ok:
            super().accept()

    def field_error(self, key: str) -> str:
        return self.errors.message(key)
