"""Response-level use cases: the current command structure, previewing and applying a switch."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import levels as rules
from ..plan.posts import slot_for
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import LevelDecision, utcnow
from .accounts import require
from .changes import LEVELS, NO_CHANGES, SCHEDULE, Changes
from .errors import ConflictError, ServiceError, ValidationError
from .level_state import LevelState, state_in
from .level_state import current_state as current_state  # the level in force, for callers of this module
from .people import Holder, holders_by_slot
from .roster import plan_of
from .schedule import ScheduleChange, regenerate, schedule_change

FUTURE_TOLERANCE = timedelta(minutes=10)
KIND_NAMES = {"start": "启动", "raise": "提高", "lower": "降低", "end": "终止"}


class RefusedError(ServiceError):
    """The plan does not allow this step now."""


@dataclass(frozen=True)
class PersonRef:
    post: str
    person: str = ""
    phone: str = ""

    def text(self) -> str:
        return f"{self.post}（{self.person}）" if self.person else f"{self.post}（空缺）"


@dataclass(frozen=True)
class GroupView:
    key: str
    name: str
    active: bool
    leads: tuple[PersonRef, ...]
    lead_relation: str | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class CommandView:
    state: LevelState
    display_name: str
    body: str
    working_mode: str | None
    commander: PersonRef | None
    office_location: str
    director: PersonRef | None
    director_options: tuple[str, ...]
    mechanism: str | None
    groups: tuple[GroupView, ...]
    cadence: dict[str, str | None]


@dataclass
class SwitchRequest:
    target: str
    decided_at: datetime
    decided_by: str
    basis: str
    announced_at: datetime | None = None
    assessment: str = ""
    assessed_on: date | None = None
    event_id: int | None = None
    office_alternative: bool = False
    office_reason: str = ""
    office_director: str = ""
    province_record: str = ""
    province_directed: bool = False
    expected_from: str | None = None  # the level the preview was made from


@dataclass(frozen=True)
class Decision:
    """A recorded decision to start, raise, lower or end the response (plain data, never edited)."""

    id: int
    kind: str  # start|raise|lower|end
    from_level: str
    to_level: str
    decided_at: datetime
    announced_at: datetime | None
    decided_by: str
    basis: str
    assessment: str
    assessed_on: date | None
    event_id: int | None
    office_alternative: bool
    office_reason: str
    office_director: str
    province_record: str
    initiator: str
    operator: str
    recorded_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what the switch altered (levels, schedule)

    @classmethod
    def of(cls, row: LevelDecision, changes: Changes = NO_CHANGES) -> Decision:
        return cls(row.id, row.kind, row.from_level, row.to_level, row.decided_at, row.announced_at, row.decided_by,
                   row.basis, row.assessment, row.assessed_on, row.event_id, row.office_alternative,
                   row.office_reason, row.office_director, row.province_record, row.initiator, row.operator,
                   row.recorded_at, changes)


@dataclass(frozen=True)
class PreviewLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class SwitchPreview:
    kind: str
    from_level: str
    to_level: str
    title: str
    lines: tuple[PreviewLine, ...]
    rule: rules.DecisionRule
    notes: tuple[str, ...] = field(default_factory=tuple)
    schedule: ScheduleChange | None = None


def _ref(holders: dict, post: str | None, group_key: str | None = None) -> PersonRef | None:
    if not post:
        return None
    holder: Holder | None = holders.get(slot_for(post, group_key))
    return PersonRef(post, holder.person if holder else "", holder.phone if holder else "")


def _director_post(structure: rules.Structure, chosen: str) -> str:
    posts = structure.office_director_posts
    return chosen if chosen in posts else posts[0]


def command_view(db) -> CommandView:
    plan = plan_of(db)
    with db.read() as session:
        state = state_in(session)
        holders = holders_by_slot(session)
    structure = rules.structure_at(state.level, state.office_alternative)
    members = {g.key: g.members for g in plan.groups}
    groups = tuple(GroupView(g.key, g.name, g.active,
                             tuple(_ref(holders, p, g.key) for p in
                                   ((_director_post(structure, state.office_director),) if g.key == "office" and g.active
                                    else g.lead_posts)),
                             None if g.key == "office" else structure.lead_relations.get(g.key),
                             tuple(members.get(g.key, ())))
                   for g in structure.groups)
    return CommandView(state, structure.display_name, structure.body, structure.working_mode,
                       _ref(holders, structure.commander_post),
                       structure.office_location,
                       _ref(holders, _director_post(structure, state.office_director)),
                       structure.office_director_posts, structure.mechanism, groups, dict(structure.cadences))


def _named(holders, posts: tuple[str, ...], relation: str | None, group_key: str | None) -> str:
    if not posts:
        return "—"
    return (relation or "、").join(_ref(holders, p, group_key).text() for p in posts)


def _validate(req: SwitchRequest, now: datetime) -> str:
    errors = {}
    try:
        target = rules.parse_level(req.target)
    except (ValueError, KeyError):
        names = "、".join(f"{rules.display_name(k)}（{k}）" for k in rules.LEVEL_ORDER)
        raise ValidationError({"target": f"请选择调整后的响应状态：{names}" if not req.target
                               else f"未知的响应状态“{req.target}”（可选：{names}）"}) from None
    if not (req.decided_by or "").strip():
        errors["decided_by"] = "请填写决定机关或决定人（由谁决定）"
    if not (req.basis or "").strip():
        errors["basis"] = "请填写决定依据"
    if req.decided_at is None or req.decided_at.tzinfo is None:
        errors["decided_at"] = "请填写决定时间"
    elif req.decided_at > now + FUTURE_TOLERANCE:
        errors["decided_at"] = "决定时间不能晚于当前时间"
    if req.announced_at and req.decided_at and req.announced_at < req.decided_at:
        errors["announced_at"] = "发布时间不能早于决定时间"
    if req.office_alternative and target != "III":
        errors["office_alternative"] = "只有Ⅲ级应急响应可选择“特殊情况”办公室设置"
    elif req.office_alternative and not req.office_reason.strip():
        errors["office_reason"] = "选择“特殊情况”办公室设置须说明理由"
    if req.assessed_on and req.decided_at and req.assessed_on > clock.local(req.decided_at).date():
        errors["assessed_on"] = "专家评估日期不能晚于决定时间"
    if target != "none" and req.office_director:
        posts = rules.structure_at(target, req.office_alternative).office_director_posts
        if req.office_director not in posts:
            errors["office_director"] = f"办公室主任应为：{'或'.join(posts)}"
    if errors:
        raise ValidationError(errors)
    return target


def _check(state: LevelState, target: str, req: SwitchRequest) -> str:
    try:
        kind = rules.transition_kind(state.level, target)
        rules.check_transition(state.level, target, decided_at=req.decided_at, previous_decided_at=state.since,
                               province_record=bool(req.province_record.strip()),
                               started_by_city=state.initiator == "city",
                               province_directed=req.province_directed, expert_assessed=True)
    except rules.TransitionError as exc:
        raise RefusedError(str(exc)) from exc
    return kind


def _lines(holders, state: LevelState, target: str, req: SwitchRequest) -> list[PreviewLine]:
    a = rules.structure_at(state.level, state.office_alternative)
    b = rules.structure_at(target, req.office_alternative)
    a_dir = (_director_post(a, state.office_director),) if state.level != "none" else a.office_director_posts
    b_dir = (_director_post(b, req.office_director),) if target != "none" else b.office_director_posts
    lines = []
    for change in rules.diff_structures(a, b):
        f = change.field
        if f == "commander":
            before, after = _named(holders, (a.commander_post,) if a.commander_post else (), None, None), \
                _named(holders, (b.commander_post,) if b.commander_post else (), None, None)
        elif f == "office.director":
            before, after = _named(holders, a_dir, None, None), _named(holders, b_dir, None, None)
        elif f.endswith(".lead"):
            key = f.split(".")[1]
            ga, gb = ({g.key: g for g in s.groups}[key] for s in (a, b))
            before = _named(holders, ga.lead_posts, a.lead_relations.get(key), key)
            after = _named(holders, gb.lead_posts, b.lead_relations.get(key), key)
        elif f.endswith(".active"):
            before, after = ("运行" if change.from_ else "不运行"), ("运行" if change.to else "不运行")
        else:
            before, after = change.from_ or "—", change.to or "—"
        lines.append(PreviewLine(change.label, before, after))
    if a_dir != b_dir and not any(line.label == "办公室主任" for line in lines):
        lines.append(PreviewLine("办公室主任", _named(holders, a_dir, None, None), _named(holders, b_dir, None, None)))
    return lines


def preview_switch(db, req: SwitchRequest, now: datetime | None = None) -> SwitchPreview:
    """Everything the switch would change; nothing is written."""
    target = _validate(req, now or clock.now())
    with db.read() as session:
        state = state_in(session)
        holders = holders_by_slot(session)
        kind = _check(state, target, req)
        schedule = schedule_change(session, target, req.decided_at)
    rule = rules.decision_rule(state.level, target)
    title = f"{KIND_NAMES[kind]}：{rules.display_name(state.level)} → {rules.display_name(target)}"
    notes = [f"建议：{rule.proposer}" if rule.proposer else "", f"决定：{rule.decider}",
             f"报告/备案：{'、'.join(rule.report_to)}" if rule.report_to else ""]
    lines = _lines(holders, state, target, req) + _schedule_lines(schedule)
    return SwitchPreview(kind, state.level, target, title, tuple(lines), rule, tuple(n for n in notes if n), schedule)


def _schedule_lines(change: ScheduleChange) -> list[PreviewLine]:
    from ..plan.schedule import KINDS

    kinds = [k for k in KINDS if k in change.removed or k in change.added]
    return [PreviewLine(f"日程：{KINDS[k]}", f"取消未召开的 {change.removed.get(k, 0)} 项",
                        f"新增 {change.added.get(k, 0)} 项") for k in kinds]


def switch_level(db, req: SwitchRequest, operator: str, now: datetime | None = None) -> Decision:
    """Apply the switch in one transaction with its audit entry; refuse with a reason otherwise."""
    target = _validate(req, now or clock.now())
    with db.write() as session:
        require(session, operator, "level.switch")
        serialise(session, "response_state")  # PostgreSQL: two seats deciding at once queue here
        state = state_in(session)
        if req.expected_from is not None and rules.parse_level(req.expected_from) != state.level:
            raise ConflictError(f"响应状态已被他人调整为{rules.display_name(state.level)}，请重新预览后再确认。")
        kind = _check(state, target, req)
        structure = rules.structure_at(target, req.office_alternative)
        director = _director_post(structure, req.office_director) if target != "none" else ""
        initiator = ("province" if req.province_directed else "city") if kind in ("start", "raise") else state.initiator
        decision = LevelDecision(
            kind=kind, from_level=state.level, to_level=target, decided_at=req.decided_at,
            announced_at=req.announced_at, decided_by=req.decided_by.strip(), basis=req.basis.strip(),
            assessment=req.assessment.strip(), assessed_on=req.assessed_on, event_id=req.event_id,
            office_alternative=req.office_alternative, office_reason=req.office_reason.strip(),
            office_director=director, province_record=req.province_record.strip(), initiator=initiator,
            operator=operator, recorded_at=utcnow())
        session.add(decision)
        session.flush()
        change = regenerate(session, target, req.decided_at, operator)
        audit.record(session, operator, "level.switch", f"{rules.display_name(state.level)}→{structure.display_name}",
                     before={"level": state.level, "decision": state.decision_id},
                     after={"level": target, "decision": decision.id, "kind": kind,
                            "decided_at": clock.iso(req.decided_at), "decided_by": decision.decided_by,
                            "basis": decision.basis, "commander": structure.commander_post,
                            "office": structure.office_location, "director": director,
                            "schedule": {"removed": change.removed, "added": change.added}})
        changed = Changes.of(LEVELS, SCHEDULE) if change.removed or change.added else Changes.of(LEVELS)
        return Decision.of(decision, changed)


def history(db) -> list[Decision]:
    with db.read() as session:
        rows = session.scalars(select(LevelDecision).order_by(LevelDecision.decided_at, LevelDecision.id))
        return [Decision.of(row) for row in rows]
