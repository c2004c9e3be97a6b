"""The rhythm each response level sets (meetings, briefings, reports due), as pure functions.

Cadences come from the level rules (levels_2021.json, verbatim quotes there); the meetings the
level rules do not carry are quoted here. Times of day, rooms and the number of briefings a day
at Ⅰ are office settings (ScheduleDefaults), not plan rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from .levels import DEFAULT_PLAN, cadence_rules_at, parse_level, parse_plan

KINDS: dict[str, str] = {
    "press_briefing": "新闻发布会",
    "dispatch": "调度会商会",
    "work_meeting": "工作例会",
    "expert_assessment": "专家咨询委员会评估会",
    "release": "疫情信息发布",
    "report_due": "信息报告",
    "risk_map": "风险地图发布",
    "other": "其他",
}
MEETING_KINDS = ("press_briefing", "dispatch", "work_meeting", "expert_assessment", "other")
# The respiratory plan only (Ⅱ, and Ⅰ 在Ⅱ级应急响应的基础上); the public-health plan has no such meeting.
DISPATCH_QUOTE = ("ari:6.2.3(2)", "建立各县（市、区）、各部门24小时畅通的每日调度和会商机制。")
DISPATCH_PLAN = "respiratory"
# Both plans: ari:4.2.2 runs the 一办五组 参照《温州市突发公共卫生事件应急预案》执行. Weekly is the office's setting.
WORK_MEETING_QUOTE = ("phe:4.4.1(4)", "定期召开工作例会，实行工作任务交办单制度，做到当日问题当日协调、当日落实。")


@dataclass
class ScheduleDefaults:
    """What the office may change in settings."""

    press_times: tuple[str, ...] = ("10:00", "16:00", "20:00")  # the first N are used
    briefings_per_day_at_I: int = 2
    weekly_weekday: int = 0  # Monday; weekly items fall on this day
    monthly_day: int = 1
    dispatch_time: str = "08:00"  # ends as the weekly work meeting (09:00) starts in the same room
    work_meeting_time: str = "09:00"
    assessment_time: str = "15:00"
    report_time: str = "17:00"
    risk_map_time: str = "18:00"
    release_time: str = "10:00"
    press_room: str = "市新闻发布厅"
    meeting_room: str = "市应急指挥部会议室"
    horizon_days: int = 31
    minutes: dict[str, int] = field(default_factory=lambda: {
        "press_briefing": 60, "dispatch": 60, "work_meeting": 90, "expert_assessment": 90, "release": 0,
        "report_due": 0, "risk_map": 0})

    @classmethod
    def from_dict(cls, raw: dict) -> "ScheduleDefaults":
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: (tuple(v) if k == "press_times" else v) for k, v in raw.items() if k in known}
        return cls(**values)


class PlannedItem(NamedTuple):
    kind: str
    title: str
    start: datetime
    end: datetime
    place: str
    organiser: str
    host_post: str


def _at(day: date, hhmm: str, tz) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _days(start: datetime, until: datetime):
    day = start.date()
    while day <= until.date():
        yield day
        day += timedelta(days=1)


def planned_items(level: str, start: datetime, until: datetime, d: ScheduleDefaults, *,
                  plan: str = DEFAULT_PLAN, anchor: datetime | None = None, edition: str) -> list[PlannedItem]:
    """Every item the level's cadence (under `plan`) plans strictly after `start` and up to `until`
    (local zone of `start`). Series every N days count from `anchor`, the decision that started
    the level, however late the window starts."""
    level, plan = parse_level(level), parse_plan(plan, edition=edition)
    if level == "none":
        return []
    tz = start.tzinfo
    rules = cadence_rules_at(level, plan=plan, edition=edition)
    anchor_day = (anchor or start).astimezone(tz).date()
    items: list[PlannedItem] = []

    def add(kind, title, when, place="", organiser="", host=""):
        if start < when <= until:
            end = when + timedelta(minutes=d.minutes.get(kind, 60))
            items.append(PlannedItem(kind, title, when, end, place, organiser, host))

    for day in _days(start, until):
        offset = (day - anchor_day).days
        press = rules.get("press_briefing")
        if press and press.per == "day":
            per_day = d.briefings_per_day_at_I if press.min_count else (press.count or 1)
            for n, hhmm in enumerate(d.press_times[:max(per_day, press.min_count or 1)]):
                add("press_briefing", f"新闻发布会（第{n + 1}场）" if per_day > 1 else "新闻发布会",
                    _at(day, hhmm, tz), d.press_room, press.by or "")
        elif press and press.per == "week" and day.weekday() == d.weekly_weekday:
            add("press_briefing", "新闻发布会", _at(day, d.press_times[0], tz), d.press_room, press.by or "")
        elif press and press.per == "month" and day.day == d.monthly_day:
            add("release", "市卫生健康主管部门每月疫情发布", _at(day, d.release_time, tz), "", press.by or "")
        report = rules.get("reporting")
        if report and report.per == "day":
            add("report_due", report.title or "信息报告", _at(day, d.report_time, tz))
        assess = rules.get("risk_assessment")
        if assess and (assess.per == "day" or (assess.per == "week" and day.weekday() == d.weekly_weekday)):
            add("expert_assessment", "疫情风险评估会商", _at(day, d.assessment_time, tz), d.meeting_room)
        risk_map = rules.get("risk_map")
        # Every N days counts from the decision day (the first map N days later), weekly on the set weekday.
        if risk_map and ((risk_map.per == "day" and offset % risk_map.interval == 0
                          and (risk_map.interval == 1 or offset > 0))
                         or (risk_map.per == "week" and day.weekday() == d.weekly_weekday)):
            add("risk_map", "乡镇（街道）疫情风险地图发布", _at(day, d.risk_map_time, tz))
        if level in ("II", "I") and plan == DISPATCH_PLAN:
            add("dispatch", "每日调度会商会", _at(day, d.dispatch_time, tz), d.meeting_room)
        if day.weekday() == d.weekly_weekday:
            add("work_meeting", "指挥部工作例会", _at(day, d.work_meeting_time, tz), d.meeting_room)
    return items


class Slot(NamedTuple):
    """What a conflict check needs of an item."""

    id: int
    title: str
    start: datetime
    end: datetime
    place: str
    people: frozenset[str]  # hosts and speakers, by name


def conflicts(slots: list[Slot]) -> list[tuple[int, int, str]]:
    """Pairs of overlapping items in one place, or with one person hosting/speaking at both."""
    found = []
    ordered = sorted(slots, key=lambda s: s.start)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start >= a.end:
                break
            if a.place and a.place == b.place:
                found.append((a.id, b.id, f"地点冲突：“{a.title}”与“{b.title}”同在{a.place}"))
            for person in sorted(a.people & b.people):
                found.append((a.id, b.id, f"人员冲突：{person}同时出席“{a.title}”与“{b.title}”"))
    return found


def duty_points(text: str) -> list[str]:
    """The clauses of a duty item, split where the plan puts a 。 or ；."""
    points, current = [], ""
    for ch in text:
        current += ch
        if ch in "；。":
            if current.strip("；。 "):
                points.append(current.strip())
            current = ""
    if current.strip():
        points.append(current.strip())
    return points
