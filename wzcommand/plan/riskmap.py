"""The township risk map (乡镇（街道）疫情风险等级地图): the plans' words, the levels, and the pure rules
that say which level a township had on a date and what changed between two dates.

The plans (line numbers of the gazette text, shared/seeds): the respiratory plan at Ⅱ "每三日编制以乡
镇（街道）为单位的疫情风险地图，并向社会发布" (4859–4863), at Ⅲ weekly (4736–4740); public-health plan
6.3.1 (5) "动态编制风险等级地图" (2160). The levels 高/中/低 are the respiratory plan's (高风险地区…,
中风险地区…, 低风险地区…, 4881–4912); 无 is a township with no level drawn (未划定).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

TITLE = "温州市乡镇（街道）疫情风险等级地图"
LEVELS = ("high", "medium", "low", "none")  # highest first
LEVEL_NAMES = {"high": "高", "medium": "中", "low": "低", "none": "无"}
LEGEND = {"high": "高风险", "medium": "中风险", "low": "低风险", "none": "未划定"}
# Fill colours (RGB 0–255): red, orange, green as the public knows them; a pale grey for 未划定.
COLOURS: dict[str, tuple[int, int, int]] = {"high": (214, 39, 40), "medium": (245, 150, 30),
                                            "low": (92, 170, 90), "none": (236, 236, 232)}
BOUNDARY = (90, 90, 90)
ALIASES = {"高": "high", "高风险": "high", "中": "medium", "中风险": "medium", "低": "low", "低风险": "low",
           "无": "none", "未划定": "none", **{k: k for k in LEVELS}}


def parse_risk_level(text: str) -> str | None:
    return ALIASES.get(text.strip().lower() if text.strip().isascii() else text.strip())


def level_rank(level: str) -> int:
    return len(LEVELS) - LEVELS.index(level)


def tint(level: str, share: float = 0.35) -> tuple[int, int, int]:
    """The level's colour mixed with white (a division drawn by the highest level of its townships)."""
    r, g, b = COLOURS[level]
    return (round(255 - (255 - r) * share), round(255 - (255 - g) * share), round(255 - (255 - b) * share))


@dataclass(frozen=True)
class Setting:
    """One recorded level of one township from ``effective`` on."""

    township: int
    level: str
    effective: datetime
    id: int = 0


@dataclass(frozen=True)
class Standing:
    level: str
    since: datetime | None  # when this level took effect (the first of a run of equal settings)
    setting_id: int = 0  # the latest setting in force (its basis, who set it)


def standings(settings: Iterable[Setting], at: datetime) -> dict[int, Standing]:
    """Each township's level in force at ``at`` (settings effective later are not yet in force; of two
    with the same effective time the later recorded, the higher id, wins)."""
    by_township: dict[int, list[Setting]] = {}
    for s in settings:
        if s.effective <= at:
            by_township.setdefault(s.township, []).append(s)
    out = {}
    for township, rows in by_township.items():
        rows.sort(key=lambda s: (s.effective, s.id))
        level, since = rows[-1].level, rows[-1].effective
        for s in reversed(rows):
            if s.level != level:
                break
            since = s.effective
        out[township] = Standing(level, since, rows[-1].id)
    return out


def level_at(table: dict[int, Standing], township: int) -> str:
    standing = table.get(township)
    return standing.level if standing else "none"


@dataclass(frozen=True)
class Change:
    township: int
    before: str
    after: str
    since: datetime | None


def changes_between(settings: Iterable[Setting], start: datetime | None, end: datetime) -> list[Change]:
    """Townships whose level at ``end`` differs from their level at ``start`` (no start: from none),
    highest new level first."""
    rows = list(settings)
    before = standings(rows, start) if start is not None else {}
    after = standings(rows, end)
    out = [Change(t, level_at(before, t), s.level, s.since) for t, s in after.items() if s.level != level_at(before, t)]
    out.sort(key=lambda c: (-level_rank(c.after), c.township))
    return out
