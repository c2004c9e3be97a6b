"""Issuing event reports: one number per prefix and year without gaps, the PDF archived for good.

The number is taken from ``doc_counter`` in the same write transaction that stores the
report and its audit entry, so a failure anywhere rolls all three back and the number is
used by the next report instead.  The PDF is rendered before the write lock is taken, for
the number the counter is expected to give; only if another seat issued a report in the
meantime is it rendered again under the lock.  Issued reports are never changed: a mistake
is put right by a new, numbered correction that names the report it corrects.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from .. import clock
from ..fileio import atomic_write_bytes, os_error_text
from ..reports.chain_mark import chain_mark
from ..reports.document import OfficialDocument, render
from ..reports.event_reports import KINDS, ReportDraft, cn_date
from ..reports.event_reports import report_document as build_report_document
from ..reports.fonts import FontSet, FontsMissingError
from ..settings import load_settings
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import DocCounter, IssuedReport
from ..storage.numbering import format_number, take_number
from .accounts import require
from .errors import ConflictError, NotFoundError, ServiceError, ValidationError
from .meta import exercise_in, is_exercise
from .office import OfficeSettings, office_in, office_settings
from .report_archive import get_report_pdf
from .report_drafts import closing_refusal
from .report_facts import facts_in
from .report_figures import FiguresUnconfirmed, disagreements, record_draft


class FontsUnavailableError(ServiceError):
    """No Chinese font can print the report; the message says what to install."""


def render_pdf(draft: ReportDraft, *, doc_no: str | None = None, when: datetime | None = None,
               exercise: bool = False, office: OfficeSettings | None = None,
               chain: tuple[int, str] | None = None) -> bytes:
    doc, fonts = report_document(draft, doc_no=doc_no, when=when, exercise=exercise, office=office, chain=chain)
    try:
        return render(doc, fonts)
    except FontsMissingError as exc:
        raise FontsUnavailableError(str(exc)) from exc


def report_document(draft: ReportDraft, *, doc_no: str | None = None, when: datetime | None = None,
                    exercise: bool = False, office: OfficeSettings | None = None,
                    chain: tuple[int, str] | None = None) -> tuple[OfficialDocument, FontSet]:
    """The official document render_pdf prints, with its fonts (benchmarks compare bare reportlab
    drawing exactly these characters)."""
    office = office or OfficeSettings()
    try:
        return build_report_document(draft, doc_no=doc_no, issue_date=clock.local(when or clock.now()).date(),
                                     printer=office.office.strip(), issuer=office.issuer.strip(), exercise=exercise,
                                     font_path=load_settings().font_path.strip() or None, chain=chain_mark(chain))
    except FontsMissingError as exc:
        raise FontsUnavailableError(str(exc)) from exc


def preview_pdf(db, draft: ReportDraft) -> bytes:
    """The draft as printed: marked 草稿 on every page, no number."""
    return render_pdf(draft, exercise=is_exercise(db), office=office_settings(db))


def write_draft_pdf(db, draft: ReportDraft, path: str | Path) -> Path:
    path = Path(path)
    check_output_path(path)
    write_file(path, preview_pdf(db, draft))
    return path


def check_output_path(path: str | Path) -> None:
    """Refuse, before anything is done, a file that cannot be written (folder missing, read-only…)."""
    path = Path(path)
    if path.is_dir():
        raise ValidationError({"out": f"无法写入“{path}”：这是一个文件夹"})
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".check", dir=path.parent)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise ValidationError({"out": f"无法写入“{path}”：{os_error_text(exc)}"}) from exc


def write_file(path: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}") from exc


def _ready(draft: ReportDraft) -> None:
    errors = {}
    if draft.kind not in KINDS:
        errors["kind"] = f"未知的报告种类“{draft.kind}”"
    if not draft.signer.strip():     # every event report goes to a higher body (上行文)
        errors["signer"] = SIGNER_MISSING
    if not draft.title.strip():
        errors["title"] = "请填写标题"
    if not draft.sections:
        errors["sections"] = "报告没有正文"
    elif draft.missing():
        errors["sections"] = ("以下部分尚未填写：" + "、".join(draft.missing()) +
                              "。请在草稿中填写后再签发（命令行可用 --draft 指定编辑后的草稿）")
    if errors:
        raise ValidationError(errors)


SIGNER_MISSING = ("报告送上级机关（上行文），必须有签发人，未签发。请在报告窗口的“签发人”栏填写签发人姓名；"
                  "或由办公室主任、管理员在“公文设置”中设定默认签发人（命令行：--signer 姓名，"
                  "或 wzcommand office set signer 姓名）。")


def _as_correction(draft: ReportDraft, old: IssuedReport) -> ReportDraft:
    """The title says 更正 and the opening cites the corrected report by its number."""
    title = draft.title if "更正" in draft.title else f"{draft.title.strip()}（更正）"
    opening = draft.opening
    if old.doc_no not in opening:
        notice = (f"本报告更正{cn_date(clock.local(old.issued_at).date())}印发的《{old.title}》"
                  f"（{old.doc_no}），原报告作废，以本报告为准。")
        opening = notice + ("\n" + opening if opening.strip() else "")
    return dataclasses.replace(draft, kind=old.kind, event_id=old.event_id, sequence=old.sequence,
                               title=title, opening=opening)


def _check_rules(session, draft: ReportDraft) -> ReportDraft:
    """The plan's order of reports, checked again inside the issuing transaction."""
    if draft.corrects_id is not None:
        old = session.get(IssuedReport, draft.corrects_id, options=[defer(IssuedReport.pdf)])
        if old is None:
            raise NotFoundError(f"没有编号为 {draft.corrects_id} 的已签发报告。")
        newer = session.scalars(select(IssuedReport.doc_no)
                                .where(IssuedReport.corrects_id == old.id)).first()
        if newer:
            raise ConflictError(f"{old.doc_no} 已由 {newer} 更正，请对最新的报告出具更正。")
        return _as_correction(draft, old)
    if draft.event_id is None:
        raise ValidationError({"event": "事件报告须指明事件"})
    facts = facts_in(session, draft.event_id)
    issued = [r for r in facts.issued if r.corrects_id is None]
    same = [r for r in issued if r.kind == draft.kind]
    if draft.kind in ("first", "closing") and same:
        raise ConflictError(f"本事件的{KINDS[draft.kind]}已签发（{same[0].doc_no}），如需修改请出具更正。")
    if draft.kind == "progress":
        if not any(r.kind == "first" for r in issued):
            raise ValidationError({"event": "本事件尚未签发首次报告，请先签发首次报告。"})
        if draft.sequence != len(same) + 1:
            raise ConflictError(f"本事件已签发{len(same)}份续报，草稿为续报第{draft.sequence}份，"
                                "请重新生成草稿后再签发。")
    if draft.kind == "closing":
        refusal = closing_refusal(facts)
        if refusal:
            raise ValidationError({"event": refusal})
    return draft


