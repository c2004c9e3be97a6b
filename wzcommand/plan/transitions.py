"""Changing the response level: who decides, and what the plan requires first.

Any active level may be started from ``none``; a response may be raised or lowered by any
number of steps (phe 6.4.1 只说 提高/降低响应级别; 6.4.3 raises "参照6.1响应原则", i.e. as a fresh
start of the target level) and ended from any active level.  Each change follows the procedure
of the plan the response runs under (``public_health`` = phe, ``respiratory`` = ari):

* start and raise follow the target level's start rule (phe 6.1.1-6.1.4, ari 6.1.1);
* lower and end follow the current level's exit rule (phe 6.4.3, ari 6.3.3);
* a Ⅰ started or required by 国务院/省政府 starts directly (phe 6.1, ari 6.1.1), Ⅰ only;
* a response the province started is lowered or ended by the province (谁启动谁调整、谁启动谁终止,
  phe 6.4.2, ari 6.3.2): the city records that decision, it does not take it.

Every city decision rests on the expert assessment the rule names; the deciding body must be one
the rule names; 批准/备案 with the 市政府 and the report to the 省政府 are required where the rule
says so.  Refusals quote the clause.  Pure stdlib.
"""
from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Literal

from .levels import (
    DEFAULT_PLAN,
    LEVEL_ORDER,
    DecisionRule,
    display_name,
    level_rank,
    load_levels,
    parse_level,
    parse_plan,
)
from .sources import source_text

TransitionKind = Literal["start", "raise", "lower", "end"]
VERBS = {"start": "启动", "raise": "提高", "lower": "降低", "end": "终止"}


class TransitionError(ValueError):
    """A response change the plan does not allow; the message is Chinese."""


def transition_kind(current: str, target: str, *, edition: str) -> TransitionKind:
    cur, tgt = parse_level(current), parse_level(target)
    if cur == tgt:
        raise TransitionError(f"目标状态与当前状态相同（{display_name(cur, edition=edition)}），无需调整。")
    if cur == "none":
        return "start"
    if tgt == "none":
        return "end"
    return "raise" if level_rank(tgt) > level_rank(cur) else "lower"


def allowed_targets(current: str) -> tuple[str, ...]:
    """Every other state: 6.4 sets no step limit (see the module docstring)."""
    cur = parse_level(current)
    return tuple(k for k in LEVEL_ORDER if k != cur)


def decision_rule(current: str, target: str, *, plan: str = DEFAULT_PLAN, province_directed: bool = False,
                  province_decision: bool = False, edition: str) -> DecisionRule:
    """The procedure of this change under ``plan``: start/raise follow 6.1 for the target level,
    lower/end the current level's rule; ``province_directed``/``province_decision`` pick the
    province's direct start of Ⅰ or its own lowering/ending."""
    kind = transition_kind(current, target, edition=edition)
    book, plan = load_levels(edition), parse_plan(plan, edition=edition)
    if province_decision:
        return book.province_rules["decision"][plan]
    if province_directed:
        return book.province_rules["direct_start"][plan]
    spec = book.levels[parse_level(target) if kind in ("start", "raise") else parse_level(current)]
    rules = spec.start if kind in ("start", "raise") else spec.exit
    assert rules is not None
    return rules[plan]


def clause(rule: DecisionRule, edition: str) -> str:
    return f"{source_text(rule.source, edition)}：“{rule.quote}”"


