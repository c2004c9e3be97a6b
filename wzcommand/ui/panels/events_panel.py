"""事件: every registered event, and for the one selected its registration, count and grade history,
phone reports, live reporting clocks and epidemic curve; buttons open the dialogs that register,
update, log a phone report, end the event, draft its reports, and print the paper kit.

The curve (pyqtgraph) is made when the panel is first shown; reports (reportlab) load when a
report is first drafted, so starting the program loads neither. ``now`` is injectable.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QWidget

from ... import clock
from ...services import deadlines, events
from ..bus import EVENTS, REPORTS, SESSION, UiContext, attempt_read
from ..columns import Columns
from ..forms.ui_events_panel import Ui_EventsPanel
from ..models.clock_model import ClockTableModel
from ..models.event_model import (
    COL_NAME,
    COUNT_HEADERS,
    COUNT_NUMERIC,
    EVENT_ROLE,
    GRADE_HEADERS,
    PHONE_HEADERS,
    EventRow,
    EventTableModel,
    TextRowsModel,
    count_rows,
    detail_html,
    grade_rows,
    latest_counts,
    phone_rows,
)
from ..paper_kit import PaperKitWriter
from ..ticker import SharedNow, ticker_of

NO_EVENT = "请在上方列表中选择一个事件；新事件请按“登记事件…”。"
NO_EVENTS = "尚未登记事件。按“登记事件…”登记新接报的事件。"
REPORT_KINDS = {"first": "首次报告", "progress": "进程报告", "closing": "结案报告"}


class EventsPanel(SharedNow, QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, now: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self.ui = Ui_EventsPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._ticker = ticker_of(ctx, now)  # one moment a second, shared with the status-bar countdown
        self.chart = None  # EpiChart, made on first show
        self.current: EventRow | None = None
        self._history: list = []
        self._sized = False
        ui = self.ui
        self.model = EventTableModel(self)
        self.clock_model = ClockTableModel(self)
        self.count_model = TextRowsModel(COUNT_HEADERS, self, numeric=COUNT_NUMERIC)
        self.grade_model = TextRowsModel(GRADE_HEADERS, self)
        self.phone_model = TextRowsModel(PHONE_HEADERS, self)
        for table, model in ((ui.eventTable, self.model), (ui.clockTable, self.clock_model),
                             (ui.countTable, self.count_model), (ui.gradeTable, self.grade_model),
                             (ui.phoneTable, self.phone_model)):
            table.setModel(model)
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 8 // 5)
        self.columns = {table: Columns(table, key, caps=caps, pad=pad) for table, key, caps, pad in (
            (ui.eventTable, "events", {COL_NAME: 22}, True), (ui.clockTable, "event_clocks", {}, True),
            (ui.countTable, "event_counts", {}, False), (ui.gradeTable, "event_grades", {}, False),
            (ui.phoneTable, "event_phones", {}, False))}
        ui.eventTable.selectionModel().selectionChanged.connect(self._on_selection)
        ui.eventTable.doubleClicked.connect(lambda _index: self.update_event())
        self.setFocusProxy(ui.eventTable)
        ui.registerButton.clicked.connect(self.register_event)
        ui.updateButton.clicked.connect(self.update_event)
        ui.phoneButton.clicked.connect(self.log_phone_report)
        ui.endButton.clicked.connect(self.end_event)
        ui.firstButton.clicked.connect(lambda: self.open_report("first"))
        ui.progressButton.clicked.connect(lambda: self.open_report("progress"))
        ui.closingButton.clicked.connect(lambda: self.open_report("closing"))
        self.paper_kit = PaperKitWriter(self, ctx, ui.busyLabel, ui.busyBar, ui.paperKitButton)
        ui.paperKitButton.clicked.connect(self.write_paper_kit)
        ui.detailSplitter.setStretchFactor(0, 4)
        ui.detailSplitter.setStretchFactor(1, 5)
        ui.chartBox.setMinimumHeight(self.fontMetrics().height() * 12)
        self._ticker.ticked.connect(self._on_tick)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic in (EVENTS, REPORTS):
            self.reload()
        elif topic == SESSION:
            self._enable(self.current)

    def _may(self, action: str, writes: bool = True) -> bool:
        """The signed-in role may (the services check again), and the database is writable."""
        return self._ctx.may(action) and not (writes and self._ctx.db.read_only)

    def _enable(self, row: EventRow | None) -> None:
        ui, edit, draft = self.ui, self._may("event.edit"), self._may("report.draft", writes=False)
        ui.registerButton.setEnabled(edit)
        ui.updateButton.setEnabled(row is not None and edit)
        ui.phoneButton.setEnabled(row is not None and edit)
        ui.endButton.setEnabled(row is not None and row.active and edit)
        for button in (ui.firstButton, ui.progressButton, ui.closingButton):
            button.setEnabled(row is not None and draft)

    def reload(self) -> None:
        db = self._ctx.db
        keep = self.current.id if self.current else None
        counts = events.latest_ill_dead(db)
        rows = [EventRow(event, *counts.get(event.id, (0, 0))) for event in events.list_events(db)]
        self.model.set_rows(rows)
        self.columns[self.ui.eventTable].fit()
        if keep is None or not self.select_event(keep, refresh=False):
            if rows and keep is None:
                self.select_event(rows[0].id, refresh=False)
            else:
                self._show(None)

    def select_event(self, event_id: int, refresh: bool = True) -> bool:
        """Select an event; one not listed yet (registered at another seat) is looked for after a reload."""
        row = self.model.row_of(event_id)
        if row < 0 and refresh:
            self.reload()
            row = self.model.row_of(event_id)
        if row < 0:
            return False
        index = self.model.index(row, COL_NAME)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.ui.eventTable.selectionModel().setCurrentIndex(index, flags)
        self.ui.eventTable.scrollTo(index)
        self._show(index.data(EVENT_ROLE))
        return True

    def _on_selection(self, *_args) -> None:
        rows = self.ui.eventTable.selectionModel().selectedRows(COL_NAME)
        self._show(rows[0].data(EVENT_ROLE) if rows else None)

    def _show(self, row: EventRow | None) -> None:
        self.current = row
        ui, db = self.ui, self._ctx.db
        self._enable(row)
        if row is None:
            ui.infoBrowser.setPlainText(NO_EVENT if self.model.rowCount() else NO_EVENTS)
            self._history = []
            for model in (self.count_model, self.grade_model, self.phone_model):
                model.set_rows([])
            self.clock_model.set_clocks([], self.now())
            ui.clocksBox.setTitle("报告时限")
            self._update_chart()
            return
        event = row.event
        self._history = events.count_history(db, event.id)
        ui.infoBrowser.setHtml(detail_html(event, latest_counts(self._history)))
        self.count_model.set_rows(count_rows(self._history))
        self.grade_model.set_rows(grade_rows(events.grade_history(db, event.id)))
        self.phone_model.set_rows(phone_rows(events.phone_reports(db, event.id)))
        ui.detailTabs.setTabText(1, f"人数变化（{len(self._history)}）")
        for table in (ui.countTable, ui.gradeTable, ui.phoneTable):
            self.columns[table].fit()
        self.reload_clocks()
        self._update_chart()

    def reload_clocks(self) -> None:
        now = self.now()
        items = deadlines.event_clocks(self._ctx.db, self.current.id, now=now) if self.current else []
        self.clock_model.set_clocks(items, now)
        self._ticker.tick()  # every clock of the window shows one fresh moment again
        self.ui.clocksBox.setTitle(f"报告时限：{self.current.event.name}" if self.current else "报告时限")
        self.columns[self.ui.clockTable].fit()

    def _on_tick(self, now: datetime) -> None:
        if self.isVisible():
            self.tick(now)

    def tick(self, now: datetime | None = None) -> None:
        self.clock_model.tick(now if now is not None else self.now())

    # ------------------------------------------------------------------ showing

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload_clocks()
        if not self._sized:
            self._sized = True
            height = self.ui.splitter.height()
            table = self.ui.eventTable
            rows = min(max(self.model.rowCount(), 3), 6) + 1
            top = table.verticalHeader().defaultSectionSize() * rows + table.frameWidth() * 2 + 4
            self.ui.splitter.setSizes([top, height - top])
            right = self.ui.rightSplitter.height()
            clocks = self.ui.clockTable.verticalHeader().defaultSectionSize() * 6 + self.fontMetrics().height() * 2
            self.ui.rightSplitter.setSizes([clocks, right - clocks])
        if self.chart is None:
            self.ensure_chart()

    def ensure_chart(self):
        """Create the curve (imports pyqtgraph) if it is not there yet; return it."""
        if self.chart is None:
            from ..charts.epi_chart import EpiChart

            self.chart = EpiChart(self.ui.chartBox)
            self.ui.chartPlaceholder.hide()
            self.ui.chartLayout.addWidget(self.chart)
            self.chart.setVisible(self.isVisible())
            self._update_chart()
        return self.chart

    def _update_chart(self) -> None:
        if self.chart is None:
            return
        event = self.current.event if self.current else None
        first = clock.local(event.occurred_at).date() if event else None
        last = clock.local(event.ended_at or self.now()).date() if event else None
        if first and last and last < first:
            last = first
        self.chart.set_counts(self._history, first, last)

    # ------------------------------------------------------------------ dialogs

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._after_dialog)
        dialog.open()
        return dialog

    def _after_dialog(self, _result: int) -> None:
        self.ui.eventTable.setFocus(Qt.FocusReason.OtherFocusReason)

    def register_event(self) -> QDialog:
        from ..dialogs.event_dialog import EventDialog

        dialog = EventDialog(self._ctx, self.window(), now=self.now)
        dialog.accepted.connect(lambda: self.select_event(dialog.saved.id) if dialog.saved else None)
        return self._open(dialog)

    def update_event(self) -> QDialog | None:
        from ..dialogs.event_dialog import EventDialog

        if self.current is None:
            return None
        return self._open(EventDialog(self._ctx, self.window(), event=self.current.event,
                                      counts=latest_counts(self._history), now=self.now))

    def log_phone_report(self) -> QDialog | None:
        from ..dialogs.phone_report_dialog import PhoneReportDialog

        if self.current is None:
            return None
        return self._open(PhoneReportDialog(self._ctx, self.current.event, self.window(), now=self.now))

    def end_event(self) -> QDialog | None:
        from ..dialogs.end_event_dialog import EndEventDialog

        if self.current is None or not self.current.active:
            return None
        return self._open(EndEventDialog(self._ctx, self.current.event, self.window(), now=self.now))

    def open_report(self, kind: str) -> QDialog | None:
        """Draft the event's report of ``kind`` and open it for editing; a refusal is shown as a message."""
        if self.current is None:
            return None
        from ...services import reports
        from ..dialogs.report_dialog import ReportDialog

        ok, draft = attempt_read(self, reports.draft_report, self._ctx.db, kind, self.current.id,
                                 title=f"不能出具{REPORT_KINDS[kind]}")
        return self._open(ReportDialog(self._ctx, draft, self.window())) if ok and draft is not None else None

    def write_paper_kit(self):
        """纸质应急包 to a chosen file, in the background; the task, or None if nothing was started."""
        return self.paper_kit.start()