def issue_report(db, draft: ReportDraft, operator: str, now: datetime | None = None, *,
                 confirmed: list[str] | tuple[str, ...] = ()) -> IssuedReport:
    """Number, render, store and audit the report in one write transaction; return the stored row.

    Figures in the text that differ from the record are refused (:class:`FiguresUnconfirmed`)
    unless each is listed in ``confirmed``; the confirmation is kept with the report.
    """
    now = now or clock.now()
    _ready(draft)
    year = clock.local(now).year
    with db.read() as session:
        require(session, operator, "report.issue")    # refuse before any rendering
        final = _check_rules(session, draft)          # a clear refusal before any rendering
        exercise = exercise_in(session)          # an exercise report can never pass for a real one
        office = office_in(session)
        counter = session.get(DocCounter, (office.doc_prefix, year))
        expected = (counter.last if counter else 0) + 1
        head = audit.head(session)
    found = disagreements(draft, record_draft(db, draft, now))   # after the plan's order was checked
    if [f for f in found if f not in set(confirmed)]:
        raise FiguresUnconfirmed([f for f in found if f not in set(confirmed)])
    kept = [f for f in found if f in set(confirmed)]

    def doc_no(prefix: str, number: int) -> str:
        return format_number(prefix, year, number, exercise=exercise)

    def pdf_for(settings: OfficeSettings, number: int, head) -> bytes:  # the chain head goes under the 版记
        return render_pdf(final, doc_no=doc_no(settings.doc_prefix, number), when=now, exercise=exercise,
                          office=settings, chain=head)

    rendered = {(office, expected, head): pdf_for(office, expected, head)}
    try:
        with db.write() as session:
            require(session, operator, "report.issue")
            final = _check_rules(session, draft)
            office = office_in(session)     # the office's settings as they are now, on every seat
            number = take_number(session, office.doc_prefix, year)
            serialise(session, "audit_entry")
            key = office, number, audit.head(session)
            pdf = rendered.get(key) or pdf_for(*key)   # another seat took our number or wrote first
            row = IssuedReport(event_id=final.event_id, kind=final.kind, sequence=final.sequence,
                               doc_no=doc_no(office.doc_prefix, number), year=year, number=number,
                               title=final.title.strip(),
                               content=json.dumps(final.to_dict(), ensure_ascii=False),
                               pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), issued_at=now,
                               issued_by=operator, signer=final.signer.strip(),
                               confirmations=json.dumps(kept, ensure_ascii=False) if kept else "",
                               corrects_id=final.corrects_id)
            session.add(row)
            session.flush()
            audit.record(session, operator, "report.issue", f"{row.doc_no} {row.title}",
                         after={"id": row.id, "doc_no": row.doc_no, "kind": row.kind, "event": row.event_id,
                                "sequence": row.sequence, "sha256": row.sha256, "corrects": row.corrects_id,
                                "signer": row.signer, "issued_at": clock.iso(now),
                                **({"confirmed_figures": kept} if kept else {})})
            return row
    except IntegrityError as exc:   # another seat took the number at the same moment (server mode)
        raise ConflictError("文号已被同时签发的其他报告占用，未签发本报告，请重试。") from exc


def issue_correction(db, corrects_id: int, draft: ReportDraft, operator: str,
                     now: datetime | None = None, **kwargs) -> IssuedReport:
    """A new numbered report that corrects ``corrects_id``; the old one stays as it was issued."""
    return issue_report(db, dataclasses.replace(draft, corrects_id=corrects_id), operator, now, **kwargs)


def export_report(db, report_id: int, path: str | Path) -> Path:
    """Write the archived PDF to ``path`` atomically (temp file, fsync, rename)."""
    path = Path(path)
    data = get_report_pdf(db, report_id)
    check_output_path(path)
    write_file(path, data)
    return path
