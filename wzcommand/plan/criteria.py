"""A grading criterion as data: its clause, grade, verbatim text and numeric conditions, each with
how the plan's words are read. Shared by the two plans' gradings (:mod:`.grading`, :mod:`.grading_ari`)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

READINGS = {">=": "“以上”含本数（≥）", "<=": "“及以下”含本数（≤）", ">": "“超过”不含本数（>）",
            "range": "“～”“-”两端含本数", "==": ""}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # ">=" 以上/及以上, "<=" 及以下, ">" 超过, "==", "range" (inclusive)
    value: Decimal
    upper: Decimal | None = None  # for "range"
    wording: str = ""  # the plan's words for this condition
    reading: str = ""  # how those words are read (stated beside the clause); default by ``op``

    @property
    def read(self) -> str:
        return self.reading or READINGS.get(self.op, "")

    def holds(self, facts: Mapping[str, Decimal]) -> bool:
        x = facts.get(self.field)
        if x is None:
            return False
        if self.op == "range":
            assert self.upper is not None
            return self.value <= x <= self.upper
        return {">=": x >= self.value, "<=": x <= self.value, ">": x > self.value,
                "==": x == self.value}[self.op]


@dataclass(frozen=True)
class Criterion:
    id: str  # clause, e.g. "3.2(1)"
    grade: str
    kind: str
    text: str  # verbatim
    alternatives: tuple[tuple[Condition, ...], ...]  # any alternative, all its conditions
    note: str | None = None
    plan: str = "phe"  # whose clause: "phe" | "ari"

    @property
    def source(self) -> str:
        return f"{self.plan}:{self.id}"

    def matches(self, facts: Mapping[str, Decimal]) -> bool:
        return any(all(c.holds(facts) for c in alt) for alt in self.alternatives)
