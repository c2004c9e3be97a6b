"""事件分级辅助: the count-based criteria of the public-health plan (3.1–3.4) met by the facts entered,
quoted, and the criteria without numbers listed for the experts. It decides nothing and saves nothing."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QLocale
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit

from ...plan.grading import FACT_FIELDS, GRADES, Match, qualitative_criteria, suggest_grade
from ...plan.sources import source_text
from ..forms.ui_grading_dialog import Ui_GradingDialog

NOTE = ("按《温州市突发公共卫生事件应急预案》事件分级标准中有数量的条款比对所填情况，仅供研判参考；"
        "事件等级由专家咨询委员会评估、有关部门依程序认定。")
NOTHING = "所填情况未达到任何有数量标准的分级条款。"
EMPTY = "在左侧填写已知的数字后，这里列出符合的分级条款。"


class GradingDialog(QDialog):
    def __init__(self, edition: str, parent=None):
        """`edition`: the plan edition the database records (its clause references are shown)."""
        super().__init__(parent)
        self._edition = edition
        self.ui = Ui_GradingDialog()
        self.ui.setupUi(self)
        self.matches: list[Match] = []
        ui = self.ui
        ui.noteLabel.setText(NOTE)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        ui.buttonBox.rejected.connect(self.reject)
        self.edits: dict[str, QLineEdit] = {}
        validator = QDoubleValidator(0.0, 1e9, 2, self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale.c())
        for row, (key, label) in enumerate(FACT_FIELDS.items()):
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
        ui.factsGrid.setColumnStretch(0, 1)
        ui.factsGrid.setRowStretch(len(FACT_FIELDS), 1)
        ui.clearButton.clicked.connect(self.clear)
        ui.qualitativeBrowser.setHtml(self._qualitative_html())
        self.recalculate()

    @staticmethod
    def _qualitative_html() -> str:
        parts = []
        for grade in GRADES:
            parts.append(f"<h4>{escape(grade)}</h4>")
            parts += [f"<p>{escape(clause)}　{escape(text)}</p>" for clause, text in qualitative_criteria(grade)]
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
            self.matches = suggest_grade(facts)
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
