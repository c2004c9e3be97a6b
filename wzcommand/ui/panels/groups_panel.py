"""工作组: the six working groups of "一办五组", each with its member units and main duties."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from ...plan.edition import Group
from ...services.roster import plan_of
from ..bus import UiContext
from ..forms.ui_groups_panel import Ui_GroupsPanel


def group_html(group: Group) -> str:
    return (f"<h3>{escape(group.name)}</h3>"
            f"<h4>成员单位（{len(group.members)} 个）</h4><p>{escape(group.members_text)}</p>"
            f"<h4>主要职责</h4><p>{escape(group.duties)}</p>")


class GroupsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_GroupsPanel()
        self.ui.setupUi(self)
        self._groups = plan_of(ctx.db).groups
        for group in self._groups:
            self.ui.groupList.addItem(group.name)
        self.ui.groupList.currentRowChanged.connect(self._show)
        self.ui.groupList.setCurrentRow(0)
        lst = self.ui.groupList
        lst.setSpacing(lst.fontMetrics().height() // 4)
        lst.setFixedWidth(lst.sizeHintForColumn(0) + 2 * lst.frameWidth() + lst.fontMetrics().horizontalAdvance("中中"))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._groups):
            self.ui.browser.setHtml(group_html(self._groups[row]))
