"""Printing from the task panel: the task sheet and the chase list are rendered in the worker and saved
as PDF files; the shared helper also draws a PDF onto a printer (here a PDF-file printer)."""
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from wzcommand import clock
from wzcommand.services import tasks
from wzcommand.ui import printing
from wzcommand.ui.panels.tasks_panel import TasksPanel


def open_panel(qtbot, ctx):
    panel = TasksPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def choose_save(monkeypatch, target):
    monkeypatch.setattr(printing, "choose_output", lambda parent, title: printing.SAVE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), printing.PDF_FILTER))


def test_printing_a_task_sheet_writes_a_pdf(qtbot, ui_context, tmp_path, monkeypatch):
    task = tasks.add_task(ui_context.db, "落实隔离点位", "市卫生健康委", "值班员")
    panel = open_panel(qtbot, ui_context)
    panel.select_task(task.id)
    target = tmp_path / "交办单.pdf"
    choose_save(monkeypatch, target)
    qtbot.mouseClick(panel.ui.printButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left


def test_printing_the_chase_list_writes_a_pdf(qtbot, ui_context, tmp_path, monkeypatch):
    tasks.add_task(ui_context.db, "落实隔离点位", "市卫生健康委", "值班员", now=clock.now() - timedelta(days=2))
    panel = open_panel(qtbot, ui_context)
    target = tmp_path / "催办单.pdf"
    choose_save(monkeypatch, target)
    job = panel.print_chase()
    with qtbot.waitSignal(job.done, timeout=20000) as blocker:
        pass
    assert blocker.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_failed_render_is_reported(qtbot, ui_context, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    panel = open_panel(qtbot, ui_context)
    job = printing.schedule_document(panel, "交办单", "x.pdf", "task_sheet_pdf", ui_context.db, 999)
    with qtbot.waitSignal(job.done, timeout=20000):
        pass
    assert shown == [("未能生成", "没有编号为 999 的交办单。")]
