"""Meeting, record and schedule-settings dialogs: defaults by kind, refusals shown next to the field with
nothing saved, edits, attendance with a representative, a task sheet from the meeting, the settings."""
from datetime import datetime, time, timedelta
from level_support import complete

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from wzcommand import clock
from wzcommand.services import levels, meetings, schedule, tasks
from wzcommand.ui.dialogs.meeting_dialog import MeetingDialog
from wzcommand.ui.dialogs.record_meeting_dialog import RecordMeetingDialog
from wzcommand.ui.dialogs.schedule_settings_dialog import ScheduleSettingsDialog
from wzcommand.ui.panels.agenda_panel import AgendaPanel

TOMORROW = clock.now().date() + timedelta(days=1)
TZ = clock.now().tzinfo


def at(hour: int, minute: int = 0, day=TOMORROW) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def qt_time(moment: datetime) -> QDateTime:
    return QDateTime(moment.replace(tzinfo=None))


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, dialog):
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_new_meeting_starts_with_the_kinds_defaults(qtbot, ui_context):
    levels.switch_level(ui_context.db, complete(ui_context.db, levels.SwitchRequest("II", clock.now() - timedelta(hours=1), "市政府", "评估")),
                        "测试")
    dialog = open_dialog(qtbot, MeetingDialog(ui_context, day=TOMORROW))
    assert dialog.kind() == "work_meeting" and dialog.ui.titleEdit.text() == "工作例会"
    assert dialog.attendees()[:2] == ["办公室负责人", "管控服务组负责人"]  # the groups running at Ⅱ
    assert dialog.ui.placeCombo.currentText() == "市应急指挥部会议室"
    assert dialog.ui.startEdit.dateTime() == qt_time(at(9))
    assert dialog.ui.endEdit.dateTime() == qt_time(at(10, 30))  # a work meeting lasts 90 minutes
    assert dialog.ui.speakersBox.isHidden()
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData("press_briefing"))
    assert dialog.ui.titleEdit.text() == "新闻发布会" and dialog.ui.placeCombo.currentText() == "市新闻发布厅"
    assert "市委宣传部（市新闻办）" in dialog.attendees() and "办公室负责人" not in dialog.attendees()
    assert not dialog.ui.speakersBox.isHidden()  # speakers and topics for briefings
    dialog.ui.titleEdit.setText("第十场新闻发布会")  # typed by the user: a kind change keeps it
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData("other"))
    assert dialog.ui.titleEdit.text() == "第十场新闻发布会"


def test_return_in_the_unit_box_adds_the_unit_and_keeps_the_dialog_open(qtbot, ui_context):
    """Pinyin initials and Return add the unit they find (under Xvfb, Return in this box saved and
    closed the whole meeting); initials that find several units list them; none adds nothing."""
    dialog = open_dialog(qtbot, MeetingDialog(ui_context, day=TOMORROW))
    before = dialog.attendees()
    combo = dialog.ui.addUnitCombo
    box = combo.lineEdit()
    for query in ("gaj", "jyj", "xyzq"):
        box.setFocus()
        box.setText(query)
        combo.completer().popup().hide()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.result() == 0
        if query == "jyj":  # 市教育局, 市交通运输局, 市交运集团…: listed to choose from
            assert combo.completer().popup().isVisible() and combo.completer().completionCount() > 1
    assert dialog.attendees() == [*before, "市公安局"]
    assert box.text() == "xyzq"  # left to be corrected
    assert meetings.list_items(ui_context.db, at(0), at(23, 59)) == []  # nothing saved


def test_end_before_start_is_refused_next_to_the_field(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, MeetingDialog(ui_context, day=TOMORROW))
    dialog.ui.endEdit.setDateTime(qt_time(at(8)))
    save(qtbot, dialog)
    assert dialog.field_error("end") == "结束时间不能早于开始时间"
    assert dialog.ui.endError.isVisible() and dialog.field_error("title") == ""
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert meetings.list_items(ui_context.db) == []
    dialog.ui.endEdit.setDateTime(qt_time(at(10)))  # corrected: saved, the message goes
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.ui.endError.isVisible()
    assert [i.title for i in meetings.list_items(ui_context.db)] == ["工作例会"]


def test_a_new_meeting_with_speakers_is_shown_and_selected(qtbot, ui_context, type_text):
    panel = AgendaPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_date(TOMORROW)
    dialog = panel.new_meeting()
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData("press_briefing"))
    dialog.ui.titleEdit.clear()
    type_text(dialog.ui.titleEdit, "疫情防控新闻发布会")
    dialog.add_speaker("陈晓东", "市卫生健康委", "疫情形势")
    dialog.ui.organiserCombo.setCurrentText("市委宣传部")
    save(qtbot, dialog)
    item = panel.selected_item()
    assert item is not None and item.title == "疫情防控新闻发布会"
    stored = meetings.get_item(ui_context.db, item.id)
    assert [(s.person, s.unit, s.topic) for s in stored.speakers] == [("陈晓东", "市卫生健康委", "疫情形势")]
    assert stored.organiser == "市委宣传部（市新闻办）" and stored.origin == "manual"


