"""The status bar at 1024 px (the office's smallest screen): with the longest realistic content —
Ⅰ级 since a time, a red warning, a report clock long overdue among many, the alert button, overdue
交办单, counties to watch, an exercise database opened read-only — every item is whole and on the bar."""
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from level_support import switch
from warning_support import STEPS
from wzcommand import clock
from wzcommand.services import accounts, counties, events, meta, tasks, warnings
from wzcommand.settings import Settings
from wzcommand.storage.database import open_database
from wzcommand.ui.bus import ChangeBus, UiContext
from wzcommand.ui.main_window import MainWindow
from wzcommand.ui.session import set_signed_in

NOW = clock.now().replace(second=0, microsecond=0)
NAME = "鹿城区某小学诺如病毒感染暴发疫情"


def busy_office(db) -> None:
    meta.mark_exercise(db, "测试员")
    for n in range(5):  # the first received 24 h 59 min ago: its phone report is 23 h 59 min late
        events.register_event(db, events.EventInput(
            name=f"{NAME}{n + 1}", category="infectious", district="鹿城区", place="某小学",
            occurred_at=NOW - timedelta(hours=26 - n), received_at=NOW - timedelta(hours=24 - n, minutes=59),
            grade="重大", counts={"ill": 60, "dead": 0}), "值班员", now=NOW)
    events.register_event(db, events.EventInput(  # its phone report is near its aim: the window calls out
        name="瓯海区某工地聚集性发热", category="infectious", district="瓯海区", place="某工地",
        occurred_at=NOW - timedelta(hours=1), received_at=NOW - timedelta(minutes=27),
        grade="较大", counts={"ill": 23, "dead": 0}), "值班员", now=NOW)
    for target, minutes in (("IV", 50), ("III", 40), ("II", 30), ("I", 20)):
        switch(db, target, NOW - timedelta(minutes=minutes), now=NOW)
    warnings.record_warning(db, "red", NOW - timedelta(minutes=10), "市卫生健康委", "依据", "测试员", now=NOW, steps=STEPS)
    for county in ("苍南县", "平阳县", "泰顺县"):  # a county's warning below the city's red: flagged
        counties.record_county(db, county, NOW - timedelta(minutes=5), "县政府", "电话报告", "测试员", warning="yellow",
                               now=NOW)
    for n in range(12):
        tasks.add_task(db, f"落实第{n + 1}项措施", "市疾控中心", "测试员",
                       deadline=NOW - timedelta(days=1), now=NOW - timedelta(days=3))


def window_at_1024(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.clock_widget.now = lambda: NOW
    window.clock_widget.reload()
    window.alerts.now = lambda: NOW
    window.alerts.check()
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.schedule.overdue_label.isVisible(), timeout=5000)
    return window


def assert_every_item_whole(qtbot, window: MainWindow) -> dict[str, str]:
    bar = window.statusBar()
    qtbot.wait(20)  # the bar lays out again after the last change
    assert window.width() == 1024
    shown = [w for kind in (QLabel, QPushButton) for w in bar.findChildren(kind) if w.isVisible()]
    for widget in shown:
        text = widget.text()
        assert widget.width() >= widget.sizeHint().width(), f"{text!r} is cut: {widget.width()} < {widget.sizeHint().width()}"
        assert widget.x() >= 0 and widget.geometry().right() < bar.width(), f"{text!r} is pushed off the bar"
    return {w.objectName(): w.text() for w in shown}


@pytest.mark.parametrize("seat", ["read-only exercise window", "signed-in writing window"])
def test_every_status_bar_item_is_whole_at_1024_px(qtbot, db, seat):
    busy_office(db)
    if seat == "read-only exercise window":
        db.close()
        db = open_database(db.path, read_only=True)
    ctx = UiContext(db, ChangeBus(), Settings(operator="测试员"))
    ctx.accounts_exist = True
    window = window_at_1024(qtbot, ctx)
    if seat == "signed-in writing window":
        set_signed_in(ctx, accounts.SignedIn("欧阳晓明", "director"))
    texts = assert_every_item_whole(qtbot, window)
    assert texts["stateLabel"] == "Ⅰ级应急响应"
    since = clock.local(NOW - timedelta(minutes=20))
    assert texts["sinceLabel"] == (f"自 {since:%H:%M}" if since.date() == clock.now().date() else f"自 {since:%m-%d}")
    assert window.since_label.toolTip() == f"自 {clock.local_text(NOW - timedelta(minutes=20))}"
    assert texts["warningLabel"] == "红色预警"
    assert texts["clockWidget"] == "鹿城区某…·电话报告：已超时 23小时59分（另11项）"
    assert NAME in window.clock_widget.toolTip()
    assert texts["alertButton"].startswith("确认提醒")
    assert texts["overdueLabel"] == "逾期交办 12"
    assert texts["exerciseLabel"] == "演练"
    assert texts["countyFlags"] == "县级须关注 3"
    if seat == "read-only exercise window":
        assert texts["readOnlyLabel"] == "只读" and texts["operatorLabel"] == "未登录"
    else:
        assert texts["operatorLabel"] == "欧阳晓明"
        assert window.marks.operator_label.toolTip() == "操作员：欧阳晓明（办公室主任）"
    assert window.windowTitle().endswith(f" — {db.path.name}")  # the database: named in the title
    window.live.stop()
