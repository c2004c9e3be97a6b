"""登记事件 / 更新事件情况: every field of the registration, counts as spin boxes.

In update mode the form starts from the event as registered and its latest counts; changed
counts and a changed grade are recorded by the service as new dated entries (at 情况更新时间),
other fields are changed in place. Errors the service reports appear next to their fields.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QSpinBox, QWidget

from ... import clock
from ...plan import events as kinds
from ...services import events
from ...services.events import EventInput
from ...services.roster import plan_of
from ..bus import EVENTS, UiContext
from ..field_errors import FieldErrors
from ..forms.ui_event_dialog import Ui_EventDialog
from ..qt_time import from_qt, to_qt
from ..unsaved import GuardedDialog

if TYPE_CHECKING:
    from .grading_dialog import GradingDialog

LINE_FIELDS = {"name": "nameEdit", "township": "townshipEdit", "place": "placeEdit",
               "reporting_unit": "reportingUnitEdit", "reporter": "reporterEdit", "reporter_phone": "reporterPhoneEdit"}
TEXT_FIELDS = ("area", "symptoms", "cause", "measures")
OPTIONAL_COUNT = "未填"
UNGRADED = "待研判"
NO_CATEGORY = "请选择事件类别"
NO_DISTRICT = "请选择事发县（市、区）"
UPDATE_HINT = "人数或等级有变化时，按此时间另记一条（原记录保留）；其他内容直接修改。"
FOCUS = {"name": "nameEdit", "category": "categoryCombo", "disease": "diseaseCombo", "district": "districtCombo",
         "place_kind": "placeKindCombo", "occurred_at": "occurredAtEdit", "received_at": "receivedAtEdit",
         "grade": "gradeCombo", "at": "atEdit", **LINE_FIELDS, **{k: f"{k}Edit" for k in TEXT_FIELDS},
         **{k: f"{k}Spin" for k in kinds.COUNT_FIELDS}}


class EventDialog(GuardedDialog, QDialog):
    """``event`` None: register a new event; otherwise update that event (``counts``: its latest)."""
    SAVE_SLOT = "save"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, event=None, counts: dict | None = None,
                 now: Callable[[], datetime] = clock.now):
        super().__init__(parent)
        self.ui = Ui_EventDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._event = event
        self._counts = dict(counts or {})
        self.saved: Any = None  # the events.EventRecord written
        self.grading: GradingDialog | None = None  # the grading aid, while open
        ui = self.ui
        keys = [*LINE_FIELDS, "category", "disease", "district", "place_kind", "occurred_at", "received_at", "grade",
                "at", *TEXT_FIELDS, *kinds.COUNT_FIELDS]
        self.errors = FieldErrors({k: getattr(ui, f"{k}Error") for k in keys}, fallback=ui.generalError,
                                  reword=self._reword, placed=self._focus_first)
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("登记(&S)" if event is None else "保存(&S)")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        ui.gradingButton.clicked.connect(self.open_grading)
        ui.gradeHint.linkActivated.connect(self._adopt_grade)
        ui.gradeHint.hide()
        self._fill_choices()
        lines = ui.areaEdit.fontMetrics().lineSpacing()
        for key in TEXT_FIELDS:
            getattr(ui, f"{key}Edit").setMaximumHeight(lines * 5)
        for key in kinds.COUNT_FIELDS:
            spin: QSpinBox = getattr(ui, f"{key}Spin")
            if key not in ("ill", "dead"):
                spin.setMinimum(-1)  # −1 shows as 未填: the count does not apply or is not known
                spin.setSpecialValueText(OPTIONAL_COUNT)
                spin.setValue(-1)
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0" * 9))
        start = to_qt(now().replace(microsecond=0))
        for edit in (ui.occurredAtEdit, ui.receivedAtEdit, ui.atEdit):
            edit.setDateTime(start)
        ui.updateHint.setText(UPDATE_HINT)
        ui.updateHint.setStyleSheet("color: #555;")
        ui.updateGrid.setColumnStretch(2, 1)
        for grid in (ui.basicGrid, ui.countsGrid, ui.textGrid):
            grid.setRowStretch(grid.rowCount(), 1)  # spare height below the fields, not between them
        ui.updateBox.setVisible(event is not None)
        if event is not None:
            self.setWindowTitle(f"更新事件情况：{event.name}")
            self._load(event, self._counts)
            ui.illSpin.setFocus()
            ui.illSpin.selectAll()
        else:
            ui.nameEdit.setFocus()

    def _fill_choices(self) -> None:
        ui = self.ui
        for key, name in kinds.CATEGORIES.items():
            ui.categoryCombo.addItem(name, key)
        ui.categoryCombo.setPlaceholderText("请选择…")
        ui.categoryCombo.setCurrentIndex(-1)
        ui.diseaseCombo.addItems(["", *kinds.RESPIRATORY_DISEASES])
        ui.diseaseCombo.lineEdit().setPlaceholderText("如：诺如病毒感染（可不填）")
        ui.districtCombo.addItems(list(plan_of(self._ctx.db).districts))
        ui.districtCombo.setPlaceholderText("请选择…")
        ui.districtCombo.setCurrentIndex(-1)
        ui.placeKindCombo.addItem("（不填）", "")
        for kind in kinds.PLACE_KINDS:
            ui.placeKindCombo.addItem(kind, kind)
        ui.gradeCombo.addItem(UNGRADED, "")
        for grade in kinds.GRADES:
            ui.gradeCombo.addItem(grade, grade)

    def _load(self, event, counts: dict) -> None:
        ui = self.ui
        for key, name in LINE_FIELDS.items():
            getattr(ui, name).setText(getattr(event, key) or "")
        for key in TEXT_FIELDS:
            getattr(ui, f"{key}Edit").setPlainText(getattr(event, key) or "")
        ui.categoryCombo.setCurrentIndex(ui.categoryCombo.findData(event.category))
        ui.diseaseCombo.setCurrentText(event.disease or "")
        ui.districtCombo.setCurrentIndex(ui.districtCombo.findText(event.district))
        ui.placeKindCombo.setCurrentIndex(max(ui.placeKindCombo.findData(event.place_kind or ""), 0))
        ui.occurredAtEdit.setDateTime(to_qt(event.occurred_at.replace(microsecond=0)))
        ui.receivedAtEdit.setDateTime(to_qt(event.received_at.replace(microsecond=0)))
        ui.gradeCombo.setCurrentIndex(max(ui.gradeCombo.findData(event.grade or ""), 0))
        for key in kinds.COUNT_FIELDS:
            value = counts.get(key)
            getattr(ui, f"{key}Spin").setValue(-1 if value is None and key not in ("ill", "dead") else value or 0)

    # ------------------------------------------------------------------ values

    def counts(self) -> dict[str, int | None]:
        out = {}
        for key in kinds.COUNT_FIELDS:
            value = getattr(self.ui, f"{key}Spin").value()
            out[key] = None if value < 0 else value
        return out

    def data(self) -> EventInput:
        ui = self.ui
        return EventInput(
            **{key: getattr(ui, name).text() for key, name in LINE_FIELDS.items()},
            **{key: getattr(ui, f"{key}Edit").toPlainText() for key in TEXT_FIELDS},
            category=ui.categoryCombo.currentData() or "",
            district=ui.districtCombo.currentText(),
            disease=ui.diseaseCombo.currentText(),
            place_kind=ui.placeKindCombo.currentData() or "",
            occurred_at=from_qt(ui.occurredAtEdit.dateTime()),
            received_at=from_qt(ui.receivedAtEdit.dateTime()),
            grade=ui.gradeCombo.currentData() or "",
            counts=self.counts(),
        )

    def changes(self) -> dict:
        """Update mode: what differs from the event as loaded (fields, grade, counts)."""
        data, event = self.data(), self._event
        fields = {}
        for key in (*LINE_FIELDS, *TEXT_FIELDS, "category", "district", "disease", "place_kind"):
            if getattr(data, key).strip() != (getattr(event, key) or ""):
                fields[key] = getattr(data, key)
        for key in ("occurred_at", "received_at"):
            if abs((getattr(data, key) - getattr(event, key)).total_seconds()) >= 60:  # the edit shows minutes
                fields[key] = getattr(data, key)
        counts = {k: v for k, v in data.counts.items() if v != self._counts.get(k)}
        grade = data.grade if data.grade != (event.grade or "") else None
        return {"fields": fields, "grade": grade, "counts": counts}

    # ------------------------------------------------------------------ grading aid

    def open_grading(self) -> QDialog:
        """The grading aid (it decides nothing); when it closes, the grades it matched are offered here."""
        from .grading_dialog import GradingDialog

        dialog = self.grading = GradingDialog(self._ctx.plan_edition(), self)
        if self.ui.categoryCombo.currentData() == "occupational":
            counts = self.counts()
            dialog.set_fact("occupational_poisoning_cases", str(counts["ill"]))
            dialog.set_fact("occupational_poisoning_deaths", str(counts["dead"]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._grading_closed)
        dialog.open()
        return dialog

    def _grading_closed(self, _result: int) -> None:
        grades = self.grading.matched_grades() if self.grading is not None else []
        self.grading = None
        if not grades:
            self.ui.gradeHint.hide()
            return
        top = max(grades, key=kinds.grade_rank)
        self.ui.gradeHint.setText(f"分级辅助：所填情况符合“{'、'.join(grades)}”分级条款（仅供参考）。"
                                  f"<a href='{top}'>定为{top}</a>")
        self.ui.gradeHint.show()

    def _adopt_grade(self, grade: str) -> None:
        self.ui.gradeCombo.setCurrentIndex(self.ui.gradeCombo.findData(grade))
        self.ui.gradeCombo.setFocus()

    # ------------------------------------------------------------------ save

    def field_error(self, key: str) -> str:
        return self.errors.message(key)

    def save(self) -> None:
        ctx = self._ctx
        if self._event is None:
            ok, self.saved = self.errors.attempt(ctx.bus.write, EVENTS, events.register_event, ctx.db, self.data(),
                                                 ctx.operator())
        else:
            change = self.changes()
            ok, self.saved = self.errors.attempt(ctx.bus.write, EVENTS, events.update_event, ctx.db, self._event.id,
                                                 ctx.operator(), fields=change["fields"], grade=change["grade"],
                                                 counts=change["counts"] or None, at=from_qt(self.ui.atEdit.dateTime()),
                                                 correction=self.ui.correctionCheck.isChecked())
        if ok:
            self.accept()

    def _reword(self, fields: dict[str, str]) -> dict[str, str]:
        for key, combo, text in (("category", self.ui.categoryCombo, NO_CATEGORY),
                                 ("district", self.ui.districtCombo, NO_DISTRICT)):
            if key in fields and combo.currentIndex() < 0:
                fields[key] = text  # nothing chosen yet: say so, not the list of choices
        return fields

    def _focus_first(self, placed: list[str]) -> None:
        widget = getattr(self.ui, FOCUS.get(placed[0], ""), None)
        if widget is not None:
            self.ui.formArea.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
