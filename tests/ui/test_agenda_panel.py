"""日程 panel at Ⅱ: the day's cadence items, week counts, filters, conflicts flagged, statuses told apart,
navigation, buttons that follow the selected item, cancelling and printing the week."""
from datetime import date, datetime, time, timedelta
from level_support import complete

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QInputDialog

from wzcommand import clock
from wzcommand.services import levels, meetings
from wzcommand.ui import printing
from wzcommand.ui.models.schedule_model import (COL_KIND, COL_ORIGIN, COL_STATUS, COL_TITLE, CONFLICT_BACKGROUND,
                                                CONFLICT_ROLE, HELD_COLOUR, ITEM_ROLE)
from wzcommand.ui.panels.agenda_panel import AgendaPanel

MONDAY = date(2026, 11, 2)  # a past week, so the cadence the panel adds from now on stays out of it
TZ = clock.now().tzinfo


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute), tzinfo=TZ)


def switch(db, level: str, when: datetime | None = None):
    when = when or at(0, 7)
    request = complete(db, levels.SwitchRequest(level, when, "市政府", "专家评估意见", plan="respiratory"))
    return levels.switch_level(db, request, "测试", now=max(when + timedelta(hours=1), clock.now()))


@pytest.fixture
def panel(qtbot, ui_context):
    widget = AgendaPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.extend_task is not None and not widget.extend_task.running, timeout=10000)
    return widget


def shown_day(panel):
    model = panel.day_model
    return [model.index(r, COL_TITLE).data(ITEM_ROLE) for r in range(model.rowCount())]


def row_of(panel, title):
    return next(r for r, item in enumerate(shown_day(panel)) if item.title == title)


def test_day_view_at_II_shows_the_days_cadence(panel, ui_context):
    switch(ui_context.db, "II")
    panel.set_date(MONDAY + timedelta(days=1))  # Tuesday: every daily item, no weekly one
    model = panel.day_model
    kinds = {model.index(r, COL_KIND).data() for r in range(model.rowCount())}
    assert {"调度会商会", "新闻发布会", "信息报告", "专家咨询委员会评估会"} <= kinds
    titles = [item.title for item in shown_day(panel)]
    # the respiratory plan: its Ⅱ builds on Ⅲ's 疫情日报告零报告 (ari 6.2.2(2), 6.2.3)
    assert titles[:2] == ["每日调度会商会", "新闻发布会"] and "疫情日报告（零报告）" in titles
    assert model.index(0, 0).data() == "08:00–09:00"  # time of day and end
    assert model.index(titles.index("疫情日报告（零报告）"), 0).data() == "17:00"  # a due item has no length
    assert all(model.index(r, COL_ORIGIN).data() == "按频次" for r in range(model.rowCount()))
    assert "2026年11月3日 星期二" in panel.ui.rangeLabel.text()
    assert f"共 {len(titles)} 项" in panel.ui.rangeLabel.text()


def test_an_empty_day_and_week_say_no_schedule_rather_than_zero_items(panel):
    panel.set_date(MONDAY + timedelta(days=1))           # no level, nothing planned
    assert panel.ui.rangeLabel.text().endswith("无日程") and "0 项" not in panel.ui.rangeLabel.text()
    panel.set_mode("week")
    assert panel.ui.rangeLabel.text().endswith("无日程")


def test_week_view_counts_each_day(panel, ui_context):
    switch(ui_context.db, "II")
    panel.set_mode("week")
    panel.set_date(MONDAY + timedelta(days=2))
    model = panel.week_model
    assert model.monday == MONDAY
    start = at(0, 0)
    expected = [0] * 7
    for item in meetings.list_items(ui_context.db, start, start + timedelta(days=7)):
        expected[(item.start.astimezone().date() - MONDAY).days] += 1
    assert [model.day_count(d) for d in range(7)] == expected
    # Monday after the 07:00 decision: dispatch, weekly work meeting, briefing, assessment, report
    assert expected[0] == 5 and model.headerData(0, Qt.Orientation.Horizontal) == "周一 11月2日（5）"
    assert model.index(0, 0).data() == "08:00 每日调度会商会"
    assert f"共 {sum(expected)} 项" in panel.ui.rangeLabel.text()
    assert panel.ui.prevButton.text() == "上周" and panel.ui.nextButton.text() == "下周"


