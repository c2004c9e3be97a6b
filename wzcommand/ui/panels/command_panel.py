"""指挥体系: the command structure in force as an organisation chart, the member units of a group
with their liaison and duty phone, the cadences and the warning colour; buttons open the dialogs
that adjust the level or the warning. Everything reloads when the bus announces a change."""
from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidgetItem, QWidget

from ...plan import levels as rules
from ...services import levels, warnings
from ...services.levels import CommandView, GroupView
from ...services.roster import UnitRow, list_units
from ..bus import LEVELS, MEASURES, PEOPLE, ROSTER, WARNINGS, UiContext
from ..columns import PHONE, Columns
from ..forms.ui_command_panel import Ui_CommandPanel
from ..level_style import LEVEL_COLOURS, WARNING_COLOURS, set_chip, since_text
from ..measure_strip import fill as fill_measures
from .org_chart import OrgChart

NO_GROUP = "点击组织图中的工作组（或用 Tab 键选中后按回车），查看其成员单位及联系方式。"
NO_GROUPS = "{name}：“一办五组”各工作组未运行，没有可列出的成员单位。"
NOT_SET = "—"
SILENT = "（预案未作规定）"
MEMBER_FIELDS = ("liaison", "mobile", "duty_phone")
MEMBER_COLUMN_CHARS = (9, 5, 8, 8)  # initial width caps of 成员单位, 联络员, 手机, 值班电话
MEMBERS_CHARS = 24  # the member table beside the chart needs this much room, else it goes below the chart
ASSESSMENT_CHARS = 120  # the assessment line under the header: about two lines at 1024 px; the rest in its tooltip


class CommandPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_CommandPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._view: CommandView | None = None
        self._group: str | None = None
        self._units: dict[str, UnitRow] | None = None  # read when a group is first opened
        self.chart = OrgChart(self.ui.chartHost)
        self.chart.setObjectName("orgChart")
        self.ui.chartLayout.addWidget(self.chart)
        self._cadence_labels = self._build_cadences()
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self._sized = False
        self.columns = Columns(self.ui.membersTable, "command_members", pad=False,
                               caps=dict(enumerate(MEMBER_COLUMN_CHARS)), floors={2: PHONE, 3: PHONE})
        self.ui.membersTable.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        self.chart.groupActivated.connect(self.show_group)
        self.ui.switchButton.clicked.connect(self.adjust_level)
        self.ui.warningButton.clicked.connect(lambda: self.record_warning())
        self.ui.calculatorButton.clicked.connect(self.open_calculator)
        self.ui.gradingButton.clicked.connect(self.open_grading)
        ctx.bus.follow(self, self._on_changed)
        self.reload()
        fill_measures(self.ui.measuresLabel, ctx.db)  # no level, person or warning changes it: MEASURES does

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # the chart gets three fifths at first (at least what it needs), the table the rest
            self._sized = True
            self._place_members(force=True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._sized:
            self._place_members()

    def _place_members(self, force: bool = False) -> None:
        """The member table beside the chart when both fit, else below it: at 1024 px under Ⅲ the five
        groups left the table beside them 98 px wide."""
        splitter, chart = self.ui.splitter, self.ui.chartArea.minimumWidth()
        room = self.fontMetrics().horizontalAdvance("中" * MEMBERS_CHARS)
        wanted = Qt.Orientation.Horizontal if splitter.width() >= chart + room + splitter.handleWidth() \
            else Qt.Orientation.Vertical
        if wanted == splitter.orientation() and not force:
            return
        splitter.setOrientation(wanted)
        if wanted == Qt.Orientation.Horizontal:
            total = splitter.width()
            first = max(chart, total * 3 // 5)
        else:  # the chart and the cadences whole if they can be, the table at least four rows
            total = splitter.height()
            rows = self.ui.membersTable.verticalHeader().defaultSectionSize() * 5 + self.ui.membersTitle.sizeHint().height()
            ui = self.ui
            chart = ui.chartHost.sizeHint().height() + 2 * ui.chartArea.frameWidth() + ui.cadenceBox.sizeHint().height() \
                + 2 * ui.leftLayout.spacing() + ui.leftLayout.contentsMargins().top() + ui.leftLayout.contentsMargins().bottom()
            first = max(total // 2, min(chart, total - rows))
        splitter.setSizes([first, total - first])

    def _build_cadences(self) -> dict[str, QLabel]:
        grid, labels = self.ui.cadenceGrid, {}
        for row, (kind, caption) in enumerate(rules.CADENCE_LABELS.items()):
            value = QLabel(self.ui.cadenceBox)
            value.setObjectName(f"{kind}Value")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(QLabel(f"{caption}：", self.ui.cadenceBox), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            labels[kind] = value
        grid.setColumnStretch(1, 1)
        return labels

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic == ROSTER:
            self._units = None
            if self._group:
                self.show_group(self._group)
        elif topic in (LEVELS, PEOPLE, WARNINGS):
            self.reload()
        elif topic == MEASURES:
            fill_measures(self.ui.measuresLabel, self._ctx.db)

    def reload(self) -> None:
        db = self._ctx.db
        view = self._view = levels.command_view(db)
        state = view.state
        self.chart.set_view(view, view.body)
        area = self.ui.chartArea  # the whole chart stays in view; the member table gives way
        area.setMinimumWidth(self.chart.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
        if self._sized:
            self._place_members()  # more groups, a wider chart
        chain = [self.ui.gradingButton, *(b for b in self.chart.boxes().values() if b.clickable), self.ui.membersTable]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # buttons, then the chart's groups, then their members
        set_chip(self.ui.levelLabel, view.display_name, LEVEL_COLOURS[state.level],
                 f"专家评估：{view.assessment}" if view.assessment else "")
        self.ui.sinceLabel.setText(since_text(state.since))
        self.ui.sinceLabel.setToolTip(self.ui.levelLabel.toolTip())
        latest = warnings.latest_warning(db)  # the warning's procedure (its assessment) in one read
        in_force = latest if latest is not None and latest.colour != "none" else None
        warning, sites = warnings.warning_with_sites(db)  # the colour since it was set, and the sites in force
        below = any(s.below_city for s in sites)
        set_chip(self.ui.warningLabel, warnings.colour_name(warning.colour) + ("（触发地须调整）" if below else ""),
                 WARNING_COLOURS[warning.colour],
                 "\n".join(x for x in (since_text(warning.since), warnings.sites_text(sites),
                                        "附件 三：" + warnings.SITE_RULE[1] if below else "") if x))
        self._show_assessment(view.assessment, in_force.procedure.assessment if in_force else "")
        # Which plan the response runs under: its cadences, and only its, are shown.
        self.ui.cadenceBox.setTitle(f"当前工作频次（《{view.plan_name}》原文）" if view.plan_name
                                    else "当前工作频次（预案原文）")
        for kind, label in self._cadence_labels.items():
            label.setText(view.cadence.get(kind) or (SILENT if state.level != "none" else NOT_SET))
        group = self._active_group(self._group)
        if group is not None:
            self.show_group(group.key)
        else:
            self._clear_members()

    def _show_assessment(self, level: str, warning: str = "") -> None:
        """The assessments the level and the warning in force rest on, in view: each its first line, cut
        to about two lines' worth (the whole in the tooltip)."""
        label, lines, whole = self.ui.assessmentLabel, [], []
        for caption, text in (("响应级别依据的专家评估", level), ("预警依据的专家评估", warning)):
            first = text.strip().splitlines()[0] if text.strip() else ""
            if first:
                lines.append(f"{caption}：{first if len(first) <= ASSESSMENT_CHARS else first[:ASSESSMENT_CHARS - 1] + '…'}")
                whole.append(f"{caption}：{text.strip()}")
        label.setText("\n".join(lines))
        label.setToolTip("\n".join(whole) if whole != lines else "")
        label.setVisible(bool(lines))

    def view(self) -> CommandView | None:
        return self._view

    def _active_group(self, key: str | None) -> GroupView | None:
        if self._view is None or key is None:
            return None
        return next((g for g in self._view.groups if g.key == key and g.active), None)

    # ------------------------------------------------------------------ members of a group

    def show_group(self, key: str) -> None:
        group = self._active_group(key)
        if group is None:
            self._clear_members()
            return
        if self._units is None:
            self._units = {unit.name: unit for unit in list_units(self._ctx.db)}
        self._group = key
        self.chart.select(key)
        table = self.ui.membersTable
        table.setRowCount(len(group.members))
        for row, name in enumerate(group.members):
            unit = self._units.get(name)
            cells = [name, *((unit.contact.get(f, "") if unit else "") for f in MEMBER_FIELDS)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, col, item)
        self.ui.membersTitle.setText(f"<b>{group.name}</b> 成员单位（{len(group.members)} 个）")
        self.columns.fit()  # names are capped, phone numbers never cut

    def _clear_members(self) -> None:
        self._group = None
        self.chart.select(None)
        self.ui.membersTable.setRowCount(0)
        any_group = self._view is not None and any(g.active for g in self._view.groups)
        self.ui.membersTitle.setText(NO_GROUP if any_group or self._view is None
                                     else NO_GROUPS.format(name=self._view.display_name))

    def shown_group(self) -> str | None:
        return self._group

    def members_shown(self) -> list[tuple[str, ...]]:
        table = self.ui.membersTable
        return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]

    # ------------------------------------------------------------------ dialogs

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def adjust_level(self) -> QDialog:
        from ..dialogs.switch_dialog import SwitchDialog

        return self._open(SwitchDialog(self._ctx, self.window()))

    def record_warning(self, colour: str | None = None, basis: str = "") -> QDialog:
        from ..dialogs.warning_dialog import WarningDialog

        return self._open(WarningDialog(self._ctx, self.window(), colour=colour, basis=basis))

    def open_calculator(self) -> QDialog:
        from ..dialogs.warning_calculator import WarningCalculatorDialog

        return self._open(WarningCalculatorDialog(self._ctx, self.window()))

    def open_grading(self) -> QDialog:
        from ..dialogs.grading_dialog import GradingDialog

        return self._open(GradingDialog(self._ctx.plan_edition(), self.window()))
