"""A write reloads what is on screen; a panel hidden behind another catches up when it is shown, so
it never shows a state older than the database. The org chart keeps its boxes across a level switch
and shows exactly what a chart built afresh would."""
from datetime import timedelta

from level_support import switch
from PySide6.QtWidgets import QWidget

from wzcommand import clock
from wzcommand.services import levels
from wzcommand.ui.bus import LEVELS, ROSTER, SCHEDULE, ChangeBus
from wzcommand.ui.panels.command_panel import CommandPanel

HISTORY = "响应记录"


def index_of(window, title):
    return window.stack.indexOf(window.panels[title])


def counted(monkeypatch, panel) -> list[int]:
    calls: list[int] = []
    real = panel.reload
    monkeypatch.setattr(panel, "reload", lambda *a: calls.append(1) or real(*a))
    return calls


def test_a_hidden_panel_shows_the_switch_when_shown_and_reads_nothing_before(qtbot, main_window, ui_context,
                                                                              monkeypatch):
    history = main_window.panels[HISTORY]
    main_window.show_panel(index_of(main_window, HISTORY))
    main_window.show_panel(0)  # 指挥体系 on screen, 响应记录 built and hidden
    assert history.level_model.rowCount() == 0
    reloads = counted(monkeypatch, history)
    decision = switch(ui_context.db, "IV", clock.now() - timedelta(minutes=5))
    ui_context.bus.write(LEVELS, lambda: decision)
    assert reloads == []  # nothing read for a panel nobody sees
    assert main_window.state_label.text() == "Ⅳ级应急响应"  # what is on screen follows at once
    assert "mechanism" in main_window.panels["指挥体系"].chart.boxes()
    main_window.show_panel(index_of(main_window, HISTORY))
    assert reloads == [1]  # once, for both topics the switch announced
    assert history.level_model.rowCount() == 1
    assert history.level_model.index(0, 1).data() == "启动：未启动应急响应 → Ⅳ级应急响应"
    main_window.show_panel(0)
    main_window.show_panel(index_of(main_window, HISTORY))
    assert reloads == [1]  # shown again with nothing new: nothing read again


def test_the_chart_hidden_during_switches_shows_the_level_in_force_when_shown(qtbot, main_window, ui_context):
    command = main_window.panels["指挥体系"]
    main_window.show_panel(index_of(main_window, HISTORY))
    for target, minutes in (("IV", 30), ("III", 20), ("II", 10)):
        ui_context.bus.write(LEVELS, switch, ui_context.db, target, clock.now() - timedelta(minutes=minutes))
    main_window.show_panel(0)
    assert command.ui.levelLabel.text() == "Ⅱ级应急响应"
    assert command.view().state.level == "II"
    assert "mechanism" not in command.chart.boxes() and "medical" in command.chart.boxes()


def test_topics_announced_while_hidden_arrive_once_each_in_order(qtbot):
    bus, seen = ChangeBus(), []
    window = QWidget()
    qtbot.addWidget(window)
    shown, hidden = QWidget(window), QWidget(window)
    window.show()
    qtbot.waitExposed(window)
    hidden.hide()
    bus.follow(hidden, seen.append)
    bus.follow(shown, lambda topic: seen.append(f"shown:{topic}"))
    for topic in (SCHEDULE, LEVELS, SCHEDULE, ROSTER):
        bus.changed.emit(topic)
    assert seen == ["shown:schedule", "shown:levels", "shown:schedule", "shown:roster"]
    hidden.show()
    assert seen[4:] == [SCHEDULE, LEVELS, ROSTER]
    bus.changed.emit(LEVELS)
    assert seen[-2:] == [LEVELS, "shown:levels"]  # shown now: at once


def boxes_seen(panel):
    chart = panel.chart
    return [(key, box.text(), box.clickable, box.is_selected(), chart.isAncestorOf(box))
            for key, box in chart.boxes().items()]


def test_the_chart_after_switches_is_the_chart_a_fresh_panel_draws(qtbot, ui_context):
    panel = CommandPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    kept_body = panel.chart.boxes()["body"]
    at = clock.now() - timedelta(hours=3)
    for n, target in enumerate(("IV", "III", "II", "III", "IV", "none")):
        ui_context.bus.write(LEVELS, switch, ui_context.db, target, at + timedelta(minutes=10 * n))
        if target == "III":
            panel.show_group("medical")
        fresh = CommandPanel(ui_context)
        qtbot.addWidget(fresh)
        if panel.shown_group():
            fresh.show_group(panel.shown_group())
        assert boxes_seen(panel) == boxes_seen(fresh), target
        assert panel.chart.boxes()["body"] is kept_body  # the same box, its text set again
        assert levels.current_state(ui_context.db).level == target
