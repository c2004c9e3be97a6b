"""Schedule use cases: cadence items that follow the level, meetings and briefings, conflicts."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import schedule as rules
from ..plan.levels import structure_at
from ..storage import audit
from ..storage.models import AppMeta, Attendance, ScheduleItem
from ..storage.rowstate import delete_rows, insert_rows
from .changes import NO_CHANGES, SCHEDULE, Changes
from .errors import ValidationError
from .level_state import state_in

DEFAULTS_KEY = "schedule_defaults"
STATUSES = {"planned": "计划", "held": "已召开", "cancelled": "已取消"}
ATTENDANCE = {"present": "出席", "absent": "缺席", "substitute": "委派代表", "": "未登记"}
ASSESSMENT_KIND = "expert_assessment"  # the cadence's 疫情风险评估会商: held = an assessment record
MISSED = "未评估（无评估记录）"


def missed(item, now: datetime) -> bool:
    """A scheduled 风险评估会商 whose day has passed with no assessment recorded (nor cancelled)."""
    return (item.kind == ASSESSMENT_KIND and item.status == "planned" and item.assessment_id is None
            and clock.local(now).date() > clock.local(item.start).date())


def status_text(item, now: datetime) -> str:
    """计划 / 已召开 / 已取消; a 风险评估会商: 已评估（第N号） when its record is linked, 未评估 once its day passed."""
    if item.kind == ASSESSMENT_KIND and item.assessment_id is not None:
        return f"已评估（第{item.assessment_id}号）"
    return MISSED if missed(item, now) else STATUSES.get(item.status, item.status)


def defaults_in(session) -> rules.ScheduleDefaults:
    meta = session.get(AppMeta, DEFAULTS_KEY)
    return rules.ScheduleDefaults.from_dict(json.loads(meta.value)) if meta and meta.value else rules.ScheduleDefaults()


def schedule_defaults(db) -> rules.ScheduleDefaults:
    with db.read() as session:
        return defaults_in(session)


def save_schedule_defaults(db, defaults: rules.ScheduleDefaults, operator: str,
                           now: datetime | None = None) -> "ScheduleChange":
    errors = {}
    for name in ("dispatch_time", "work_meeting_time", "assessment_time", "report_time", "risk_map_time",
                 "release_time", *[f"press_times[{i}]" for i in range(len(defaults.press_times))]):
        value = defaults.press_times[int(name[-2])] if name.startswith("press_times") else getattr(defaults, name)
        try:
            hour, minute = (int(x) for x in value.split(":"))
            assert 0 <= hour < 24 and 0 <= minute < 60
        except (ValueError, AssertionError):
            errors[name] = f"时间“{value}”格式不正确（应为 HH:MM）"
    if not 1 <= defaults.briefings_per_day_at_I <= len(defaults.press_times):
        errors["briefings_per_day_at_I"] = f"Ⅰ级每日发布会场次应在 1 到 {len(defaults.press_times)} 之间"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        meta = session.get(AppMeta, DEFAULTS_KEY) or AppMeta(key=DEFAULTS_KEY)
        before = meta.value
        meta.value = json.dumps(asdict(defaults), ensure_ascii=False)
        session.add(meta)
        session.flush()
        # Untouched future cadence items move to the new times and rooms; touched ones stay.
        state = state_in(session)
        change = regenerate(session, state.level, max(now or clock.now(), state.since or clock.now()), operator,
                            plan=state.plan, anchor=state.since, edition=state.edition)
        audit.record(session, operator, "schedule.defaults", "日程默认设置", before=before, after=meta.value)
        changed = before != meta.value or change.removed or change.added
        return replace(change, changes=Changes.of(SCHEDULE) if changed else NO_CHANGES)


@dataclass(frozen=True)
class ScheduleChange:
    removed: dict[str, int]
    added: dict[str, int]
    changes: Changes = NO_CHANGES  # set by the use case that returns it (the level switch reports its own)

    def cancelled_text(self, kind: str) -> str:
        """What the switch cancels of one kind, never "0 项"."""
        n = self.removed.get(kind, 0)
        return f"取消未召开的 {n} 项" if n else "无未召开的需取消"

    def added_text(self, kind: str) -> str:
        """What the switch adds of one kind, never "0 项"."""
        n = self.added.get(kind, 0)
        return f"新增 {n} 项" if n else "不新增"

    def lines(self) -> list[str]:
        kinds = sorted(set(self.removed) | set(self.added), key=list(rules.KINDS).index)
        return [f"{rules.KINDS[k]}：{self.cancelled_text(k)}，{self.added_text(k)}" for k in kinds]


def _replaceable(decided_at: datetime):
    return ((ScheduleItem.origin == "cadence") & (ScheduleItem.status == "planned")
            & (ScheduleItem.edited.is_(False)) & (ScheduleItem.start > decided_at))


def _new_slots(session, level: str, start: datetime, defaults, keep_ids=None, *, plan: str,
               anchor: datetime | None = None, edition: str) -> list[rules.PlannedItem]:
    until = start + timedelta(days=defaults.horizon_days)
    planned = rules.planned_items(level, clock.local(start), clock.local(until), defaults, plan=plan, anchor=anchor,
                                 edition=edition)
    taken = set(session.execute(select(ScheduleItem.kind, ScheduleItem.start).where(
        ScheduleItem.start > start, ~ScheduleItem.id.in_(keep_ids or []))).all())
    return [p for p in planned if (p.kind, clock.utc(p.start)) not in taken]


def schedule_change(session, level: str, decided_at: datetime, *, plan: str,
                    anchor: datetime | None = None, edition: str) -> ScheduleChange:
    """What a switch to `level` at `decided_at` would do to the schedule (nothing is written)."""
    defaults = defaults_in(session)
    removable = session.execute(select(ScheduleItem.id, ScheduleItem.kind).where(_replaceable(decided_at))).all()
    added = _new_slots(session, level, decided_at, defaults, keep_ids=[r.id for r in removable], plan=plan,
                       anchor=anchor, edition=edition)
    return ScheduleChange(dict(Counter(r.kind for r in removable)), dict(Counter(p.kind for p in added)))


def regenerate(session, level: str, decided_at: datetime, operator: str, *, plan: str,
               anchor: datetime | None = None, edition: str) -> ScheduleChange:
    """Inside the switch transaction: replace untouched future cadence items with the new level's.
    `anchor`: the decision that started the level, when it is not `decided_at` (series keep their phase)."""
    change = schedule_change(session, level, decided_at, plan=plan, anchor=anchor, edition=edition)
    delete_rows(session, ScheduleItem, _replaceable(decided_at))  # noted row by row for the audit
    _add_planned(session, level, decided_at, operator, plan=plan, anchor=anchor, edition=edition)
    return change


def _add_planned(session, level: str, start: datetime, operator: str, *, plan: str,
                 anchor: datetime | None = None, edition: str) -> int:
    slots = _new_slots(session, level, start, defaults_in(session), plan=plan, anchor=anchor, edition=edition)
    attendees = {kind: default_attendees(session, kind, level) for kind in {p.kind for p in slots}}
    # Two statements for the lot instead of one ORM object per row; each row is noted for the audit.
    ids = insert_rows(session, ScheduleItem, [
        {"kind": p.kind, "title": p.title, "start": p.start, "end": p.end, "place": p.place, "organiser": p.organiser,
         "host_post": p.host_post, "status": "planned", "origin": "cadence", "level": level, "created_by": operator}
        for p in slots])
    insert_rows(session, Attendance, [{"item_id": item_id, "unit": unit}
                                      for item_id, p in zip(ids, slots, strict=True) for unit in attendees[p.kind]])
    return len(slots)


def extend_schedule(db, operator: str, now: datetime | None = None) -> int:
    """Keep the current level's cadence planned up to the horizon (run at start and daily)."""
    now = now or clock.now()
    with db.write() as session:
        state = state_in(session)
        if state.level == "none":
            return 0
        # Series keep the phase of the decision that started the level (risk maps every 3 days stay so).
        since = state.since or now  # a level in force has its decision's time
        return _add_planned(session, state.level, max(now, since), operator, plan=state.plan,
                            anchor=state.since, edition=state.edition)


def default_attendees(session, kind: str, level: str) -> list[str]:
    from .roster import plan_of_session

    plan = plan_of_session(session)
    structure = structure_at(level, edition=plan.edition)
    if kind in ("dispatch", "work_meeting"):
        return [f"{g.name}负责人" for g in structure.groups if g.active] or ["市卫生健康委"]
    if kind == "press_briefing":
        return list(plan.group("publicity").members)
    if kind == "expert_assessment":
        return ["专家咨询委员会", "市卫生健康委", "市疾控中心"]
    return []
