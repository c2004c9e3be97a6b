"""The agenda's side lists: 接下来 (the next planned items from now) and the conflicts of the range
shown. Each row carries its meetings.ItemRecord (ITEM_ROLE), so activating it goes to the item."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem

from ... import clock
from ...plan.schedule import KINDS
from ..models.schedule_model import ITEM_ROLE, WEEKDAYS

NEXT_COUNT = 6  # items listed under 接下来
NEXT_DAYS = 7  # …looked for this many days ahead
NO_CONFLICTS = "本视图中没有时间、地点或人员冲突。"


def when_text(item, today: date) -> str:
    """今天 15:00 / 明天 08:00 / 12月3日 周四 10:00."""
    day = clock.local(item.start).date()
    label = {0: "今天", 1: "明天"}.get((day - today).days) or f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"
    return f"{label} {clock.local_text(item.start, '%H:%M')}"


def fill_conflicts(listing: QListWidget, box: QGroupBox, conflicts: list[tuple[int, int, str]], by_id: dict) -> None:
    listing.clear()
    for a, _b, text in conflicts:
        row = QListWidgetItem(f"⚠ {clock.local_text(by_id[a].start, '%m-%d %H:%M')} {text}")
        row.setData(ITEM_ROLE, by_id[a])
        row.setForeground(Qt.GlobalColor.darkRed)
        listing.addItem(row)
    if not conflicts:
        listing.addItem(NO_CONFLICTS)
    box.setTitle(f"冲突（{len(conflicts)}）" if conflicts else "冲突")


def fill_next(listing: QListWidget, items: list, now: datetime) -> None:
    """The first planned items of `items` (fetched from now, by the service, for NEXT_DAYS days)."""
    upcoming = [i for i in items if i.status == "planned"][:NEXT_COUNT]
    listing.clear()
    for item in upcoming:
        row = QListWidgetItem(f"{when_text(item, now.date())}　{item.title}")
        row.setData(ITEM_ROLE, item)
        row.setToolTip(f"{KINDS.get(item.kind, item.kind)}：{item.title}" + (f"\n地点：{item.place}" if item.place else ""))
        listing.addItem(row)
    if not upcoming:
        listing.addItem(f"今后{NEXT_DAYS}天没有计划中的日程。")
