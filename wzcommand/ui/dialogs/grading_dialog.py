"""事件分级辅助: the count-based criteria of both plans' grading (public-health plan 3.1–3.4, respiratory
plan 3.1–3.4) met by the facts entered, quoted with the plan and clause, and the criteria without numbers
listed for the experts. It decides nothing and saves nothing."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QLocale
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit

from ...plan import grading_ari
from ...plan.grading import FACT_FIELDS, GRADES, Match, qualitative_by_plan, suggest_grade
from ...plan.sources import plan_titles, source_text
from ..forms.ui_grading_dialog import Ui_GradingDialog
from ..unsaved import FitsScreen

NOTE = ("按《{phe}》和《{ari}》事件分级标准中有数量的条款比对所填情况（“以上”“未超过”含本数，“超过”不含本数），"
        "仅供研判参考；事件等级由专家咨询委员会评估、有关部门依程序认定。")
NOTHING = "所填情况未达到任何有数量标准的分级条款。"
EMPTY = "在左侧填写已知的数字后，这里列出符合的分级条款。"


class GradingDialog(FitsScreen, QDialog):
    def __init__(self, edition: str, parent=None):
        """`edition`: the plan edition the database records (its clause references are shown)."""
        super().__init__(parent)
        self._edition = edition
        self.ui = Ui_GradingDialog()
        self.ui.setupUi(self)
        self.matches: list[Match] = []
        ui = self.ui
        titles = plan_titles(edition)
        ui.noteLabel.setText(NOTE.format(**titles))
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        ui.buttonBox.rejected.connect(self.reject)
        self.edits: dict[str, QLineEdit] = {}
        validator = QDoubleValidator(0.0, 1e9, 2, self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale.c())
        row = 0
        for key, label in FACT_FIELDS.items():
            plan = "ari" if key in grading_ari.FACT_FIELDS else "phe"
            if key == next(k for k in FACT_FIELDS if (k in grading_ari.FACT_FIELDS) == (plan == "ari")):
                heading = QLabel(f"<b>《{titles[plan]}》</b>", ui.factsHost)
                ui.factsGrid.addWidget(heading, row, 0, 1, 2)
                row += 1
            edit = QLineEdit(ui.factsHost)
            edit.setObjectName(f"{key}Edit")
            edit.setValidator(validator)
            edit.setPlaceholderText("未知")
            edit.setClearButtonEnabled(True)
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0" * 12))
            edit.textChanged.connect(self.recalculate)
            caption = QLabel(f"{label}：", ui.factsHost)
            caption.setWordWrap(True)
            caption.setBuddy(edit)
            ui.factsGrid.addWidget(caption, row, 0)
            ui.factsGrid.addWidget(edit, row, 1)
            self.edits[key] = edit
            row += 1
        ui.factsGrid.setColumnStretch(0, 1)
        ui.factsGrid.setRowStretch(row, 1)
        ui.clearButton.clicked.connect(self.clear)
        ui.qualitativeBrowser.setHtml(self._qualitative_html(edition))
        self.recalculate()

    @staticmethod
    def _qualitative_html(edition: str) -> str:
        parts = []
        for grade in GRADES:
            parts.append(f"<h4>{escape(grade)}</h4>")
            parts += [f"<p>{escape(source_text(source, edition))}　{escape(text)}</p>"
                      for source, text in qualitative_by_plan(grade, edition=edition)]
        return "".join(parts)

    def set_fact(self, key: str, value: str) -> None:
        self.edits[key].setText(value)

    def facts(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.edits.items() if edit.text().strip()}

    def clear(self) -> None:
        for edit in self.edits.values():
            edit.clear()

    def recalculate(self, *_args) -> list[Match] | None:
        ui = self.ui
        ui.errorLabel.clear()
        facts = self.facts()
        try:
            self.matches = suggest_grade(facts, edition=self._edition)
        except ValueError as exc:
            self.matches = []
            ui.matchBrowser.clear()
            ui.errorLabel.setText(f"<span style='color:#c62828'>{escape(str(exc))}</span>")
            return None
        if not facts:
            ui.matchBrowser.setPlainText(EMPTY)
        elif not self.matches:
            ui.matchBrowser.setPlainText(NOTHING)
        else:
            ui.matchBrowser.setHtml("".join(
                f"<p><b>{escape(m.grade)}</b>（{escape(source_text(m.source, self._edition))}）<br/>“{escape(m.criterion_text)}”</p>"
                for m in self.matches))
        return self.matches

    def matched_grades(self) -> list[str]:
        return list(dict.fromkeys(m.grade for m in self.matches))
