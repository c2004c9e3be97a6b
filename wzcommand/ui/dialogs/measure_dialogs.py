"""The register of control measures' dialogs: register a measure (its kind shows the plan's words and
the approvals it will need), record an approval, lift a measure. Each saves through its service
(refusals beside the field) and stays open until saved or cancelled."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QDate

from ... import clock
from ...plan import measures as rules
from ...plan.counties import COUNTY_NAMES
from ...services import events, measures
from ..bus import MEASURES, UiContext
from ..forms.ui_measure_approve_dialog import Ui_MeasureApproveDialog
from ..forms.ui_measure_dialog import Ui_MeasureDialog
from ..forms.ui_measure_lift_dialog import Ui_MeasureLiftDialog
from ..forms.ui_measure_review_dialog import Ui_MeasureReviewDialog
from ..qt_time import from_qt, from_qt_date, to_qt, to_qt_date
from .service_form import ServiceForm


class _Form(ServiceForm):
    TOPIC = MEASURES


def _now_edit(edit) -> None:
    edit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))


def _time(edit):
    return from_qt(edit.dateTime())


def _current(m: measures.MeasureRecord) -> str:
    return (f"第{m.id}号措施：<b>{escape(m.kind)}</b>（{escape(m.area)}），{escape(m.decided_by)}决定，"
            f"{clock.local_text(m.started_at)}起；{escape(m.status_name)}")


class MeasureDialog(_Form):
    """登记管控措施: kind, area, deciding body, decision, start, review date, whether it affects other divisions."""

    FIELDS = ("kind", "area", "decided_by", "basis", "started_at", "review_on", "event", "level_reason")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_MeasureDialog(), ctx)
        ui = self.ui
        self._edition = ctx.plan_edition()
        ui.currentLabel.setText("登记政府或指挥部已决定的管控措施。预案要求批准的，登记后显示“待批准”，"
                                "批准机关、文号和时间登记后才显示“实施中”。")
        for kind in rules.kinds(self._edition):
            ui.kindCombo.addItem(kind.name, kind.name)
        for name in (rules.CITY, *COUNTY_NAMES):
            ui.divisionCombo.addItem(name, name)
        ui.eventCombo.addItem("（不关联事件）", None)
        for e in events.list_events(ctx.db):
            if e.ended_at is None:
                ui.eventCombo.addItem(f"{e.id}. {e.name}", e.id)
        _now_edit(ui.startedAtEdit)
        ui.reviewEdit.setDate(QDate.currentDate().addDays(7))
        ui.reviewEdit.setEnabled(False)
        ui.reviewCheck.toggled.connect(ui.reviewEdit.setEnabled)
        self._affects_choice = False  # the clerk's own choice, kept while a kind that always affects others is shown
        ui.kindCombo.currentIndexChanged.connect(lambda _i: self._show_kind())
        ui.affectsCheck.clicked.connect(self._choose_affects)
        ui.decidedByEdit.textChanged.connect(lambda _t: self._show_kind())
        self.errors.reword = self._reword
        ui.divisionCombo.currentIndexChanged.connect(lambda _i: self._show_level())
        ui.startedAtEdit.dateTimeChanged.connect(lambda _t: self._show_level())
        self._show_kind()

    def kind(self) -> rules.MeasureKind:
        return rules.parse_kind(self.ui.kindCombo.currentData(), self._edition)

    def set_kind(self, name: str) -> None:
        self.ui.kindCombo.setCurrentIndex(self.ui.kindCombo.findData(rules.parse_kind(name, self._edition).name))

    def _choose_affects(self, on: bool) -> None:
        self._affects_choice = on
        self._show_kind()

    def _show_kind(self) -> None:
        ui, kind = self.ui, self.kind()
        ui.affectsCheck.setEnabled(not kind.crosses)
        ui.affectsCheck.setChecked(kind.crosses or self._affects_choice)
        quotes = "<br>".join(escape(measures.quote_text(s, q, self._edition)) for s, q in kind.basis)
        ui.quoteLabel.setText(f"<small>{quotes}</small>")
        by = ui.decidedByEdit.text().strip()
        needs = rules.needs_of(kind, by, ui.affectsCheck.isChecked())
        if needs:
            ui.needsLabel.setText("<span style='color:#b71c1c'>须经批准：" + "；".join(
                escape(rules.need_text(n, by)) for n in needs)
                + "。登记后显示“待批准”，直至登记批准。</span>")
        elif kind.decider == rules.GOVERNMENT:
            ui.needsLabel.setText("须由县级以上政府决定（如 市政府、鹿城区政府）。")
        else:
            ui.needsLabel.setText("预案未要求另行批准：登记后即为“实施中”。")

        self._show_level()

    def _show_level(self) -> None:
        """What the plan's measures by level say against this measure where and when it starts; the reason
        field is there only then."""
        ui = self.ui
        note = measures.level_note(self._ctx.db, ui.kindCombo.currentData(), ui.divisionCombo.currentData(),
                                   _time(ui.startedAtEdit))
        ui.levelLabel.setText(f"<span style='color:#b71c1c'>超出响应级别：{escape(note)}。仍决定实施的，请填写理由。</span>"
                              if note else "")
        for widget in (ui.levelLabel, ui.levelReasonCaption, ui.levelReasonEdit):
            widget.setVisible(bool(note))

    def _reword(self, fields: dict[str, str]) -> dict[str, str]:
        """The statement above the reason field is not repeated under it: only what to fill in."""
        said = fields.get("level_reason", "")
        if said and self.level_text():
            fields["level_reason"] = said.partition("。")[2] or said
        return fields

    def level_text(self) -> str:
        return self.ui.levelLabel.text() if self.ui.levelLabel.isVisibleTo(self) else ""

    def needs_text(self) -> str:
        return self.ui.needsLabel.text()

    def accept(self) -> None:
        ui = self.ui
        review = ui.reviewEdit.date().toPython() if ui.reviewCheck.isChecked() else None
        area = ui.divisionCombo.currentData() + ui.placeEdit.text().strip()
        self._save(measures.add_measure, self._ctx.db, ui.kindCombo.currentData(), area, ui.decidedByEdit.text(),
                   ui.basisEdit.toPlainText(), self._ctx.operator(), started_at=_time(ui.startedAtEdit),
                   review_on=review, affects_others=ui.affectsCheck.isChecked(), event_id=ui.eventCombo.currentData(),
                   level_reason=ui.levelReasonEdit.text() if ui.levelReasonEdit.isVisibleTo(self) else "")


class MeasureApproveDialog(_Form):
    """登记批准: the body the plan names for what the measure still needs, the reference, the time."""

    FIELDS = ("approved_by", "ref", "approved_at")

    def __init__(self, ctx: UiContext, measure: measures.MeasureRecord, parent=None):
        super().__init__(parent)
        self._setup(Ui_MeasureApproveDialog(), ctx)
        self._measure = measure
        edition = ctx.plan_edition()
        needs = "<br>".join(
            f"尚需：<b>{escape(rules.need_text(n, measure.decided_by))}</b><br>"
            f"<small>{escape(measures.quote_text(rules.NEEDS[n].source, rules.NEEDS[n].quote, edition))}</small>"
            for n in measure.open_needs)
        self.ui.currentLabel.setText(f"{_current(measure)}<br>{needs}")
        self.setWindowTitle(f"登记批准：第{measure.id}号措施（{measure.kind}）")
        _now_edit(self.ui.approvedAtEdit)

    def accept(self) -> None:
        ui = self.ui
        self._save(measures.approve_measure, self._ctx.db, self._measure.id, ui.approvedByEdit.text(), ui.refEdit.text(),
                   self._ctx.operator(), approved_at=_time(ui.approvedAtEdit))


class MeasureLiftDialog(_Form):
    """解除管控措施: when, by whom, on what basis (停工停业停课: 指导复工复产复学)."""

    FIELDS = ("lifted_at",)

    def __init__(self, ctx: UiContext, measure: measures.MeasureRecord, parent=None):
        super().__init__(parent)
        self._setup(Ui_MeasureLiftDialog(), ctx)
        self._measure = measure
        self.ui.currentLabel.setText(_current(measure))
        self.setWindowTitle(f"解除措施：第{measure.id}号（{measure.kind}）")
        _now_edit(self.ui.liftedAtEdit)

    def accept(self) -> None:
        ui = self.ui
        self._save(measures.lift_measure, self._ctx.db, self._measure.id, _time(ui.liftedAtEdit), self._ctx.operator(),
                   lifted_by=ui.liftedByEdit.text(), basis=ui.liftBasisEdit.text())


class MeasureReviewDialog(_Form):
    """复核日期: the next review of a measure in force (after a review, or moved); or none."""

    FIELDS = ("review_on",)

    def __init__(self, ctx: UiContext, measure: measures.MeasureRecord, parent=None):
        super().__init__(parent)
        self._setup(Ui_MeasureReviewDialog(), ctx)
        self._measure = measure
        ui = self.ui
        was = f"现定复核日期：{measure.review_on.isoformat()}" if measure.review_on else "尚未设复核日期"
        ui.currentLabel.setText(f"{_current(measure)}<br>{was}")
        self.setWindowTitle(f"复核日期：第{measure.id}号措施（{measure.kind}）")
        start = QDate.currentDate().addDays(7)
        ui.reviewEdit.setDate(to_qt_date(measure.review_on) if measure.review_on and measure.review_on >= from_qt_date(start)
                              else start)
        ui.clearCheck.toggled.connect(lambda on: ui.reviewEdit.setEnabled(not on))

    def accept(self) -> None:
        ui = self.ui
        review = None if ui.clearCheck.isChecked() else ui.reviewEdit.date().toPython()
        self._save(measures.set_review, self._ctx.db, self._measure.id, review, self._ctx.operator())
