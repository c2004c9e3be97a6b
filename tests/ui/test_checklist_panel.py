"""职责落实 panel: an event's duty points per active unit, marking points and reporting back; the 成员单位
table counts the confirmed points for the event chosen here (or the latest open event)."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from wzcommand import clock
from wzcommand.services import checklists, events
from wzcommand.ui.models.roster_model import COL_CHECKLIST, COLUMN_COUNT
from wzcommand.ui.panels.checklist_panel import NO_EVENTS, P_NOTE, P_STATUS, ChecklistPanel


def register(db, name="测试事件", hours_ago=1):
    now = clock.now()
    return events.register_event(db, events.EventInput(
        name=name, category="infectious", district="鹿城区", occurred_at=now - timedelta(hours=hours_ago + 1),
        received_at=now - timedelta(hours=hours_ago), grade="较大"), "值班员", now=now)


@pytest.fixture
def panel(qtbot, ui_context):
    widget = ChecklistPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def roster_cell(window, unit):
    """The roster's 职责落实 cell as a user reads it: the roster shown (a hidden panel catches up when
    shown), then back to the panel that was on screen."""
    back, roster = window.stack.currentIndex(), window.panels["成员单位"]
    window.show_panel(window.stack.indexOf(roster))
    text = roster.model.index(roster.model.row_of(unit), COL_CHECKLIST).data()
    window.show_panel(back)
    return text


def test_without_events_there_is_nothing_to_track(panel, main_window):
    assert panel.ui.summaryLabel.text() == NO_EVENTS and panel.ui.unitTable.rowCount() == 0
    assert main_window.panels["成员单位"].model.columnCount() == COLUMN_COUNT  # no 职责落实 column


def test_marking_a_point_is_stored_shown_and_counted_in_the_roster(qtbot, main_window, ui_context, type_text):
    event = register(ui_context.db)
    main_window.show_panel(main_window.stack.indexOf(main_window.panels["职责落实"]))
    panel = main_window.panels["职责落实"]
    assert panel.event_id() == event.id
    assert panel.select_unit("市卫生健康委")
    assert panel.ui.pointTable.rowCount() == 6 and panel.point_cells(0)[0] == "第29项第1点"
    assert not panel.ui.doneButton.isEnabled()  # no point chosen yet
    panel.select_points([0])
    type_text(panel.ui.noteEdit, "方案已印发")
    qtbot.mouseClick(panel.ui.doneButton, Qt.MouseButton.LeftButton)
    health = {c.unit: c for c in checklists.checklist(ui_context.db, event.id)}["市卫生健康委"]
    assert health.confirmed == 1 and health.points[0].status == "done" and health.points[0].by == "测试员"
    cells = panel.point_cells(0)
    assert cells[P_STATUS] == "已完成" and cells[P_NOTE] == "方案已印发"
    assert "已落实 1 点" in panel.ui.unitTitle.text()
    roster = main_window.panels["成员单位"]
    assert roster.model.headerData(COL_CHECKLIST, Qt.Orientation.Horizontal) == "职责落实"
    assert roster_cell(main_window, "市卫生健康委") == "1/6"
    panel.select_points([1, 4])  # several at once
    qtbot.mouseClick(panel.ui.naButton, Qt.MouseButton.LeftButton)
    assert roster_cell(main_window, "市卫生健康委") == "3/6"
    assert "测试事件" in roster.model.index(roster.model.row_of("市卫生健康委"), COL_CHECKLIST).data(
        Qt.ItemDataRole.ToolTipRole)


def test_reporting_back_is_marked_once(qtbot, panel, ui_context):
    event = register(ui_context.db)
    panel.reload_events()
    panel.select_unit("市公安局")
    assert panel.ui.reportedLabel.text() == "尚未反馈"
    qtbot.mouseClick(panel.ui.reportBackButton, Qt.MouseButton.LeftButton)
    police = {c.unit: c for c in checklists.checklist(ui_context.db, event.id)}["市公安局"]
    assert police.reported_back is not None
    assert panel.ui.reportedLabel.text().startswith("已于") and not panel.ui.reportBackButton.isEnabled()
    assert "已反馈 1/" in panel.ui.summaryLabel.text()


def test_the_roster_follows_the_event_chosen_here(main_window, ui_context):
    older = register(ui_context.db, "较早的事件", hours_ago=5)
    newer = register(ui_context.db, "最新的事件", hours_ago=1)
    checklists.mark_point(ui_context.db, older.id, "市卫生健康委", 29, 1, "done", "值班员")
    roster = main_window.panels["成员单位"]
    roster.load_checklist()  # events registered after the window opened (the events panel announces them)
    assert roster.model.checklist_event() == "最新的事件" and roster_cell(main_window, "市卫生健康委") == "0/6"
    panel = main_window.panels["职责落实"]
    main_window.show_panel(main_window.stack.indexOf(panel))
    assert panel.event_id() == newer.id  # the latest open event first
    panel.set_event(older.id)
    assert roster.model.checklist_event() == "较早的事件" and roster_cell(main_window, "市卫生健康委") == "1/6"
