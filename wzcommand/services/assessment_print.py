"""The committee's printed papers: one assessment (专家咨询委员会评估意见) and, for the paper kit, the
members serving today with their phones."""
from __future__ import annotations

from datetime import datetime

from .. import clock
from ..reports import assessment_doc as doc
from ..reports.blocks import Block, Paragraph, Table
from ..reports.chain_mark import chain_mark
from ..storage import audit
from . import experts
from .meta import is_exercise
from .office import office_settings

ORGANISER = "市卫生健康主管部门"  # phe 6.1.2–6.1.4: 由市卫生健康主管部门组织专家咨询委员会评估


def assessment_pdf(db, assessment_id: int) -> bytes:
    from ..reports.document import render

    a = experts.get_assessment(db, assessment_id)
    with db.read() as session:
        head = audit.head(session)
    data = doc.AssessmentData(a.id, a.held_at, a.question_name, a.recommendation, a.text,
                              [(m.name, m.specialty, m.employer, m.title) for m in a.members])
    return render(doc.assessment_opinion(data, organiser=ORGANISER, office=office_settings(db).office,
                                         exercise=is_exercise(db), chain=chain_mark(head)))


def paper_kit_section(db, now: datetime) -> tuple[str, list[Block]] | None:
    members = experts.list_members(db, on=clock.local(now).date())
    if not members:
        return None
    rows = [[m.name, m.specialty, m.employer or "—", m.mobile or "—", m.office_phone or "—"] for m in members]
    return ("专家咨询委员会委员通讯录", [
        Paragraph(f"聘期内委员共{len(members)}名（以生成时的登记为准）："),
        Table([["姓名", "专业", "工作单位", "手机", "办公电话"], *rows], widths=[1.6, 2.4, 3.4, 2.6, 2.8],
              font_size=11.0)])
