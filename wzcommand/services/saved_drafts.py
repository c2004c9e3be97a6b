"""Report drafts kept in the database while they are written: a crash or a power cut loses at most
the last few seconds of typing, and the draft reopens where it was.

One saved draft per (event, kind, corrected report). Creating and throwing away a draft are audited;
the autosaves in between (every few seconds while typing) update the working copy only — a draft
is not a record until it is issued, and the audit log would otherwise fill with keystrokes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..reports.event_reports import KINDS, ReportDraft
from ..storage import audit
from ..storage.models import SavedDraft, utcnow
from .errors import ValidationError
from .report_drafts import draft_from_dict


@dataclass(frozen=True)
class DraftInfo:
    id: int
    draft: ReportDraft
    place: str  # where the writer was: "<field object name>:<cursor position>"
    saved_at: datetime
    saved_by: str


def _matching(kind: str, event_id: int | None, corrects_id: int | None):
    query = select(SavedDraft).where(SavedDraft.kind == kind)
    query = query.where(SavedDraft.event_id.is_(None) if event_id is None else SavedDraft.event_id == event_id)
    return query.where(SavedDraft.corrects_id.is_(None) if corrects_id is None
                       else SavedDraft.corrects_id == corrects_id).order_by(SavedDraft.id.desc())


def _target(draft: ReportDraft) -> str:
    kind = KINDS.get(draft.kind, draft.kind)
    return f"{'更正' if draft.corrects_id is not None else ''}{kind}草稿：{draft.title}"


def save_draft(db, draft: ReportDraft, operator: str, place: str = "") -> int:
    """Keep `draft` as the saved draft of its event and kind (created, or updated); its id."""
    if draft.kind not in KINDS:
        raise ValidationError({"draft": f"未知的报告种类“{draft.kind}”。"})
    content = json.dumps(draft.to_dict(), ensure_ascii=False)
    with db.write() as session:
        row = session.scalars(_matching(draft.kind, draft.event_id, draft.corrects_id)).first()
        values = dict(content=content, place=place[:100], saved_at=utcnow(), saved_by=operator)
        if row is None:
            session.add(SavedDraft(event_id=draft.event_id, kind=draft.kind, corrects_id=draft.corrects_id, **values))
            audit.record(session, operator, "report.draft.save", _target(draft))
            row = session.scalars(_matching(draft.kind, draft.event_id, draft.corrects_id)).first()
        else:
            for key, value in values.items():
                setattr(row, key, value)
        session.flush()
        return row.id


def find_draft(db, kind: str, event_id: int | None, corrects_id: int | None = None) -> DraftInfo | None:
    """The saved draft of this event and kind, if one is kept."""
    with db.read() as session:
        row = session.scalars(_matching(kind, event_id, corrects_id)).first()
        if row is None:
            return None
        return DraftInfo(row.id, draft_from_dict(json.loads(row.content)), row.place, row.saved_at, row.saved_by)


def discard_draft(db, kind: str, event_id: int | None, corrects_id: int | None, operator: str,
                  issued: bool = False) -> bool:
    """Throw the saved draft away (the user chose 不保存, or it was issued); False if there was none."""
    with db.write() as session:
        rows = session.scalars(_matching(kind, event_id, corrects_id)).all()
        for row in rows:
            session.delete(row)
        if rows and not issued:
            audit.record(session, operator, "report.draft.discard", _target(draft_from_dict(json.loads(rows[0].content))))
        return bool(rows)
