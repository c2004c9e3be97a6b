"""What is still open when a response ends: requisitions not yet returned (phe 7.3: returned, then
assessed and compensated) and control measures still in force or awaiting their approval.

The end is not refused for them (ending a response is the government's decision, which the office
records as made); the switch preview lists them, the end's audit entry records them, and the
command line prints them, so nothing the response started is forgotten when it ends.
"""
from __future__ import annotations

from dataclasses import dataclass

from .measures import LIFTED, MeasureRecord, measures_in
from .requisitions import RequisitionRecord, end_note, rows_in


@dataclass(frozen=True)
class OpenAtEnd:
    requisitions: tuple[RequisitionRecord, ...]
    measures: tuple[MeasureRecord, ...]  # not lifted: in force, or still waiting for an approval

    def notes(self) -> list[str]:
        """The lines the end of a response shows (none when nothing is open)."""
        lines = [end_note(list(self.requisitions))] if self.requisitions else []
        if self.measures:
            lines.append(f"尚未解除的管控措施{len(self.measures)}项（响应终止后请逐项解除，或记录继续实施的决定）："
                         + "；".join(_measure_text(m) for m in self.measures) + "。")
        return lines

    def audit(self) -> dict:
        return {"unreturned_requisitions": [r.summary() for r in self.requisitions],
                "measures_not_lifted": [_measure_text(m) for m in self.measures]}


def _measure_text(m: MeasureRecord) -> str:
    return f"第{m.id}号 {m.kind}（{m.area}，{m.status_name}）"


def open_at_end(session) -> OpenAtEnd:
    """Inside the caller's transaction: what a response ending now leaves open."""
    return OpenAtEnd(tuple(rows_in(session, unreturned_only=True)),
                     tuple(m for m in measures_in(session) if m.status != LIFTED))


def open_now(db) -> OpenAtEnd:
    with db.read() as session:
        return open_at_end(session)
