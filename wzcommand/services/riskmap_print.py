"""The risk map of a date as a printed page (reports/riskmap_doc.py): the boundaries (plan.geo), the
townships and their levels at the end of that date; printing it records the map as issued for that
date (its SHA-256, what it listed), which the schedule's 风险地图发布 item links to."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import clock
from ..plan import geo
from ..plan import riskmap as rules
from ..reports.chain_mark import chain_mark
from ..storage import audit
from ..storage.models import RiskMapIssue, Township, utcnow
from .meta import exercise_in
from .office import office_in
from .risk_levels import RiskRow, end_of_day, risk_at_in
from .townships import boundary_shape

if TYPE_CHECKING:  # imported where a page is made: reportlab stays out of the schedule's links
    from ..reports import riskmap_doc as doc


def _since(value: datetime | None) -> str:
    return clock.local_text(value, "%Y-%m-%d") if value else "—"


def map_data_in(session, day: date, *, public: bool = False) -> doc.RiskMapData:
    """What the page shows for ``day``. A division is tinted by the highest level among its townships
    that have no boundary of their own; those are listed beside the map (high and medium by name, low
    counted); townships with a boundary are drawn in their level's colour."""
    from ..reports import riskmap_doc as doc

    rows = risk_at_in(session, end_of_day(day))
    boundaries = {t.id: t.boundary for t in session.scalars(select(Township).where(Township.boundary != ""))}
    unbounded: dict[str, list[RiskRow]] = {}
    townships = []
    for r in rows:
        if r.township_id in boundaries:
            shape = boundary_shape(boundaries[r.township_id])
            assert shape is not None
            townships.append(doc.MapArea(r.township, shape, r.level, geo.representative_point(shape), r.division))
        else:
            unbounded.setdefault(r.division, []).append(r)
    divisions = []
    for a in geo.divisions():
        levels = [r.level for r in unbounded.get(a.name, []) if r.level != "none"]
        top = max(levels, key=rules.level_rank) if levels else "none"
        divisions.append(doc.MapArea(a.name, a.shape, top, a.label_point))
    listed, low = [], []
    for division, group in unbounded.items():
        for level in ("high", "medium"):
            names = tuple(r.township for r in group if r.level == level)
            if names:
                listed.append((division, level, names))
        n_low = sum(1 for r in group if r.level == "low")
        if n_low:
            low.append((division, n_low))
    table = [doc.TableRow(r.division, r.township, r.level, _since(r.since), "" if public else r.basis)
             for r in sorted(rows, key=lambda r: -rules.level_rank(r.level)) if r.level in ("high", "medium")]
    head = audit.head(session)
    return doc.RiskMapData(day=day, issuer=office_in(session).issuer, divisions=divisions, townships=townships,
                           rows=table, listed=listed, low_counts=low, township_count=len(rows), public=public,
                           exercise=exercise_in(session), chain=None if public else chain_mark(head),
                           source=geo.SOURCE)


def map_data(db, day: date, *, public: bool = False) -> doc.RiskMapData:
    with db.read() as session:
        return map_data_in(session, day, public=public)


def riskmap_pdf(db, day: date, *, public: bool = False, operator: str = "") -> bytes:
    """The page for ``day``; with an ``operator`` it is issued: recorded with its hash and an audit entry."""
    from ..reports import riskmap_doc as doc

    data = map_data(db, day, public=public)
    pdf = doc.render(data)
    if operator:
        summary = json.dumps([[r.division, r.township, rules.LEVEL_NAMES[r.level], r.since] for r in data.rows],
                             ensure_ascii=False)
        with db.write() as session:
            row = RiskMapIssue(map_date=day, public=public, sha256=hashlib.sha256(pdf).hexdigest(), summary=summary,
                               issued_at=utcnow(), issued_by=operator)
            session.add(row)
            session.flush()
            audit.record(session, operator, "riskmap.issue", f"{rules.TITLE}（{day.isoformat()}）",
                         after={"date": day.isoformat(), "public": public, "sha256": row.sha256,
                                "high_medium": len(data.rows)})
    return pdf


@dataclass(frozen=True)
class IssuedMap:
    id: int
    day: date
    public: bool
    issued_at: datetime
    issued_by: str
    sha256: str


def issued_maps(db, start: date | None = None, end: date | None = None) -> list[IssuedMap]:
    with db.read() as session:
        query = select(RiskMapIssue).order_by(RiskMapIssue.issued_at, RiskMapIssue.id)
        if start is not None:
            query = query.where(RiskMapIssue.map_date >= start)
        if end is not None:
            query = query.where(RiskMapIssue.map_date <= end)
        return [IssuedMap(r.id, r.map_date, r.public, r.issued_at, r.issued_by, r.sha256) for r in session.scalars(query)]


def schedule_links(db, items, now: datetime | None = None) -> dict[int, str]:
    """For the schedule's 风险地图发布 items: the map issued for that date (已发布), or 已错过 once the
    day is over without one (已到时 while the day lasts), or 待发布. Cancelled items are left out."""
    maps = [i for i in items if i.kind == "risk_map" and i.status != "cancelled"]
    if not maps:
        return {}
    now = now or clock.now()
    days = [clock.local(i.start).date() for i in maps]
    by_day: dict[date, IssuedMap] = {}
    for m in issued_maps(db, min(days), max(days)):
        by_day.setdefault(m.day, m)
    out = {}
    for item, day in zip(maps, days, strict=True):
        issued = by_day.get(day)
        if issued is not None:
            public = "，公开版" if issued.public else ""
            out[item.id] = f"已发布（{clock.local_text(issued.issued_at, '%m-%d %H:%M')}，{issued.issued_by}{public}）"
        elif now > end_of_day(day):
            out[item.id] = "已错过（当日未发布地图）"
        elif now >= item.start:
            out[item.id] = "已到时，尚未发布"
        else:
            out[item.id] = "待发布"
    return out
