"""交办单 panel: the dialog numbers a task and the list shows it, overdue tasks in red and counted in the
status bar, status changes limited to the workflow, notes and receipts, filters, the 催办单 by unit."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

from wzcommand import clock
from wzcommand.services import tasks
from wzcommand.services.roster import update_contact
from wzcommand.ui.bus import TASKS
from wzcommand.ui.models.task_model import (COL_CONTENT, COL_NO, COL_RECEIPT, COL_STATUS, OVERDUE_COLOUR,
                                            STATUS_ROLE, TASK_ROLE)
from wzcommand.ui.panels.tasks_panel import TasksPanel


@pytest.fixture
def panel(qtbot, ui_context):
    widget = TasksPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def add(db, content="落实隔离点位", lead="市卫生健康委", **kw):
    return tasks.add_task(db, content, lead, "值班员", **kw)


def rows(panel):
    model = panel.model
    return [model.index(r, COL_NO).data(TASK_ROLE) for r in range(model.rowCount())]


def later(monkeypatch, days):
    """Move the clock the services and the panel read."""
    moment = clock.now() + timedelta(days=days)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_the_dialog_numbers_a_task_and_the_list_shows_it(qtbot, panel, ui_context, type_text):
    dialog = panel.new_task()
    type_text(dialog.ui.contentEdit, "做好集中隔离点位储备")
    dialog.ui.leadCombo.setCurrentText("市卫生健康委")
    dialog.set_co_units(["市公安局", "市财政局"])
    type_text(dialog.ui.instructionEdit, "李副市长批示")
    assert dialog.ui.deadlineEdit.dateTime().toPython().strftime("%H:%M") == "23:59"  # end of today by default
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    number = f"交办〔{clock.now().year}〕1号"
    task = panel.selected_task()
    assert task is not None and task.doc_no == number
    assert panel.model.index(0, COL_NO).data() == number
    assert panel.model.index(0, COL_CONTENT).data() == "做好集中隔离点位储备"
    assert task.co_units == "市公安局、市财政局" and task.instruction == "李副市长批示"
    assert "领导批示：李副市长批示" in panel.ui.detailBrowser.toPlainText()
    assert panel.ui.countLabel.text() == "共 1 份"


def test_the_dialog_refuses_a_missing_lead_unit(qtbot, panel, ui_context, type_text):
    dialog = panel.new_task()
    type_text(dialog.ui.contentEdit, "落实物资储备")
    dialog.ui.leadCombo.setCurrentText("市没有局")
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "未知的牵头单位" in dialog.field_error("lead_unit") and dialog.ui.lead_unitError.isVisible()
    assert dialog.isVisible() and tasks.list_tasks(ui_context.db) == []


def test_an_overdue_task_is_red_and_counted_in_the_status_bar(qtbot, main_window, ui_context, monkeypatch):
    label = main_window.schedule.overdue_label
    qtbot.waitUntil(lambda: label.job is not None and not label.job.running, timeout=5000)
    assert label.isHidden()  # nothing overdue
    late = add(ui_context.db)
    add(ui_context.db, "发布疫情信息", "市委宣传部", deadline=clock.now() + timedelta(days=5))
    later(monkeypatch, 2)  # two days on: the first deadline has passed
    ui_context.bus.changed.emit(TASKS)
    qtbot.waitUntil(lambda: label.isVisible(), timeout=5000)
    assert label.text() == "逾期交办 1"
    main_window.schedule.new_task.trigger()  # the 日程 menu shows the panel (and opens the dialog)
    panel = main_window.panels["交办单"]
    assert main_window.current_title() == "交办单"
    row = [t.id for t in rows(panel)].index(late.id)
    index = panel.model.index(row, COL_STATUS)
    assert index.data() == "逾期" and index.data(STATUS_ROLE) == "overdue"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_COLOUR)
    other = panel.model.index(1 - row, COL_STATUS)
    assert other.data() == "已交办" and other.data(Qt.ItemDataRole.ForegroundRole) is None
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)  # the count opens the overdue list
    assert panel.shown() == "overdue" and [t.id for t in rows(panel)] == [late.id]


def test_status_buttons_follow_the_workflow(qtbot, panel, ui_context, monkeypatch):
    db = ui_context.db
    task = add(db)
    panel.reload()
    panel.select_task(task.id)
    ui = panel.ui
    assert ui.startButton.isEnabled() and ui.doneButton.isEnabled()  # 已交办 → 办理中 or 已办结
    qtbot.mouseClick(ui.startButton, Qt.MouseButton.LeftButton)
    assert tasks.list_tasks(db)[0].status == "in_progress"
    assert not ui.startButton.isEnabled() and ui.doneButton.isEnabled()  # no way back to 已交办
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("已落实到位", True))
    qtbot.mouseClick(ui.doneButton, Qt.MouseButton.LeftButton)
    assert tasks.list_tasks(db)[0].status == "done"
    panel.set_shown("all")  # 已办结 is not in the default 未办结 list
    panel.select_task(task.id)
    assert not ui.startButton.isEnabled() and not ui.doneButton.isEnabled()  # the end of the workflow
    assert panel.change_status("in_progress") is False and tasks.list_tasks(db)[0].status == "done"
    assert "已落实到位" in ui.notesList.item(0).text()


def test_no_task_chosen_shows_no_receipt_time(qtbot, panel, ui_context):
    """Under Xvfb the receipt box read 2000-01-01 00:00 (Qt's default date) until a task was chosen."""
    add(ui_context.db)
    panel.reload()
    panel.ui.taskTable.clearSelection()
    panel.ui.taskTable.setCurrentIndex(panel.model.index(-1, -1))
    assert panel.selected_task() is None
    assert "2000" not in panel.ui.receiptEdit.text() and not panel.ui.receiptEdit.text().strip()
    panel.select_task(tasks.list_tasks(ui_context.db)[0].id)
    assert panel.ui.receiptEdit.text().startswith(str(clock.now().year))


def test_notes_carry_time_and_author_and_a_receipt_is_shown(qtbot, panel, ui_context, type_text):
    task = add(ui_context.db)
    panel.reload()
    panel.select_task(task.id)
    type_text(panel.ui.noteEdit, "已完成点位摸排")
    qtbot.keyClick(panel.ui.noteEdit, Qt.Key.Key_Return)
    [note] = tasks.notes(ui_context.db, task.id)
    assert note.author == "测试员" and note.text == "已完成点位摸排"
    assert panel.ui.notesList.item(0).text() == f"{clock.local_text(note.at)}　测试员：已完成点位摸排"
    assert panel.ui.noteEdit.text() == ""
    qtbot.mouseClick(panel.ui.receiptButton, Qt.MouseButton.LeftButton)  # the receipt time offered is now
    stored = tasks.list_tasks(ui_context.db)[0]
    assert stored.receipt_at is not None
    assert panel.model.index(0, COL_RECEIPT).data() == clock.local_text(stored.receipt_at)


def test_filters_open_overdue_all(panel, ui_context, monkeypatch):
    db = ui_context.db
    done = add(db, "已完成的事项")
    tasks.update_status(db, done.id, "done", "值班员")
    late = add(db, "逾期的事项")
    open_ = add(db, "未到期的事项", deadline=clock.now() + timedelta(days=5))
    later(monkeypatch, 2)
    panel.reload()
    assert [t.id for t in rows(panel)] == [open_.id, late.id]  # 未办结, newest first
    panel.set_shown("overdue")
    assert [t.id for t in rows(panel)] == [late.id]
    panel.set_shown("all")
    assert [t.id for t in rows(panel)] == [open_.id, late.id, done.id]


def test_chase_list_groups_open_tasks_by_unit_with_the_phone(qtbot, panel, ui_context, monkeypatch):
    db = ui_context.db
    update_contact(db, "市卫生健康委", {"liaison": "陈立", "mobile": "13957700001"}, "测试")
    update_contact(db, "市公安局", {"liaison": "王五", "duty_phone": "0577-88990110"}, "测试")
    first = add(db, "落实隔离点位")
    second = add(db, "储备检测试剂", deadline=clock.now() + timedelta(days=5))
    police = add(db, "卡口查验", "市公安局", deadline=clock.now() + timedelta(days=5))
    finished = add(db, "已办结事项", "市公安局")
    tasks.update_status(db, finished.id, "done", "值班员")
    later(monkeypatch, 2)
    panel.show_chase()
    model = panel.ui.chaseTree.model()
    units = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert units == ["市卫生健康委", "市公安局"]  # units with overdue tasks first
    assert model.index(0, 1).data() == "陈立　13957700001" and model.index(1, 1).data() == "王五　0577-88990110"
    assert model.index(0, 3).data() == "未办结 2，逾期 1"
    health = model.index(0, 0)
    assert [model.index(r, 0, health).data() for r in range(model.rowCount(health))] == [first.doc_no, second.doc_no]
    assert model.index(0, 3, health).data() == "逾期"
    police_row = model.index(1, 0)
    assert [model.index(r, 0, police_row).data() for r in range(model.rowCount(police_row))] == [police.doc_no]
    assert "2 个单位共 3 份交办单未办结" in panel.ui.chaseSummary.text()


def test_a_read_only_database_allows_reading_and_printing_only(qtbot, ui_context):
    task = add(ui_context.db)
    ui_context.db.read_only = True  # as when another window has the file open
    panel = TasksPanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    panel.select_task(task.id)
    ui = panel.ui
    assert panel.selected_task().id == task.id and ui.printButton.isEnabled()
    assert not any(b.isEnabled() for b in (ui.newButton, ui.startButton, ui.doneButton, ui.receiptButton,
                                            ui.addNoteButton))
    assert panel.new_task() is None and panel.change_status("in_progress") is False
