"""Live reporting clocks: the status-bar countdown and the 事件 panel's clocks follow an injectable
clock; at the due time a clock is not overdue, one second later it is red and 已超时."""
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from wzcommand import clock
from wzcommand.services import deadlines, events
from wzcommand.ui.bus import EVENTS
from wzcommand.ui.clock_widget import NOTHING_DUE, ClockWidget
from wzcommand.ui.level_style import GREY
from wzcommand.ui.models.clock_model import (COLOURS, DONE_LATE, MISSED, NEAR_DUE, NORMAL, OVERDUE,
                                             countdown_text, most_urgent, view_of)
from wzcommand.ui.panels.events_panel import EventsPanel

REAL_NOW = clock.now().replace(microsecond=0)
RECEIVED = REAL_NOW - timedelta(hours=2)
PHONE_DUE = RECEIVED + timedelta(hours=1)


class FakeClock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at

    def advance(self, **delta):
        self.at += timedelta(**delta)


def register(db, name="鹿城区某学校诺如病毒感染聚集性疫情", received=RECEIVED):
    return events.register_event(db, events.EventInput(
        name=name, category="infectious", district="鹿城区", occurred_at=received - timedelta(minutes=30),
        received_at=received, grade="较大", counts={"ill": 5}), "值班员")


@pytest.fixture
def fake():
    return FakeClock(PHONE_DUE - timedelta(minutes=20))


@pytest.fixture
def widget(qtbot, ui_context, fake):
    w = ClockWidget(ui_context, now=fake)
    qtbot.addWidget(w)
    return w


def test_countdown_text():
    assert countdown_text(timedelta(seconds=1)) == "1秒"
    assert countdown_text(timedelta(minutes=14, seconds=59)) == "14分59秒"
    assert countdown_text(timedelta(hours=1, seconds=1)) == "1小时00分01秒"
    assert countdown_text(timedelta(days=2, hours=3)) == "2天3小时"


def test_nothing_due_is_grey(widget):
    assert widget.text() == NOTHING_DUE and widget.property("chipColour") == GREY and widget.state() is None


def test_status_bar_countdown_turns_red_one_second_after_the_due_time(qtbot, db, widget, fake):
    register(db)
    widget.reload()
    assert widget.current.item.kind == "phone"
    assert widget.state() == NEAR_DUE  # past the aim (30 minutes): amber
    assert "电话报告：剩余 20分00秒" in widget.text()
    fake.at = PHONE_DUE
    widget.tick()
    assert widget.state() == NEAR_DUE and "剩余 0秒" in widget.text()
    assert widget.property("chipColour") == COLOURS[NEAR_DUE][2]
    fake.advance(seconds=1)
    widget.tick()
    assert widget.state() == OVERDUE
    assert "已超时 1秒" in widget.text()
    assert widget.property("chipColour") == COLOURS[OVERDUE][2] == "#c62828"
    fake.advance(minutes=3)
    widget.tick()
    assert "已超时 3分01秒" in widget.text()


def test_the_timer_ticks_every_second(qtbot, db, widget, fake):
    register(db)
    widget.reload()
    fake.at = PHONE_DUE + timedelta(seconds=1)
    qtbot.waitUntil(lambda: widget.state() == OVERDUE, timeout=3000)  # no reload: the QTimer alone


def test_normal_then_amber_within_fifteen_minutes(db, fake):
    register(db, received=REAL_NOW - timedelta(minutes=5))
    items = deadlines.event_clocks(db, now=REAL_NOW)
    phone = next(i for i in items if i.kind == "phone")
    assert view_of(phone, REAL_NOW).state == NORMAL
    assert view_of(phone, phone.clock.due - timedelta(minutes=15)).state == NEAR_DUE
    assert view_of(phone, phone.clock.due - timedelta(minutes=15, seconds=1)).state == NEAR_DUE  # past the aim
    written = next(i for i in items if i.kind == "written")
    assert view_of(written, written.clock.aim - timedelta(seconds=1)).state == NORMAL
    assert view_of(written, written.clock.aim + timedelta(seconds=1)).state == NEAR_DUE


def test_logging_the_phone_report_moves_the_countdown_on(qtbot, ui_context, db, widget, fake):
    event = register(db)
    widget.reload()
    assert widget.current.item.kind == "phone"
    ui_context.bus.write(EVENTS, events.log_phone_report, db, event.id, RECEIVED + timedelta(minutes=70),
                         "市委市政府总值班室", "李四", "测试员")
    assert widget.current.item.kind == "written"  # reloaded on the bus topic
    phone = next(i for i in deadlines.event_clocks(db, event.id) if i.kind == "phone")
    assert view_of(phone, fake()).state == DONE_LATE and view_of(phone, fake()).text == "超时 10分钟完成"


