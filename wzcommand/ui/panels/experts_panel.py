"""专家咨询委员会: the committee's members (specialty, employer, title, phones, membership period) and
its assessments as records (when, question, members present, recommendation). A level decision links
an assessment by its number (`level set … --assessment-id`); each one prints as 专家咨询委员会评估意见."""
from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ... import clock
from ...plan import experts as rules
from ...plan.sources import source_text
from ...services import experts
from ..bus import EXPERTS, LEVELS, UiContext
from ..forms.ui_experts_panel import Ui_ExpertsPanel
from ..models.table_model import TableModel
from ..printing import PdfOutput

MEMBER_HEADERS = ("姓名", "专业", "工作单位", "职称", "手机", "办公电话", "聘期", "状态")
ASSESSMENT_HEADERS = ("编号", "评估时间", "事项", "建议", "出席委员")


class MemberModel(TableModel):
    HEADERS = MEMBER_HEADERS
    today: date | None = None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        m = self.row_for(index)
        if m is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        status = "在聘" if self.today is None or m.serving_on(self.today) else "不在聘期"
        return (m.name, m.specialty, m.employer, m.title, m.mobile, m.office_phone, m.period, status)[index.column()]


class AssessmentModel(TableModel):
    HEADERS = ASSESSMENT_HEADERS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        a = self.row_for(index)
        if a is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and a.text:
            return a.text
        return (f"第{a.id}号", clock.local_text(a.held_at), a.question_name, a.recommendation,
                "、".join(m.name for m in a.members))[index.column()]


class ExpertsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ExpertsPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.last_job: PdfOutput | None = None
        ui = self.ui
        self.members = MemberModel(self)
        self.assessments = AssessmentModel(self)
        ui.membersTable.setModel(self.members)
        ui.assessmentsTable.setModel(self.assessments)
        source, _ = rules.DUTIES["public_health"][3]
        ui.dutiesLabel.setText(f"<small>{escape(source_text(source, self._ctx.plan_edition()))}：专家咨询委员会"
                               f"“{escape(rules.DUTIES['public_health'][3][1])}”"
                               "每次评估记录在此，应急响应级别调整时以评估编号为依据。</small>")
        ui.addMemberButton.clicked.connect(lambda: self.add_member())
        ui.editMemberButton.clicked.connect(lambda: self.edit_member())
        ui.endMemberButton.clicked.connect(lambda: self.end_membership())
        ui.addAssessmentButton.clicked.connect(lambda: self.add_assessment())
        ui.printButton.clicked.connect(lambda: self.print_selected())
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _on_changed(self, topic: str) -> None:
        if topic in (EXPERTS, LEVELS):
            self.reload()

    def reload(self) -> None:
        db = self._ctx.db
        self.members.today = clock.local(clock.now()).date()
        self.members.set_rows(experts.list_members(db))
        self.assessments.set_rows(list(reversed(experts.list_assessments(db))))  # newest first
        self.ui.membersBox.setTitle(f"委员（{self.members.rowCount()}）")
        self.ui.assessmentsBox.setTitle(f"评估记录（{self.assessments.rowCount()}）")
        for table in (self.ui.membersTable, self.ui.assessmentsTable):
            _fit(table)
        has_members = self.members.rowCount() > 0
        self.ui.editMemberButton.setEnabled(has_members)
        self.ui.endMemberButton.setEnabled(has_members)
        if has_members and not self.ui.membersTable.currentIndex().isValid():
            self.ui.membersTable.selectRow(0)
        if self.assessments.rowCount() and not self.ui.assessmentsTable.currentIndex().isValid():
            self.ui.assessmentsTable.selectRow(0)
        self.ui.printButton.setEnabled(self.assessments.rowCount() > 0)

    def selected_assessment(self):
        return self.assessments.row_for(self.ui.assessmentsTable.currentIndex())

    def add_member(self):
        from ..dialogs.expert_dialogs import ExpertMemberDialog

        dialog = ExpertMemberDialog(self._ctx, self)
        dialog.open()
        return dialog

    def selected_member(self):
        return self.members.row_for(self.ui.membersTable.currentIndex())

    def edit_member(self, ending: bool = False):
        """修改委员 (every field) or 结束聘期 (only the last day), for the selected member."""
        from ..dialogs.expert_dialogs import ExpertMemberDialog

        member = self.selected_member()
        if member is None:
            return None
        dialog = ExpertMemberDialog(self._ctx, self, member=member, ending=ending)
        dialog.open()
        return dialog

    def end_membership(self):
        return self.edit_member(ending=True)

    def add_assessment(self):
        from ..dialogs.expert_dialogs import AssessmentDialog

        dialog = AssessmentDialog(self._ctx, self)
        dialog.open()
        return dialog

    def print_selected(self) -> PdfOutput | None:
        a = self.selected_assessment()
        if a is None:
            return None
        db, ident = self._ctx.db, a.id

        def render() -> bytes:
            from ...services import assessment_print

            return assessment_print.assessment_pdf(db, ident)

        self.last_job = PdfOutput(self, "专家咨询委员会评估意见", f"专家评估意见-第{ident}号.pdf", render)
        self.last_job.start()
        return self.last_job


def _fit(table: QTableView) -> None:
    metrics = table.fontMetrics()
    table.verticalHeader().setDefaultSectionSize(metrics.height() * 8 // 5)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for col in range(table.model().columnCount()):
        header.resizeSection(col, min(header.sectionSize(col), metrics.horizontalAdvance("中" * 18)))
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
