"""How the plans' clause references ('phe:6.1.3') read: the titles of the plans an edition quotes;
and which coded rules an edition uses.

The titles come from the edition's ``levels_<edition>.json`` ("plans"), verbatim from the gazette.
Warning, grading, the reporting limits, the counties' and the expert committee's rules are code
quoting one edition's clauses; the edition's data names that edition ("coded_rules"), so a
database recording an edition whose rules the code has not learnt is refused, never given 2021's."""
from __future__ import annotations

import json
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from . import data_files


@lru_cache(maxsize=None)
def _book(edition: str) -> Mapping[str, Any]:
    path = data_files.data_dir() / f"levels_{edition}.json"
    if not path.is_file():
        raise ValueError(f"no response-level data for edition {edition!r}")
    return MappingProxyType(json.loads(path.read_text(encoding="utf-8")))


def plan_titles(edition: str) -> Mapping[str, str]:
    """Plan key → title, e.g. 'phe' → '温州市突发公共卫生事件应急预案'."""
    return MappingProxyType(dict(_book(edition)["plans"]))


def require_rules(edition: str, coded: str, what: str) -> None:
    """Refuse to apply rules coded from edition `coded` to a database recording `edition`, unless the
    edition's data says its `what` are those (``"coded_rules"`` in levels_<edition>.json)."""
    uses = _book(edition).get("coded_rules")
    if uses != coded:
        raise ValueError(f"本程序的{what}按{coded}年版预案编写，尚未收录{edition}年版的规定")


def source_text(source: str, edition: str) -> str:
    """'phe:6.1.3' → '《温州市突发公共卫生事件应急预案》6.1.3'; unknown forms are returned as given."""
    plan, _, clause = source.partition(":")
    title = plan_titles(edition).get(plan)
    return f"《{title}》{clause.strip()}" if title else source
