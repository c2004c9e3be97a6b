"""登记乡镇（街道）风险等级: the townships ticked, the level, when it takes effect, the basis and, where
given, the committee's assessment it rests on. Saves through services.risk_levels (refusals beside
the field) and stays open until saved or cancelled."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from ... import clock
from ...plan import riskmap as rules
from ...services import experts, risk_levels
from ..bus import RISKMAP, UiContext
from ..forms.ui_risk_level_dialog import Ui_RiskLevelDialog
from ..qt_time import from_qt, to_qt
from .service_form import ServiceForm

NO_ASSESSMENT = "（不关联）"


class RiskLevelDialog(ServiceForm):
    TOPIC = RISKMAP
    FIELDS = ("townships", "level", "at", "basis")

    def __init__(self, ctx: UiContext, parent=None, *, checked: tuple[str, ...] = ()):
        super().__init__(parent)
        self._setup(Ui_RiskLevelDialog(), ctx)
        ui = self.ui
        for r in risk_levels.risk_on(ctx.db, clock.local(clock.now()).date()):
            key = f"{r.division}{r.township}"
            item = QListWidgetItem(f"{r.division}　{r.township}（现{rules.LEGEND[r.level]}）")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
            ui.townshipList.addItem(item)
        for level in rules.LEVELS:
            ui.levelCombo.addItem(rules.LEGEND[level], level)
        ui.levelCombo.setCurrentIndex(-1)
        ui.levelCombo.setPlaceholderText("请选择…")
        ui.atEdit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))
        ui.assessmentCombo.addItem(NO_ASSESSMENT, None)
        for a in reversed(experts.list_assessments(ctx.db)):
            ui.assessmentCombo.addItem(f"第{a.id}号 {clock.local_text(a.held_at)} {a.question_name}：{a.recommendation}", a.id)

    def checked(self) -> list[str]:
        items = (self.ui.townshipList.item(i) for i in range(self.ui.townshipList.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        ui = self.ui
        level = ui.levelCombo.currentData()
        if level is None:
            self.errors.clear()
            self.errors.show({"level": "请选择风险等级"})
            return
        self._save(risk_levels.set_risk, self._ctx.db, self.checked(), level,
                   from_qt(ui.atEdit.dateTime()), ui.basisEdit.toPlainText().strip(), self._ctx.operator(),
                   assessment_id=ui.assessmentCombo.currentData())
