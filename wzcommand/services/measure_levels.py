"""The response level in force where and when a control measure starts, and what the plan's measures
by level say against the measure (rule: :mod:`wzcommand.plan.measure_levels`).

The level is the city's (its last level decision by then, and the plan its response runs under); for a
measure in one or more 县（市、区）, a county that reported a higher level of its own response by then
counts at that level (各县（市、区）启动区域内应急响应的措施参照以上内容, ari 6.2.4; phe 6.2.4), and a measure
over several counties needs the level in each of them. A county's own response does not say its plan:
with no city response, either plan's list applies.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..plan import measures as rules
from ..plan.counties import level_at
from ..plan.levels import level_rank
from ..plan.measure_levels import level_note
from ..storage.models import CountyReport, LevelDecision


@dataclass(frozen=True)
class LevelInForce:
    level: str  # none | IV | III | II | I
    plan: str | None  # the city's response plan; None when the city has none (a county's own: unknown)
    where: str  # 全市, or the county whose own level it is

    def as_json(self) -> dict:
        return {"level": self.level, "plan": self.plan, "where": self.where}


def _city(session, at: datetime) -> tuple[str, str | None]:
    row = session.scalars(select(LevelDecision).where(LevelDecision.decided_at <= at)
                          .order_by(LevelDecision.decided_at.desc(), LevelDecision.id.desc()).limit(1)).first()
    if row is None or row.to_level == "none":
        return "none", None
    return row.to_level, row.plan or "public_health"


def level_in_force(session, division: str, at: datetime) -> LevelInForce:
    """The level a measure in ``division`` (全市, 鹿城区, 鹿城区、龙湾区) starting ``at`` is taken under."""
    level, plan = _city(session, at)
    if division == rules.CITY or not division:
        return LevelInForce(level, plan, rules.CITY)
    lowest: LevelInForce | None = None
    for county in division.split("、"):
        reports = session.execute(select(CountyReport.decided_at, CountyReport.level)
                                  .where(CountyReport.county == county)).all()
        own = level_at([(r.decided_at, r.level) for r in reports], at)
        here = (LevelInForce(own, plan, county) if level_rank(own) > level_rank(level)
                else LevelInForce(level, plan, rules.CITY))
        if lowest is None or level_rank(here.level) < level_rank(lowest.level):
            lowest = here
    assert lowest is not None
    return lowest


def note_for(session, kind: str, division: str, at: datetime, edition: str) -> tuple[str, LevelInForce]:
    """(what the record must say against the measure, '' when the plan lists it then; the level in force)."""
    found = level_in_force(session, division, at)
    return level_note(kind, found.level, found.plan, edition, where=found.where), found

