"""新建会议 / 编辑日程: kind, title, time, place, host, organiser, attendees (a new item starts with
the kind's default attendees), speakers and topics for briefings, agenda. The service checks
everything; its messages appear next to the fields and nothing is saved until it accepts.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidgetItem

from ... import clock
from ...plan.schedule import KINDS, MEETING_KINDS
from ...services import meetings, people
from ...services.roster import plan_of
from ...services.schedule import schedule_defaults
from ..bus import SCHEDULE, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_meeting_dialog import Ui_MeetingDialog
from ..qt_time import from_qt, to_qt
from ..unit_completer import find_units, unit_named
from ..unsaved import GuardedDialog

FIELDS = ("kind", "title", "start", "end", "place", "host_person", "organiser", "agenda", "attendees", "speakers")
DEFAULT_KIND = "work_meeting"
ATTENDEES_HINT = "按会议类别预置，可添加或移除。"
EDIT_HINT = "按频次生成的日程修改后标记为“已手动修改”，调整响应级别时不再被替换。"


class MeetingDialog(GuardedDialog, QDialog):
    saved = Signal(object)  # the meetings.ItemRecord written

    def __init__(self, ctx: UiContext, parent=None, *, item=None, day: date | None = None):
        super().__init__(parent)
        self.ui = Ui_MeetingDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._item = item
        self.item: Any = None  # the meetings.ItemRecord saved
        self._defaults = schedule_defaults(ctx.db)
        self._auto: dict[str, object] = {}  # values filled in for the kind, replaced while untouched
        ui = self.ui
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in FIELDS}, fallback=ui.refusedLabel)
        self._fill_choices()
        ui.addAttendeeButton.clicked.connect(self.add_attendee)
        ui.addUnitCombo.lineEdit().installEventFilter(self)  # Return adds the unit, never saves the meeting
        ui.removeAttendeeButton.clicked.connect(self.remove_attendees)
        ui.addSpeakerButton.clicked.connect(lambda: self.add_speaker())
        ui.removeSpeakerButton.clicked.connect(self._remove_speaker)
        ui.hostPostCombo.activated.connect(self._on_host_post)
        if item is None:
            self._start_new(day or clock.now().date())
        else:
            self._load(item)
        ui.kindCombo.currentIndexChanged.connect(self._on_kind)
        ui.startEdit.dateTimeChanged.connect(self._on_start)

    # ------------------------------------------------------------------ building

    def _fill_choices(self) -> None:
        ui, db = self.ui, self._ctx.db
        for key in MEETING_KINDS:
            ui.kindCombo.addItem(KINDS[key], key)
        ui.placeCombo.addItems(list(dict.fromkeys([self._defaults.meeting_room, self._defaults.press_room])))
        self._holders = {h.label: h.person for h in people.list_people(db)}
        ui.hostPostCombo.addItem("")
        ui.hostPostCombo.addItems(list(self._holders))
        self._units = [u.name for u in plan_of(db).units]
        for combo in (ui.organiserCombo, ui.addUnitCombo):
            combo.addItem("")
            combo.addItems(self._units)
            find_units(combo, self._units)  # name, pinyin or initials, as in the roster search
        header, metrics = ui.speakersTable.horizontalHeader(), self.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("中" * 5))
        header.resizeSection(1, metrics.horizontalAdvance("中" * 9))

    def _start_new(self, day: date) -> None:
        ui = self.ui
        now = clock.now()
        start = (now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)) if day == now.date() else \
            datetime.combine(day, time(9, 0), tzinfo=now.tzinfo)
        ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(DEFAULT_KIND))
        ui.startEdit.setDateTime(to_qt(start))
        ui.attendeesHint.setText(ATTENDEES_HINT)
        self._apply_kind(DEFAULT_KIND, force=True)

    def _load(self, item) -> None:
        ui = self.ui
        self.setWindowTitle(f"编辑日程：{item.title}")
        if ui.kindCombo.findData(item.kind) < 0:  # a cadence item of a kind that is not a meeting
            ui.kindCombo.addItem(KINDS[item.kind], item.kind)
        ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(item.kind))
        ui.kindCombo.setEnabled(False)  # the kind is fixed once an item exists
        ui.titleEdit.setText(item.title)
        ui.startEdit.setDateTime(to_qt(item.start))
        ui.endEdit.setDateTime(to_qt(item.end))
        ui.placeCombo.setCurrentText(item.place)
        ui.hostPostCombo.setCurrentText(item.host_post)
        ui.hostPersonEdit.setText(item.host_person)
        ui.organiserCombo.setCurrentText(item.organiser)
        ui.agendaEdit.setPlainText(item.agenda)
        self.set_attendees([a.unit for a in item.attendees])
        for s in item.speakers:
            self.add_speaker(s.person, s.unit, s.topic)
        ui.attendeesHint.setText(EDIT_HINT if item.origin == "cadence" else "可添加或移除。")
        self._show_speakers(item.kind)

    # ------------------------------------------------------------------ kind defaults

    def kind(self) -> str:
        return self.ui.kindCombo.currentData()

    def _on_kind(self, _index: int) -> None:
        if self._item is None:
            self._apply_kind(self.kind())

    def _apply_kind(self, kind: str, force: bool = False) -> None:
        """Fill title, place, end and attendees for the kind where the user has not changed them."""
        ui, d = self.ui, self._defaults
        title, place = KINDS[kind], d.press_room if kind == "press_briefing" else d.meeting_room
        units = meetings.default_units(self._ctx.db, kind)
        if force or ui.titleEdit.text() == self._auto.get("title"):
            ui.titleEdit.setText(title)
        if force or ui.placeCombo.currentText() == self._auto.get("place"):
            ui.placeCombo.setCurrentText(place)
        if force or self.attendees() == self._auto.get("attendees"):
            self.set_attendees(units)
        ui.endEdit.setDateTime(ui.startEdit.dateTime().addSecs(60 * (d.minutes.get(kind) or 60)))
        self._auto = {"title": title, "place": place, "attendees": units}
        self._show_speakers(kind)

    def _show_speakers(self, kind: str) -> None:
        self.ui.speakersBox.setVisible(kind == "press_briefing" or self.ui.speakersTable.rowCount() > 0)

    def _on_start(self, value: QDateTime) -> None:
        """Moving the start moves the end with it (the length stays)."""
        if self._item is None:
            self.ui.endEdit.setDateTime(value.addSecs(60 * (self._defaults.minutes.get(self.kind()) or 60)))

    def _on_host_post(self, _index: int) -> None:
        person = self._holders.get(self.ui.hostPostCombo.currentText(), "")
        if person and not self.ui.hostPersonEdit.text().strip():
            self.ui.hostPersonEdit.setText(person)

    # ------------------------------------------------------------------ attendees and speakers

    def attendees(self) -> list[str]:
        listing = self.ui.attendeesList
        return [listing.item(i).text() for i in range(listing.count())]

    def set_attendees(self, units: list[str]) -> None:
        self.ui.attendeesList.clear()
        self.ui.attendeesList.addItems(list(dict.fromkeys(units)))
        self.ui.attendeesBox.setTitle(f"参会单位（{len(units)}）")

    def add_attendee(self) -> None:
        combo = self.ui.addUnitCombo
        name = unit_named(combo.currentText(), self._units)
        if name is None:  # a query that finds several units (listed to choose from), or none
            combo.completer().complete()
            return
        if name not in self.attendees():
            self.set_attendees([*self.attendees(), name])
        self.ui.addUnitCombo.setCurrentIndex(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.addUnitCombo.lineEdit() and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            self.add_attendee()
            return True
        return super().eventFilter(watched, event)

    def remove_attendees(self) -> None:
        chosen = {item.text() for item in self.ui.attendeesList.selectedItems()}
        self.set_attendees([u for u in self.attendees() if u not in chosen])

    def add_speaker(self, person: str = "", unit: str = "", topic: str = "") -> None:
        table = self.ui.speakersTable
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate((person, unit, topic)):
            table.setItem(row, col, QTableWidgetItem(text))
        table.setCurrentCell(row, 0)

    def _remove_speaker(self) -> None:
        if self.ui.speakersTable.currentRow() >= 0:
            self.ui.speakersTable.removeRow(self.ui.speakersTable.currentRow())

    def speakers(self) -> list[tuple[str, str, str]]:
        table, rows = self.ui.speakersTable, []
        for r in range(table.rowCount()):
            name, post, topic = ((table.item(r, c).text() if table.item(r, c) else "").strip() for c in range(3))
            if name or post or topic:
                rows.append((name, post, topic))
        return rows

    # ------------------------------------------------------------------ saving

    def _input(self) -> meetings.MeetingInput:
        ui = self.ui
        return meetings.MeetingInput(
            self.kind(), ui.titleEdit.text(), from_qt(ui.startEdit.dateTime()), from_qt(ui.endEdit.dateTime()),
            place=ui.placeCombo.currentText(), host_post=ui.hostPostCombo.currentText(),
            host_person=ui.hostPersonEdit.text(), organiser=ui.organiserCombo.currentText().strip(),
            attendees=self.attendees(), speakers=self.speakers(), agenda=ui.agendaEdit.toPlainText())

    def _changes(self, data: meetings.MeetingInput) -> dict:
        item = self._item
        changes = {key: getattr(data, key) for key in meetings.EDITABLE}
        if data.speakers != [(s.person, s.unit, s.topic) for s in item.speakers]:
            changes["speakers"] = data.speakers
        if data.attendees != [a.unit for a in item.attendees]:  # rewriting them would drop attendance
            changes["attendees"] = data.attendees
        return changes

    def accept(self) -> None:
        data, bus, db, operator = self._input(), self._ctx.bus, self._ctx.db, self._ctx.operator()
        if self._item is None:
            ok, item = self.errors.attempt(bus.write, SCHEDULE, meetings.add_meeting, db, data, operator)
        else:
            ok, item = self.errors.attempt(bus.write, SCHEDULE, meetings.edit_meeting, db, self._item.id,
                                           self._changes(data), operator, expected_version=self._item.version)
        if ok:
            self.item = item
            super().accept()
            self.saved.emit(self.item)

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def refusal(self) -> str:
        label = self.ui.refusedLabel
        return label.text() if not label.isHidden() else ""
