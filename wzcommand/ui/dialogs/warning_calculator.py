"""预警计算: weekly ILI surveillance and ticked annex situations → the warning colour the plan's
annex suggests, with its reasons quoted. It records nothing; a button opens 发布/调整预警 filled in."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QPushButton

from ...plan.sources import source_text
from ...plan.warning import (
    BASELINE_NOTE,
    COLOUR_NAMES,
    ILI_THRESHOLDS,
    PRINCIPLE_QUOTE,
    SITUATIONS,
    Suggestion,
    colour_rank,
    suggest_warning,
)
from ..bus import UiContext
from ..forms.ui_warning_calculator import Ui_WarningCalculatorDialog
from ..level_style import GREY, WARNING_COLOURS, set_chip
from ..unsaved import FitsScreen

NOTE = ("本程序按预案附件《温州市突发急性呼吸道传染病事件预警方案》的分级标准计算，只提出建议；"
        "是否发布预警、发布何种级别，由有关部门组织研判后决定。计算不会保存任何内容。")
NO_WARNING = "未达到预警标准"
SITUATION_ROLE = Qt.ItemDataRole.UserRole + 1


def _annex_order(item_id: str) -> tuple[int, int]:
    colour, _, number = item_id.partition("-")
    return colour_rank(colour), int(number)


class WarningCalculatorDialog(FitsScreen, QDialog):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ui = Ui_WarningCalculatorDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.suggestion: Suggestion | None = None
        ui = self.ui
        ui.noteLabel.setText(NOTE)
        ui.baselineNote.setText(BASELINE_NOTE)
        self.spins = (ui.iliSpin, ui.iliBaselineSpin, ui.positiveSpin, ui.positiveBaselineSpin)
        for spin in self.spins:
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.valueChanged.connect(self.recalculate)
        self._fill_situations()
        ui.situationList.itemChanged.connect(self.recalculate)
        self.issue_button = QPushButton("按此建议发布预警(&R)…")
        ui.buttonBox.addButton(self.issue_button, QDialogButtonBox.ButtonRole.ActionRole)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        ui.buttonBox.rejected.connect(self.reject)
        self.issue_button.clicked.connect(self.issue)
        self.recalculate()

    def _fill_situations(self) -> None:
        """The annex's numbered items, blue to red; the ILI items are computed, so shown but not tickable."""
        entries = [(s.id, f"【{COLOUR_NAMES[s.colour]}】{s.disease}：{s.text}", True) for s in SITUATIONS]
        entries += [(t.id, f"【{COLOUR_NAMES[t.level]}】季节性流感：{t.text}（由上方监测数据计算）", False)
                    for t in ILI_THRESHOLDS]
        for item_id, text, tickable in sorted(entries, key=lambda e: _annex_order(e[0])):
            item = QListWidgetItem(text, self.ui.situationList)
            item.setData(SITUATION_ROLE, item_id)
            if tickable:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(QBrush(QColor(GREY)))

    def set_figures(self, ili: float, ili_baseline: float, positive: float, positive_baseline: float) -> None:
        for spin, value in zip(self.spins, (ili, ili_baseline, positive, positive_baseline), strict=True):
            spin.setValue(value)

    def tick(self, situation_id: str, ticked: bool = True) -> None:
        lst = self.ui.situationList
        for row in range(lst.count()):
            if lst.item(row).data(SITUATION_ROLE) == situation_id:
                lst.item(row).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        lst = self.ui.situationList
        return [lst.item(r).data(SITUATION_ROLE) for r in range(lst.count())
                if lst.item(r).flags() & Qt.ItemFlag.ItemIsUserCheckable
                and lst.item(r).checkState() == Qt.CheckState.Checked]

    def _figures(self) -> tuple[float | None, float | None, float | None, float | None]:
        ili, ili_baseline, positive, positive_baseline = (spin.value() for spin in self.spins)
        if not any((ili, ili_baseline, positive, positive_baseline)):
            return None, None, None, None  # all zero: no surveillance data entered
        return ili, ili_baseline, positive, positive_baseline

    def recalculate(self, *_args) -> Suggestion | None:
        ui = self.ui
        ui.errorLabel.clear()
        try:
            result = suggest_warning(*self._figures(), situations=self.ticked(), edition=self._ctx.plan_edition())
        except ValueError as exc:
            self.suggestion = None
            ui.errorLabel.setText(f"<span style='color:#c62828'>{escape(str(exc))}</span>")
            self.issue_button.setEnabled(False)
            return None
        self.suggestion = result
        name = COLOUR_NAMES.get(result.warning, NO_WARNING)
        set_chip(ui.suggestionLabel, name, WARNING_COLOURS[result.warning])
        # The event grade the figures meet (respiratory plan's grading) -- never the colour read as a grade.
        ui.gradeLabel.setText(f"事件分级（{source_text(result.event_source, self._ctx.plan_edition())}）：{result.event_grade}事件"
                              if result.event_grade and result.event_source else "")
        ui.reasonsBrowser.setHtml(self._reasons_html(result))
        self.issue_button.setEnabled(True)
        return result

    def _reasons_html(self, result: Suggestion) -> str:
        parts = []
        if result.ili_excess is not None:
            parts.append(f"<p>ILI% 超过基线水平 {result.ili_excess} 个百分点；"
                         f"阳性检出率超过基线水平 {result.positive_excess} 个百分点。</p>")
        if result.reasons:
            parts.append("<p><b>符合的预警情形（预案原文）：</b></p><ul>")
            parts += [f"<li>“{escape(reason)}”</li>" for reason in result.reasons]
            parts.append("</ul>")
        else:
            parts.append("<p>所填数据和勾选的情形均未达到预警标准（“超过”不含本数）。</p>")
        if len(result.reasons) > 1:
            parts.append(f"<p>{escape(source_text(PRINCIPLE_QUOTE[0], self._ctx.plan_edition()))}：“{escape(PRINCIPLE_QUOTE[1])}”</p>")
        if result.event_grade:
            parts.append(f"<p>另：监测数据同时符合{escape(result.event_grade)}事件的分级标准："
                         f"“{escape(result.event_criterion or '')}”</p>")
        return "".join(parts)

    def basis_text(self) -> str:
        """The suggestion as a basis for the warning dialog (the person deciding edits it)."""
        result = self.suggestion
        if result is None:
            return ""
        lines = []
        figures = self._figures()
        if figures[0] is not None:
            ili, ili_base, pos, pos_base = figures
            lines.append(f"流感哨点监测：ILI% {ili:.2f}%（基线 {ili_base:.2f}%），"
                         f"标本阳性检出率 {pos:.2f}%（基线 {pos_base:.2f}%）。")
        lines += [f"“{reason}”" for reason in result.reasons]
        return "\n".join(lines)

    def issue(self) -> QDialog | None:
        if self.suggestion is None:
            return None
        from .warning_dialog import WarningDialog

        dialog = WarningDialog(self._ctx, self, colour=self.suggestion.warning, basis=self.basis_text(),
                               situations=self.suggestion.matched)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
