"""The county board's dialogs: a county's reported level and warning, the city's instruction to
start a response, the county 指挥部's contact. Each saves through its service (refusals shown beside
the field) and stays open until it is saved or cancelled."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from ... import clock
from ...plan import counties as rules
from ...plan import levels as level_rules
from ...plan.sources import source_text
from ...plan.warning import WARNING_LEVELS
from ...services import counties
from ..bus import COUNTIES, UiContext
from ..forms.ui_county_contact_dialog import Ui_CountyContactDialog
from ..forms.ui_county_instruct_dialog import Ui_CountyInstructDialog
from ..forms.ui_county_report_dialog import Ui_CountyReportDialog
from ..qt_time import from_qt, to_qt
from .service_form import ServiceForm

UNCHANGED = "（不变）"


def _level_name(level: str, edition: str) -> str:
    return level_rules.display_name(level, edition=edition)


class _Form(ServiceForm):
    TOPIC = COUNTIES


def _now_edit(edit) -> None:
    edit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))


def _time(edit):
    return from_qt(edit.dateTime())


class CountyReportDialog(_Form):
    """登记县（市、区）报告: its level and/or warning colour, when, decided by whom, on what basis."""

    FIELDS = ("county", "level", "warning", "decided_at", "decided_by", "basis")

    def __init__(self, ctx: UiContext, parent=None, *, county: str | None = None):
        super().__init__(parent)
        self._setup(Ui_CountyReportDialog(), ctx)
        ui = self.ui
        self._board = counties.county_board(ctx.db)
        for name in rules.COUNTY_NAMES:
            ui.countyCombo.addItem(name, name)
        ui.countyCombo.setCurrentIndex(ui.countyCombo.findData(county) if county else 0)
        ui.levelCombo.addItem(UNCHANGED, None)
        for level in level_rules.LEVEL_ORDER:
            ui.levelCombo.addItem(_level_name(level, self._board.edition), level)
        ui.warningCombo.addItem(UNCHANGED, None)
        for colour in WARNING_LEVELS:
            ui.warningCombo.addItem(counties.colour_name(colour), colour)
        _now_edit(ui.decidedAtEdit)
        ui.countyCombo.currentIndexChanged.connect(self._show_current)
        self._show_current()

    def _show_current(self) -> None:
        row = self._board.row(self.ui.countyCombo.currentData())
        since = f"（{clock.local_text(row.since)}起）" if row.since else ""
        self.ui.currentLabel.setText(f"{row.county}当前：<b>{_level_name(row.level, self._board.edition)}</b>{since}，"
                                     f"<b>{counties.colour_name(row.warning)}</b>")
        if not self.ui.decidedByEdit.text():
            self.ui.decidedByEdit.setPlaceholderText(f"如 {row.county}政府、{row.county}卫生健康局")

    def accept(self) -> None:
        ui = self.ui
        self._save(counties.record_county, self._ctx.db, ui.countyCombo.currentData(), _time(ui.decidedAtEdit),
                   ui.decidedByEdit.text().strip(), ui.basisEdit.toPlainText().strip(), self._ctx.operator(),
                   level=ui.levelCombo.currentData(), warning=ui.warningCombo.currentData())


class CountyInstructDialog(_Form):
    """市级要求县（市、区）启动应急响应: which counties, which level, when, the document."""

    FIELDS = ("county", "level", "instructed_at", "ref")

    def __init__(self, ctx: UiContext, parent=None, *, counties_checked: tuple[str, ...] = ()):
        super().__init__(parent)
        self._setup(Ui_CountyInstructDialog(), ctx)
        ui = self.ui
        board = counties.county_board(ctx.db)
        quotes = rules.INSTRUCTION_QUOTES[board.plan]
        ui.currentLabel.setText("<br>".join(f"{source_text(s, board.edition)}：{q}" for s, q in quotes)
                                + f"<br><i>{rules.START_SETTING}</i>")
        for name in rules.COUNTY_NAMES:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in counties_checked else Qt.CheckState.Unchecked)
            ui.countyList.addItem(item)
        for level in level_rules.ACTIVE_LEVELS:
            ui.levelCombo.addItem(_level_name(level, board.edition), level)
        ui.levelCombo.setCurrentIndex(-1)
        ui.levelCombo.setPlaceholderText("请选择…")
        _now_edit(ui.instructedAtEdit)

    def checked(self) -> list[str]:
        items = (self.ui.countyList.item(i) for i in range(self.ui.countyList.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, names: list[str]) -> None:
        for i in range(self.ui.countyList.count()):
            item = self.ui.countyList.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def accept(self) -> None:
        ui = self.ui
        level = ui.levelCombo.currentData()
        if level is None:
            self.errors.clear()
            self.errors.show({"level": "请选择要求启动的响应级别"})
            return
        self._save(counties.instruct_counties, self._ctx.db, self.checked(), level, ui.refEdit.text().strip(),
                   _time(ui.instructedAtEdit), self._ctx.operator())


class CountyContactDialog(_Form):
    """The county 指挥部's 24-hour duty phone and its liaison."""

    FIELDS = ("duty_phone", "liaison", "liaison_phone")

    def __init__(self, ctx: UiContext, county: str, parent=None):
        super().__init__(parent)
        self._county = rules.parse_county(county)
        self._setup(Ui_CountyContactDialog(), ctx)
        ui = self.ui
        contact = counties.county_board(ctx.db).row(self._county).contact
        ui.currentLabel.setText(f"<b>{self._county}</b>突发公共卫生事件应急指挥部")
        ui.dutyPhoneEdit.setText(contact.duty_phone)
        ui.liaisonEdit.setText(contact.liaison)
        ui.liaisonPhoneEdit.setText(contact.liaison_phone)
        self.setWindowTitle(f"{self._county}指挥部联系方式")

    def accept(self) -> None:
        ui = self.ui
        self._save(counties.set_county_contact, self._ctx.db, self._county, self._ctx.operator(),
                   duty_phone=ui.dutyPhoneEdit.text(), liaison=ui.liaisonEdit.text(),
                   liaison_phone=ui.liaisonPhoneEdit.text())