def test_kind_filter_keeps_one_kind(panel, ui_context):
    switch(ui_context.db, "II")
    panel.set_mode("week")
    panel.set_date(MONDAY)
    combo = panel.ui.kindCombo
    combo.setCurrentIndex(combo.findText("调度会商会"))
    items = panel.week_model.items()
    assert len(items) == 7 and {i.kind for i in items} == {"dispatch"}
    combo.setCurrentIndex(0)  # 全部类别
    assert len(panel.week_model.items()) > 7


def test_unit_filter_shows_what_the_unit_attends(panel, ui_context):
    switch(ui_context.db, "II")
    panel.set_date(MONDAY + timedelta(days=1))
    panel.ui.unitCombo.setCurrentText("市委宣传部（市新闻办）")
    assert [i.kind for i in shown_day(panel)] == ["press_briefing"]  # the press briefing's default attendee
    panel.ui.unitCombo.setCurrentText("市委宣")  # a partial name does not filter yet
    assert len(shown_day(panel)) > 1


def add_manual(db, title, start, end, place="市政府第一会议室"):
    return meetings.add_meeting(db, meetings.MeetingInput("other", title, start, end, place=place), "测试")


def test_two_manual_meetings_in_one_room_are_flagged(panel, ui_context):
    switch(ui_context.db, "II")
    first = add_manual(ui_context.db, "防控专题会", at(1, 11), at(1, 12))
    second = add_manual(ui_context.db, "物资调度会", at(1, 11, 30), at(1, 12, 30))
    panel.set_date(MONDAY + timedelta(days=1))
    model = panel.day_model
    for item in (first, second):
        row = row_of(panel, item.title)
        clashes = model.index(row, COL_TITLE).data(CONFLICT_ROLE)
        assert clashes and "地点冲突" in clashes[0] and "市政府第一会议室" in clashes[0]
        assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(CONFLICT_BACKGROUND)
        assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.DecorationRole) is not None  # the warning icon
        assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.FontRole).bold()  # manual items are bold
    quiet = row_of(panel, "每日调度会商会")
    assert model.index(quiet, COL_TITLE).data(CONFLICT_ROLE) == []
    assert model.index(quiet, COL_TITLE).data(Qt.ItemDataRole.DecorationRole) is None
    texts = [panel.ui.conflictList.item(i).text() for i in range(panel.ui.conflictList.count())]
    assert len(texts) == 1 and "“防控专题会”与“物资调度会”同在市政府第一会议室" in texts[0]
    assert panel.ui.conflictBox.title() == "冲突（1）"
    panel.set_mode("week")  # the week view flags them too
    index = panel.week_model.index_of(first.id)
    assert index.data(CONFLICT_ROLE) and index.data(Qt.ItemDataRole.DecorationRole) is not None


def test_held_cancelled_and_edited_items_look_different(panel, ui_context):
    db = ui_context.db
    switch(db, "II")
    day = [i for i in meetings.list_items(db, at(1, 0), at(2, 0))]
    dispatch = next(i for i in day if i.kind == "dispatch")
    briefing = next(i for i in day if i.kind == "press_briefing")
    assessment = next(i for i in day if i.kind == "expert_assessment")
    meetings.record_meeting(db, dispatch.id, "测试", minutes="已召开")
    meetings.cancel_meeting(db, briefing.id, "与省发布会冲突", "测试")
    meetings.edit_meeting(db, assessment.id, {"place": "市疾控中心会商室"}, "测试")
    panel.set_date(MONDAY + timedelta(days=1))
    model = panel.day_model
    held, cancelled, edited = (row_of(panel, i.title) for i in (dispatch, briefing, assessment))
    assert model.index(held, COL_STATUS).data() == "已召开"
    assert model.index(held, COL_TITLE).data(Qt.ItemDataRole.ForegroundRole).color() == QColor(HELD_COLOUR)
    assert model.index(cancelled, COL_STATUS).data() == "已取消"
    assert model.index(cancelled, COL_TITLE).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(edited, COL_ORIGIN).data() == "按频次（已手动修改）"
    assert model.index(edited, COL_TITLE).data() == "疫情风险评估会商（已改）"


