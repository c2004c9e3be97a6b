"""The risk map of a date as a printed page (reports/riskmap_doc.py), from the boundaries (plan.geo)
and, once imported, the townships and their levels on that date."""
from __future__ import annotations

from datetime import date

from ..plan import geo
from ..reports import riskmap_doc as doc
from ..reports.chain_mark import chain_mark
from ..storage import audit
from .meta import is_exercise
from .office import office_settings


def map_data(db, day: date, *, public: bool = False) -> doc.RiskMapData:
    """What the page shows for ``day``: the 12 divisions, each drawn at the highest level among its
    townships that have no boundary of their own."""
    divisions = [doc.MapArea(a.name, a.shape, "none", a.label_point) for a in geo.divisions()]
    with db.read() as session:
        head = audit.head(session)
    return doc.RiskMapData(day=day, issuer=office_settings(db).issuer, divisions=divisions, public=public,
                           exercise=is_exercise(db), chain=None if public else chain_mark(head), source=geo.SOURCE)


def riskmap_pdf(db, day: date, *, public: bool = False, operator: str = "") -> bytes:
    return doc.render(map_data(db, day, public=public))

