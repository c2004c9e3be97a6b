"""Response-level use cases: the current command structure, previewing and applying a switch."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial

from sqlalchemy import select

from .. import clock
from ..plan import levels as rules
from ..plan import transitions
from ..plan.posts import slot_for
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import Event, LevelAssessment, LevelDecision, utcnow
from ..storage.seeding import plan_edition
from .accounts import require
from .changes import LEVELS, NO_CHANGES, SCHEDULE, Changes
from .errors import ConflictError, RefusedError, ValidationError
from .level_state import LevelState, state_in
from .level_state import current_state as current_state  # the level in force, for callers of this module
from .level_steps import (
    SwitchRequest as SwitchRequest,  # the request lives with its procedure; callers use it from here
)
from .level_steps import procedure_steps, rule_notes
from .people import Holder, holders_by_slot
from .response_end import open_at_end
from .roster import plan_of, plan_of_session
from .schedule import ScheduleChange, regenerate, schedule_change

KIND_NAMES = {"start": "启动", "raise": "提高", "lower": "降低", "end": "终止"}


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
    plan: str = rules.DEFAULT_PLAN
    plan_name: str = ""  # 《…》 the response runs under; "" before a response starts
    assessment: str = ""  # the expert assessment behind the decision in force (第N号评估… when linked)


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
    plan: str = rules.DEFAULT_PLAN  # the plan the response runs under after this decision
    assessed_by: str = ""
    approved_by: str = ""  # 报…批准, with its document and time
    approval_ref: str = ""
    approved_at: datetime | None = None
    filed_with: str = ""  # 报…备案
    filing_ref: str = ""
    filed_at: datetime | None = None
    province_decision: str = ""  # the province's document, for its own lowering or ending
    assessment_id: int | None = None  # the committee's assessment record the decision rests on
    edition: str = field(kw_only=True)  # the plan edition the database records (the levels' names)

    @classmethod
    def of(cls, row: LevelDecision, edition: str, changes: Changes = NO_CHANGES) -> Decision:
        return cls(row.id, row.kind, row.from_level, row.to_level, row.decided_at, row.announced_at, row.decided_by,
                   row.basis, row.assessment, row.assessed_on, row.event_id, row.office_alternative,
                   row.office_reason, row.office_director, row.province_record, row.initiator, row.operator,
                   row.recorded_at, changes, row.plan or rules.DEFAULT_PLAN, row.assessed_by, row.approved_by,
                   row.approval_ref, row.approved_at, row.filed_with, row.filing_ref, row.filed_at,
                   row.province_decision,
                   row.assessment_link.assessment_id if row.assessment_link is not None else None, edition=edition)


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
    plan: str = rules.DEFAULT_PLAN


def _ref(holders: dict, post: str | None, group_key: str | None = None, *, edition: str) -> PersonRef | None:
    return _person(holders, post, group_key, edition) if post else None


def _person(holders: dict, post: str, group_key: str | None, edition: str) -> PersonRef:
    """Who holds ``post`` (in ``group_key``'s slot for a post each group fills), or the post vacant."""
    holder: Holder | None = holders.get(slot_for(post, group_key, edition))
    return PersonRef(post, holder.person if holder else "", holder.phone if holder else "")


def _director_post(structure: rules.Structure, chosen: str) -> str:
    posts = structure.office_director_posts
    return chosen if chosen in posts else posts[0]


def command_view(db) -> CommandView:
    with db.read() as session:
        return command_view_in(session)


def command_view_in(session) -> CommandView:
    """The command view as ``session`` sees it."""
    plan = plan_of_session(session)
    state = state_in(session)
    holders = holders_by_slot(session)
    assessment = (session.scalar(select(LevelDecision.assessment).where(LevelDecision.id == state.decision_id))
                  if state.decision_id and state.level != "none" else "") or ""
    structure = rules.structure_at(state.level, state.office_alternative, plan=state.plan, edition=state.edition)
    members = {g.key: g.members for g in plan.groups}
    groups = tuple(GroupView(g.key, g.name, g.active,
                             tuple(_person(holders, p, g.key, state.edition) for p in
                                   ((_director_post(structure, state.office_director),) if g.key == "office" and g.active
                                    else g.lead_posts)),
                             None if g.key == "office" else structure.lead_relations.get(g.key),
                             tuple(members.get(g.key, ())))
                   for g in structure.groups)
    return CommandView(state, structure.display_name, structure.body, structure.working_mode,
                       _ref(holders, structure.commander_post, edition=state.edition),
                       structure.office_location,
                       _ref(holders, _director_post(structure, state.office_director), edition=state.edition),
                       structure.office_director_posts, structure.mechanism, groups, dict(structure.cadences),
                       state.plan, rules.plan_name(state.plan, edition=state.edition) if state.level != "none" else "", assessment)


def _named(holders, posts: tuple[str, ...], relation: str | None, group_key: str | None, edition: str) -> str:
    if not posts:
        return "—"
    return (relation or "、").join(_person(holders, p, group_key, edition).text() for p in posts)


def _validate(req: SwitchRequest, now: datetime, edition: str) -> str:
    errors = {}
    try:
        target = rules.parse_level(req.target)
    except (ValueError, KeyError):
        names = "、".join(f"{rules.display_name(k, edition=edition)}（{k}）" for k in rules.LEVEL_ORDER)
        raise ValidationError({"target": f"请选择调整后的响应状态：{names}" if not req.target
                               else f"未知的响应状态“{req.target}”（可选：{names}）"}) from None
    if not (req.decided_by or "").strip():
        errors["decided_by"] = "请填写决定机关或决定人（由谁决定）"
    if not (req.basis or "").strip():
        errors["basis"] = "请填写决定依据"
    clock.check_time(errors, "decided_at", req.decided_at, "决定时间", now)
    if req.announced_at and req.decided_at and req.announced_at < req.decided_at:
        errors["announced_at"] = "发布时间不能早于决定时间"
    if req.office_alternative and target != "III":
        errors["office_alternative"] = "只有Ⅲ级应急响应可选择“特殊情况”办公室设置"
    elif req.office_alternative and not req.office_reason.strip():
        errors["office_reason"] = "选择“特殊情况”办公室设置须说明理由"
    if req.assessed_on and req.decided_at and req.assessed_on > clock.local(req.decided_at).date():
        errors["assessed_on"] = "专家评估日期不能晚于决定时间"
    for body, ref, at, key, act in ((req.approved_by, req.approval_ref, req.approved_at, "approved", "批准"),
                                    (req.filed_with, req.filing_ref, req.filed_at, "filed", "备案")):
        if not (body or "").strip():
            continue
        if not (ref or "").strip():
            errors[f"{key}_ref"] = f"请填写{act}文号或记录"
        clock.check_time(errors, f"{key}_at", at, f"{act}时间", now)
        if f"{key}_at" not in errors and at is not None and req.decided_at and req.decided_at.tzinfo and at < req.decided_at:
            errors[f"{key}_at"] = f"{act}时间不能早于决定时间"
    if req.plan:
        try:
            rules.parse_plan(req.plan, edition=edition)
        except ValueError as exc:
            errors["plan"] = str(exc)
    if target != "none" and req.office_director:
        posts = rules.structure_at(target, req.office_alternative, edition=edition).office_director_posts
        if req.office_director not in posts:
            errors["office_director"] = f"办公室主任应为：{'或'.join(posts)}"
    if errors:
        raise ValidationError(errors)
    return target


def _plan(session, state: LevelState, req: SwitchRequest) -> str:
    """A response runs under the plan of the event it was started for (respiratory plan for an acute
    respiratory infectious disease, else the public-health plan); a later decision may change it."""
    asked = rules.parse_plan(req.plan, edition=state.edition) if req.plan else None
    if state.level != "none":
        return asked or state.plan
    event = session.get(Event, req.event_id) if req.event_id else None
    if req.event_id and event is None:
        raise ValidationError({"event_id": f"没有编号为 {req.event_id} 的事件"})
    if event is None:
        return asked or rules.DEFAULT_PLAN
    plan = rules.plan_for_category(event.category)
    if asked and asked != plan:
        raise ValidationError({"plan": f"事件“{event.name}”的应急响应按《{rules.plan_name(plan, edition=state.edition)}》执行"
                                       f"（按事件类别确定），与所选预案不一致"})
    return plan


def event_plan(db, event_id: int | None) -> str | None:
    """The plan a response started for this event runs under (None: no such event)."""
    if not event_id:
        return None
    with db.read() as session:
        event = session.get(Event, event_id)
        return rules.plan_for_category(event.category) if event is not None else None


def _linked(session, state: LevelState, target: str, req: SwitchRequest) -> SwitchRequest:
    """``assessment_id``: the committee's recorded assessment stands for the free-text one; it must
    answer this change's question (启动/提高/降低/终止) and be held before the decision."""
    if req.assessment_id is None:
        return req
    from ..plan import experts as expert_rules
    from .experts import assessment_in

    record = assessment_in(session, req.assessment_id)
    try:
        kind = transitions.transition_kind(state.level, target, edition=state.edition)
    except transitions.TransitionError:
        return req  # _check says why
    if not expert_rules.fits_level_change(record.question, kind, edition=state.edition):
        raise RefusedError(f"第{record.id}号评估的事项是“{record.question_name}”，不能作为{KIND_NAMES[kind]}应急响应的依据。")
    if req.decided_at is not None and record.held_at > req.decided_at:
        raise RefusedError(f"第{record.id}号评估（{clock.local_text(record.held_at)}）晚于决定时间，不能作为依据。")
    return replace(req, assessment=record.summary(), assessed_on=clock.local(record.held_at).date())


def _check(state: LevelState, target: str, req: SwitchRequest, plan: str) -> tuple[str, rules.DecisionRule]:
    try:
        kind = transitions.transition_kind(state.level, target, edition=state.edition)
        rule = transitions.check_transition(
            state.level, target, decided_at=req.decided_at, previous_decided_at=state.since, plan=plan,
            province_record=bool(req.province_record.strip()), started_by_city=state.initiator == "city",
            province_directed=req.province_directed, province_decision=bool(req.province_decision.strip()),
            expert_assessed=bool(req.assessment.strip()) and req.assessed_on is not None,
            decided_by=req.decided_by.strip(), approved_by=req.approved_by.strip(),
            filed_with=req.filed_with.strip(), edition=state.edition)
    except transitions.TransitionError as exc:
        raise RefusedError(str(exc)) from exc
    return kind, rule


def _lines(holders, state: LevelState, target: str, req: SwitchRequest, plan: str) -> list[PreviewLine]:
    edition = state.edition
    a = rules.structure_at(state.level, state.office_alternative, plan=state.plan, edition=edition)
    b = rules.structure_at(target, req.office_alternative, plan=plan, edition=edition)
    a_dir = (_director_post(a, state.office_director),) if state.level != "none" else a.office_director_posts
    b_dir = (_director_post(b, req.office_director),) if target != "none" else b.office_director_posts
    lines = []
    for change in rules.diff_structures(a, b):
        f = change.field
        if f == "commander":
            before, after = _named(holders, (a.commander_post,) if a.commander_post else (), None, None, edition), \
                _named(holders, (b.commander_post,) if b.commander_post else (), None, None, edition)
        elif f == "office.director":
            before, after = _named(holders, a_dir, None, None, edition), _named(holders, b_dir, None, None, edition)
        elif f.endswith(".lead"):
            key = f.split(".")[1]
            ga, gb = ({g.key: g for g in s.groups}[key] for s in (a, b))
            before = _named(holders, ga.lead_posts, a.lead_relations.get(key), key, edition)
            after = _named(holders, gb.lead_posts, b.lead_relations.get(key), key, edition)
        elif f.endswith(".active"):
            before, after = ("运行" if change.from_ else "不运行"), ("运行" if change.to else "不运行")
        else:
            before, after = str(change.from_ or "—"), str(change.to or "—")
        lines.append(PreviewLine(change.label, before, after))
    if a_dir != b_dir and not any(line.label == "办公室主任" for line in lines):
        lines.append(PreviewLine("办公室主任", _named(holders, a_dir, None, None, edition), _named(holders, b_dir, None, None, edition)))
    if state.level != "none" and plan != state.plan:
        lines.insert(0, PreviewLine("所依预案", f"《{rules.plan_name(state.plan, edition=edition)}》",
                                        f"《{rules.plan_name(plan, edition=edition)}》"))
    return lines


def preview_switch(db, req: SwitchRequest, now: datetime | None = None) -> SwitchPreview:
    """Everything the switch would change; nothing is written."""
    target = _validate(req, now or clock.now(), plan_of(db).edition)
    with db.read() as session:
        state = state_in(session)
        holders = holders_by_slot(session)
        plan = _plan(session, state, req)
        req = _linked(session, state, target, req)
        kind, rule = _check(state, target, req, plan)
        schedule = schedule_change(session, target, req.decided_at, plan=plan, edition=state.edition)
        still_open = open_at_end(session).notes() if target == "none" else []
    name = partial(rules.display_name, edition=state.edition)
    title = f"{KIND_NAMES[kind]}：{name(state.level)} → {name(target)}"
    lines = _lines(holders, state, target, req, plan) + _schedule_lines(schedule)
    notes = rule_notes(rule, plan, edition=state.edition) + still_open
    return SwitchPreview(kind, state.level, target, title, tuple(lines), rule, tuple(notes), schedule, plan)


def _schedule_lines(change: ScheduleChange) -> list[PreviewLine]:
    from ..plan.schedule import KINDS

    kinds = [k for k in KINDS if k in change.removed or k in change.added]
    return [PreviewLine(f"日程：{KINDS[k]}", change.cancelled_text(k), change.added_text(k)) for k in kinds]


def switch_level(db, req: SwitchRequest, operator: str, now: datetime | None = None) -> Decision:
    """Apply the switch in one transaction with its audit entry; refuse with a reason otherwise."""
    target = _validate(req, now or clock.now(), plan_of(db).edition)
    with db.write() as session:
        require(session, operator, "level.switch")
        serialise(session, "response_state")  # PostgreSQL: two seats deciding at once queue here
        state = state_in(session)
        if req.expected_from is not None and rules.parse_level(req.expected_from) != state.level:
            raise ConflictError(f"响应状态已被他人调整为{rules.display_name(state.level, edition=state.edition)}，"
                                "请重新预览后再确认。")
        plan = _plan(session, state, req)
        req = _linked(session, state, target, req)
        kind, rule = _check(state, target, req, plan)
        structure = rules.structure_at(target, req.office_alternative, plan=plan, edition=state.edition)
        director = _director_post(structure, req.office_director) if target != "none" else ""
        initiator = ("province" if req.province_directed else "city") if kind in ("start", "raise") else state.initiator
        assessed = bool(rule.assessment) and not (req.province_directed or req.province_decision.strip())
        decision = LevelDecision(
            kind=kind, from_level=state.level, to_level=target, decided_at=req.decided_at,
            announced_at=req.announced_at, decided_by=req.decided_by.strip(), basis=req.basis.strip(),
            assessment=req.assessment.strip(), assessed_on=req.assessed_on, event_id=req.event_id,
            assessed_by=(req.assessed_by.strip() or (rule.assessment or "")) if assessed or req.assessment.strip() else "",
            office_alternative=req.office_alternative, office_reason=req.office_reason.strip(),
            office_director=director, province_record=req.province_record.strip(), initiator=initiator,
            plan=plan, approved_by=req.approved_by.strip(), approval_ref=req.approval_ref.strip(),
            approved_at=req.approved_at if req.approved_by.strip() else None,
            filed_with=req.filed_with.strip(), filing_ref=req.filing_ref.strip(),
            filed_at=req.filed_at if req.filed_with.strip() else None,
            province_decision=req.province_decision.strip(), operator=operator, recorded_at=utcnow(),
            assessment_link=LevelAssessment(assessment_id=req.assessment_id) if req.assessment_id else None)
        session.add(decision)
        session.flush()
        change = regenerate(session, target, req.decided_at, operator, plan=plan, edition=state.edition)
        audit.record(session, operator, "level.switch",
                     f"{rules.display_name(state.level, edition=state.edition)}→{structure.display_name}",
                     before={"level": state.level, "decision": state.decision_id, "plan": state.plan},
                     after={"level": target, "decision": decision.id, "kind": kind, "plan": plan,
                            "rule": rule.source, "initiator": initiator, "assessment_id": req.assessment_id,
                            "steps": procedure_steps(rule, req, kind),
                            "decided_at": clock.iso(req.decided_at), "decided_by": decision.decided_by,
                            "basis": decision.basis, "commander": structure.commander_post,
                            "office": structure.office_location, "director": director,
                            "schedule": {"removed": change.removed, "added": change.added},
                            **(open_at_end(session).audit() if target == "none" else {})})
        changed = Changes.of(LEVELS, SCHEDULE) if change.removed or change.added else Changes.of(LEVELS)
        return Decision.of(decision, state.edition, changed)


def history(db) -> list[Decision]:
    with db.read() as session:
        edition = plan_edition(session)
        rows = session.scalars(select(LevelDecision).order_by(LevelDecision.decided_at, LevelDecision.id))
        return [Decision.of(row, edition) for row in rows]
