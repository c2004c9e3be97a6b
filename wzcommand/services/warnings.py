"""Warning colours issued, adjusted and lifted: recorded like levels, a separate axis.

Each decision records its procedure (plan.warning_procedure): issuing needs the CDC's proposal, the
expert committee's assessment (a recorded one by its number, or its text) and filing with the 市政府;
adjusting needs the CDC's proposal; the published content names the situations (merged at the highest
colour), the scope and the measures, and the 预警触发地（市、县） warned at the same time (each not below the
city's colour, ari annex 三).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .. import clock
from ..plan import experts as expert_rules
from ..plan import warning_procedure as procedure
from ..plan.warning import COLOUR_NAMES, LOCAL_QUOTE, WARNING_LEVELS
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import WarningDecision, WarningProcedure, WarningTriggerSite, utcnow
from ..storage.seeding import plan_edition
from .accounts import require
from .changes import NO_CHANGES, WARNINGS, Changes
from .errors import RefusedError, ValidationError
from .roster import plan_of

ACTION_NAMES = {"issue": "发布", "adjust": "调整", "lift": "解除"}


def colour_name(colour: str) -> str:
    return COLOUR_NAMES.get(colour, "无预警")


@dataclass(frozen=True)
class Procedure:
    """The steps recorded with a warning decision (all optional here; the plan says which are required)."""

    proposal: str = ""  # the CDC's proposal (its document or words)
    proposed_by: str = procedure.PROPOSER
    proposed_at: datetime | None = None
    assessment: str = ""  # the committee's assessment as text …
    assessment_id: int | None = None  # … or the recorded one
    filed_with: str = ""  # 报市政府备案
    filing_ref: str = ""
    filed_at: datetime | None = None
    situations: tuple[str, ...] = ()  # annex item ids, e.g. yellow-1, orange-5 (ILI)
    scope: str = ""  # 预警范围
    measures: str = ""  # 预警措施
    published_at: datetime | None = None
    trigger_sites: tuple[tuple[str, str], ...] = ()  # (县（市、区）, colour) warned with it (ari annex 三)


@dataclass(frozen=True)
class WarningRecord:
    """A warning colour issued, adjusted or lifted (plain data, never edited)."""

    id: int
    action: str  # issue|adjust|lift
    colour: str
    decided_at: datetime
    decided_by: str
    basis: str
    operator: str
    recorded_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)
    procedure: Procedure = field(default_factory=Procedure)

    @classmethod
    def of(cls, row: WarningDecision, changes: Changes = NO_CHANGES) -> WarningRecord:
        p = row.steps  # None for a decision recorded before the procedure was
        sites = tuple((t.county, t.colour) for t in row.trigger_sites)
        steps = Procedure(p.proposal, p.proposed_by, p.proposed_at, p.assessment, p.assessment_id, p.filed_with,
                          p.filing_ref, p.filed_at, tuple(s for s in p.situations.split("、") if s), p.scope,
                          p.measures, p.published_at, sites) if p is not None else Procedure(proposed_by="")
        return cls(row.id, row.action, row.colour, row.decided_at, row.decided_by, row.basis, row.operator,
                   row.recorded_at, changes, steps)

    def steps(self) -> list[dict]:
        """The procedure step by step, as recorded: {"step", "name", "done", "text"}."""
        p = self.procedure

        def when(at: datetime | None) -> str:
            return f"（{clock.local_text(at)}）" if at else ""

        out = [("proposal", bool(p.proposal), f"{p.proposed_by}：{p.proposal}{when(p.proposed_at)}" if p.proposal else ""),
               ("assessment", bool(p.assessment), p.assessment),
               ("filing", bool(p.filed_with),
                f"报{p.filed_with}备案：{p.filing_ref}{when(p.filed_at)}" if p.filed_with else ""),
               ("decision", True, f"{self.decided_by}{ACTION_NAMES[self.action]}{colour_name(self.colour)}"
                                  f"{when(self.decided_at)}"),
               ("publication", p.published_at is not None or bool(p.scope or p.measures),
                "；".join(x for x in (
                    f"情形：{'；'.join(procedure.situation_text(s) for s in p.situations)}" if p.situations else "",
                    f"级别：{colour_name(self.colour)}", f"范围：{p.scope}" if p.scope else "",
                    f"预警触发地：{self.trigger_text()}" if p.trigger_sites else "",
                    f"措施：{p.measures}" if p.measures else "", f"发布时间：{clock.local_text(p.published_at)}"
                    if p.published_at else "") if x))]
        needed = procedure.required(self.action)
        return [{"step": key, "name": procedure.STEP_NAMES[key], "done": done, "required": key in needed,
                 "text": text} for key, done, text in out]


    def trigger_text(self) -> str:
        """鹿城区红色预警、瑞安市橙色预警"""
        return "、".join(f"{county}{colour_name(colour)}" for county, colour in self.procedure.trigger_sites)


@dataclass(frozen=True)
class WarningState:
    colour: str = "none"
    since: datetime | None = None  # when the city's colour was set (an adjustment of trigger sites alone keeps it)
    last: datetime | None = None  # the latest decision


def warning_state(db) -> WarningState:
    with db.read() as session:
        return _state(session)


def warning_state_in(session) -> WarningState:
    """The warning in force as ``session`` sees it (for services reading it inside their transaction)."""
    return _state(session)


def _latest(session) -> WarningDecision | None:
    return session.scalars(select(WarningDecision).order_by(WarningDecision.decided_at.desc(),
                                                            WarningDecision.id.desc()).limit(1)).first()


def _state(session) -> WarningState:
    return _state_of(_decisions(session))


def _decisions(session) -> list:
    """(id, colour, decided_at) of every warning decision, newest first (a few dozen in a year)."""
    return session.execute(select(WarningDecision.id, WarningDecision.colour, WarningDecision.decided_at).order_by(
        WarningDecision.decided_at.desc(), WarningDecision.id.desc())).all()


def _state_of(rows: list) -> WarningState:
    """The colour in force, since the decision that set it (an adjustment of the trigger sites alone keeps it)."""
    if not rows:
        return WarningState()
    colour, since = rows[0].colour, rows[0].decided_at
    for row in rows[1:]:
        if row.colour != colour:
            break
        since = row.decided_at
    return WarningState(colour, since, rows[0].decided_at)


@dataclass(frozen=True)
class TriggerSite:
    """A 预警触发地 warned now (ari annex 三), with the city's colour it must not be below."""

    county: str
    colour: str
    since: datetime  # the decision that set it
    decision_id: int
    city_colour: str
    below_city: bool  # 预警触发地的预警级别须不低于全市预警级别 broken (the city raised its colour since)

    def text(self) -> str:
        """鹿城区橙色预警（低于全市红色预警，须调整）"""
        below = f"（低于全市{colour_name(self.city_colour)}，须调整）" if self.below_city else ""
        return f"{self.county}{colour_name(self.colour)}{below}"


