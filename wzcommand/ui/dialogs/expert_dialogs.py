"""The committee's dialogs: register a member (with the membership period), record an assessment
(question, time, members present, recommendation, text). Each saves through its service, refusals
beside their fields, and stays open until saved or cancelled."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QListWidgetItem

from ... import clock
from ...plan import experts as rules
from ...services import experts
from ..bus import EXPERTS, UiContext
from ..forms.ui_assessment_dialog import Ui_AssessmentDialog
from ..forms.ui_expert_member_dialog import Ui_ExpertMemberDialog
from ..qt_time import from_qt, to_qt
from .service_form import ServiceForm

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1


class _Form(ServiceForm):
    TOPIC = EXPERTS


class ExpertMemberDialog(_Form):
    FIELDS = ("name", "specialty", "employer", "title", "mobile", "office_phone", "member_from", "member_to")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_ExpertMemberDialog(), ctx)
        today = clock.local(clock.now()).date()
        self.ui.fromEdit.setDate(QDate(today.year, today.month, today.day))

    def accept(self) -> None:
        ui = self.ui
        end = ui.toEdit.text().strip()
        try:
            member_to = date.fromisoformat(end) if end else None
        except ValueError:
            self.errors.clear()
            self.errors.show({"member_to": "日期格式应为 YYYY-MM-DD"})
            return
        self._save(experts.add_member, self._ctx.db, ui.nameEdit.text(), ui.specialtyEdit.text(), self._ctx.operator(),
                   employer=ui.employerEdit.text(), title=ui.titleEdit.text(), mobile=ui.mobileEdit.text(),
                   office_phone=ui.officePhoneEdit.text(), member_from=ui.fromEdit.date().toPython(),
                   member_to=member_to)


class AssessmentDialog(_Form):
    FIELDS = ("question", "held_at", "members", "recommendation", "text")

    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self._setup(Ui_AssessmentDialog(), ctx)
        ui = self.ui
        for q in rules.QUESTIONS:
            ui.questionCombo.addItem(q.name, q.key)
        ui.questionCombo.setCurrentIndex(-1)
        ui.questionCombo.setPlaceholderText("请选择…")
        ui.heldAtEdit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))
        for m in experts.list_members(ctx.db, on=clock.local(clock.now()).date()):
            item = QListWidgetItem(f"{m.name}（{m.specialty}{'，' + m.employer if m.employer else ''}）")
            item.setData(MEMBER_ROLE, m.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            ui.memberList.addItem(item)

    def present(self) -> list[str]:
        items = (self.ui.memberList.item(i) for i in range(self.ui.memberList.count()))
        return [i.data(MEMBER_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_present(self, names: list[str]) -> None:
        for i in range(self.ui.memberList.count()):
            item = self.ui.memberList.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(MEMBER_ROLE) in names else Qt.CheckState.Unchecked)

    def accept(self) -> None:
        ui = self.ui
        question = ui.questionCombo.currentData()
        if question is None:
            self.errors.clear()
            self.errors.show({"question": "请选择评估事项"})
            return
        self._save(experts.record_assessment, self._ctx.db, question, ui.recommendationEdit.text(),
                   from_qt(ui.heldAtEdit.dateTime()), self.present(), self._ctx.operator(),
                   text=ui.textEdit.toPlainText())