def test_buttons_follow_the_selected_item(panel, ui_context):
    db = ui_context.db
    switch(db, "II")
    report = next(i for i in meetings.list_items(db, at(1, 0), at(2, 0)) if i.kind == "report_due")
    briefing = next(i for i in meetings.list_items(db, at(1, 0), at(2, 0)) if i.kind == "press_briefing")
    meetings.cancel_meeting(db, briefing.id, "改期", "测试")
    panel.set_date(MONDAY + timedelta(days=1))
    ui = panel.ui
    assert not any(b.isEnabled() for b in (ui.editButton, ui.recordButton, ui.cancelButton, ui.noticeButton))
    panel.select_item(next(i.id for i in shown_day(panel) if i.kind == "dispatch"))
    assert all(b.isEnabled() for b in (ui.editButton, ui.recordButton, ui.cancelButton, ui.noticeButton))
    assert "参会单位" in ui.detailBrowser.toPlainText()
    panel.select_item(report.id)  # a due item is not a meeting: nothing to record or notify
    assert ui.editButton.isEnabled() and ui.cancelButton.isEnabled()
    assert not ui.recordButton.isEnabled() and not ui.noticeButton.isEnabled()
    panel.select_item(briefing.id)  # cancelled: nothing more to do
    assert not any(b.isEnabled() for b in (ui.editButton, ui.recordButton, ui.cancelButton, ui.noticeButton))
    assert panel.record_selected() is None and panel.edit_selected() is None


def test_cancel_asks_for_the_reason(qtbot, panel, ui_context, monkeypatch):
    switch(ui_context.db, "II")
    panel.set_date(MONDAY + timedelta(days=1))
    item = shown_day(panel)[0]
    panel.select_item(item.id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    qtbot.mouseClick(panel.ui.cancelButton, Qt.MouseButton.LeftButton)  # the user closed the question
    assert meetings.get_item(ui_context.db, item.id).status == "planned"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("会场调整", True))
    qtbot.mouseClick(panel.ui.cancelButton, Qt.MouseButton.LeftButton)
    stored = meetings.get_item(ui_context.db, item.id)
    assert stored.status == "cancelled" and "会场调整" in stored.minutes
    assert panel.selected_item().status == "cancelled"  # still selected after the reload
    assert panel.day_model.index(row_of(panel, item.title), COL_STATUS).data() == "已取消"


def test_navigation_by_day_and_week(qtbot, panel):
    panel.set_date(MONDAY)
    qtbot.mouseClick(panel.ui.nextButton, Qt.MouseButton.LeftButton)
    assert panel.current_date() == MONDAY + timedelta(days=1)
    qtbot.mouseClick(panel.ui.weekButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.ui.prevButton, Qt.MouseButton.LeftButton)
    assert panel.current_date() == MONDAY - timedelta(days=6)
    assert panel.week_model.monday == MONDAY - timedelta(days=7)
    qtbot.mouseClick(panel.ui.todayButton, Qt.MouseButton.LeftButton)
    assert panel.current_date() == clock.now().date()
    panel.ui.dateEdit.setDate(MONDAY)
    assert panel.current_date() == MONDAY


def test_next_items_are_listed_from_now(panel, ui_context):
    switch(ui_context.db, "II", clock.now() - timedelta(hours=1))
    panel.reload()
    listing = panel.ui.nextList
    items = [listing.item(i).data(ITEM_ROLE) for i in range(listing.count())]
    assert 1 <= len(items) <= 6 and all(i.status == "planned" and i.end >= clock.now() for i in items)
    assert [i.start for i in items] == sorted(i.start for i in items)
    panel.set_date(MONDAY)
    listing.itemActivated.emit(listing.item(0))  # Enter on an entry goes to its day
    assert panel.current_date() == items[0].start.astimezone().date()
    assert panel.selected_item().id == items[0].id


