"""管控措施: the register of control measures — those in force, those awaiting an approval the plan
requires (who must give it), those lifted; the plan's words for the selected measure; dialogs to
register a measure, record an approval, lift one. Reviews past their date are flagged."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from ... import clock
from ...plan import measures as rules
from ...services import measures
from ..bus import MEASURES, UiContext
from ..columns import Columns
from ..forms.ui_measures_panel import Ui_MeasuresPanel
from ..models.measure_model import COL_AREA, COL_BY, COL_KIND, COL_REVIEW, COL_STATUS, MeasureModel

FILTERS = (("未解除", ("in_force", "pending_approval")), ("实施中", ("in_force",)), ("待批准", ("pending_approval",)),
           ("已解除或撤销", ("lifted",)), ("全部", ("in_force", "pending_approval", "lifted")))
NOTHING = "尚无登记的管控措施。按“登记措施”登记政府或指挥部决定的措施。"


class MeasuresPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_MeasuresPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.register: measures.MeasureRegister | None = None
        ui = self.ui
        self.model = MeasureModel(self)
        ui.table.setModel(self.model)
        # a measure's name is never cut (the longest, 封闭封存污染的饮用水源和食品, fits at 1024 px); a long area,
        # deciding body or status is cut with "…", whole in its tooltip and the detail pane
        longest = max(rules.kind_names(ctx.plan_edition()), key=len)
        self.columns = Columns(ui.table, "measures", caps={COL_KIND: len(longest), COL_AREA: 10, COL_BY: 8,
                                                          COL_REVIEW: 13, COL_STATUS: 30},
                               floors={COL_KIND: longest}, least={COL_AREA: 8, COL_STATUS: 12}, pad=False)
        for name, _statuses in FILTERS:
            ui.filterCombo.addItem(name)
        ui.filterCombo.currentIndexChanged.connect(lambda _i: self.reload())
        ui.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        ui.table.doubleClicked.connect(lambda _index: self.approve())
        ui.addButton.clicked.connect(lambda: self.add())
        ui.approveButton.clicked.connect(lambda: self.approve())
        ui.liftButton.clicked.connect(lambda: self.lift())
        ui.reviewButton.clicked.connect(lambda: self.review())
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _on_changed(self, topic: str) -> None:
        if topic == MEASURES:
            self.reload()

    def _fit(self) -> None:
        table = self.ui.table
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 8 // 5)
        self.columns.fit()

    def reload(self) -> None:
        current = self.selected()
        self.register = reg = measures.register(self._ctx.db)
        statuses = FILTERS[max(self.ui.filterCombo.currentIndex(), 0)][1]
        self.model.today = reg.today
        self.model.set_rows([m for m in reversed(reg.rows) if m.status in statuses])  # newest first
        self.ui.summaryLabel.setText(self.summary(reg))
        self._fit()
        if current is not None and self.select(current.id):
            pass
        elif self.model.rowCount():
            self.ui.table.selectRow(0)
        self._show_detail()

    @staticmethod
    def summary(reg: measures.MeasureRegister) -> str:
        if not reg.rows:
            return NOTHING
        parts = [f"实施中 <b>{len(reg.with_status('in_force'))}</b> 项"]
        pending = reg.with_status("pending_approval")
        parts.append(f"<span style='color:#b71c1c'>待批准 <b>{len(pending)}</b> 项</span>" if pending else "待批准 0 项")
        overdue = reg.overdue_reviews()
        if overdue:
            parts.append(f"<span style='color:#b71c1c'>复核日期已过 <b>{len(overdue)}</b> 项</span>")
        parts.append(f"已解除或撤销 {len(reg.with_status('lifted'))} 项")
        return "管控措施：" + "，".join(parts)

    # ------------------------------------------------------------------ selection

    def selected(self) -> measures.MeasureRecord | None:
        return self.model.row_for(self.ui.table.currentIndex())

    def select(self, measure_id: int) -> bool:
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).id == measure_id:
                self.ui.table.selectRow(i)
                return True
        return False

    def _show_detail(self) -> None:
        m = self.selected()
        ui = self.ui
        ui.approveButton.setEnabled(m is not None and bool(m.open_needs) and m.status != "lifted")
        ui.liftButton.setEnabled(m is not None and m.status != "lifted")
        ui.reviewButton.setEnabled(m is not None and m.status != "lifted")
        if m is None or self.register is None:
            ui.detailBox.setTitle("措施详情")
            ui.detailText.setHtml("")
            return
        ui.detailBox.setTitle(f"第{m.id}号措施：{m.kind}（{m.area}）")
        ui.detailText.setHtml(self.detail_html(m, self.register.edition))

    @staticmethod
    def detail_html(m: measures.MeasureRecord, edition: str) -> str:
        force = m.in_force_from
        when = (f"{clock.local_text(m.started_at)}起实施" if not m.needs else
                f"{clock.local_text(m.started_at)}决定" + (f"，{clock.local_text(force)}起实施" if force else ""))
        lines = [f"<b>{escape(m.status_name)}</b>　{escape(m.decided_by)}决定（{escape(m.basis)}），{when}"
                 + (f"；复核日期 {m.review_on.isoformat()}" if m.review_on else "")
                 + ("；影响其他行政区域人流、物流、商流" if m.affects_others else "")]
        if m.level_note:
            lines.append(f"<span style='color:#b71c1c'>超出响应级别：{escape(m.level_note)}；"
                         f"理由：{escape(m.level_reason or '未登记')}</span>")
        for a in m.approvals:
            lines.append(f"✓ {escape(a.need_name)}：{escape(a.approved_by)}（{escape(a.ref)}，{clock.local_text(a.approved_at)}）")
        for need in m.open_needs:
            n = rules.NEEDS[need]
            label = "未取得" if m.withdrawn else "待批准"
            lines.append(f"<span style='color:#b71c1c'>{label}：{escape(rules.need_text(need, m.decided_by))}"
                         f"</span><br><small>{escape(measures.quote_text(n.source, n.quote, edition))}</small>")
        if m.lifted_at:
            by = f"，{escape(m.lifted_by)}决定" if m.lifted_by else ""
            basis = f"（{escape(m.lift_basis)}）" if m.lift_basis else ""
            lines.append(f"已于 {clock.local_text(m.lifted_at)} {'撤销（未经批准）' if m.withdrawn else '解除'}{by}{basis}")
        try:
            quotes = measures.basis_text(m.kind, edition)
        except ValueError:
            quotes = []
        shown = {measures.quote_text(rules.NEEDS[n].source, rules.NEEDS[n].quote, edition) for n in m.open_needs}
        quotes = [q for q in quotes if q not in shown]  # a clause quoted for a pending approval is not repeated
        if quotes:
            lines.append("<small>预案依据：<br>" + "<br>".join(escape(q) for q in quotes) + "</small>")
        return "<br>".join(lines)

    # ------------------------------------------------------------------ actions

    def add(self):
        from ..dialogs.measure_dialogs import MeasureDialog

        dialog = MeasureDialog(self._ctx, self)
        dialog.accepted.connect(lambda: self._show_saved(dialog.saved))
        dialog.open()
        return dialog

    def _show_saved(self, m: measures.MeasureRecord | None) -> None:
        """The measure just registered, selected (the view switched to one that shows it if need be)."""
        if m is None:
            return
        if not self.select(m.id):
            self.ui.filterCombo.setCurrentIndex(len(FILTERS) - 1)
            self.select(m.id)

    def approve(self):
        from ..dialogs.measure_dialogs import MeasureApproveDialog

        m = self.selected()
        if m is None or not m.open_needs or m.status == "lifted":
            return None
        dialog = MeasureApproveDialog(self._ctx, m, self)
        dialog.open()
        return dialog

    def lift(self):
        from ..dialogs.measure_dialogs import MeasureLiftDialog

        m = self.selected()
        if m is None or m.status == "lifted":
            return None
        dialog = MeasureLiftDialog(self._ctx, m, self)
        dialog.open()
        return dialog

    def review(self):
        from ..dialogs.measure_dialogs import MeasureReviewDialog

        m = self.selected()
        if m is None or m.status == "lifted":
            return None
        dialog = MeasureReviewDialog(self._ctx, m, self)
        dialog.open()
        return dialog
