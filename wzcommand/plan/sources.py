"""How the plans' clause references ('phe:6.1.3') read: the titles of the plans an edition quotes.

The titles come from the edition's ``levels_<edition>.json`` ("plans"), verbatim from the gazette."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping


@lru_cache(maxsize=None)
def plan_titles(edition: str) -> Mapping[str, str]:
    """Plan key → title, e.g. 'phe' → '温州市突发公共卫生事件应急预案'."""
    path = resources.files("wzcommand.plan") / "data" / f"levels_{edition}.json"
    if not path.is_file():
        raise ValueError(f"no response-level data for edition {edition!r}")
    return MappingProxyType(dict(json.loads(path.read_text(encoding="utf-8"))["plans"]))


def source_text(source: str, edition: str) -> str:
    """'phe:6.1.3' → '《温州市突发公共卫生事件应急预案》6.1.3'; unknown forms are returned as given."""
    plan, _, clause = source.partition(":")
    title = plan_titles(edition).get(plan)
    return f"《{title}》{clause.strip()}" if title else source
