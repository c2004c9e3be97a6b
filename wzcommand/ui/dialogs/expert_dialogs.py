"""The committee's dialogs: register a member (with the membership period), correct one or end the
membership, record an assessment (question, time, members present, recommendation, text). Each saves through its service, refusals
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
SESSION_START_ROLE = Qt.ItemDataRole.UserRole + 2


class _Form(ServiceForm):
    TOPIC = EXPERTS


class ExpertMemberDialog(_Form):
    FIELDS = ("name", "specialty", "employer", "title", "mobile", "office_phone", "member_from", "member_to")

    def __init__(self, ctx: UiContext, parent=None, *, member: experts.Member | None = None, ending: bool = False):
        """A new member; or ``member`` to correct (every field), or whose membership ends (``ending``:
        only the last day can be entered)."""
        super().__init__(parent)
        self._setup(Ui_ExpertMemberDialog(), ctx)
        self._member, self._ending = member, ending and member is not None
        ui = self.ui
        today = clock.local(clock.now()).date()
        ui.fromEdit.setDate(QDate(today.year, today.month, today.day))
        if member is None:
            return
        self.setWindowTitle(f"结束委员聘期：{member.name}" if self._ending else f"修改委员：{member.name}")
        for edit, value in ((ui.nameEdit, member.name), (ui.specialtyEdit, member.specialty),
                            (ui.employerEdit, member.employer), (ui.titleEdit, member.title),
                            (ui.mobileEdit, member.mobile), (ui.officePhoneEdit, member.office_phone)):
            edit.setText(value)
            edit.setEnabled(not self._ending)  # shown greyed: only the last day is entered here
        start = member.member_from
        ui.fromEdit.setDate(QDate(start.year, start.month, start.day))
        ui.fromEdit.setEnabled(not self._ending)
        last = today if self._ending and (member.member_to is None or member.member_to > today) else member.member_to
        ui.toEdit.setText(last.isoformat() if last else "")
        if self._ending:
            ui.toCaption.setText("聘期最后一天(&J)：")
            ui.toEdit.setFocus()
            ui.toEdit.selectAll()

    def accept(self) -> None:
        ui = self.ui
        end = ui.toEdit.text().strip()
        try:
            member_to = date.fromisoformat(end) if end else None
        except ValueError:
            self.errors.clear()
            self.errors.show({"member_to": "日期格式应为 YYYY-MM-DD"})
            return
        db, operator = self._ctx.db, self._ctx.operator()
        if self._member is not None and self._ending:
            self._save(experts.end_membership, db, self._member.id, member_to, operator)
            return
        fields = dict(employer=ui.employerEdit.text(), title=ui.titleEdit.text(), mobile=ui.mobileEdit.text(),
                      office_phone=ui.officePhoneEdit.text(), member_from=ui.fromEdit.date().toPython(),
                      member_to=member_to)
        if self._member is not None:
            self._save(experts.edit_member, db, self._member.id, operator, name=ui.nameEdit.text(),
                       specialty=ui.specialtyEdit.text(), **fields)
        else:
            self._save(experts.add_member, db, ui.nameEdit.text(), ui.specialtyEdit.text(), operator, **fields)


class AssessmentDialog(_Form):
    FIELDS = ("schedule_item", "question", "held_at", "members", "recommendation", "text")

    def __init__(self, ctx: UiContext, parent=None, *, session=None):
        """``session``: the schedule's 风险评估会商 (meetings.ItemRecord) this assessment records."""
        super().__init__(parent)
        self._setup(Ui_AssessmentDialog(), ctx)
        ui = self.ui
        ui.scheduleCombo.addItem("（不是日程中的会商）", None)
        sessions = experts.unrecorded_sessions(ctx.db)
        if session is not None and session.id not in {i.id for i in sessions}:
            sessions.append(session)  # an older one, chosen on the schedule
        for item in sessions:
            ui.scheduleCombo.addItem(f"{clock.local_text(item.start)} {item.title}", item.id)
            ui.scheduleCombo.setItemData(ui.scheduleCombo.count() - 1, item.start, SESSION_START_ROLE)
        ui.scheduleCombo.currentIndexChanged.connect(self._session_chosen)
        for q in rules.QUESTIONS:
            ui.questionCombo.addItem(q.name, q.key)
        ui.questionCombo.setCurrentIndex(-1)
        ui.questionCombo.setPlaceholderText("请选择…")
        ui.heldAtEdit.setDateTime(to_qt(clock.now().replace(second=0, microsecond=0)))
        day = clock.local(session.start if session is not None else clock.now()).date()
        for m in experts.list_members(ctx.db, on=day):
            item = QListWidgetItem(f"{m.name}（{m.specialty}{'，' + m.employer if m.employer else ''}）")
            item.setData(MEMBER_ROLE, m.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            ui.memberList.addItem(item)
        if session is not None:
            self.choose_session(session.id)

    def choose_session(self, item_id: int | None) -> None:
        self.ui.scheduleCombo.setCurrentIndex(max(self.ui.scheduleCombo.findData(item_id), 0))

    def _session_chosen(self, index: int) -> None:
        """A scheduled 风险评估会商: its time, and the question 风险评估 unless one is chosen."""
        start = self.ui.scheduleCombo.itemData(index, SESSION_START_ROLE)
        if start is None:
            return
        self.ui.heldAtEdit.setDateTime(to_qt(start))
        if self.ui.questionCombo.currentIndex() < 0:
            self.ui.questionCombo.setCurrentIndex(self.ui.questionCombo.findData("risk"))

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
                   text=ui.textEdit.toPlainText(), schedule_item_id=ui.scheduleCombo.currentData())
