"""交办单: the task sheets (overdue in red) with their progress notes and receipt, status changes the
workflow allows, and the 催办单 (open tasks by unit with the liaison's phone); printing both."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QDate, QDateTime, QItemSelectionModel, Qt, QTime
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

from ... import clock
from ...services import meetings, tasks
from ..bus import ROSTER, SCHEDULE, SESSION, TASKS, UiContext
from ..columns import Columns
from ..field_errors import ERROR_STYLE
from ..forms.ui_tasks_panel import Ui_TasksPanel
from ..models.task_model import (
    COL_CO,
    COL_CONTENT,
    COL_DEADLINE,
    COL_LEAD,
    COL_NO,
    COL_RECEIPT,
    COL_STATUS,
    OVERDUE_COLOUR,
    TASK_ROLE,
    TaskModel,
    chase_model,
)
from ..printing import PdfOutput, schedule_document
from ..qt_time import from_qt, to_qt

NOTHING_SELECTED = "在左侧选择一份交办单，查看全文、办理进展和回执。"
COLUMN_CHARS = {COL_CONTENT: 16, COL_LEAD: 8, COL_CO: 8}  # initial width caps, in CJK characters
COLUMN_SAMPLES = {COL_NO: "交办〔2026〕100号", COL_DEADLINE: "2026-12-31 23:59", COL_STATUS: "办理中",
                  COL_RECEIPT: "2026-12-31 23:59"}  # never cut below these texts (bold)
SHOWN = ("open", "overdue", "all")


def task_html(task, status: str, source: str) -> str:
    lines = [f"<h3>{escape(task.doc_no)}　<span style='color:{OVERDUE_COLOUR if status == 'overdue' else '#000'}'>"
             f"{tasks.STATUS_NAMES[status]}</span></h3>", f"<p>{escape(task.content).replace(chr(10), '<br/>')}</p>"]
    for label, value in (("牵头单位", task.lead_unit), ("配合单位", task.co_units),
                         ("办结时限", clock.local_text(task.deadline)), ("来源", source),
                         ("交办", f"{clock.local_text(task.created_at)} {task.created_by}"),
                         ("回执", clock.local_text(task.receipt_at) or "未回执"),
                         ("办结", clock.local_text(task.done_at))):
        if value:
            lines.append(f"<p><b>{label}：</b>{escape(value)}</p>")
    return "".join(lines)


class TasksPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_TasksPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._loaded = False
        self._sized = False
        self.last_job: PdfOutput | None = None  # the last one started
        self.model = TaskModel(self)
        ui = self.ui
        ui.taskTable.setModel(self.model)
        ui.taskTable.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        ui.taskTable.selectionModel().selectionChanged.connect(self._show_task)
        self.columns = Columns(ui.taskTable, "tasks", caps=COLUMN_CHARS, floors=COLUMN_SAMPLES, bold_floors=True)
        self.chase_columns = Columns(ui.chaseTree, "chase", caps={0: 14, 1: 30, 2: 9})
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ui.errorLabel.setStyleSheet(ERROR_STYLE)
        ui.errorLabel.setWordWrap(True)
        for radio in (ui.openRadio, ui.overdueRadio, ui.allRadio):
            radio.toggled.connect(self._on_filter)
        ui.startButton.clicked.connect(lambda: self.change_status("in_progress"))
        ui.doneButton.clicked.connect(lambda: self.change_status("done"))
        ui.receiptButton.clicked.connect(self.record_receipt)
        ui.receiptEdit.setMinimumDateTime(QDateTime(QDate(2000, 1, 1), QTime(0, 0)))
        ui.receiptEdit.setSpecialValueText(" ")  # no task chosen: blank, not Qt's 2000-01-01 00:00
        ui.addNoteButton.clicked.connect(self.add_note)
        ui.noteEdit.returnPressed.connect(self.add_note)
        ui.newButton.clicked.connect(self.new_task)
        ui.printButton.clicked.connect(self.print_task)
        ui.chasePrintButton.clicked.connect(self.print_chase)
        ui.tabs.currentChanged.connect(lambda _i: self._reload_chase())
        ctx.bus.follow(self, self._on_changed)
        self._show_task()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            total = self.ui.splitter.width()
            self.ui.splitter.setSizes([total * 2 // 3, total - total * 2 // 3])
            self.reload()

    def _on_changed(self, topic: str) -> None:
        if self._loaded and topic in (TASKS, ROSTER, SCHEDULE):
            self.reload()
        elif topic == SESSION:
            self._show_task()

    # ------------------------------------------------------------------ list

    def shown(self) -> str:
        ui = self.ui
        return "overdue" if ui.overdueRadio.isChecked() else "all" if ui.allRadio.isChecked() else "open"

    def set_shown(self, shown: str) -> None:
        dict(zip(SHOWN, (self.ui.openRadio, self.ui.overdueRadio, self.ui.allRadio), strict=True))[shown].setChecked(True)

    def _on_filter(self, checked: bool) -> None:
        if checked and self._loaded:
            self.reload()

    def reload(self) -> None:
        keep = self.selected_task()
        now = clock.now()
        db, shown = self._ctx.db, self.shown()
        self.model.set_source(lambda offset, limit: tasks.list_tasks(db, shown=shown, now=now, newest_first=True,
                                                                     offset=offset, limit=limit),
                              tasks.count_tasks(db, shown=shown, now=now), now)
        total = self.model.total()
        self.ui.countLabel.setText(f"共 {total} 份" if total else "无交办单")
        if not self._sized:
            self._fit_columns()
        if keep is None or not self.select_task(keep.id):
            self._show_task()
        self._reload_chase()

    def _fit_columns(self) -> None:
        if not self.model.rowCount():
            return
        self._sized = True
        self.columns.fit()

    def select_task(self, task_id: int) -> bool:
        row = self.model.row_of(task_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_NO)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.taskTable.selectionModel().setCurrentIndex(index, flags)
        self.ui.taskTable.scrollTo(index)
        return True

    def selected_task(self):
        rows = self.ui.taskTable.selectionModel().selectedRows(COL_NO)
        return rows[0].data(TASK_ROLE) if rows else None

    def show_overdue(self) -> None:
        self.ui.tabs.setCurrentIndex(0)
        self.set_shown("overdue")

    # ------------------------------------------------------------------ detail

    def _show_task(self, *_args) -> None:
        ui, task = self.ui, self.selected_task()
        may = not self._ctx.db.read_only and self._ctx.may("task.edit")  # the services check again
        ui.errorLabel.clear()
        ui.newButton.setEnabled(may)
        for widget in (ui.receiptEdit, ui.receiptButton, ui.noteEdit, ui.addNoteButton):
            widget.setEnabled(may and task is not None)
        ui.printButton.setEnabled(task is not None)
        ui.notesList.clear()
        if task is None:
            ui.receiptEdit.setDateTime(ui.receiptEdit.minimumDateTime())
            ui.detailBrowser.setPlainText(NOTHING_SELECTED)
            ui.startButton.setEnabled(False)
            ui.doneButton.setEnabled(False)
            return
        now = clock.now()
        allowed = tasks.ALLOWED.get(task.status, set()) if may else set()  # the workflow's own table
        ui.startButton.setEnabled("in_progress" in allowed)
        ui.doneButton.setEnabled("done" in allowed)
        ui.detailBrowser.setHtml(task_html(task, tasks.display_status(task, now), self._source(task)))
        moment = task.receipt_at or now
        ui.receiptEdit.setDateTime(to_qt(moment))
        for note in tasks.notes(self._ctx.db, task.id):
            ui.notesList.addItem(f"{clock.local_text(note.at)}　{note.author}：{note.text}")
        ui.notesCaption.setText(f"办理进展（{ui.notesList.count()}）：")

    def _source(self, task) -> str:
        if task.source != "meeting" or task.meeting_id is None:
            return "领导批示" + (f"：{task.instruction}" if task.instruction else "")
        item = meetings.find_item(self._ctx.db, task.meeting_id)
        if item is None:
            return f"会议决定（日程 #{task.meeting_id}）"
        return f"会议决定：{clock.local_text(item.start, '%Y-%m-%d')} {item.title}"

    # ------------------------------------------------------------------ writes

    def _write(self, fn, *args, **kwargs) -> bool:
        ok, _ = self._ctx.bus.attempt(self.ui.errorLabel, TASKS, fn, self._ctx.db, *args, **kwargs)
        return ok

    def change_status(self, status: str) -> bool:
        task = self.selected_task()
        button = self.ui.startButton if status == "in_progress" else self.ui.doneButton
        if task is None or not button.isEnabled():
            return False
        note = ""
        if status == "done":
            note, ok = QInputDialog.getText(self, "办结", f"{task.doc_no}办结情况（可留空）：")
            if not ok:
                return False
        return self._write(tasks.update_status, task.id, status, self._ctx.operator(), note=note)

    def record_receipt(self) -> bool:
        task = self.selected_task()
        if task is None or not self.ui.receiptButton.isEnabled():
            return False
        at = from_qt(self.ui.receiptEdit.dateTime())
        return self._write(tasks.record_receipt, task.id, at, self._ctx.operator())

    def add_note(self) -> bool:
        task, text = self.selected_task(), self.ui.noteEdit.text()
        if task is None or not self.ui.addNoteButton.isEnabled() \
                or not self._write(tasks.add_note, task.id, text, self._ctx.operator()):
            return False
        self.ui.noteEdit.clear()
        return True

    def new_task(self, meeting_id: int | None = None) -> QDialog | None:
        if not self.ui.newButton.isEnabled():
            return None
        from ..dialogs.task_dialog import TaskDialog

        dialog = TaskDialog(self._ctx, self.window(), meeting_id=meeting_id or None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._created)
        dialog.open()
        return dialog

    def _created(self, task) -> None:
        if not self.select_task(task.id):  # the filter hides it: show all
            self.set_shown("all")
            self.select_task(task.id)

    # ------------------------------------------------------------------ 催办单 and printing

    def _reload_chase(self) -> None:
        if self.ui.tabs.currentWidget() is not self.ui.chaseTab:
            return
        now = clock.now()
        groups = tasks.chase_list(self._ctx.db, now)
        model = chase_model(groups, now, self)
        old = self.ui.chaseTree.model()
        self.ui.chaseTree.setModel(model)
        if old is not None:
            old.deleteLater()
        self.ui.chaseTree.expandAll()
        self.chase_columns.fit()
        open_count = sum(len(g.tasks) for g in groups)
        self.ui.chaseSummary.setText(f"{len(groups)} 个单位共 {open_count} 份交办单未办结（逾期的单位排在前面）。"
                                     if groups else "没有未办结的交办单。")

    def show_chase(self) -> None:
        self.ui.tabs.setCurrentWidget(self.ui.chaseTab)

    def print_task(self) -> PdfOutput | None:
        task = self.selected_task()
        if task is None:
            return None
        self.last_job = schedule_document(self, "交办单", f"{task.doc_no}.pdf", "task_sheet_pdf", self._ctx.db, task.id)
        return self.last_job

    def print_chase(self) -> PdfOutput:
        now = clock.now()
        self.last_job = schedule_document(self, "催办单", f"催办单-{now:%Y%m%d}.pdf", "chase_list_pdf",
                                          self._ctx.db, now)
        return self.last_job

