"""调整应急响应级别: fill in the decision, preview what changes (service), then confirm.

Only a successful preview enables 确认调整; changing any field withdraws it. Errors the service
reports appear next to their fields (ValidationError) or as a red message (the plan refuses);
nothing is written until 确认调整 succeeds.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHeaderView, QPushButton, QTableWidgetItem

from ... import clock
from ...plan import levels as rules
from ...plan import transitions
from ...plan.sources import source_text
from ...services import experts, levels
from ...services.errors import ConflictError, ServiceError, ValidationError
from ...services.levels import LevelState, SwitchPreview, SwitchRequest
from ..bus import LEVELS, UiContext, attempt_read
from ..field_errors import FieldErrors
from ..forms.ui_switch_dialog import Ui_SwitchDialog
from ..level_style import since_text
from ..qt_time import from_qt, to_qt, to_qt_date
from ..unsaved import FitsScreen

PREVIEW_HINT = "填写左侧内容后按“预览”，查看调整后总指挥、办公室、工作组和工作频次的变化。确认前不会保存任何内容。"
STALE_HINT = "内容已修改，请重新预览。"
NO_TARGET = "请选择调整为哪一级（或终止应急响应）"
FIELDS = ("target", "decided_at", "decided_by", "basis", "assessed_on", "announced_at", "office_alternative",
          "office_reason", "office_director", "plan", "event_id")
BY_EVENT = "按事件类别确定（未关联事件时按公共卫生事件预案）"
NO_RECORD = "不引用评估记录（在下方填写评估意见）"
NO_RECORDS = "尚无此项的评估记录（在下方填写评估意见）"
HELD_ON_ROLE = Qt.ItemDataRole.UserRole + 1  # the day a recorded assessment was held


def target_text(current: str, target: str, edition: str) -> str:
    """How a target reads in the list: 启动Ⅳ级应急响应, 提高至Ⅱ级应急响应, 降低至…, 终止应急响应."""
    kind = transitions.transition_kind(current, target, edition=edition)
    verb, name = levels.KIND_NAMES[kind], rules.display_name(target, edition=edition)
    return {"start": f"{verb}{name}", "end": f"{verb}应急响应"}.get(kind, f"{verb}至{name}")


class SwitchDialog(FitsScreen, QDialog):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ui = Ui_SwitchDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._state = LevelState(edition=ctx.plan_edition())
        self._preview: SwitchPreview | None = None
        self.decision: levels.Decision | None = None  # written, once confirmed
        ui = self.ui
        self.preview_button = QPushButton("预览(&P)")
        self.confirm_button = QPushButton("确认调整(&O)")
        self.cancel_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        ui.buttonBox.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        ui.buttonBox.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)  # after 预览
        self.preview_button.setDefault(True)
        ui.buttonBox.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        self.confirm_button.clicked.connect(self.confirm)
        labels = {key: getattr(ui, f"{key}Error") for key in FIELDS}
        for prefix in ("approved", "filed"):  # one box: the rule asks for 批准 or for 备案, never both
            labels.update({f"{prefix}_ref": ui.approvalRefError, f"{prefix}_at": ui.approvalAtError})
        self.errors = FieldErrors(labels, fallback=ui.refusedLabel)
        now = to_qt(clock.now())
        ui.decidedAtEdit.setDateTime(now)
        ui.announcedAtEdit.setDateTime(now)
        ui.approvalAtEdit.setDateTime(now)
        ui.assessedOnEdit.setDate(clock.now().date())
        ui.assessedCheck.setChecked(True)  # every change rests on an assessment; the date is required
        self._free_text = ""  # the typed assessment, kept while a recorded one is chosen
        for combo in (ui.targetCombo, ui.decidedByCombo, ui.planCombo, ui.directorCombo, ui.assessmentCombo):
            # long entries (a plan's full name) must not widen the form beyond the dialog
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        ui.targetCombo.setPlaceholderText("请选择…")
        header = ui.previewTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._row_fit = QTimer(self, singleShot=True, interval=0)
        self._row_fit.timeout.connect(ui.previewTable.resizeRowsToContents)
        header.sectionResized.connect(self._row_fit.start)
        lines = ui.basisEdit.fontMetrics().lineSpacing()
        ui.basisEdit.setMaximumHeight(lines * 6)
        ui.assessmentEdit.setMaximumHeight(lines * 5)  # required: who assessed, when, what they advise
        self._load_state()
        self._connect_fields()
        self._update_sections()
        self._invalidate()

    # ------------------------------------------------------------------ building

    def _load_state(self) -> None:
        """Read the level now in force and offer every other state, highest first."""
        self._state = levels.current_state(self._ctx.db)
        current = self._state.level
        since = since_text(self._state.since)
        self.ui.currentLabel.setText(f"当前：<b>{rules.display_name(current, edition=self._state.edition)}</b>" + (f"（{since}）" if since else ""))
        combo = self.ui.targetCombo
        combo.blockSignals(True)
        combo.clear()
        for target in reversed(transitions.allowed_targets(current)):
            combo.addItem(target_text(current, target, self._state.edition), target)
        combo.setCurrentIndex(-1)
        combo.blockSignals(False)
        plans = self.ui.planCombo
        plans.blockSignals(True)
        plans.clear()
        if current == "none":
            plans.addItem(BY_EVENT, None)
        for key in rules.PLANS:
            plans.addItem(f"《{rules.plan_name(key, edition=self._state.edition)}》" + ("（现行）" if current != "none" and key == self._state.plan
                                                        else ""), key)
        plans.setCurrentIndex(0 if current == "none" else plans.findData(self._state.plan))
        plans.blockSignals(False)

    def _connect_fields(self) -> None:
        ui = self.ui
        for signal in (ui.targetCombo.currentIndexChanged, ui.decidedAtEdit.dateTimeChanged,
                       ui.decidedByCombo.currentTextChanged, ui.basisEdit.textChanged, ui.assessmentEdit.textChanged,
                       ui.assessedCheck.toggled, ui.assessedOnEdit.dateChanged, ui.announcedCheck.toggled,
                       ui.announcedAtEdit.dateTimeChanged, ui.eventSpin.valueChanged, ui.specialOfficeRadio.toggled,
                       ui.reasonEdit.textChanged, ui.directorCombo.currentIndexChanged,
                       ui.provinceRecordEdit.textChanged, ui.provinceDirectedCheck.toggled,
                       ui.planCombo.currentIndexChanged, ui.approvalRefEdit.textChanged,
                       ui.approvalAtEdit.dateTimeChanged, ui.provinceDecisionBox.toggled,
                       ui.provinceDecisionEdit.textChanged, ui.assessmentCombo.currentIndexChanged):
            signal.connect(self._invalidate)
        ui.assessmentCombo.currentIndexChanged.connect(self._assessment_chosen)
        for signal in (ui.targetCombo.currentIndexChanged, ui.specialOfficeRadio.toggled,
                       ui.provinceDirectedCheck.toggled, ui.provinceDecisionBox.toggled,
                       ui.planCombo.currentIndexChanged, ui.eventSpin.valueChanged):
            signal.connect(self._update_sections)
        ui.assessedCheck.toggled.connect(ui.assessedOnEdit.setEnabled)
        ui.announcedCheck.toggled.connect(ui.announcedAtEdit.setEnabled)
        ui.announcedAtEdit.setEnabled(False)

    def target(self) -> str | None:
        return self.ui.targetCombo.currentData()

    def set_target(self, level: str) -> None:
        self.ui.targetCombo.setCurrentIndex(self.ui.targetCombo.findData(level))

    def _update_sections(self, *_args) -> None:
        """Show the office choice and the province record only where the plan has them."""
        ui, target, current, edition = self.ui, self.target(), self._state.level, self._state.edition
        offices = rules.load_levels(edition).levels[target].office_options if target else ()
        special = offices[1] if len(offices) > 1 else None
        ui.defaultOfficeRadio.setText(f"办公室设在{offices[0].location}" if offices else "")
        ui.specialOfficeRadio.setText(f"{special.special or '特殊情况'}：办公室设在{special.location}" if special else "")
        for widget in (ui.specialOfficeRadio, ui.reasonCaption, ui.reasonEdit):
            widget.setVisible(special is not None)
        if special is None and ui.specialOfficeRadio.isChecked():
            ui.defaultOfficeRadio.setChecked(True)
        ui.reasonEdit.setEnabled(ui.specialOfficeRadio.isChecked())
        chosen = offices[1 if special and ui.specialOfficeRadio.isChecked() else 0] if offices else None
        posts = chosen.director_posts if chosen else ()
        keep = ui.directorCombo.currentText()
        ui.directorCombo.blockSignals(True)
        ui.directorCombo.clear()
        ui.directorCombo.addItems(list(posts))
        ui.directorCombo.setCurrentIndex(max(ui.directorCombo.findText(keep), 0))
        ui.directorCombo.blockSignals(False)
        for widget in (ui.directorCaption, ui.directorCombo):
            widget.setVisible(len(posts) > 1)
        ui.officeBox.setVisible(special is not None or len(posts) > 1)
        ui.officeBox.setTitle(f"办公室设置（{rules.display_name(target, edition=edition)}）" if target else "办公室设置")
        kind = transitions.transition_kind(current, target, edition=edition) if target else None
        raising_to_i = target == "I" and kind in ("start", "raise")
        ui.provinceDirectedCheck.setVisible(raising_to_i)
        if not raising_to_i:
            ui.provinceDirectedCheck.setChecked(False)
        province_owned = kind in ("lower", "end") and self._state.initiator != "city"
        ui.provinceDecisionBox.setVisible(province_owned)
        if not province_owned:
            ui.provinceDecisionBox.setChecked(False)
        rule = self.rule()
        report = rule is not None and bool(rule.report_to)
        ui.provinceBox.setVisible(report or raising_to_i)
        for widget in (ui.provinceCaption, ui.provinceRecordEdit):
            widget.setVisible(report)
        self._offer_deciders(rule)
        body = (rule.approver or rule.filed_with) if rule else None
        ui.approvalBox.setVisible(bool(body))
        if body and rule is not None:
            ui.approvalBox.setTitle(f"报{body}{'批准' if rule.approver else '备案'}（{source_text(rule.source, edition)}）")
        ui.assessmentEdit.setPlaceholderText(
            f"必填：{rule.assessment}的意见（摘要）" if rule is not None and rule.assessment
            else "专家咨询委员会评估意见（摘要）")
        self._offer_assessments(kind)

    def _offer_assessments(self, kind: str | None) -> None:
        """The committee's recorded assessments of this change's question (启动/提高/降低/终止), newest first."""
        combo = self.ui.assessmentCombo
        keep = combo.currentData()
        records = list(reversed(experts.list_assessments(self._ctx.db, f"level.{kind}"))) if kind else []
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(NO_RECORD if records else NO_RECORDS, None)
        for record in records:
            combo.addItem(record.summary(), record.id)
            combo.setItemData(combo.count() - 1, record.text or record.summary(), Qt.ItemDataRole.ToolTipRole)
            combo.setItemData(combo.count() - 1, clock.local(record.held_at).date(), HELD_ON_ROLE)
        combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)
        combo.blockSignals(False)
        self._assessment_chosen()

    def assessment_id(self) -> int | None:
        return self.ui.assessmentCombo.currentData()

    def choose_assessment(self, assessment_id: int | None) -> None:
        combo = self.ui.assessmentCombo
        combo.setCurrentIndex(max(combo.findData(assessment_id), 0))

    def _assessment_chosen(self, *_args) -> None:
        """A recorded assessment stands for the typed one and its date (the service fills both in)."""
        ui, linked = self.ui, self.assessment_id() is not None
        was_linked = not ui.assessmentEdit.isEnabled()
        if linked and not was_linked:
            self._free_text = ui.assessmentEdit.toPlainText()
        if linked or was_linked:
            ui.assessmentEdit.blockSignals(True)
            ui.assessmentEdit.setPlainText(ui.assessmentCombo.currentText() if linked else self._free_text)
            ui.assessmentEdit.blockSignals(False)
        for widget in (ui.assessmentEdit, ui.assessedCheck):
            widget.setEnabled(not linked)
        held_on = ui.assessmentCombo.currentData(HELD_ON_ROLE)
        if linked and held_on is not None:  # the record's day, as the service records it
            ui.assessedCheck.setChecked(True)
            ui.assessedOnEdit.setDate(to_qt_date(held_on))
        ui.assessedOnEdit.setEnabled(not linked and ui.assessedCheck.isChecked())

    def plan(self) -> str:
        """The plan the change is made under: the current response's, the chosen one, or the event's."""
        chosen = self.ui.planCombo.currentData()
        if chosen:
            return chosen
        return levels.event_plan(self._ctx.db, self.ui.eventSpin.value()) or rules.DEFAULT_PLAN

    def rule(self) -> rules.DecisionRule | None:
        target = self.target()
        if not target:
            return None
        return transitions.decision_rule(self._state.level, target, plan=self.plan(),
                                   province_directed=self.ui.provinceDirectedCheck.isChecked(),
                                   province_decision=self.ui.provinceDecisionBox.isChecked(),
                                   edition=self._state.edition)

    def _offer_deciders(self, rule: rules.DecisionRule | None) -> None:
        """Only the bodies the plan lets decide this change."""
        combo = self.ui.decidedByCombo
        keep = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(list(rule.deciders) if rule else [])
        combo.setCurrentIndex(max(combo.findText(keep), 0))
        combo.blockSignals(False)

    # ------------------------------------------------------------------ request, preview, confirm

    def request(self) -> SwitchRequest:
        ui = self.ui
        office = not ui.officeBox.isHidden()
        rule = self.rule()
        ref, at = ui.approvalRefEdit.text().strip(), from_qt(ui.approvalAtEdit.dateTime())
        approver, filing = (rule.approver, rule.filed_with) if rule is not None and not ui.approvalBox.isHidden() \
            else (None, None)
        province = not ui.provinceDecisionBox.isHidden() and ui.provinceDecisionBox.isChecked()
        return SwitchRequest(
            target=self.target() or "",
            decided_at=from_qt(ui.decidedAtEdit.dateTime()),
            decided_by=ui.decidedByCombo.currentText().strip(),
            basis=ui.basisEdit.toPlainText().strip(),
            announced_at=(from_qt(ui.announcedAtEdit.dateTime())
                          if ui.announcedCheck.isChecked() else None),
            assessment="" if self.assessment_id() else ui.assessmentEdit.toPlainText().strip(),
            assessed_on=(ui.assessedOnEdit.date().toPython()
                         if ui.assessedCheck.isChecked() and not self.assessment_id() else None),
            assessment_id=self.assessment_id(),
            event_id=ui.eventSpin.value() or None,
            office_alternative=office and not ui.specialOfficeRadio.isHidden() and ui.specialOfficeRadio.isChecked(),
            office_reason=ui.reasonEdit.text().strip() if office else "",
            office_director=ui.directorCombo.currentText() if office and not ui.directorCombo.isHidden() else "",
            province_record=ui.provinceRecordEdit.text().strip() if not ui.provinceBox.isHidden() else "",
            province_directed=not ui.provinceDirectedCheck.isHidden() and ui.provinceDirectedCheck.isChecked(),
            expected_from=self._state.level,
            approved_by=approver or "", approval_ref=ref if approver else "", approved_at=at if approver else None,
            filed_with=filing or "", filing_ref=ref if filing else "", filed_at=at if filing else None,
            province_decision=ui.provinceDecisionEdit.text().strip() if province else "",
            plan=ui.planCombo.currentData(),
        )

    def preview(self) -> SwitchPreview | None:
        """Ask the service what the switch would change; show it, or show why not."""
        self.errors.clear()
        self._invalidate()
        ok, result = attempt_read(self.errors, levels.preview_switch, self._ctx.db, self.request(),
                                  handlers={ValidationError: self._show_field_errors, ServiceError: self._refuse})
        if ok and result is not None:
            self._show_preview(result)
        return result

    def _show_preview(self, result: SwitchPreview) -> None:
        self._preview = result
        ui, rule = self.ui, result.rule
        ui.previewTitle.setText(f"<b>{escape(result.title)}</b>")
        table = ui.previewTable
        table.setRowCount(len(result.lines))
        for row, line in enumerate(result.lines):
            for col, text in enumerate((line.label, line.before, line.after)):
                table.setItem(row, col, QTableWidgetItem(text))
        table.resizeRowsToContents()
        self._row_fit.start()
        notes = [escape(note) for note in result.notes]
        notes.append(f"<span style='color:#555'>{escape(source_text(rule.source, self._state.edition))}：{escape(rule.quote)}</span>")
        if rule.report_quote:
            notes.append(f"<span style='color:#555'>{escape(rule.report_quote)}</span>")
        ui.notesLabel.setText("<br/>".join(notes))
        self.confirm_button.setEnabled(True)
        self.confirm_button.setDefault(True)

    def preview_lines(self) -> list[tuple[str, str, str]]:
        table = self.ui.previewTable
        return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]

    def _invalidate(self, *_args) -> None:
        stale = self._preview is not None
        self._preview = None
        self.confirm_button.setEnabled(False)
        self.preview_button.setDefault(True)
        self.ui.previewTable.setRowCount(0)
        self.ui.previewTitle.setText(STALE_HINT if stale else PREVIEW_HINT)
        self.ui.notesLabel.clear()

    def _show_field_errors(self, exc: ValidationError) -> None:
        fields = exc.fields
        if "target" in fields and self.target() is None:
            fields = {**fields, "target": NO_TARGET}  # nothing chosen yet: say so, not "unknown state ''"
        placed = self.errors.show(fields)
        widgets = {"target": self.ui.targetCombo, "decided_at": self.ui.decidedAtEdit,
                   "decided_by": self.ui.decidedByCombo, "basis": self.ui.basisEdit,
                   "office_reason": self.ui.reasonEdit}
        first = next((widgets[k] for k in placed if k in widgets), None)
        if first is not None:
            first.setFocus()
        self.ui.previewTitle.setText("请按提示修改后重新预览。")

    def _refuse(self, exc: ServiceError) -> None:
        self.errors.show({"": exc.message})
        self.ui.previewTitle.setText("不能按此调整：")

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def refusal(self) -> str:
        label = self.ui.refusedLabel
        return label.text() if not label.isHidden() else ""

    def confirm(self) -> None:
        if self._preview is None:
            return
        def invalid(exc: ValidationError) -> None:
            self._invalidate()
            self._show_field_errors(exc)

        def superseded(exc: ConflictError) -> None:
            self._load_state()  # someone else switched meanwhile: show the new state, preview again
            self._update_sections()
            self._invalidate()
            self._refuse(exc)

        def refused(exc: ServiceError) -> None:
            self._invalidate()
            self._refuse(exc)

        ok, self.decision = self._ctx.bus.attempt(
            self.errors, LEVELS, levels.switch_level, self._ctx.db, self.request(), self._ctx.operator(),
            handlers={ValidationError: invalid, ConflictError: superseded, ServiceError: refused})
        if ok:
            self.accept()
