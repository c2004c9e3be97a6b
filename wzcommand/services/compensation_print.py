"""The compensation list as a printed document (reports/compensation_doc.py) and as an .xlsx workbook
(one row per requisition, the owner's amount on its first row, owner totals and the grand total)."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from .. import clock
from ..fileio import atomic_write_bytes, check_output_path, os_error_text
from ..plan import requisitions as rules
from ..plan.sources import source_text
from ..reports import compensation_doc as doc
from .audit_log import chain_mark_now
from .compensation import CompensationList, compensation_list
from .errors import ServiceError
from .meta import is_exercise
from .office import office_settings
from .roster import plan_of


def _owners(listing: CompensationList) -> list[doc.OwnerBlock]:
    return [doc.OwnerBlock(o.kind_name, o.name, o.contact,
                           [doc.ItemLine(f"{r.kind_name}：{r.description}", r.quantity, r.taken_at, r.condition_taken,
                                         f"{r.decided_by} {r.decision_ref}", r.returned_at, r.condition_returned)
                            for r in o.items], o.assessment, o.amount_fen) for o in listing.owners]


def _refuse_empty(listing: CompensationList) -> None:
    if listing.response is None:
        raise ServiceError("尚无应急响应记录，没有可列入补偿清单的征用。")


def compensation_pdf(db, response_id: int | None = None, now: datetime | None = None) -> bytes:
    from ..reports.document import render

    listing = compensation_list(db, response_id)
    _refuse_empty(listing)
    assert listing.response is not None
    edition = plan_of(db).edition
    plan = listing.response.plan
    basis = rules.REQUISITION_QUOTES.get(plan, rules.REQUISITION_QUOTES["public_health"])[0]
    source, quote = listing.quote
    at = now or clock.now()
    document = doc.compensation_list(
        _owners(listing), started=listing.response.started, ended=listing.response.ended, at=at,
        basis=(source_text(basis[0], edition), basis[1]), compensation=(source_text(source, edition), quote),
        office=office_settings(db).office, exercise=is_exercise(db), chain=chain_mark_now(db),
        today=clock.local(at).date())
    return render(document)


HEADERS = ["序号", "被征用方", "类别", "联系方式", "征用类别", "征用财物或劳务", "数量", "征用决定机关", "决定文号",
           "征用时间", "征用时状况", "归还时间", "归还时状况", "评估意见", "补偿金额（元）"]
WIDTHS = (6, 26, 6, 22, 10, 26, 10, 20, 20, 17, 14, 17, 14, 36, 16)


def compensation_xlsx(listing: CompensationList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "征用补偿清单"
    sheet.append(HEADERS)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for n, o in enumerate(listing.owners, 1):
        for k, r in enumerate(o.items):
            first = k == 0
            sheet.append([n if first else None, o.name if first else None, o.kind_name if first else None,
                          o.contact if first else None, r.kind_name, r.description, r.quantity, r.decided_by,
                          r.decision_ref, clock.local_text(r.taken_at), r.condition_taken,
                          clock.local_text(r.returned_at) or "未归还", r.condition_returned,
                          (o.assessment or "待评估") if first else None,
                          (o.amount_fen / 100 if o.amount_fen is not None else "待评估") if first else None])
    sheet.append([None, "合计", None, None, None, None, None, None, None, None, None, None, None,
                  f"{len(listing.owners)}个被征用方" + (f"，{len(listing.unassessed)}个待评估" if listing.unassessed else ""),
                  listing.total_fen / 100])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    amount = len(HEADERS)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # text is written as text, never as a live formula
                cell.data_type = "s"
        money = line[amount - 1]
        if isinstance(money.value, float):
            money.number_format = "#,##0.00"
    for k, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_compensation(db, path: Path | str, response_id: int | None = None) -> CompensationList:
    """Write the list to ``path`` (.xlsx); nothing is written when it is refused."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(f"不支持的导出格式“{path.suffix or '（无扩展名）'}”：请使用 .xlsx。")
    check_output_path(path)
    listing = compensation_list(db, response_id)
    _refuse_empty(listing)
    try:
        atomic_write_bytes(path, compensation_xlsx(listing))
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}") from exc
    return listing
