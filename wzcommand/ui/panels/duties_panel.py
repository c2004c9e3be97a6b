"""职责清单: the plan's 62 numbered duty items (附件1), filterable, selectable and copyable."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from ...plan.edition import DutyItem
from ...search import matches, normalise_query, search_keys
from ...services.roster import plan_of
from ..bus import UiContext
from ..forms.ui_duties_panel import Ui_DutiesPanel


def duty_matches(query: str, item: DutyItem) -> bool:
    """A unit of the item matches (name or pinyin), or the words appear in the item's text."""
    query = normalise_query(query)
    if not query or query in item.units_text.lower() or query in item.text.lower() or query == str(item.no):
        return True
    return any(matches(query, search_keys(unit)) for unit in item.units)


def duties_html(items: list[DutyItem]) -> str:
    if not items:
        return "<p>没有符合条件的职责条目。</p>"
    return "".join(
        f"<p><b>第{item.no}项 {escape(item.units_text)}</b><br/>{escape(item.text)}</p>"
        for item in items)


class DutiesPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_DutiesPanel()
        self.ui.setupUi(self)
        self._duties = plan_of(ctx.db).duties
        self._shown: list[DutyItem] = []
        self.ui.filterEdit.textChanged.connect(self._refilter)
        self._refilter("")

    def _refilter(self, text: str) -> None:
        self._shown = [item for item in self._duties if duty_matches(text, item)]
        self.ui.browser.setHtml(duties_html(self._shown))
        total, shown = len(self._duties), len(self._shown)
        self.ui.countLabel.setText(f"共 {total} 项" if shown == total else f"显示 {shown} / {total} 项")

    def shown_items(self) -> list[int]:
        """Numbers of the items currently shown."""
        return [item.no for item in self._shown]
