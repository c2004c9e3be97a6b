"""Table models of the agenda: one day's items as rows, a week as seven day columns.

Status, origin and conflicts are told apart the same way in both: held items green with a ✓,
cancelled items grey and struck through, manual items bold, cadence items edited by hand marked
（已改）, and items in a conflict on a light red ground with a warning icon.
"""
from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from ... import clock
from ...plan.schedule import KINDS
from ...services.schedule import ATTENDANCE, missed, status_text
from .table_model import ROOT, TableModel

(COL_TIME, COL_KIND, COL_TITLE, COL_PLACE, COL_STATUS, COL_ORIGIN) = range(6)
DAY_HEADERS = ("时间", "类别", "名称", "地点", "状态", "来源")
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the meetings.ItemRecord behind a cell
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 2  # the conflict texts of that item ([] when none)
WEEKDAYS = "一二三四五六日"
HELD_COLOUR = "#2e7d32"
MISSED_COLOUR = "#c62828"
CANCELLED_COLOUR = "#9e9e9e"
CONFLICT_BACKGROUND = "#ffebee"
LEGEND = ("粗体＝手动添加　（已改）＝按频次生成后手动修改　<span style='color:#2e7d32'>✓ 绿色＝已召开</span>　"
          "<span style='color:#9e9e9e'><s>灰色删除线＝已取消</s></span>　"
          "<span style='color:#c62828'>✗ 红色＝评估会商已过期未登记评估</span>　"
          "<span style='background:#ffebee'>⚠ 红底＝时间、地点或人员冲突</span>")


def origin_text(item) -> str:
    if item.origin == "manual":
        return "手动添加"
    return "按频次（已手动修改）" if item.edited else "按频次"


def time_text(item) -> str:
    start, end = clock.local_text(item.start, "%H:%M"), clock.local_text(item.end, "%H:%M")
    return f"{start}–{end}" if item.end > item.start else start


def week_text(item) -> str:
    mark = "✓ " if item.status == "held" else ("✗ " if missed(item, clock.now()) else "")
    edited = "（已改）" if item.origin == "cadence" and item.edited else ""
    return f"{mark}{clock.local_text(item.start, '%H:%M')} {item.title}{edited}"


