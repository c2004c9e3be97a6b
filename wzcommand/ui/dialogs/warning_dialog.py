"""发布/调整预警: record that a warning colour was issued, adjusted or lifted, with the plan's procedure
(phe 5.4.4): the CDC's proposal, the committee's assessment (a recorded one or its text), filing with the
市政府, and what is published (the situations merged at the highest colour, scope, measures, and one
预警触发地 warned at the same time: the command line takes several)."""
from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ... import clock
from ...plan import warning_procedure as procedure
from ...plan.counties import COUNTY_NAMES
from ...plan.warning import COLOURS
from ...services import experts, warnings
from ..bus import WARNINGS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_warning_dialog import Ui_WarningDialog
from ..level_style import since_text
from ..qt_time import from_qt, to_qt
from ..unsaved import GuardedDialog

LIFT = "解除预警"
ISSUERS = ("市卫生健康主管部门", "市政府")
FIELDS = ("colour", "decided_at", "decided_by", "basis", "proposal", "assessment", "filed_with", "scope", "measures",
          "situations", "trigger_sites")
NO_SITE = "（不单独发布）"
TYPED = "（填写评估意见）"


class WarningDialog(GuardedDialog, QDialog):
    def __init__(self, ctx: UiContext, parent=None, *, colour: str | None = None, basis: str = "",
                 situations: tuple[str, ...] = ()):
        super().__init__(parent)
        self.ui = Ui_WarningDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._situations = tuple(situations)
        self.decision: Any = None  # the warnings.WarningRecord written, once saved
        ui = self.ui
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.errors = FieldErrors({key: getattr(ui, f"{key}Error") for key in FIELDS}, fallback=ui.refusedLabel)
        state = warnings.warning_state(ctx.db)
        since = since_text(state.since)
        source, quote = procedure.ISSUE_QUOTE
        self._current = (f"当前：<b>{warnings.colour_name(state.colour)}</b>" + (f"（{since}）" if since else "")
                         + f"<br><small>{source.split(':')[1]}：{escape(quote)}</small>")
        self.sites = warnings.trigger_sites_in_force(ctx.db)
        ui.colourCombo.setPlaceholderText("请选择…")
        for value in (*COLOURS, "none"):
            if value != state.colour:
                ui.colourCombo.addItem(LIFT if value == "none" else warnings.colour_name(value), value)
            elif value != "none":  # the city's colour stays; only the 预警触发地 are adjusted (annex 三)
                ui.colourCombo.addItem(f"{warnings.colour_name(value)}（不变，只调整预警触发地）", value)
        ui.colourCombo.setCurrentIndex(ui.colourCombo.findData(colour) if colour else -1)
        ui.decidedAtEdit.setDateTime(to_qt(clock.now()))
        ui.decidedByCombo.addItems(ISSUERS)
        ui.basisEdit.setPlainText(basis)
        ui.assessmentCombo.addItem(TYPED, None)
        for a in reversed(experts.list_assessments(ctx.db)):
            if a.question.startswith("warning."):
                ui.assessmentCombo.addItem(f"第{a.id}号：{a.question_name}，{a.recommendation}", a.id)
        ui.filedWithCombo.addItems(["", procedure.FILED_WITH])
        ui.scopeEdit.setText("全市")
        ui.triggerCountyCombo.addItem(NO_SITE, None)
        for county in COUNTY_NAMES:
            ui.triggerCountyCombo.addItem(county, county)
        for value in COLOURS:
            ui.triggerColourCombo.addItem(warnings.colour_name(value), value)
        ui.triggerColourCombo.setPlaceholderText("—")
        ui.triggerCountyCombo.currentIndexChanged.connect(self._site_chosen)
        ui.colourCombo.currentIndexChanged.connect(self._site_chosen)
        self._site_chosen()
        ui.situationsLabel.setText("预警情形：" + "；".join(f"{c}：{t}" for _, c, t in warnings.situations_of(situations))
                                   if situations else "")

    def colour(self) -> str | None:
        return self.ui.colourCombo.currentData()

    def sites_note(self) -> str:
        """The trigger sites in force, and those the colour chosen would leave below the city's (annex 三)."""
        colour = self.colour() or ""
        if not self.sites or colour == "none":
            return ""
        chosen = self.ui.triggerCountyCombo.currentData()
        below = [s for s in self.sites if s.county != chosen and colour in COLOURS
                 and procedure.site_below_city(colour, s.colour, edition=self._ctx.plan_edition())]
        note = escape(warnings.sites_text(self.sites))
        if below:
            names = "、".join(f"{s.county}{warnings.colour_name(s.colour)}" for s in below)
            note += (f"<br><span style='color:#b71c1c'>⚠ {escape(names)}将低于全市{warnings.colour_name(colour)}"
                     f"（附件 三：{escape(warnings.SITE_RULE[1])}）请在本决定中一并调整该预警触发地。</span>")
        return note

    def _site_chosen(self, *_args) -> None:
        """A trigger site only with a warning in force; its colour starts at the city's (the lowest allowed)."""
        ui, colour = self.ui, self.colour()
        note = self.sites_note()
        ui.currentLabel.setText(self._current + (f"<br>{note}" if note else ""))
        ui.triggerCountyCombo.setEnabled(colour != "none")
        if colour == "none":
            ui.triggerCountyCombo.setCurrentIndex(0)
        chosen = ui.triggerCountyCombo.currentData() is not None
        ui.triggerColourCombo.setEnabled(chosen)
        site = ui.triggerColourCombo.currentData()
        if not chosen:
            ui.triggerColourCombo.setCurrentIndex(-1)  # no site, no colour shown for it
        elif site is None or (colour in COLOURS and COLOURS.index(site) < COLOURS.index(colour)):
            ui.triggerColourCombo.setCurrentIndex(ui.triggerColourCombo.findData(colour if colour in COLOURS
                                                                                  else "red"))

    def set_trigger_site(self, county: str | None, colour: str | None = None) -> None:
        ui = self.ui
        ui.triggerCountyCombo.setCurrentIndex(max(ui.triggerCountyCombo.findData(county), 0))
        if colour:
            ui.triggerColourCombo.setCurrentIndex(ui.triggerColourCombo.findData(colour))

    def steps(self) -> warnings.Procedure:
        ui = self.ui
        return warnings.Procedure(
            proposal=ui.proposalEdit.text().strip(), assessment=ui.assessmentEdit.text().strip(),
            assessment_id=ui.assessmentCombo.currentData(), filed_with=ui.filedWithCombo.currentText().strip(),
            filing_ref=ui.filingRefEdit.text().strip(), situations=self._situations,
            scope=ui.scopeEdit.text().strip(), measures=ui.measuresEdit.toPlainText().strip(),
            trigger_sites=((ui.triggerCountyCombo.currentData(), ui.triggerColourCombo.currentData()),)
            if ui.triggerCountyCombo.currentData() else ())

    def accept(self) -> None:
        """Save through the service; stay open with the reasons shown if it refuses."""
        self.errors.clear()
        colour = self.colour()
        if colour is None:
            self.errors.show({"colour": "请选择预警级别"})
            return
        ui = self.ui
        steps = self.steps() if colour != "none" else warnings.Procedure()
        ok, decision = self.errors.attempt(
            self._ctx.bus.write, WARNINGS, warnings.record_warning, self._ctx.db, colour,
            from_qt(ui.decidedAtEdit.dateTime()), ui.decidedByCombo.currentText().strip(),
            ui.basisEdit.toPlainText().strip(), self._ctx.operator(), steps=steps)
        if ok:
            self.decision = decision
            super().accept()

    def fill_procedure(self, proposal: str, assessment: str, filed_with: str = procedure.FILED_WITH) -> None:
        """The three steps of an issue, typed (tests and the keyboard walk)."""
        self.ui.proposalEdit.setText(proposal)
        self.ui.assessmentEdit.setText(assessment)
        self.ui.filedWithCombo.setCurrentText(filed_with)

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def refusal(self) -> str:
        label = self.ui.refusedLabel
        return label.text() if not label.isHidden() else ""
