"""The archive of issued reports, read: the list and a stored PDF, checked against its hash.

Apart from issuing (report_issue, which re-exports these) so that listing the archive loads no
report rendering (reportlab): the 报告档案 panel reads only this.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..storage.models import IssuedReport
from .errors import NotFoundError, ServiceError


@dataclass(frozen=True)
class ReportInfo:
    id: int
    event_id: int | None
    kind: str
    sequence: int
    doc_no: str
    title: str
    issued_at: datetime
    issued_by: str
    sha256: str
    corrects_id: int | None
    corrected_by: int | None        # the newer report that corrects this one
    signer: str = ""                # 签发人 as printed on the report
    confirmations: tuple[str, ...] = ()   # figures differing from the record, confirmed when issued

    @property
    def kind_label(self) -> str:
        from ..reports.event_reports import KINDS  # the document's module loads reportlab: only when asked

        return KINDS.get(self.kind, self.kind)


def list_reports(db, event_id: int | None = None) -> list[ReportInfo]:
    with db.read() as session:
        query = select(IssuedReport).options(defer(IssuedReport.pdf))
        if event_id is not None:
            query = query.where(IssuedReport.event_id == event_id)
        rows = list(session.scalars(query.order_by(IssuedReport.issued_at, IssuedReport.id)))
        corrected = dict(session.execute(select(IssuedReport.corrects_id, IssuedReport.id)
                                         .where(IssuedReport.corrects_id.is_not(None))).all())
    return [ReportInfo(r.id, r.event_id, r.kind, r.sequence, r.doc_no, r.title, r.issued_at, r.issued_by,
                       r.sha256, r.corrects_id, corrected.get(r.id), r.signer or _signer_of(r),
                       tuple(json.loads(r.confirmations)) if r.confirmations else ()) for r in rows]


def _signer_of(row: IssuedReport) -> str:
    """Reports issued before the signer had its own column: the 签发人 kept in their content."""
    try:
        return str(json.loads(row.content or "{}").get("signer") or "")
    except ValueError:
        return ""


def get_report_pdf(db, report_id: int) -> bytes:
    """The PDF exactly as issued; refused if it no longer matches the hash stored with it."""
    with db.read() as session:
        row = session.get(IssuedReport, report_id)
        if row is None:
            raise NotFoundError(f"没有编号为 {report_id} 的已签发报告。")
        if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
            raise ServiceError(f"{row.doc_no} 的存档文件与签发时的校验值不符，可能已被改动。")
        return row.pdf
