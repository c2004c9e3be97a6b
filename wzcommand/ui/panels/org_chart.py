"""The command structure as an organisation chart: a box for the body and its commander, the office
and every active working group, joined by lines. Box sizes come from the font, so the chart scales
with it; group boxes take focus and open with Enter/Space as well as a click."""
from __future__ import annotations

from html import escape
from typing import NamedTuple

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...services.levels import CommandView, PersonRef
from ..level_style import GREY, LEVEL_COLOURS

LINE_COLOUR = "#8d8d8d"
SELECTED = "#1565c0"
VACANT = "空缺"
WORD_JOINER = "\u2060"
PHONE_SAMPLE = "电话：0577-88888888"
BOX_STRETCH = 8  # boxes take the free width before the centring stretches do
BORDER_MAX = 2  # px: a selected, focused or accented box's border


def joined(text: str) -> str:
    """`text` with word joiners between its characters, so a line never breaks inside a name."""
    return WORD_JOINER.join(text)


def person_lines(ref: PersonRef | None, caption: str = "") -> list[tuple[str, str]]:
    """(html, plain) lines for a post and its holder: `post（person）` then the phone."""
    if ref is None:
        return []
    who = (f"<b>{escape(joined(ref.person))}</b>" if ref.person
           else f"<span style='color:{GREY}'>{joined(VACANT)}</span>")
    lines = [(f"{escape(caption)}{escape(ref.post)}{joined('（')}{who}{joined('）')}", caption + ref.text())]
    if ref.phone:
        lines.append((f"<span style='color:#424242'>电话：{escape(ref.phone)}</span>", f"电话：{ref.phone}"))
    return lines


class Spec(NamedTuple):
    """A box as set_view wants it: its row, key, content and width in characters (at least, at most)."""

    row: int
    key: str
    title: str
    lines: list[tuple[str, str]]
    clickable: bool = False
    accent: str | None = None
    min_chars: int = 7
    max_chars: int = 14


class OrgBox(QFrame):
    """One box of the chart. `activated(key)` fires on click, Enter or Space when it is clickable.
    It paints its own border (no style sheet: a level switch restyles every box, and a style sheet
    per box cost more than the rest of the chart together)."""

    activated = Signal(str)

    def __init__(self, key: str, title: str, lines: list[tuple[str, str]], *, clickable: bool = False,
                 accent: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self._selected = key, False
        self.setObjectName(f"box_{key}")
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        margin = self.fontMetrics().height() // 3 + BORDER_MAX  # the text clear of the widest border
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self._label)
        self._content: tuple = ()
        self.set_content(title, lines, clickable=clickable, accent=accent)

    def set_content(self, title: str, lines: list[tuple[str, str]], *, clickable: bool = False,
                    accent: str | None = None) -> None:
        """Show `title` and `lines` ((html, plain) each); a box whose content is unchanged is left alone."""
        content = (title, tuple(lines), clickable, accent)
        if content == self._content:
            return
        self._content = content
        self.clickable, self._accent = clickable, accent
        self._plain = "\n".join([title, *(plain for _html, plain in lines)])
        self._label.setText(f"<div style='font-weight:bold'>{escape(title)}</div>"
                            + "".join(f"<div>{html}</div>" for html, _plain in lines))
        self.setAccessibleName(self._plain.replace("\n", "，"))
        if clickable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(f"查看{title}的成员单位及联系方式（单击、回车或空格）")
        else:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.unsetCursor()
            self.setToolTip("")
        self.update()

    def text(self) -> str:
        """Plain text of the box, one line per entry (for tests and copying)."""
        return self._plain

    def is_selected(self) -> bool:
        return self._selected

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def look(self) -> tuple[str, int, str]:
        """(border colour, border width, background) as painted: selected blue, the level's colour, grey."""
        border = SELECTED if self._selected else (self._accent or "#9e9e9e")
        width = 2 if self._selected or self._accent else 1
        return border, width, "#e3f2fd" if self._selected else "#ffffff"

    def paintEvent(self, event) -> None:
        border, width, background = self.look()
        focused = self.clickable and self.hasFocus()
        pen = QPen(QColor(SELECTED if focused else border), 2 if focused else width)
        if focused:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(QColor(background))
        inset = pen.widthF() / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if self.clickable and event.button() == Qt.MouseButton.LeftButton and inside:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.activated.emit(self.key)
        else:
            super().mouseReleaseEvent(event)

    def mousePressEvent(self, event) -> None:
        if not self.clickable:
            super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.key)
        else:
            super().keyPressEvent(event)


