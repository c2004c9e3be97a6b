"""The 预警信息发布稿 of a recorded warning decision (reports/warning_notice.py)."""
from __future__ import annotations

from ..plan.warning import COLOUR_GRADES
from ..reports import warning_notice as doc
from ..reports.chain_mark import chain_mark
from ..storage import audit
from .errors import NotFoundError
from .meta import is_exercise
from .office import office_settings
from .warnings import colour_name, situations_of, warning_history


def notice_pdf(db, decision_id: int | None = None) -> bytes:
    from ..reports.document import render

    history = warning_history(db)
    if not history:
        raise NotFoundError("尚无预警决定。")
    index = len(history) - 1 if decision_id is None else \
        next((i for i, r in enumerate(history) if r.id == decision_id), None)
    if index is None:
        raise NotFoundError(f"没有编号为 {decision_id} 的预警决定。")
    r = history[index]
    previous = history[index - 1].colour if index > 0 else "none"
    p = r.procedure
    data = doc.NoticeData(r.action, colour_name(r.colour), COLOUR_GRADES.get(r.colour, ""), colour_name(previous),
                          r.decided_at, r.decided_by, r.basis, p.proposed_by if p.proposal else "",
                          bool(p.assessment), p.filed_with, [(c, t) for _, c, t in situations_of(p.situations)],
                          p.scope, p.measures, r.trigger_text())
    with db.read() as session:
        head = audit.head(session)
    return render(doc.warning_notice(data, office=office_settings(db).office, exercise=is_exercise(db),
                                     chain=chain_mark(head)))