def check_transition(
    current: str,
    target: str,
    *,
    decided_at: datetime,
    previous_decided_at: datetime | None,
    plan: str = DEFAULT_PLAN,
    province_record: bool = False,
    started_by_city: bool = True,
    province_directed: bool = False,
    province_decision: bool = False,
    expert_assessed: bool = True,
    decided_by: str | None = None,
    approved_by: str | None = None,
    filed_with: str | None = None,
    edition: str,
) -> DecisionRule:
    """Return the rule followed, or raise :class:`TransitionError` unless the plan allows this change.

    ``province_record``: the 市政府 has reported to the 省政府 as the rule requires -- 报省政府备案
    before starting/raising to Ⅰ, 向省政府报告 before lowering/ending Ⅰ.
    ``started_by_city``: the current response was started by the city (not 国务院/省政府).
    ``province_directed``: 国务院/省政府 started Ⅰ or required the city to (则直接启动).
    ``province_decision``: the change is the province's own decision on a response it started.
    ``expert_assessed``: the assessment the rule names has been done.
    ``decided_by``/``approved_by``/``filed_with``: checked against the rule when given
    (``None`` skips the check; ``""`` means none was recorded).
    ``edition``: the plan edition the database records; its rules and words apply.
    """
    kind = transition_kind(current, target, edition=edition)
    name = partial(display_name, edition=edition)
    cite = partial(clause, edition=edition)
    tgt, cur = parse_level(target), parse_level(current)
    if previous_decided_at is not None:
        if (decided_at.tzinfo is None) != (previous_decided_at.tzinfo is None):
            raise TransitionError("本次决定时间与上一次决定时间的时区信息不一致，无法比较先后。")
        if decided_at < previous_decided_at:
            raise TransitionError(
                f"决定时间（{decided_at:%Y-%m-%d %H:%M}）早于上一次决定时间"
                f"（{previous_decided_at:%Y-%m-%d %H:%M}），请核对。")
    verb = VERBS[kind]
    if province_directed and not (tgt == "I" and kind in ("start", "raise")):
        direct = decision_rule("none", "I", plan=plan, province_directed=True, edition=edition)
        raise TransitionError(f"国务院、省政府直接启动只适用于Ⅰ级应急响应（{cite(direct)}）；"
                              f"{verb}{name(tgt)}须按市级程序决定。")
    if province_decision:
        if kind in ("start", "raise"):
            raise TransitionError("省级决定只用于降低或终止由国务院、省政府启动的应急响应；"
                                  "国务院、省政府启动或要求我市启动Ⅰ级应急响应，请选择“省级直接启动”。")
        if started_by_city:
            raise TransitionError(
                f"当前{name(cur)}由市级启动，按照谁启动谁调整、谁启动谁终止的原则，应由市级决定，"
                f"不能记录为省级决定。")
    elif kind in ("lower", "end") and not started_by_city:
        raise TransitionError(
            f"当前{name(cur)}不是由市级启动的；按照谁启动谁调整、谁启动谁终止的原则，"
            f"市级不能自行{verb}，请记录省级的决定（文号、时间）。")
    rule = decision_rule(cur, tgt, plan=plan, province_directed=province_directed,
                         province_decision=province_decision, edition=edition)
    if decided_by is not None and decided_by not in rule.deciders:
        raise TransitionError(f"此项调整应由{'或'.join(rule.deciders)}决定（{cite(rule)}），"
                              f"“{decided_by or '（未填写）'}”不是预案规定的决定机关。")
    if rule.assessment and not expert_assessed:
        raise TransitionError(f"{verb}应急响应须先经{rule.assessment}（{cite(rule)}）；"
                              f"请填写专家评估意见和评估日期。")
    acts = ((approved_by, rule.approver, "批准"), (filed_with, rule.filed_with, "备案"))
    for given, required, act in acts:
        if given is not None and required and given != required:
            raise TransitionError(f"此项调整须报{required}{act}（{cite(rule)}），尚无{required}{act}的记录"
                                  f"（机关、文号或记录、时间）。")
    for given, required, act in acts:
        if given and not required:
            raise TransitionError(f"此项调整预案不要求报{given}{act}（{cite(rule)}）。")
    if "省政府" in rule.report_to and not province_record:
        if kind in ("start", "raise"):
            raise TransitionError(
                f"市领导小组决定启动Ⅰ级应急响应后，由市政府向省政府报告备案后向社会发布实施（{cite(rule)}）；"
                "尚无省政府备案记录，不能启动Ⅰ级应急响应。")
        raise TransitionError(
            f"Ⅰ级应急响应{verb}须由市政府向省政府报告后发布实施（{cite(rule)}）；尚无向省政府报告的记录。")
    return rule
