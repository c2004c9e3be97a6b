"""A level change filled in the way the plan requires it (for tests that are not about the procedure)."""
from __future__ import annotations

from datetime import datetime

from wzcommand import clock
from wzcommand.plan import levels as rules
from wzcommand.plan import transitions
from wzcommand.services import levels


def complete(db, req: levels.SwitchRequest, skip: tuple[str, ...] = (),
             state: levels.LevelState | None = None) -> levels.SwitchRequest:
    """Fill what `req` leaves empty: the deciding body, the expert assessment, 批准/备案 and the
    province record the rule asks for, all at the decision time; `skip` names fields left alone.
    `state`: the level now in force, when the caller has just read it."""
    state = state or levels.current_state(db)
    try:
        target = rules.parse_level(req.target)
        transitions.transition_kind(state.level, target)
    except ValueError:
        return req  # no such change: let the service say why
    plan = (req.plan or state.plan) if state.level != "none" else req.plan
    if plan is None and req.event_id:
        from wzcommand.storage.models import Event

        with db.read() as session:
            plan = rules.plan_for_category(session.get(Event, req.event_id).category)
    rule = transitions.decision_rule(state.level, target, plan=plan or rules.DEFAULT_PLAN,
                               province_directed=req.province_directed,
                               province_decision=bool(req.province_decision))
    at = req.decided_at
    if "decided_by" not in skip and (not req.decided_by or req.decided_by not in rule.deciders):
        req.decided_by = rule.deciders[0]
    if rule.assessment and not req.assessment and "assessment" not in skip:
        req.assessment = "专家咨询委员会评估：建议按预案调整"
    if rule.assessment and req.assessed_on is None:
        req.assessed_on = clock.local(at).date()
    if rule.approver and not req.approved_by and "approved_by" not in skip:
        req.approved_by, req.approval_ref, req.approved_at = rule.approver, "温政函〔2026〕1号", at
    if rule.filed_with and not req.filed_with and "filed_with" not in skip:
        req.filed_with, req.filing_ref, req.filed_at = rule.filed_with, "备案登记第1号", at
    if rule.report_to and not req.province_record and "province_record" not in skip:
        req.province_record = "已报省政府备案"
    return req


def switch(db, target: str, at: datetime, operator: str = "测试员", now: datetime | None = None, **kw):
    kw.setdefault("basis", "依据")
    return levels.switch_level(db, complete(db, levels.SwitchRequest(target, at, kw.pop("decided_by", ""), **kw)),
                               operator, now=now)