SITE_RULE = LOCAL_QUOTE  # ("ari:附件 三", "预警触发地的预警级别须不低于全市预警级别。")


def trigger_sites_in(session, rows: list | None = None) -> tuple[TriggerSite, ...]:
    """The trigger sites in force, in the order of the 12 divisions; each says whether it is below the city.
    ``rows``: the decisions as :func:`_decisions` reads them, when already read."""
    from ..plan.counties import COUNTY_NAMES

    rows = _decisions(session) if rows is None else rows
    if not rows or rows[0].colour == "none":
        return ()
    named: dict[int, list[tuple[str, str]]] = {}
    for decision_id, county, colour in session.execute(select(
            WarningTriggerSite.decision_id, WarningTriggerSite.county, WarningTriggerSite.colour)):
        named.setdefault(decision_id, []).append((county, colour))
    oldest_first = list(reversed(rows))
    found = procedure.sites_in_force((row.id, row.colour, named.get(row.id, [])) for row in oldest_first)
    at = {row.id: row.decided_at for row in rows}
    city, edition = rows[0].colour, plan_edition(session)
    order = {name: k for k, name in enumerate(COUNTY_NAMES)}
    return tuple(TriggerSite(county, colour, at[ident], ident, city,
                             procedure.site_below_city(city, colour, edition=edition))
                 for county, (colour, ident) in sorted(found.items(), key=lambda item: order.get(item[0], 99)))


