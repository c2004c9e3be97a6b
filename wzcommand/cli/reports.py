"""report first / progress / closing / export, reports, paper-kit: the official reports as PDF files
(--out) and/or on a printer (--printer, --copies).

The report modules (reportlab) are imported only by the commands that print."""
from __future__ import annotations

import json
from pathlib import Path

from .destination import add_destination, check_destination, deliver, send
from .parsing import handles, integer, subcommands


def register(sub, common) -> None:
    report = sub.add_parser("report", parents=[common], help="首次报告、进程报告、结案报告")
    rsub = subcommands(report, "report_command")
    for kind, label in (("first", "首次报告"), ("progress", "进程报告（续报）"), ("closing", "结案报告")):
        one = handles(rsub.add_parser(kind, parents=[common], help=label), cmd_report)
        one.add_argument("--event", type=integer, required=True, help="事件编号")
        add_destination(one, Path)
        one.add_argument("--issue", action="store_true", help="签发：编号并存档（不加则为草稿）")
        one.add_argument("--draft", type=Path, help="使用编辑后的草稿（本命令 --json 输出的 JSON）")
        one.add_argument("--signer", help="本报告的签发人（不加则用公文设置中的默认签发人或总指挥）")
        one.add_argument("--confirm-figures", dest="confirm_figures", default="",
                         help="确认正文中与登记记录不一致的数字（签发被拒时列出的，如 病例100,住院3），随报告存档")
        one.add_argument("--docx", type=Path, help="同时把草稿写成 Word 文档（.docx），供传阅修改")
    export = handles(rsub.add_parser("export", parents=[common], help="导出已签发报告的存档 PDF"), cmd_report_export)
    export.add_argument("id", type=integer)
    add_destination(export, Path)
    listing = handles(sub.add_parser("reports", parents=[common], help="已签发的报告"), cmd_reports)
    listing.add_argument("--event", type=integer, help="事件编号")
    kit = handles(sub.add_parser("paper-kit", parents=[common], help="纸质备用材料（指挥体系、值班电话、首次报告空白表）"),
                  cmd_paper_kit)
    add_destination(kit, Path)


def _load_draft(path: Path, kind: str, event_id: int):
    from ..services import reports
    from ..services.errors import ValidationError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        from ..fileio import os_error_text

        raise ValidationError({"draft": f"无法读取草稿“{path}”：{os_error_text(exc)}"}) from exc
    except ValueError as exc:
        raise ValidationError({"draft": f"草稿“{path}”不是有效的 JSON：{exc}"}) from exc
    draft = reports.draft_from_dict(data.get("draft", data) if isinstance(data, dict) else {})
    if draft.kind != kind or draft.event_id != event_id:
        raise ValidationError({"draft": f"草稿是事件 {draft.event_id} 的{reports.KINDS[draft.kind]}，"
                                        f"与命令（事件 {event_id} 的{reports.KINDS[kind]}）不符"})
    return draft


def cmd_report(ctx, args):
    import dataclasses

    from ..services import reports
    from ..services.errors import ServiceError
    from ..services.report_docx import font_lines, fonts_for, write_draft_docx

    kind = args.report_command
    check_destination(args)
    if args.out:
        reports.check_output_path(args.out)
    draft = _load_draft(args.draft, kind, args.event) if args.draft else reports.draft_report(ctx.db, kind, args.event)
    if args.signer is not None:
        draft = dataclasses.replace(draft, signer=args.signer.strip())
    fonts = font_lines(fonts_for(draft))        # said before anything is issued: which faces, which substitutes
    data = {"file": str(args.out) if args.out else None, "issued": bool(args.issue), "id": None, "doc_no": None,
            "title": draft.title, "sha256": None, "signer": draft.signer, "missing": draft.missing(), "fonts": fonts,
            "draft": draft.to_dict()}
    if args.docx:
        data["docx"] = str(write_draft_docx(ctx.db, draft, args.docx))
    font_text = "\n字体：" + "；".join(fonts)
    if not args.issue:
        pdf = reports.preview_pdf(ctx.db, draft)
        said = []
        if args.out:
            reports.write_file(Path(args.out), pdf)
            said.append(f"草稿已写出：{args.out}")
        printed, text = send(args, pdf, f"{draft.title}（草稿）")
        data.update(printed)
        if text:
            said.append(text)
        if args.docx:
            said.append(f"Word 草稿：{args.docx}")
        return data, ("；".join(said) + (f"（待补充：{'、'.join(draft.missing())}）" if draft.missing() else "")
                      + font_text)
    confirmed = [f.strip() for f in args.confirm_figures.replace("，", ",").replace("、", ",").split(",") if f.strip()]
    row = reports.issue_report(ctx.db, draft, ctx.operator, confirmed=confirmed)
    data.update(id=row.id, doc_no=row.doc_no, title=row.title, sha256=row.sha256, signer=row.signer)
    said = [f"已签发 {row.doc_no}《{row.title}》（签发人：{row.signer}）"]
    try:  # the report is issued and archived: a file or printer failure leaves it as it is
        if args.out:
            reports.write_file(Path(args.out), row.pdf)
            said.append(f"已写出：{args.out}")
        printed, text = send(args, row.pdf, row.doc_no)
    except ServiceError as exc:
        raise ServiceError(f"已签发 {row.doc_no}（编号 {row.id}），但{exc.message}；可用 wzcommand report export "
                           f"{row.id} --out 文件 或 --printer 打印机 重新导出或打印。") from exc
    data.update(printed)
    if text:
        said.append(text)
    return data, "，".join(said) + font_text


def cmd_report_export(ctx, args):
    from ..services import reports

    check_destination(args)
    data, said = {"id": args.id, "file": None}, []
    if args.out:
        path = reports.export_report(ctx.db, args.id, args.out)
        data["file"] = str(path)
        said.append(f"已导出：{path}")
    if args.printer:
        row = next((r for r in reports.list_reports(ctx.db) if r.id == args.id), None)
        printed, text = send(args, reports.get_report_pdf(ctx.db, args.id), row.doc_no if row else f"报告-{args.id}")
        data.update(printed)
        said.append(text)
    return data, "；".join(said)


def cmd_reports(ctx, args):
    from .. import clock
    from ..services import reports
    from .tables import table

    rows = [{"id": r.id, "event": r.event_id, "kind": r.kind, "sequence": r.sequence, "doc_no": r.doc_no,
             "title": r.title, "issued_at": clock.iso(r.issued_at), "issued_by": r.issued_by, "signer": r.signer,
             "confirmed_figures": list(r.confirmations), "sha256": r.sha256,
             "corrects": r.corrects_id, "corrected_by": r.corrected_by} for r in reports.list_reports(ctx.db, args.event)]
    text = table(["#", "文号", "标题", "签发时间", "签发人", "操作员"],
                 [[str(r["id"]), r["doc_no"], r["title"] + ("（已更正）" if r["corrected_by"] else ""),
                   r["issued_at"][:16], r["signer"], r["issued_by"]] for r in rows])
    return rows, text


def cmd_paper_kit(ctx, args):
    from ..services import reports

    check_destination(args)
    if not args.printer:
        path = reports.write_paper_kit(ctx.db, args.out)
        return {"file": str(path)}, f"纸质备用材料已写出：{path}"
    fields, text = deliver(args, reports.paper_kit_pdf(ctx.db), "纸质备用材料")
    return fields, text.replace("已生成", "纸质备用材料已写出：", 1) if args.out else text
