"""县（市、区）: the county board — each division's response level and warning as it reported them,
its 指挥部 contact, the city's instructions and whether they were followed in time, and the flags the
plans' rules raise (a county warning below the city's, an instruction not followed), each quoting
its clause. The office enters what the counties report; the program records, it does not command."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QWidget

from ... import clock
from ...plan import counties as rules
from ...plan import levels as level_rules
from ...plan.sources import source_text
from ...services import counties
from ..bus import COUNTIES, LEVELS, WARNINGS, UiContext
from ..forms.ui_counties_panel import Ui_CountiesPanel
from ..models.county_model import COL_BY, COL_FLAGS, CountyBoardModel, CountyHistoryModel, level_text
from ..printing import PdfOutput

NO_FLAGS = "各县（市、区）均无须关注事项。"
NOTHING = "尚无登记。"
TICK_MS = 60_000  # an instruction's clock runs out without any write: look again every minute


class CountiesPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_CountiesPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.board: counties.CountyBoard | None = None
        self.last_job: PdfOutput | None = None
        ui = self.ui
        self.model = CountyBoardModel(self)
        self.history_model = CountyHistoryModel(self)
        ui.table.setModel(self.model)
        ui.historyTable.setModel(self.history_model)
        ui.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        ui.table.doubleClicked.connect(lambda _index: self.record_report())
        ui.reportButton.clicked.connect(lambda: self.record_report())
        ui.instructButton.clicked.connect(lambda: self.record_instruction())
        ui.contactButton.clicked.connect(lambda: self.edit_contact())
        ui.printButton.clicked.connect(lambda: self.print_board())
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ctx.bus.follow(self, self._on_changed)
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self.reload)
        self._ticker.start()
        self.reload()
        ui.table.selectRow(0)
        self._fit()

    def _on_changed(self, topic: str) -> None:
        if topic in (COUNTIES, LEVELS, WARNINGS):
            self.reload()

    def _fit(self) -> None:
        table = self.ui.table
        metrics = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.height() * 8 // 5)
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for col in range(self.model.columnCount()):
            limit = 28 if col == COL_FLAGS else (10 if col == COL_BY else 20)
            header.resizeSection(col, min(header.sectionSize(col), metrics.horizontalAdvance("中" * limit)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def reload(self) -> None:
        current = self.selected_county()
        self.board = board = counties.county_board(self._ctx.db)
        self.model.now, self.model.edition = board.at, board.edition
        self.history_model.edition = board.edition
        self.model.set_rows(board.rows)
        city = (f"全市：<b>{escape(level_rules.display_name(board.city_level, edition=board.edition))}</b>，"
                f"<b>{escape(counties.colour_name(board.city_warning))}</b>。"
                "各县（市、区）情况按其报告登记；市级要求启动的，预案未规定时限，本程序按24小时计。")
        self.ui.cityLabel.setText(city)
        self.ui.flagsLabel.setText(self.flags_text(board))
        self.ui.flagsLabel.setStyleSheet("color: #b71c1c;" if board.flags else "")
        if current:
            self.select_county(current)
        self._show_detail()

    @staticmethod
    def flags_text(board: counties.CountyBoard) -> str:
        if not board.flags:
            return NO_FLAGS
        return "<br>".join(f"⚠ {escape(g.text())}<br>"
                           f"<small>{escape(source_text(g.source, board.edition))}：“{escape(g.quote)}”</small>"
                           for g in counties.flag_groups(board))

    # ------------------------------------------------------------------ selection

    def selected_county(self) -> str | None:
        index = self.ui.table.currentIndex()
        row = self.model.row_for(index)
        return row.county if row else None

    def select_county(self, county: str) -> bool:
        name = rules.parse_county(county)
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).county == name:
                self.ui.table.selectRow(i)
                return True
        return False

    def _show_detail(self) -> None:
        county = self.selected_county()
        if county is None or self.board is None:
            self.history_model.set_rows([])
            self.ui.detailLabel.setText("")
            return
        row = self.board.row(county)
        history = counties.county_history(self._ctx.db, county)
        self.history_model.set_rows(history)
        self.ui.detailBox.setTitle(f"{county}：登记记录（{len(history)}）")
        parts = [f"<b>{county}</b>：{escape(level_text(row.level, self.board.edition))}"
                 + (f"（{clock.local_text(row.since)}起，{escape(row.decided_by)}决定；依据：{escape(row.basis)}）"
                    if row.level != "none" and row.since else ""),
                 f"预警：{escape(counties.colour_name(row.warning))}"
                 + (f"；预警触发地（市级发布）：{escape(counties.site_text(row.trigger_site))}" if row.trigger_site else "")]
        if row.instructed:
            ins = row.instructed
            parts.append(f"市级要求启动{escape(level_rules.display_name(ins.level, edition=self.board.edition))}（{escape(ins.ref)}，"
                         f"{clock.local_text(ins.at)}）：{escape(ins.status(self.board.at))}")
        parts += [f"<span style='color:#b71c1c'>⚠ {escape(f.text)}</span>" for f in row.flags]
        self.ui.detailLabel.setText("<br>".join(parts) + ("" if history else f"<br>{NOTHING}"))

    # ------------------------------------------------------------------ actions

    def record_report(self):
        from ..dialogs.county_dialogs import CountyReportDialog

        dialog = CountyReportDialog(self._ctx, self, county=self.selected_county())
        dialog.open()
        return dialog

    def record_instruction(self):
        from ..dialogs.county_dialogs import CountyInstructDialog

        current = self.selected_county()
        dialog = CountyInstructDialog(self._ctx, self, counties_checked=(current,) if current else ())
        dialog.open()
        return dialog

    def edit_contact(self):
        from ..dialogs.county_dialogs import CountyContactDialog

        county = self.selected_county() or rules.COUNTY_NAMES[0]
        dialog = CountyContactDialog(self._ctx, county, self)
        dialog.open()
        return dialog

    def print_board(self) -> PdfOutput:
        db = self._ctx.db

        def render() -> bytes:
            from ...services import county_print

            return county_print.county_board_pdf(db)

        now = clock.local(clock.now())
        self.last_job = PdfOutput(self, "各县（市、区）应急响应和预警情况表", f"县市区情况表-{now:%Y%m%d-%H%M}.pdf", render)
        self.last_job.start()
        return self.last_job
