"""Figures typed into an edited report checked against the record before it is issued.

The record gives the figures (the draft made from it says them); the user edits the words.
A labelled figure in the edited text (``累计病例41例``, ``住院3例``…) that the draft made from
the record does not say is shown before issuing and needs the issuer's confirmation, which is
kept with the issued report.
"""
from __future__ import annotations

import re

from ..reports.event_reports import ReportDraft
from .errors import ServiceError, ValidationError
from .report_drafts import DRAFTERS, draft_progress

_LABEL = r"(病例|死亡|重症|住院|密切接触者|密接|医学观察|隔离)"
_FIGURE = re.compile(_LABEL + r"[^0-9，。；、\n]{0,8}?(\d+)\s*(例|人|名)")


def labelled_figures(text: str) -> set[tuple[str, int]]:
    out = set()
    for label, number, _unit in _FIGURE.findall(text or ""):
        out.add(({"密接": "密切接触者", "隔离": "医学观察"}.get(label, label), int(number)))
    return out


def _draft_text(d: ReportDraft) -> str:
    return "\n".join([d.opening, *(s.text for s in d.sections),
                      *("".join(c for row in s.table or () for c in row) for s in d.sections)])


def disagreements(draft: ReportDraft, record: ReportDraft | None) -> list[str]:
    """Each figure of ``draft`` the draft from the record does not say, as ``住院3例``."""
    if record is None:
        return []
    known = labelled_figures(_draft_text(record))
    for s in record.sections:        # the table's figures (daily counts) are the record too
        for row in s.table or ():
            known |= {(lab, int(c)) for c in row if c.isdigit() for lab in ("病例", "死亡")}
    typed = labelled_figures(_draft_text(draft))
    return sorted(f"{label}{number}" for label, number in typed - known)


def record_draft(db, draft: ReportDraft, now=None) -> ReportDraft | None:
    """The draft the program would write from the record now (None for corrections or when it cannot)."""
    if draft.corrects_id is not None or draft.event_id is None or draft.kind not in DRAFTERS:
        return None
    try:
        if draft.kind == "progress":
            return draft_progress(db, draft.event_id, now)
        return DRAFTERS[draft.kind](db, draft.event_id)
    except ServiceError:
        return None


class FiguresUnconfirmed(ValidationError):
    """The edited text has figures that differ from the record; ``figures`` lists them."""

    def __init__(self, figures: list[str]):
        self.figures = figures
        super().__init__({"figures": "正文中以下数字与登记的记录不一致：" + "、".join(figures) +
                          "。请核对；确认无误后再签发（确认情况随报告存档）。"})
