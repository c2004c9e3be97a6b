"""Table columns: sized to their contents on first show, never wider than the table at 1024 px
(long texts are cut, the last column takes the room left), and the widths the user drags kept per
table across restarts."""
from datetime import timedelta

from doc_support import ensure_signer

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView

from wzcommand import clock
from wzcommand.services import events, meetings, reports, roster, tasks
from wzcommand.ui import columns
from wzcommand.ui.columns import header_of
from wzcommand.ui.bus import EVENTS
from wzcommand.ui.main_window import PANELS, MainWindow
from wzcommand.ui.models.event_model import COL_NAME
from wzcommand.ui.panels.roster_panel import PHONE_COLUMNS
from wzcommand.ui.models.schedule_model import COL_TITLE

NOW = clock.now().replace(microsecond=0)
LONG_NAME = "鹿城区某小学诺如病毒感染聚集性疫情"


def office_at_work(db) -> None:
    for n, unit in enumerate(("市纪委市监委机关", "市委宣传部（市新闻办）", "市卫生健康委")):
        roster.update_contact(db, unit, {"liaison": "欧阳晓明", "title": "办公室副主任", "office_phone": f"0577-8881000{n}",
                                         "mobile": f"1390577000{n}", "duty_phone": f"0577-8882000{n}",
                                         "fax": f"0577-8883000{n}"}, "值班员")
    event = events.register_event(db, events.EventInput(
        name=LONG_NAME, category="infectious", disease="诺如病毒感染", district="鹿城区", place="某小学",
        occurred_at=NOW - timedelta(hours=3), received_at=NOW - timedelta(hours=2),
        grade="较大", counts={"ill": 23, "dead": 0}), "值班员", now=NOW)
    tasks.add_task(db, "组织开展密切接触者排查，落实隔离医学观察措施，每日报告排查进展" * 2, "市疾控中心", "值班员",
                   co_units=["市教育局", "市公安局"], deadline=NOW + timedelta(days=1), now=NOW)
    ensure_signer(db)
    reports.issue_report(db, reports.draft_first(db, event.id), "值班员", now=NOW)


def open_window(qtbot, ui_context, width=1024, height=700) -> MainWindow:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def show(qtbot, window: MainWindow, title: str):
    window.show_panel([t for t, _ in PANELS].index(title))
    qtbot.wait(20)
    return window.panels[title]


def tables(panel) -> list[QAbstractItemView]:
    return [v for kind in (QTableView, QTreeView) for v in panel.findChildren(kind)
            if v.isVisible() and v.objectName() != "weekTable"]  # the week is a calendar: seven equal days


def test_a_column_is_as_wide_as_its_longest_cell_on_first_show(qtbot, ui_context):
    office_at_work(ui_context.db)
    window = open_window(qtbot, ui_context)
    table = show(qtbot, window, "事件").ui.eventTable
    assert_whole_names(table)


def test_a_column_fits_rows_that_arrive_while_the_table_is_shown(qtbot, ui_context):
    window = open_window(qtbot, ui_context)
    table = show(qtbot, window, "事件").ui.eventTable  # no events yet: the last column takes the room
    office_at_work(ui_context.db)
    ui_context.bus.changed.emit(EVENTS)
    assert_whole_names(table)


def test_a_capped_column_takes_the_room_the_table_has_to_spare(qtbot, ui_context):
    name = "鹿城区某小学诺如病毒感染疫情处置工作会议"  # 20 characters: beyond the usual first cap
    start = NOW.replace(hour=15, minute=0, second=0)
    meetings.add_meeting(ui_context.db, meetings.MeetingInput("work_meeting", name, start, start + timedelta(hours=1)),
                         "值班员")
    window = open_window(qtbot, ui_context)
    table = show(qtbot, window, "日程").ui.dayTable
    assert table.horizontalHeader().sectionSize(COL_TITLE) >= table.sizeHintForColumn(COL_TITLE)
    assert table.horizontalScrollBar().maximum() == 0


def test_a_table_entered_with_tab_chooses_a_row(qtbot, ui_context):
    """Under Xvfb the day's only meeting could not be chosen with the arrows after Tab (Down had nowhere
    to go, nothing was selected, 编辑/登记召开情况 stayed disabled)."""
    start = NOW.replace(hour=15, minute=0, second=0)
    meetings.add_meeting(ui_context.db, meetings.MeetingInput("work_meeting", "例会", start, start + timedelta(hours=1)),
                         "值班员")
    window = open_window(qtbot, ui_context)
    agenda = show(qtbot, window, "日程")
    table = agenda.ui.dayTable
    assert not table.selectionModel().hasSelection()
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: table.selectionModel().hasSelection(), timeout=2000)
    assert agenda.selected_item() is not None and agenda.selected_item().title == "例会"


def assert_whole_names(table) -> None:
    header = table.horizontalHeader()
    assert header.sectionSize(COL_NAME) >= table.sizeHintForColumn(COL_NAME)  # the whole name, not "鹿城区某…"
    for col in range(header.count()):
        assert header.sectionSize(col) >= header.sectionSizeFromContents(col).width()  # every header readable


def test_no_table_is_wider_than_its_panel_at_1024_px(qtbot, ui_context):
    office_at_work(ui_context.db)
    window = open_window(qtbot, ui_context)
    for title, _factory in PANELS:
        panel = show(qtbot, window, title)
        assert window.width() == 1024
        for view in tables(panel):
            header = header_of(view)
            shown = sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c))
            assert view.horizontalScrollBar().maximum() == 0, (
                f"{title}/{view.objectName()}: columns {shown} px in a table {view.viewport().width()} px wide")
    table = show(qtbot, window, "成员单位").ui.table
    for col in PHONE_COLUMNS:  # a phone number is never cut
        assert table.horizontalHeader().sectionSize(col) >= table.sizeHintForColumn(col)


def drag_edge(qtbot, view, col: int, by: int) -> None:
    """Drag the right edge of column `col` by `by` pixels with the mouse, as a user does."""
    header = header_of(view)
    edge = header.sectionViewportPosition(col) + header.sectionSize(col) - 1
    y = header.height() // 2
    target = header.viewport()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, y))
    for step in range(1, 5):
        QTest.mouseMove(target, QPoint(edge + by * step // 4, y))
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge + by, y))
    qtbot.wait(20)


def test_a_width_the_user_drags_is_there_again_after_a_restart(qtbot, ui_context):
    window = open_window(qtbot, ui_context)
    table = show(qtbot, window, "成员单位").ui.table
    header = table.horizontalHeader()
    fitted = header.sectionSize(0)
    drag_edge(qtbot, table, 0, 60)
    dragged = header.sectionSize(0)
    assert dragged >= fitted + 50
    window.close()

    again = open_window(qtbot, ui_context)
    table = show(qtbot, again, "成员单位").ui.table
    assert table.horizontalHeader().sectionSize(0) == dragged
    again.panels["成员单位"].reload()  # new contents do not undo the user's choice
    assert table.horizontalHeader().sectionSize(0) == dragged
    assert columns.saved_widths("roster")[0] == dragged and columns.saved_widths("people") == []  # per table