def test_print_week_saves_a_pdf(qtbot, panel, ui_context, tmp_path, monkeypatch):
    switch(ui_context.db, "II")
    panel.set_date(MONDAY)
    target = tmp_path / "本周日程"
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), printing.PDF_FILTER))
    qtbot.mouseClick(panel.ui.weekPrintButton, Qt.MouseButton.LeftButton)  # rendered in the worker
    written = tmp_path / "本周日程.pdf"  # the extension is added
    qtbot.waitUntil(written.exists, timeout=20000)
    assert written.read_bytes().startswith(b"%PDF")


def test_a_level_switch_refreshes_the_agenda_through_what_it_changed(panel, ui_context):
    from wzcommand.ui.bus import LEVELS

    panel.set_date(MONDAY + timedelta(days=1))
    assert shown_day(panel) == []
    ui_context.bus.write(LEVELS, switch, ui_context.db, "II")  # the switch reports the schedule it planned
    assert "每日调度会商会" in [item.title for item in shown_day(panel)]


def test_a_meeting_not_yet_started_cannot_be_recorded_until_it_starts(panel, ui_context):
    from wzcommand.ui.ticker import ticker_of
    start = clock.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    item = meetings.add_meeting(ui_context.db, meetings.MeetingInput("dispatch", "临时调度会", start,
                                                                      start + timedelta(hours=1)), "测试")
    panel.set_date(clock.local(start).date())
    panel.reload()  # the service was called directly, not through the window's change bus
    assert panel.select_item(item.id)
    ui = panel.ui
    assert ui.editButton.isEnabled() and not ui.recordButton.isEnabled()
    assert "尚未召开" in ui.recordButton.toolTip()
    assert panel.record_selected() is None  # the menu's Ctrl+Shift+H takes the same path
    ticker = ticker_of(ui_context)
    ticker.now = lambda: start + timedelta(minutes=5)
    try:
        ticker.tick()  # the window's clock reaches the start: the button follows without reselecting
    finally:
        ticker.now = clock.now
    assert ui.recordButton.isEnabled() and ui.recordButton.toolTip() == ""


def test_a_risk_assessment_session_is_recorded_as_an_assessment_and_the_day_tells_held_from_missed(
        panel, ui_context, qtbot):
    from wzcommand.services import experts
    from wzcommand.ui.dialogs.expert_dialogs import AssessmentDialog
    from wzcommand.ui.models.schedule_model import MISSED_COLOUR

    db = ui_context.db
    switch(db, "II")  # Monday 07:00, ari Ⅱ: a 疫情风险评估会商 every day at 15:00
    experts.add_member(db, "王教授", "流行病学", "值班员", member_from=date(2020, 1, 1))
    panel.set_date(MONDAY + timedelta(days=1))
    row = row_of(panel, "疫情风险评估会商")
    model = panel.day_model
    assert model.index(row, COL_STATUS).data() == "未评估（无评估记录）"
    assert model.index(row, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole).color() == QColor(MISSED_COLOUR)
    session = shown_day(panel)[row]
    assert panel.select_item(session.id) and panel.ui.recordButton.isEnabled()
    dialog = panel.record_selected()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AssessmentDialog) and dialog.ui.scheduleCombo.currentData() == session.id
    assert dialog.ui.questionCombo.currentData() == "risk"
    assert dialog.ui.heldAtEdit.dateTime().toPython() == clock.local(session.start).replace(tzinfo=None)
    dialog.set_present(["王教授"])
    dialog.ui.recommendationEdit.setText("维持Ⅱ级响应")
    dialog.accept()
    assert dialog.saved is not None
    row = row_of(panel, "疫情风险评估会商")
    assert model.index(row, COL_STATUS).data() == f"已评估（第{dialog.saved.id}号）"
    assert model.index(row, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole).color() == QColor(HELD_COLOUR)
    assert panel.select_item(session.id) and not panel.ui.recordButton.isEnabled()
    assert panel.ui.recordButton.toolTip() == f"“疫情风险评估会商”已登记为第{dialog.saved.id}号评估"