def trigger_sites_in_force(db) -> tuple[TriggerSite, ...]:
    with db.read() as session:
        return trigger_sites_in(session)


def warning_with_sites(db) -> tuple[WarningState, tuple[TriggerSite, ...]]:
    """The warning in force and its trigger sites, in one read (two queries)."""
    with db.read() as session:
        rows = _decisions(session)
        return _state_of(rows), trigger_sites_in(session, rows)


def sites_text(sites: Iterable[TriggerSite]) -> str:
    """预警触发地：鹿城区橙色预警（低于全市红色预警，须调整）、瑞安市红色预警 — or "" with none."""
    sites = tuple(sites)
    return f"预警触发地：{'、'.join(s.text() for s in sites)}" if sites else ""


def latest_warning(db) -> WarningRecord | None:
    """The newest warning decision (the last of `warning_history`), None before the first: its colour
    is `warning_state`'s (its time too, unless it adjusted the trigger sites alone)."""
    with db.read() as session:
        row = _latest(session)
        return WarningRecord.of(row) if row else None


def _validate(colour, decided_at, decided_by, basis, steps: Procedure, now: datetime, edition: str) -> None:
    errors = {}
    if colour not in WARNING_LEVELS:
        names = "、".join(f"{colour_name(c)}（{c}）" for c in WARNING_LEVELS)
        errors["colour"] = f"请选择预警：{names}" if not colour else f"未知的预警颜色“{colour}”（可选：{names}）"
    if not (decided_by or "").strip():
        errors["decided_by"] = "请填写发布机关"
    if not (basis or "").strip():
        errors["basis"] = "请填写依据"
    clock.check_time(errors, "decided_at", decided_at, "决定时间", now)
    for key, at, what in (("proposed_at", steps.proposed_at, "建议时间"), ("filed_at", steps.filed_at, "备案时间"),
                          ("published_at", steps.published_at, "发布时间")):
        clock.check_time(errors, key, at, what, now, optional=True)
    if steps.published_at and decided_at and steps.published_at < decided_at:
        errors["published_at"] = "发布时间不能早于决定时间"
    if colour in WARNING_LEVELS and colour != "none":
        try:
            procedure.merged_colour(colour, steps.situations, edition=edition)
        except procedure.ProcedureError as exc:
            errors["situations"] = str(exc)
        try:
            procedure.trigger_sites(colour, steps.trigger_sites, edition=edition)
        except procedure.ProcedureError as exc:
            errors["trigger_sites"] = str(exc)
    else:
        if steps.situations:
            errors["situations"] = "解除预警不列预警情形"
        if steps.trigger_sites:
            errors["trigger_sites"] = "解除预警不列预警触发地"
    if errors:
        raise ValidationError(errors)


def _linked(session, steps: Procedure, action: str, decided_at: datetime) -> Procedure:
    if steps.assessment_id is None:
        return steps
    from dataclasses import replace

    from .experts import assessment_in

    record = assessment_in(session, steps.assessment_id)
    if not expert_rules.fits_warning(record.question, action, edition=plan_edition(session)):
        raise RefusedError(f"第{record.id}号评估的事项是“{record.question_name}”，不能作为"
                           f"{ACTION_NAMES[action]}预警的依据。")
    if record.held_at > decided_at:
        raise RefusedError(f"第{record.id}号评估（{clock.local_text(record.held_at)}）晚于决定时间，不能作为依据。")
    return replace(steps, assessment=record.summary())


