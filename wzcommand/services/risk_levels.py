"""Township risk levels (高/中/低/无) by date: set (one transaction, one audit entry), and shown for any
date — the levels in force at the end of that day in the office's zone, each with the day it took
effect. Rules: plan.riskmap. Settings are never edited, so the map of a past date can be redrawn.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import riskmap as rules
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import Assessment, Township, TownshipRisk, utcnow
from .accounts import require
from .changes import NO_CHANGES, RISKMAP, Changes
from .errors import NotFoundError, ValidationError
from .levels import RefusedError
from .townships import ordered

AHEAD = timedelta(days=3)  # a level may be set to take effect up to three days ahead (announced in advance)


@dataclass(frozen=True)
class RiskRow:
    township_id: int
    division: str
    township: str
    code: str
    level: str
    since: datetime | None
    basis: str = ""
    set_by: str = ""
    assessment_id: int | None = None
    has_boundary: bool = False

    @property
    def level_name(self) -> str:
        return rules.LEVEL_NAMES[self.level]


@dataclass(frozen=True)
class RiskSet:
    set: tuple[str, ...]  # "鹿城区五马街道", set to the level
    unchanged: tuple[str, ...]  # already at that level then
    level: str
    effective_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the office's zone: what "the map of that date" shows."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=clock.zone()) - timedelta(microseconds=1)


def settings_in(session) -> list[rules.Setting]:
    return [rules.Setting(r.township_id, r.level, r.effective_at, r.id)
            for r in session.scalars(select(TownshipRisk).order_by(TownshipRisk.effective_at, TownshipRisk.id))]


def risk_at_in(session, at: datetime) -> list[RiskRow]:
    table = rules.standings(settings_in(session), at)
    ids = [s.setting_id for s in table.values()]
    latest = {r.id: r for r in session.scalars(select(TownshipRisk).where(TownshipRisk.id.in_(ids)))} if ids else {}
    rows = []
    for t in ordered(session.scalars(select(Township))):
        s = table.get(t.id)
        r = latest.get(s.setting_id) if s else None
        rows.append(RiskRow(t.id, t.division, t.name, t.code, s.level if s else "none", s.since if s else None,
                            r.basis if r else "", r.set_by if r else "", r.assessment_id if r else None,
                            bool(t.boundary)))
    return rows


def risk_on(db, day: date) -> list[RiskRow]:
    """Every township with its level at the end of ``day`` (无 and no date when none was ever set)."""
    with db.read() as session:
        return risk_at_in(session, end_of_day(day))


def label(t: Township) -> str:
    return f"{t.division}{t.name}"


def find_townships(session, names: Sequence[str]) -> tuple[list[Township], dict[str, str]]:
    """Townships by code, "鹿城区五马街道", "鹿城区/五马街道" or a name found in one division only."""
    rows = list(session.scalars(select(Township)))
    found, errors = [], {}
    for text in names:
        value = text.strip().replace("/", "").replace(" ", "")
        match = [t for t in rows if value in (t.code, label(t), t.division[:-1] + t.name)] or \
            [t for t in rows if t.name == value]
        if not match:
            errors[text] = f"没有登记名为“{text}”的乡镇（街道）（可写“鹿城区五马街道”或代码；townships 列出已登记的）"
        elif len(match) > 1:
            errors[text] = f"“{text}”有{len(match)}个：{'、'.join(label(t) for t in match)}，请写明县（市、区）"
        elif match[0] in found:
            errors[text] = f"{label(match[0])}重复"
        else:
            found.append(match[0])
    return found, errors


def set_risk(db, townships: Sequence[str], level: str, at: datetime, basis: str, operator: str, *,
             assessment_id: int | None = None, now: datetime | None = None) -> RiskSet:
    """Record ``level`` for ``townships`` from ``at`` on, in one transaction with its audit entry."""
    errors: dict[str, str] = {}
    code = rules.parse_risk_level(level or "")
    if code is None:
        errors["level"] = f"未知的风险等级“{level}”（可选：高、中、低、无）"
    if not townships:
        errors["townships"] = "请指定乡镇（街道）"
    if not (basis or "").strip():
        errors["basis"] = "请填写依据（如风险评估结论、会商意见）"
    if at is None or at.tzinfo is None:
        errors["at"] = "请填写生效时间"
    elif at > (now or clock.now()) + AHEAD:
        errors["at"] = "生效时间不能晚于当前时间三日以后"
    if errors:
        raise ValidationError(errors)
    assert code is not None
    with db.write() as session:
        require(session, operator, "riskmap.edit")
        serialise(session, "township_risk")
        rows, missing = find_townships(session, townships)
        if missing:
            raise ValidationError(missing)
        if assessment_id is not None:
            assessment = session.get(Assessment, assessment_id)
            if assessment is None:
                raise NotFoundError(f"没有编号为 {assessment_id} 的专家评估记录。")
            if assessment.held_at > at:
                raise RefusedError(f"第{assessment_id}号评估（{clock.local_text(assessment.held_at)}）晚于生效时间"
                                   f"（{clock.local_text(at)}），不能作为依据。")
        settings = settings_in(session)
        for t in rows:
            later = [s for s in settings if s.township == t.id and s.effective > at]
            if later:
                raise RefusedError(f"{label(t)}已有生效时间更晚的登记（{clock.local_text(later[-1].effective)}），"
                                   "不能在其前插入；请按时间顺序登记。")
        before = rules.standings(settings, at)
        changed = [t for t in rows if rules.level_at(before, t.id) != code]
        unchanged = [t for t in rows if t not in changed]
        if not changed:
            raise RefusedError(f"{'、'.join(label(t) for t in rows)}当时已是{rules.LEGEND[code]}，无需登记。")
        recorded = utcnow()
        for t in changed:
            session.add(TownshipRisk(township_id=t.id, level=code, effective_at=at, basis=basis.strip(),
                                     assessment_id=assessment_id, set_by=operator, recorded_at=recorded))
        session.flush()
        audit.record(session, operator, "riskmap.level", "、".join(label(t) for t in changed),
                     before={label(t): rules.level_at(before, t.id) for t in changed},
                     after={"level": code, "effective_at": clock.iso(at), "basis": basis.strip(),
                            "assessment_id": assessment_id})
        return RiskSet(tuple(label(t) for t in changed), tuple(label(t) for t in unchanged), code, at,
                       Changes.of(RISKMAP))


@dataclass(frozen=True)
class LevelChange:
    division: str
    township: str
    before: str
    after: str
    since: datetime | None


def changed_between(db, start: datetime | None, end: datetime) -> list[LevelChange]:
    """Townships whose level at ``end`` differs from their level at ``start`` (highest new level first)."""
    with db.read() as session:
        towns = {t.id: t for t in session.scalars(select(Township))}
        return [LevelChange(towns[c.township].division, towns[c.township].name, c.before, c.after, c.since)
                for c in rules.changes_between(settings_in(session), start, end)]


def report_lines(db, since: datetime, until: datetime) -> list[str]:
    """The progress report's sentence on townships whose level changed since the previous report."""
    from ..reports.event_reports import cn_datetime

    changes = changed_between(db, since, until)
    if not changes:
        return []
    parts = [f"{c.division}{c.township}由{rules.LEGEND[c.before]}调整为{rules.LEGEND[c.after]}"
             + (f"（{cn_datetime(c.since)}起）" if c.since else "") for c in changes]
    return [f"{cn_datetime(since)}以来，{len(changes)}个乡镇（街道）风险等级调整：{'；'.join(parts)}。"]