class OrgChart(QWidget):
    """Three rows: the body (领导小组 or 指挥部), the office, then the active groups (or the Ⅳ mechanism)."""

    groupActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._boxes: dict[str, OrgBox] = {}
        self._edges: list[tuple[OrgBox, list[OrgBox]]] = []
        self._rows = [QHBoxLayout() for _ in range(3)]
        metrics = self.fontMetrics()
        outer = QVBoxLayout(self)
        outer.setSpacing(metrics.height() * 2)  # room for the connecting lines
        outer.addStretch(1)
        for row in self._rows:
            row.setSpacing(metrics.horizontalAdvance("中"))
            outer.addLayout(row)
        outer.addStretch(1)

    # ------------------------------------------------------------------ content

    def set_view(self, view: CommandView, body: str) -> None:
        """Show the boxes for `view`; `body` is the plan's name of the commanding body. A box whose key
        stays (the body, the office, a group still active) is kept and its content set, the others
        are made or removed: a level switch costs the text of the boxes, not new widgets."""
        level = view.state.level
        accent = LEVEL_COLOURS.get(level) if level != "none" else None
        head = (person_lines(view.commander, "总指挥：") if view.commander
                else [(escape(view.display_name), view.display_name)])
        office_group = next((g for g in view.groups if g.key == "office"), None)
        office_lines = [(f"设在{escape(view.office_location)}", f"设在{view.office_location}"),
                        *person_lines(view.director, "主任：")]
        wanted = [Spec(0, "body", body, head, False, accent, 12, 22),
                  Spec(1, "office", office_group.name if office_group else "办公室", office_lines,
                       bool(office_group and office_group.active), None, 12, 22)]
        if view.mechanism and not any(g.active for g in view.groups):
            wanted.append(Spec(2, "mechanism", "工作机制", [(escape(view.mechanism), view.mechanism)], False, None, 20, 44))
        for group in view.groups:
            if group.active and group.key != "office":
                lines: list[tuple[str, str]] = []
                for i, lead in enumerate(group.leads):
                    if i:
                        relation = group.lead_relation or "、"
                        lines.append((f"<span style='color:{GREY}'>{relation}</span>", relation))
                    lines.extend(person_lines(lead))
                wanted.append(Spec(2, group.key, group.name, lines, clickable=True))
        for row in self._rows:  # empty the rows; the boxes stay children of the chart
            while row.count():
                row.takeAt(0)
        keys = {spec.key for spec in wanted}
        for key in [k for k in self._boxes if k not in keys]:
            gone = self._boxes.pop(key)
            gone.setParent(None)
            gone.deleteLater()
        for spec in wanted:
            box = self._boxes.get(spec.key)
            if box is None:
                box = self._new_box(OrgBox(spec.key, spec.title, spec.lines, clickable=spec.clickable,
                                           accent=spec.accent), spec.min_chars, spec.max_chars)
            else:
                box.set_content(spec.title, spec.lines, clickable=spec.clickable, accent=spec.accent)
            self._rows[spec.row].addWidget(box, BOX_STRETCH)
        self._boxes = {spec.key: self._boxes[spec.key] for spec in wanted}  # in the chart's order
        children = [self._boxes[spec.key] for spec in wanted if spec.row == 2]
        self._edges = [(self._boxes["body"], [self._boxes["office"]])]
        if children:
            self._edges.append((self._boxes["office"], children))
        for row in self._rows:
            row.insertStretch(0, 1)
            row.addStretch(1)
        self.updateGeometry()
        self.update()

    def _new_box(self, box: OrgBox, min_chars: int, max_chars: int) -> OrgBox:
        metrics = self.fontMetrics()
        char = metrics.horizontalAdvance("中")
        box.setParent(self)
        layout = box.layout()
        pad = layout.contentsMargins().left() if layout is not None else 0
        phone = metrics.horizontalAdvance(PHONE_SAMPLE) + 2 * pad  # pad: the margin and the widest border
        box.setMinimumWidth(max(min_chars * char, phone))  # a phone number is never broken
        box.setMaximumWidth(max_chars * char)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        box.activated.connect(self.groupActivated)
        box.show()
        self._boxes[box.key] = box
        return box

    def boxes(self) -> dict[str, OrgBox]:
        return dict(self._boxes)

    def select(self, key: str | None) -> None:
        for box in self._boxes.values():
            box.set_selected(box.key == key)

    # ------------------------------------------------------------------ drawing

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(LINE_COLOUR), max(1.0, self.fontMetrics().height() / 12)))
        for parent, children in self._edges:
            top = parent.geometry()
            rects = [child.geometry() for child in children]
            mid = (top.bottom() + min(r.top() for r in rects)) // 2
            x = top.center().x()
            painter.drawLine(QPoint(x, top.bottom()), QPoint(x, mid))
            xs = [r.center().x() for r in rects]
            painter.drawLine(QPoint(min(xs + [x]), mid), QPoint(max(xs + [x]), mid))
            for r in rects:
                painter.drawLine(QPoint(r.center().x(), mid), QPoint(r.center().x(), r.top()))
        painter.end()
