"""Control measures against the response level in force: the level from which a plan lists a measure.

The respiratory plan lists its measures by level (ari 6.2.1–6.2.4 are the measures of Ⅳ, Ⅲ, Ⅱ and Ⅰ,
each 在…基础上 the one below): 县域封锁 is a Ⅱ measure (6.2.3 (4)), 全市区域封锁 a Ⅰ one (6.2.4 (4)). The
public-health plan's 6.3.1 gives the measures of 各级政府 at every level of its response. Under a
respiratory response a measure only the public-health plan names is taken from it (phe 1.3: 属突发急性
呼吸道传染病事件的……依照《温州市突发急性呼吸道传染病事件应急预案》实施，未尽事宜，按本预案规定执行); a measure
only the respiratory plan names is not one the public-health plan lists. Every measure of either plan
is a response measure: with no response in force none is listed.

A measure outside what the plan lists at the level in force is not refused here — a government may
decide it by law — but it is stated (:func:`level_note`), so the register never contradicts the plan
silently. Pure stdlib: no Qt, no SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass

from .levels import ACTIVE_LEVELS, PLAN_PREFIX, display_name, level_rank, parse_level
from .measures import MeasureKind, parse_kind
from .sources import source_text

# ari 6.2.1–6.2.4 are the measures of Ⅳ, Ⅲ, Ⅱ and Ⅰ.
_ARI_LEVELS = {"6.2.1": "IV", "6.2.2": "III", "6.2.3": "II", "6.2.4": "I"}
_PHE_MEASURES = "6.3.1"  # 各级政府: every level of the public-health plan's response


@dataclass(frozen=True)
class Listing:
    """Where a plan lists a measure: from which response level, and the clause that says so."""

    level: str  # IV | III | II | I
    source: str  # e.g. 'ari:6.2.3(4)'


def _clause_level(source: str) -> tuple[str, str] | None:
    """'ari:6.2.3(4)' → ('ari', 'II'); 'phe:6.3.1(5)' → ('phe', 'IV')."""
    plan, _, clause = source.partition(":")
    number = clause.split("(")[0]
    if plan == "ari" and number in _ARI_LEVELS:
        return plan, _ARI_LEVELS[number]
    if plan == "phe" and number == _PHE_MEASURES:
        return plan, ACTIVE_LEVELS[0]
    return None


def _lowest(found: list[Listing]) -> Listing | None:
    return min(found, key=lambda x: level_rank(x.level)) if found else None


def listing(kind: MeasureKind, plan: str | None) -> Listing | None:
    """The lowest level at which the plan a response runs under (``public_health``/``respiratory``;
    None when not known, e.g. a county's own response: either plan) lists ``kind``; None when it does not."""
    if plan is None:
        return _lowest([x for p in PLAN_PREFIX for x in [listing(kind, p)] if x is not None])
    prefix = PLAN_PREFIX[plan]
    own: list[Listing] = []
    other: list[Listing] = []
    for source, _quote in kind.basis:
        found = _clause_level(source)
        if found is not None:
            (own if found[0] == prefix else other).append(Listing(found[1], source))
    if own:
        return _lowest(own)
    if prefix == "ari":  # phe 1.3: 未尽事宜，按本预案规定执行
        return _lowest([x for x in other if x.source.startswith("phe:")])
    return None


def _listed_text(kind: MeasureKind, found: Listing, edition: str) -> str:
    level = display_name(found.level, edition=edition) if found.source.startswith("ari:") else "应急响应"
    return f"{kind.name}是{source_text(found.source, edition)}所列的{level}措施"


def level_note(kind_name: str, level: str, plan: str | None, edition: str, *, where: str = "全市") -> str:
    """What the record must say when a measure of ``kind_name`` is outside what the plan lists at the
    response ``level`` (``none`` when no response is in force) in ``where``; '' when the plan lists it.
    ``plan``: the plan the response runs under (None: not known, either plan)."""
    kind = parse_kind(kind_name, edition)
    level = parse_level(level)
    found = listing(kind, plan)
    if level == "none":
        anywhere = listing(kind, None)
        assert anywhere is not None, kind.name  # every kind has a clause of one plan's measures
        return f"实施时{where}未启动应急响应，而{_listed_text(kind, anywhere, edition)}"
    if found is None:
        elsewhere = listing(kind, None)
        title = source_text(f"{PLAN_PREFIX[plan or 'public_health']}:", edition).strip()
        return (f"实施时{where}为{display_name(level, edition=edition)}，依{title}；该预案未列{kind.name}"
                + (f"（{_listed_text(kind, elsewhere, edition)}）" if elsewhere else ""))
    if level_rank(found.level) > level_rank(level):
        return f"{_listed_text(kind, found, edition)}，实施时{where}为{display_name(level, edition=edition)}"
    return ""