def test_editing_keeps_attendance_and_marks_the_item_edited(qtbot, ui_context):
    db = ui_context.db
    item = meetings.add_meeting(db, meetings.MeetingInput("work_meeting", "例会", at(9), at(10),
                                                          attendees=["市卫生健康委", "市公安局"]), "测试")
    meetings.record_meeting(db, item.id, "测试", attendance={"市公安局": ("absent", "")}, now=at(10))
    dialog = open_dialog(qtbot, MeetingDialog(ui_context, item=meetings.get_item(db, item.id)))
    assert not dialog.ui.kindCombo.isEnabled() and dialog.windowTitle() == "编辑日程：例会"
    dialog.ui.placeCombo.setCurrentText("市政府第一会议室")
    save(qtbot, dialog)
    stored = meetings.get_item(db, item.id)
    assert stored.place == "市政府第一会议室" and stored.edited
    assert {a.unit: a.status for a in stored.attendees} == {"市卫生健康委": "", "市公安局": "absent"}


def test_recording_a_substitute_stores_the_name(qtbot, ui_context, monkeypatch):
    db = ui_context.db
    item = meetings.add_meeting(db, meetings.MeetingInput("dispatch", "调度会", at(8), at(9),
                                                          attendees=["市卫生健康委", "市公安局"]), "测试")
    dialog = open_dialog(qtbot, RecordMeetingDialog(ui_context, None, meetings.get_item(db, item.id)))
    save(qtbot, dialog)  # tomorrow's meeting cannot be recorded as held today
    assert "尚未召开" in dialog.ui.refusedLabel.text() and dialog.isVisible()
    assert meetings.get_item(db, item.id).status == "planned"
    monkeypatch.setattr(clock, "now", lambda: at(8, 55))
    dialog.set_attendance("市公安局", "substitute", "")
    save(qtbot, dialog)  # a representative without a name is refused, next to the table
    assert "市公安局委派代表时须填写代表姓名" in dialog.field_error("attendance")
    assert meetings.get_item(db, item.id).status == "planned"
    dialog.set_attendance("市公安局", "substitute", "王五")
    dialog.ui.decisionsEdit.setPlainText("加强卡口查验")
    save(qtbot, dialog)
    stored = meetings.get_item(db, item.id)
    assert stored.status == "held" and stored.decisions == "加强卡口查验"
    assert {a.unit: (a.status, a.substitute) for a in stored.attendees} == {
        "市卫生健康委": ("present", ""), "市公安局": ("substitute", "王五")}


def test_a_task_sheet_from_the_meeting(qtbot, ui_context):
    db = ui_context.db
    item = meetings.add_meeting(db, meetings.MeetingInput("dispatch", "调度会", clock.now() - timedelta(hours=2),
                                                          clock.now() - timedelta(hours=1)), "测试")
    dialog = open_dialog(qtbot, RecordMeetingDialog(ui_context, None, meetings.get_item(db, item.id)))
    dialog.ui.decisionsEdit.setPlainText("落实隔离点位")
    task_dialog = dialog.make_task()
    assert task_dialog.ui.meetingRadio.isChecked() and task_dialog.ui.meetingCombo.currentData() == item.id
    assert task_dialog.ui.contentEdit.toPlainText() == "落实隔离点位"
    task_dialog.ui.leadCombo.setCurrentText("市卫生健康委")
    save(qtbot, task_dialog)
    [task] = tasks.list_tasks(db)
    assert task.meeting_id == item.id and task.source == "meeting" and task.lead_unit == "市卫生健康委"


def test_schedule_settings_are_checked_and_saved(qtbot, ui_context):
    dialog = open_dialog(qtbot, ScheduleSettingsDialog(ui_context))
    assert dialog.ui.dispatchEdit.text() == "08:00" and dialog.ui.briefingsSpin.value() == 2
    dialog.ui.reportEdit.setText("25:00")
    dialog.ui.briefingsSpin.setValue(4)
    save(qtbot, dialog)
    assert dialog.field_error("report_time") == "时间“25:00”格式不正确（应为 HH:MM）"
    assert "1 到 3" in dialog.field_error("briefings_per_day_at_I") and dialog.ui.briefingsError.isVisible()
    assert schedule.schedule_defaults(ui_context.db).report_time == "17:00"  # nothing saved
    dialog.ui.reportEdit.setText("16:30")
    dialog.ui.briefingsSpin.setValue(3)
    dialog.ui.weekdayCombo.setCurrentIndex(2)
    dialog.ui.meetingRoomEdit.setText("市政府第二会议室")
    save(qtbot, dialog)
    saved = schedule.schedule_defaults(ui_context.db)
    assert (saved.report_time, saved.briefings_per_day_at_I, saved.weekly_weekday, saved.meeting_room) == (
        "16:30", 3, 2, "市政府第二会议室")
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("kind", ["dispatch", "expert_assessment"])
def test_each_meeting_kind_prefills_attendees(qtbot, ui_context, kind):
    dialog = open_dialog(qtbot, MeetingDialog(ui_context, day=TOMORROW))
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(kind))
    expected = ["专家咨询委员会", "市卫生健康委", "市疾控中心"] if kind == "expert_assessment" else ["市卫生健康委"]
    assert dialog.attendees() == expected  # no group runs without a response: the health commission
    assert dialog.ui.attendeesBox.title() == f"参会单位（{len(expected)}）"
