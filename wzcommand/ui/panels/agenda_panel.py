"""日程: the day's or the week's meetings, briefings and due items (fetched by date range), filtered
by kind and unit; what comes next; conflicts flagged; buttons open the meeting dialogs and print.

The first time the panel is shown it asks the service (in the worker) to keep the level's cadence
planned up to the horizon; the views reload whenever the bus announces a schedule or level change.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QHeaderView, QListWidgetItem, QTableView, QWidget

from ... import clock
from ...plan.schedule import KINDS, MEETING_KINDS
from ...services import meetings, riskmap_print
from ...services.roster import plan_of
from ...services.schedule import extend_schedule
from ..bus import RISKMAP, ROSTER, SCHEDULE, SESSION, UiContext
from ..columns import Columns
from ..forms.ui_agenda_panel import Ui_AgendaPanel
from ..models.schedule_model import (
    COL_TITLE,
    CONFLICT_ROLE,
    ITEM_ROLE,
    LEGEND,
    DayModel,
    WeekModel,
    day_title,
    item_detail_html,
)
from ..ticker import ticker_of
from .agenda_actions import AgendaActions
from .agenda_side import NEXT_DAYS, fill_conflicts, fill_next

if TYPE_CHECKING:
    from ..worker import BackgroundTask

ALL_KINDS = "全部类别"
ALL_UNITS = "全部单位"
NOTHING_SELECTED = "在左侧选择一项日程，查看参会单位、议程和召开情况。"
EXTEND_EVERY_MS = 6 * 3600 * 1000  # the horizon moves on while the program stays open
NAV_TEXT = {"day": ("前一天", "今天", "后一天"), "week": ("上周", "本周", "下周")}


class AgendaPanel(AgendaActions, QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_AgendaPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._day = clock.now().date()
        self._units: list[str] = []
        self._loaded = False
        self.extend_task: BackgroundTask | None = None  # the cadence extension started on first show (and every few hours)
        self._extend_timer = QTimer(self, interval=EXTEND_EVERY_MS)
        self._extend_timer.timeout.connect(self.extend)
        self.day_model = DayModel(self)
        self.week_model = WeekModel(self)
        self.ui.dayTable.setModel(self.day_model)
        self.ui.weekTable.setModel(self.week_model)
        self.ui.legendLabel.setText(LEGEND)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 1)
        self._setup_tables()
        self._fill_filters()
        self._connect()
        ctx.bus.follow(self, self._on_changed)
        # A planned meeting becomes recordable when it starts: follow the window's one clock tick.
        ticker_of(ctx).ticked.connect(self._update_buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ building

    def _setup_tables(self) -> None:
        metrics = self.fontMetrics()
        self.ui.dayTable.verticalHeader().setDefaultSectionSize(metrics.height() * 8 // 5)
        self.day_columns = Columns(self.ui.dayTable, "agenda_day")
        week = self.ui.weekTable
        week.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        week.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + metrics.height() // 2)
        for table in (self.ui.dayTable, self.ui.weekTable):
            table.selectionModel().selectionChanged.connect(self._on_selection)
            table.doubleClicked.connect(self.edit_selected)
        self.ui.sidePane.setMinimumWidth(metrics.horizontalAdvance("中" * 18))

    def _fill_filters(self) -> None:
        self.ui.kindCombo.addItem(ALL_KINDS, None)
        for key, name in KINDS.items():
            self.ui.kindCombo.addItem(name, key)
        combo = self.ui.unitCombo
        self._units = [unit.name for unit in plan_of(self._ctx.db).units]
        combo.addItem(ALL_UNITS)
        combo.addItems(self._units)
        completer = QCompleter(self._units, combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        combo.setMinimumContentsLength(12)

    def _connect(self) -> None:
        ui = self.ui
        ui.dayButton.toggled.connect(self._on_mode)
        ui.prevButton.clicked.connect(self.step_back)
        ui.nextButton.clicked.connect(self.step_forward)
        ui.todayButton.clicked.connect(self.go_today)
        ui.dateEdit.dateChanged.connect(lambda d: self.set_date(d.toPython()))
        ui.kindCombo.currentIndexChanged.connect(self.reload)
        ui.unitCombo.currentTextChanged.connect(self._on_unit_text)
        ui.nextList.itemActivated.connect(self._go_to_listed)
        ui.conflictList.itemActivated.connect(self._go_to_listed)
        ui.newButton.clicked.connect(self.new_meeting)
        ui.editButton.clicked.connect(self.edit_selected)
        ui.recordButton.clicked.connect(self.record_selected)
        ui.cancelButton.clicked.connect(self.cancel_selected)
        ui.noticeButton.clicked.connect(self.print_notice)
        ui.weekPrintButton.clicked.connect(self.print_week)
        ui.settingsButton.clicked.connect(self.open_settings)

    # ------------------------------------------------------------------ first show: fill the horizon

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()
            self.extend()
            self._extend_timer.start()

    def extend(self) -> None:
        """Plan the level's cadence up to the horizon (in the worker); the views reload when it is done."""
        if self._ctx.db.read_only or (self.extend_task is not None and self.extend_task.running):
            return
        db, operator = self._ctx.db, self._ctx.operator()
        self.extend_task = self._ctx.bus.start_write(SCHEDULE, lambda _p: extend_schedule(db, operator))
        self.extend_task.failed.connect(self._extend_failed)

    def _extend_failed(self, exc: BaseException) -> None:
        self.ui.statusLabel.setText(f"未能补充日程：{getattr(exc, 'message', exc)}")

    # ------------------------------------------------------------------ date, mode, filters

    def mode(self) -> str:
        return "day" if self.ui.dayButton.isChecked() else "week"

    def set_mode(self, mode: str) -> None:
        (self.ui.dayButton if mode == "day" else self.ui.weekButton).setChecked(True)

    def toggle_mode(self) -> None:
        self.set_mode("week" if self.mode() == "day" else "day")

    def _on_mode(self, _checked: bool) -> None:
        mode = self.mode()
        self.ui.viewStack.setCurrentIndex(0 if mode == "day" else 1)
        for button, text in zip((self.ui.prevButton, self.ui.todayButton, self.ui.nextButton), NAV_TEXT[mode], strict=True):
            button.setText(text)
        self.reload()

    def current_date(self) -> date:
        return self._day

    def set_date(self, day: date) -> None:
        if day != self._day:
            self._day = day
            self.reload()

    def step(self, direction: int) -> None:
        self.set_date(self._day + timedelta(days=direction * (1 if self.mode() == "day" else 7)))

    def step_back(self) -> None:
        self.step(-1)

    def step_forward(self) -> None:
        self.step(1)

    def go_today(self) -> None:
        self.set_date(clock.now().date())

    def monday(self) -> date:
        return self._day - timedelta(days=self._day.weekday())

    def _range(self) -> tuple[datetime, datetime]:
        first = self._day if self.mode() == "day" else self.monday()
        tz = clock.now().tzinfo
        start = datetime.combine(first, time(0), tzinfo=tz)
        return start, start + timedelta(days=1 if self.mode() == "day" else 7)

    def unit_filter(self) -> str | None:
        text = self.ui.unitCombo.currentText().strip()
        return text if text in self._units else None

    def _on_unit_text(self, _text: str) -> None:
        if self.unit_filter() != getattr(self, "_shown_unit", None):
            self.reload()

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic in (SCHEDULE, ROSTER, RISKMAP) and self._loaded:  # a level switch reports the SCHEDULE it changed
            self.reload()
        elif topic == SESSION:
            self._update_buttons()

    def reload(self) -> None:
        """Read the range shown (all kinds, for the conflicts), then what the filters keep."""
        keep = self.selected_item()
        start, end = self._range()
        db, kind, unit = self._ctx.db, self.ui.kindCombo.currentData(), self.unit_filter()
        self._shown_unit = unit
        everything = [i for i in meetings.list_items(db, start, end) if i.start >= start]
        conflicts = meetings.find_conflicts(everything)
        shown = everything if not (kind or unit) else \
            [i for i in meetings.list_items(db, start, end, kind=kind, unit=unit) if i.start >= start]
        self.day_model.links = self.week_model.links = riskmap_print.schedule_links(db, everything)
        self.day_model.set_items(shown if self.mode() == "day" else [], conflicts)
        self.week_model.set_week(self.monday(), shown if self.mode() == "week" else [], conflicts)
        if self.mode() == "day":
            self.day_columns.fit()
        fill_conflicts(self.ui.conflictList, self.ui.conflictBox, conflicts, {i.id: i for i in everything})
        now = clock.now()
        fill_next(self.ui.nextList, meetings.list_items(self._ctx.db, now, now + timedelta(days=NEXT_DAYS)), now)
        self._update_range_label(len(shown))
        if keep is None or not self.select_item(keep.id):
            self._on_selection()

    def _update_range_label(self, count: int) -> None:
        self.ui.dateEdit.blockSignals(True)
        self.ui.dateEdit.setDate(QDate(self._day.year, self._day.month, self._day.day))
        self.ui.dateEdit.blockSignals(False)
        total = f"共 {count} 项" if count else "无日程"
        if self.mode() == "day":
            self.ui.rangeLabel.setText(f"{day_title(self._day)}　{total}")
        else:
            monday = self.monday()
            sunday = monday + timedelta(days=6)
            self.ui.rangeLabel.setText(f"{monday.month}月{monday.day}日—{sunday.month}月{sunday.day}日　{total}")

    # ------------------------------------------------------------------ selection

    def _table(self) -> QTableView:
        return self.ui.dayTable if self.mode() == "day" else self.ui.weekTable

    def selected_item(self):
        indexes = self._table().selectionModel().selectedIndexes() if self._table().selectionModel() else []
        return indexes[0].data(ITEM_ROLE) if indexes else None

    def select_item(self, item_id: int) -> bool:
        if self.mode() == "day":
            row = self.day_model.row_of(item_id)
            index = self.day_model.index(row, COL_TITLE) if row >= 0 else None
        else:
            index = self.week_model.index_of(item_id)
        if index is None or not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | (
            QItemSelectionModel.SelectionFlag.Rows if self.mode() == "day" else QItemSelectionModel.SelectionFlag.NoUpdate)
        self._table().selectionModel().setCurrentIndex(index, flags)
        self._table().scrollTo(index)
        return True

    def show_item(self, item) -> None:
        """Go to the item's day and select it."""
        self.set_date(clock.local(item.start).date())
        self.select_item(item.id)

    def _go_to_listed(self, row: QListWidgetItem) -> None:
        item = row.data(ITEM_ROLE)
        if item is not None:
            self.show_item(item)
            self._table().setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_selection(self, *_args) -> None:
        item = self.selected_item()
        index = self._table().selectionModel().selectedIndexes()
        clashes = index[0].data(CONFLICT_ROLE) if index else []
        self.ui.detailBrowser.setHtml(item_detail_html(item, clashes) if item else "")
        if item is None:
            self.ui.detailBrowser.setPlainText(NOTHING_SELECTED)
        self._update_buttons()

    def _update_buttons(self, now: datetime | None = None) -> None:
        """What the selected item allows as of `now` (the services check again)."""
        item, ui = self.selected_item(), self.ui
        may = not self._ctx.db.read_only and self._ctx.may("schedule.edit")
        live = item is not None and item.status != "cancelled"
        meeting = live and item.kind in MEETING_KINDS
        ui.editButton.setEnabled(live and may)
        refusal = meetings.not_recordable_reason(item, now or clock.now()) if meeting else ""
        if meeting and item.assessment_id is not None:  # a 风险评估会商 held: its record is not entered again
            refusal = f"“{item.title}”已登记为第{item.assessment_id}号评估"
        ui.recordButton.setEnabled(meeting and may and not refusal)
        ui.recordButton.setToolTip(refusal)
        ui.cancelButton.setEnabled(may and item is not None and item.status == "planned")
        ui.noticeButton.setEnabled(meeting)
        ui.newButton.setEnabled(may)
        ui.settingsButton.setEnabled(may)
