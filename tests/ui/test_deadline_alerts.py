"""Deadlines that call out: a clock nearing its aim or due time raises a tray message, a sound (which
the settings turn off) and a flashing taskbar entry, again and again until someone acknowledges;
the acknowledgement is recorded with who and when."""
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

from wzcommand import clock
from wzcommand.services import alerts, events
from wzcommand.services.audit_log import entries
from wzcommand.ui.deadline_alerts import DeadlineAlerts

NOW = clock.now().replace(microsecond=0)


def register(db, received_minutes_ago):
    return events.register_event(db, events.EventInput(
        name="某学校诺如病毒感染疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=NOW - timedelta(hours=2), received_at=NOW - timedelta(minutes=received_minutes_ago),
        grade="较大", counts={"ill": 23, "dead": 0}), "值班员", now=NOW)


@pytest.fixture
def calls(monkeypatch):
    made = {"alert": 0, "beep": 0}
    monkeypatch.setattr(QApplication, "alert", lambda *a: made.__setitem__("alert", made["alert"] + 1))
    monkeypatch.setattr(QApplication, "beep", lambda *a: made.__setitem__("beep", made["beep"] + 1))
    return made


def test_stages_start_before_the_aim_and_before_the_due_time(db):
    register(db, received_minutes_ago=27)  # phone report: aim 30 min, due 1 h after receipt
    found = {(a.kind, a.stage) for a in alerts.pending_alerts(db, NOW)}
    assert ("phone", alerts.AIM) in found
    assert ("phone", alerts.DUE) in {(a.kind, a.stage) for a in alerts.pending_alerts(db, NOW + timedelta(minutes=20))}
    assert alerts.pending_alerts(db, NOW - timedelta(minutes=10)) == [] or \
        all(a.kind != "phone" for a in alerts.pending_alerts(db, NOW - timedelta(minutes=10)))


def test_the_window_calls_out_until_acknowledged(qtbot, main_window, ui_context, calls):
    register(ui_context.db, received_minutes_ago=27)
    watcher = DeadlineAlerts(ui_context, main_window, now=lambda: NOW, check_ms=50, repeat_ms=100)
    qtbot.waitUntil(lambda: watcher.calls >= 1, timeout=2000)
    assert "电话报告" in watcher.last_message and "距力争时限" in watcher.last_message
    assert calls["alert"] >= 1 and calls["beep"] >= 1
    assert watcher.button.isVisible() and watcher.button.text().startswith("确认提醒")
    qtbot.waitUntil(lambda: watcher.calls >= 3, timeout=2000)  # repeated while nobody acknowledges
    assert watcher.acknowledge() >= 1
    done = watcher.calls
    qtbot.wait(400)
    assert watcher.calls == done and not watcher.button.isVisible()
    acks = alerts.acknowledgements(ui_context.db)
    assert acks and acks[0].by == "测试员" and acks[0].at == NOW
    assert entries(ui_context.db)[-1].action == "deadline.acknowledge"
    watcher.stop()


def test_the_sound_can_be_turned_off(qtbot, main_window, ui_context, calls):
    ui_context.settings.alert_sound = False
    register(ui_context.db, received_minutes_ago=27)
    watcher = DeadlineAlerts(ui_context, main_window, now=lambda: NOW, check_ms=50, repeat_ms=100)
    qtbot.waitUntil(lambda: watcher.calls >= 2, timeout=2000)
    assert calls["beep"] == 0 and calls["alert"] >= 2
    watcher.stop()