def record_warning(db, colour: str, decided_at: datetime, decided_by: str, basis: str, operator: str,
                   now: datetime | None = None, *, steps: Procedure | None = None,
                   action: str | None = None) -> WarningRecord:
    """Issue, adjust or lift the city's warning in one transaction with its audit entry; the plan's
    steps for that action must be recorded (refusals quote phe 5.4.4). ``action``: the decision must be
    this one (e.g. ``adjust``: a warning must be in force and stay in force at another colour)."""
    steps = steps or Procedure()
    _validate(colour, decided_at, decided_by, basis, steps, now or clock.now(), plan_of(db).edition)
    with db.write() as session:
        require(session, operator, "warning.record")
        serialise(session, "warning_state")  # PostgreSQL: two seats deciding at once queue here
        state = _state(session)
        if colour == state.colour and (colour == "none" or not steps.trigger_sites):
            raise RefusedError(f"当前已是{colour_name(colour)}，无需调整。" if colour == "none" else
                               f"当前已是{colour_name(colour)}，无需调整（只调整预警触发地的，请列出预警触发地）。")
        if state.last and decided_at < state.last:
            raise RefusedError(f"时间早于上一次预警决定（{clock.local_text(state.last)}），请核对。")
        found = "issue" if state.colour == "none" else ("lift" if colour == "none" else "adjust")
        if action is not None and action != found:
            raise RefusedError(_wrong_action(action, state.colour))
        action = found
        steps = _linked(session, steps, action, decided_at)
        try:
            procedure.check(action, procedure.Steps(bool(steps.proposal.strip()), bool(steps.assessment.strip()),
                                                    bool(steps.filed_with.strip())))
        except procedure.ProcedureError as exc:
            raise RefusedError(str(exc)) from exc
        row = WarningDecision(action=action, colour=colour, decided_at=decided_at, decided_by=decided_by.strip(),
                              basis=basis.strip(), operator=operator, recorded_at=utcnow(), steps=WarningProcedure(
                                  proposal=steps.proposal.strip(),
                                  proposed_by=(steps.proposed_by.strip() or procedure.PROPOSER) if steps.proposal else "",
                                  proposed_at=steps.proposed_at, assessment=steps.assessment.strip(),
                                  assessment_id=steps.assessment_id, filed_with=steps.filed_with.strip(),
                                  filing_ref=steps.filing_ref.strip(), filed_at=steps.filed_at,
                                  situations="、".join(dict.fromkeys(steps.situations)), scope=steps.scope.strip(),
                                  measures=steps.measures.strip(), published_at=steps.published_at),
                              trigger_sites=[WarningTriggerSite(county=c, colour=k) for c, k in
                                             procedure.trigger_sites(colour, steps.trigger_sites,
                                                                     edition=plan_edition(session))])
        session.add(row)
        session.flush()
        record = WarningRecord.of(row, Changes.of(WARNINGS))
        audit.record(session, operator, f"warning.{action}", colour_name(colour),
                     before={"colour": state.colour}, after={"colour": colour, "decided_at": clock.iso(decided_at),
                                                             "decided_by": row.decided_by, "basis": row.basis,
                                                             "steps": record.steps()})
        return record


def _wrong_action(action: str, current: str) -> str:
    if action == "adjust" and current == "none":
        return "当前没有预警，无可调整；请先发布预警。"
    if action == "adjust":
        return f"调整预警须改为另一种颜色（当前{colour_name(current)}）；解除预警请用“解除”。"
    if action == "issue":
        return f"当前已有{colour_name(current)}，不能再发布；请调整或解除。"
    return "当前没有预警，无需解除。"


def adjust_warning(db, colour: str, decided_at: datetime, decided_by: str, basis: str, operator: str,
                   now: datetime | None = None, *, steps: Procedure | None = None) -> WarningRecord:
    """Raise or lower the warning in force to another colour (phe 5.4.4: on the CDC's proposal)."""
    return record_warning(db, colour, decided_at, decided_by, basis, operator, now, steps=steps, action="adjust")


def warning_history(db) -> list[WarningRecord]:
    with db.read() as session:
        rows = session.scalars(select(WarningDecision).order_by(WarningDecision.decided_at, WarningDecision.id))
        return [WarningRecord.of(row) for row in rows]


def situations_of(ids: Iterable[str]) -> list[tuple[str, str, str]]:
    """(id, colour name, text) of annex items, for showing and printing."""
    return [(s, colour_name(procedure.situation_colour(s)), procedure.situation_text(s)) for s in ids]