def test_an_ended_event_s_unreported_clocks_leave_the_status_bar_and_stay_in_its_table(qtbot, ui_context, db, widget,
                                                                                       fake):
    """The event ended with no phone or written report logged: the status bar shows the closing report to do, not
    a phone report 已超时 for days; the event's own clock table keeps both as 逾期未报, late by what they were."""
    event = register(db)
    fake.at = REAL_NOW
    widget.reload()
    assert widget.current.item.kind == "phone" and widget.state() == OVERDUE
    ended = REAL_NOW - timedelta(minutes=5)
    ui_context.bus.write(EVENTS, events.end_event, db, event.id, ended, "测试员")
    fake.advance(days=4)
    widget.tick()
    assert widget.current.item.kind == "closing" and widget.state() == NORMAL
    assert widget.text().startswith("鹿城区某…·结案报告：剩余 9天") and "另" not in widget.text()
    panel = EventsPanel(ui_context, now=fake)
    qtbot.addWidget(panel)
    panel.select_event(event.id)
    rows = {v.item.kind: v for v in panel.clock_model.views()}
    assert (rows["phone"].state, rows["phone"].text) == (MISSED, "逾期未报 55分钟")
    assert (rows["written"].state, rows["written"].text) == (MISSED, "未报")  # ended 5 minutes before it was due
    phone_row = next(k for k, v in enumerate(panel.clock_model.views()) if v.item.kind == "phone")
    assert panel.clock_model.index(phone_row, 4).data() == "逾期未报 55分钟"
    assert panel.clock_model.index(phone_row, 3).data() == ""


def test_most_urgent_is_the_earliest_due_open_clock(db):
    register(db, "甲事件", REAL_NOW - timedelta(minutes=10))
    register(db, "乙事件", REAL_NOW - timedelta(minutes=40))
    urgent = most_urgent(deadlines.event_clocks(db, now=REAL_NOW), REAL_NOW)
    assert (urgent.item.event_name, urgent.item.kind) == ("乙事件", "phone")


def test_panel_clocks_follow_the_injected_clock(qtbot, ui_context, db, fake):
    event = register(db)
    panel = EventsPanel(ui_context, now=fake)
    qtbot.addWidget(panel)
    panel.select_event(event.id)
    fake.at = PHONE_DUE
    panel.tick()
    phone = next(v for v in panel.clock_model.views() if v.item.kind == "phone")
    assert phone.state == NEAR_DUE and phone.text == "剩余 0秒"
    fake.advance(seconds=1)
    panel.tick()
    phone = next(v for v in panel.clock_model.views() if v.item.kind == "phone")
    assert phone.state == OVERDUE and phone.text == "已超时 1秒"
    index = panel.clock_model.index(0, 4)
    assert index.data() == "已超时 1秒"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == COLOURS[OVERDUE][0]


def test_clicking_the_countdown_opens_the_event(qtbot, db, main_window):
    register(db, "甲事件", REAL_NOW - timedelta(minutes=10))
    urgent = register(db, "乙事件", REAL_NOW - timedelta(minutes=40))
    main_window.clock_widget.reload()
    assert main_window.clock_widget.isVisible()
    assert "乙事件" in main_window.clock_widget.text()
    qtbot.mouseClick(main_window.clock_widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert main_window.current_title() == "事件"
    assert main_window.panels["事件"].current.id == urgent.id
    main_window.show_panel(0)
    main_window.urgent_clock_action.trigger()  # the same by keyboard (Ctrl+Shift+D)
    assert main_window.current_title() == "事件"


class SecondPerRead(FakeClock):
    """A clock read just as the second turns: every reading is one second later than the last."""

    def __call__(self):
        self.advance(seconds=1)
        return self.at


def test_the_status_bar_and_the_clock_table_show_the_same_second(qtbot, db, main_window):
    """Both used to read the time on their own timer, so one could show a second more than the other."""
    event = register(db)
    ticking = SecondPerRead(PHONE_DUE - timedelta(minutes=20))
    panel = main_window.panels["事件"]
    main_window.clock_widget.now = panel.now = ticking
    main_window.show_event(event.id)
    for _ in range(3):
        before = main_window.clock_widget.text()
        qtbot.waitUntil(lambda: main_window.clock_widget.text() != before, timeout=3000)
        phone = next(v for v in panel.clock_model.views() if v.item.kind == "phone")
        assert main_window.clock_widget.current.item.kind == "phone"
        assert phone.text == main_window.clock_widget.current.text, main_window.clock_widget.text()