def day_title(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def conflict_map(conflicts: list[tuple[int, int, str]]) -> dict[int, list[str]]:
    """Item id → the conflict texts it is part of."""
    found: dict[int, list[str]] = {}
    for a, b, text in conflicts:
        for item_id in (a, b):
            found.setdefault(item_id, []).append(text)
    return found


def item_detail_html(item, conflicts: list[str]) -> str:
    """The side pane: when, where, who, what was decided."""
    parts = [f"<h3>{escape(item.title)}</h3>",
             f"<p>{escape(KINDS.get(item.kind, item.kind))}　{status_text(item, clock.now())}"
             f"　{origin_text(item)}</p>",
             f"<p><b>时间：</b>{clock.local_text(item.start)}"
             + (f" 至 {clock.local_text(item.end, '%H:%M')}" if item.end > item.start else "") + "</p>"]
    for label, value in (("地点", item.place), ("主持", "".join(x for x in (
            item.host_post, f"（{item.host_person}）" if item.host_person else "") if x)),
            ("承办单位", item.organiser)):
        if value:
            parts.append(f"<p><b>{label}：</b>{escape(value)}</p>")
    for text in conflicts:
        parts.append(f"<p style='color:#c62828'>⚠ {escape(text)}</p>")
    if item.attendees:
        rows = []
        for a in item.attendees:
            status = ATTENDANCE.get(a.status, a.status) if item.status == "held" or a.status else ""
            extra = f"（{escape(a.substitute)}）" if a.substitute else ""
            rows.append(escape(a.unit) + (f"：{status}{extra}" if status else ""))
        parts.append(f"<p><b>参会单位（{len(rows)}）：</b>{'、'.join(rows)}</p>")
    if item.speakers:
        parts.append("<p><b>发言：</b>" + "；".join(
            escape("，".join(x for x in (s.person, s.unit, s.topic) if x)) for s in item.speakers) + "</p>")
    for label, value in (("议程", item.agenda), ("纪要", item.minutes), ("议定事项", item.decisions)):
        if value:
            parts.append(f"<p><b>{label}：</b><br/>{escape(value).replace(chr(10), '<br/>')}</p>")
    if item.created_by:
        parts.append(f"<p style='color:#757575'>录入：{escape(item.created_by)}</p>")
    return "".join(parts)


class _AgendaModel(QAbstractTableModel):
    """What both views share: the look of an item by status, origin and conflicts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._conflicts: dict[int, list[str]] = {}
        self._warning_icon = None
        self.links: dict[int, str] = {}  # a 风险地图发布 item: the map issued that day, or missed

    def status_text(self, item) -> str:
        return self.links.get(item.id) or status_text(item, clock.now())

    def item_at(self, index: QModelIndex):
        raise NotImplementedError

    def text(self, item, col: int) -> str:
        raise NotImplementedError

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item_at(index) if index.isValid() else None
        if item is None:
            return None
        clashes = self._conflicts.get(item.id, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, index.column())
        if role == ITEM_ROLE:
            return item
        if role == CONFLICT_ROLE:
            return clashes
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = MISSED_COLOUR if missed(item, clock.now()) else \
                {"held": HELD_COLOUR, "cancelled": CANCELLED_COLOUR}.get(item.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and clashes:
            return QBrush(QColor(CONFLICT_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(item.status == "cancelled")
            font.setBold(item.origin == "manual")
            return font
        if role == Qt.ItemDataRole.DecorationRole and clashes and self.shows_icon(index.column()):
            if self._warning_icon is None:
                self._warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warning_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{clock.local_text(item.start)} {item.title}", f"{KINDS.get(item.kind, item.kind)}　"
                     f"{self.status_text(item)}　{origin_text(item)}"]
            if item.place:
                lines.append(f"地点：{item.place}")
            return "\n".join([*lines, *(f"⚠ {text}" for text in clashes)])
        return None

    def shows_icon(self, col: int) -> bool:
        return True


class DayModel(_AgendaModel, TableModel):
    """One day's items, a row each; rows, columns and headers as every TableModel."""

    HEADERS = DAY_HEADERS

    def set_items(self, items: list, conflicts: list[tuple[int, int, str]]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._conflicts = conflict_map(conflicts)
        self.endResetModel()

    def items(self) -> list:
        return list(self._rows)

    def row_of(self, item_id: int) -> int:
        return next((i for i, item in enumerate(self._rows) if item.id == item_id), -1)

    def item_at(self, index: QModelIndex):
        return self.row_at(index.row())

    def text(self, item, col: int) -> str:
        return {COL_TIME: lambda: time_text(item), COL_KIND: lambda: KINDS.get(item.kind, item.kind),
                COL_TITLE: lambda: item.title + ("（已改）" if item.origin == "cadence" and item.edited else ""),
                COL_PLACE: lambda: item.place, COL_STATUS: lambda: self.status_text(item),
                COL_ORIGIN: lambda: origin_text(item)}[col]()

    def shows_icon(self, col: int) -> bool:
        return col == COL_TITLE


class WeekModel(_AgendaModel):
    """Seven columns, Monday first; row n of a column is that day's n-th item."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.monday = clock.now().date() - timedelta(days=clock.now().date().weekday())
        self._days: list[list] = [[] for _ in range(7)]

    def set_week(self, monday: date, items: list, conflicts: list[tuple[int, int, str]]) -> None:
        self.beginResetModel()
        self.monday = monday
        self._days = [[] for _ in range(7)]
        for item in items:
            offset = (clock.local(item.start).date() - monday).days
            if 0 <= offset < 7:
                self._days[offset].append(item)
        self._conflicts = conflict_map(conflicts)
        self.endResetModel()

    def day_count(self, offset: int) -> int:
        return len(self._days[offset])

    def items(self) -> list:
        return [item for day in self._days for item in day]

    def index_of(self, item_id: int) -> QModelIndex:
        for col, day in enumerate(self._days):
            for row, item in enumerate(day):
                if item.id == item_id:
                    return self.index(row, col)
        return QModelIndex()

    def item_at(self, index: QModelIndex):
        day = self._days[index.column()] if 0 <= index.column() < 7 else []
        return day[index.row()] if 0 <= index.row() < len(day) else None

    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else max((len(day) for day in self._days), default=0)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 7:
            return None
        day = self.monday + timedelta(days=section)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"周{WEEKDAYS[section]} {day.month}月{day.day}日（{len(self._days[section])}）"
        if role == Qt.ItemDataRole.FontRole and day == clock.now().date():
            font = QFont()
            font.setBold(True)
            return font
        return None

    def text(self, item, col: int) -> str:
        return week_text(item)
