"""Headless handlers for events, reporting deadlines, reports and the paper kit.

Each returns (json data, readable text) like :mod:`wzcommand.commands`; the report modules
(reportlab) are imported only by the commands that print.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import clock
from .plan import events as kinds
from .services import events
from .services.errors import ServiceError, ValidationError

TEXT_OPTIONS = ("name", "category", "district", "township", "place", "place_kind", "area", "disease", "symptoms",
                "cause", "measures", "reporting_unit", "reporter", "reporter_phone")


def add_parsers(sub, common, parser_class) -> None:
    event = sub.add_parser("event", parents=[common], help="突发公共卫生事件登记")
    esub = event.add_subparsers(dest="event_command", required=True, parser_class=parser_class)
    _event_fields(esub.add_parser("add", parents=[common], help="登记事件"), required=True)
    upd = esub.add_parser("update", parents=[common], help="更新事件（人数、等级按时间另行记录）")
    upd.add_argument("id", type=int)
    _event_fields(upd, required=False)
    upd.add_argument("--at", help="人数或等级的更新时间 ISO 8601（默认：现在）")
    esub.add_parser("list", parents=[common], help="事件列表")
    phone = esub.add_parser("phone", parents=[common], help="记录电话报告")
    phone.add_argument("id", type=int)
    phone.add_argument("--at", required=True, help="报告时间 ISO 8601")
    phone.add_argument("--to", required=True, help="报告对象，如 市委市政府总值班室")
    phone.add_argument("--by", required=True, help="报告人")
    end = esub.add_parser("end", parents=[common], help="登记事件处置结束")
    end.add_argument("id", type=int)
    end.add_argument("--at", required=True, help="结束时间 ISO 8601")
    dl = sub.add_parser("deadlines", parents=[common], help="报告时限")
    dl.add_argument("--event", type=int, help="事件编号（默认：全部）")
    dl.add_argument("--now", help="按此时间计算 ISO 8601（默认：现在）")
    report = sub.add_parser("report", parents=[common], help="首次报告、进程报告、结案报告")
    rsub = report.add_subparsers(dest="report_command", required=True, parser_class=parser_class)
    for kind, label in (("first", "首次报告"), ("progress", "进程报告（续报）"), ("closing", "结案报告")):
        one = rsub.add_parser(kind, parents=[common], help=label)
        one.add_argument("--event", type=int, required=True, help="事件编号")
        one.add_argument("--out", type=Path, required=True, help="写出的 PDF 文件")
        one.add_argument("--issue", action="store_true", help="签发：编号并存档（不加则为草稿）")
        one.add_argument("--draft", type=Path, help="使用编辑后的草稿（本命令 --json 输出的 JSON）")
    export = rsub.add_parser("export", parents=[common], help="导出已签发报告的存档 PDF")
    export.add_argument("id", type=int)
    export.add_argument("--out", type=Path, required=True)
    listing = sub.add_parser("reports", parents=[common], help="已签发的报告")
    listing.add_argument("--event", type=int, help="事件编号")
    kit = sub.add_parser("paper-kit", parents=[common], help="纸质备用材料（指挥体系、值班电话、首次报告空白表）")
    kit.add_argument("--out", type=Path, required=True)


def _event_fields(parser, *, required: bool) -> None:
    """The event's fields as options, shared by ``event add`` and ``event update``."""
    parser.add_argument("--name", required=required, help="事件名称")
    parser.add_argument("--category", required=required, help="事件类别：" + "、".join(kinds.CATEGORIES.values()))
    parser.add_argument("--district", required=required, help="县（市、区）")
    parser.add_argument("--occurred", required=required, help="发生时间 ISO 8601")
    parser.add_argument("--received", required=required, help="接报时间 ISO 8601")
    parser.add_argument("--grade", choices=kinds.GRADES, help="事件等级（初步判断）")
    for flag, label in (("--township", "乡镇（街道）"), ("--place", "具体地点"), ("--place-kind", "场所类别"),
                        ("--area", "波及范围"), ("--disease", "病种"), ("--symptoms", "主要症状"),
                        ("--cause", "可能原因"), ("--measures", "已采取的措施"), ("--reporting-unit", "报告单位"),
                        ("--reporter", "报告人"), ("--reporter-phone", "报告人电话")):
        parser.add_argument(flag, help=label)
    for key, label in kinds.COUNT_FIELDS.items():
        parser.add_argument("--" + key.replace("_", "-"), dest=f"count_{key}", type=int, metavar="N",
                            help=f"{label}人数")


def _base():
    """The shared helpers (operator, time parsing, tables); imported late: commands imports this module."""
    from . import commands

    return commands

def _counts(args) -> dict:
    return {k: getattr(args, f"count_{k}") for k in kinds.COUNT_FIELDS if getattr(args, f"count_{k}") is not None}


def cmd_event_add(db, args):
    data = events.EventInput(**{k: getattr(args, k) or "" for k in TEXT_OPTIONS}, grade=args.grade or "",
                             occurred_at=_base()._when(args.occurred, "occurred_at"),
                             received_at=_base()._when(args.received, "received_at"), counts=_counts(args))
    if data.occurred_at is None or data.received_at is None:
        raise ValidationError({"occurred_at": "请填写发生时间和接报时间"})
    event = events.register_event(db, data, _base().operator())
    return {"id": event.id}, f"已登记事件 {event.id}：{event.name}"


def cmd_event_update(db, args):
    fields = {k: getattr(args, k) for k in TEXT_OPTIONS if getattr(args, k) is not None}
    for option, key in (("occurred", "occurred_at"), ("received", "received_at")):
        if getattr(args, option):
            fields[key] = _base()._when(getattr(args, option), key)
    event = events.update_event(db, args.id, _base().operator(), fields=fields, grade=args.grade,
                                counts=_counts(args) or None, at=_base()._when(args.at, "at"))
    return {"id": event.id}, f"已更新事件 {event.id}：{event.name}"


def cmd_event_list(db, args):
    rows = []
    for e in events.list_events(db):
        history = events.count_history(db, e.id)
        latest = {k: getattr(history[-1], k) for k in kinds.COUNT_FIELDS} if history else {}
        rows.append({"id": e.id, "name": e.name, "category": e.category, "district": e.district,
                     "township": e.township, "place": e.place, "place_kind": e.place_kind, "grade": e.grade or None,
                     "occurred_at": clock.iso(e.occurred_at), "received_at": clock.iso(e.received_at),
                     "ended_at": clock.iso(e.ended_at), "counts": latest})
    table = _base()._table(["#", "事件", "类别", "地区", "等级", "接报", "发病", "死亡", "状态"],
                        [[str(r["id"]), r["name"], kinds.CATEGORIES.get(r["category"], r["category"]), r["district"],
                          r["grade"] or "—", (r["received_at"] or "")[:16], str(r["counts"].get("ill", 0)),
                          str(r["counts"].get("dead", 0)), "已结束" if r["ended_at"] else "处置中"] for r in rows])
    return rows, table


def cmd_event_phone(db, args):
    row = events.log_phone_report(db, args.id, _base()._when(args.at, "at"), args.to, args.by, _base().operator())
    return ({"id": row.id, "event": row.event_id, "at": clock.iso(row.at), "to": row.to_whom, "by": row.by_whom},
            f"已记录电话报告：{clock.local_text(row.at)} {row.by_whom} → {row.to_whom}")


def cmd_event_end(db, args):
    event = events.end_event(db, args.id, _base()._when(args.at, "ended_at"), _base().operator())
    return {"id": event.id, "ended_at": clock.iso(event.ended_at)}, f"事件 {event.id} 已于 {clock.local_text(event.ended_at)} 结束"


def cmd_deadlines(db, args):
    from .services import deadlines

    now = _base()._when(args.now, "now") or clock.now()
    items = deadlines.event_clocks(db, args.event, now=now)
    data = [{"event": i.event_id, "kind": i.kind, "due": clock.iso(i.clock.due), "aim": clock.iso(i.clock.aim),
             "done": clock.iso(i.clock.done), "overdue": i.overdue} for i in items]
    table = _base()._table(["#", "事件", "时限"], [[str(i.event_id), i.event_name, deadlines.status_text(i)]
                                              for i in items])
    return data, table


def _load_draft(path: Path, kind: str, event_id: int):
    from .services import reports

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        from .fileio import os_error_text

        raise ValidationError({"draft": f"无法读取草稿“{path}”：{os_error_text(exc)}"}) from exc
    except ValueError as exc:
        raise ValidationError({"draft": f"草稿“{path}”不是有效的 JSON：{exc}"}) from exc
    draft = reports.draft_from_dict(data.get("draft", data) if isinstance(data, dict) else {})
    if draft.kind != kind or draft.event_id != event_id:
        raise ValidationError({"draft": f"草稿是事件 {draft.event_id} 的{reports.KINDS[draft.kind]}，"
                                        f"与命令（事件 {event_id} 的{reports.KINDS[kind]}）不符"})
    return draft


def cmd_report(db, args):
    from .services import reports

    kind = args.report_command
    reports.check_output_path(args.out)
    draft = _load_draft(args.draft, kind, args.event) if args.draft else reports.draft_report(db, kind, args.event)
    data = {"file": str(args.out), "issued": bool(args.issue), "id": None, "doc_no": None, "title": draft.title,
            "sha256": None, "missing": draft.missing(), "draft": draft.to_dict()}
    if not args.issue:
        reports.write_draft_pdf(db, draft, args.out)
        return data, f"草稿已写出：{args.out}" + (f"（待补充：{'、'.join(draft.missing())}）" if draft.missing() else "")
    row = reports.issue_report(db, draft, _base().operator())
    try:
        reports.write_file(Path(args.out), row.pdf)
    except ServiceError as exc:
        raise ServiceError(f"已签发 {row.doc_no}（编号 {row.id}），但{exc.message}；"
                           f"可用 wzcommand report export {row.id} --out 文件 重新导出。") from exc
    data.update(id=row.id, doc_no=row.doc_no, title=row.title, sha256=row.sha256)
    return data, f"已签发 {row.doc_no}《{row.title}》，已写出：{args.out}"


def cmd_report_export(db, args):
    from .services import reports

    path = reports.export_report(db, args.id, args.out)
    return {"id": args.id, "file": str(path)}, f"已导出：{path}"


def cmd_reports(db, args):
    from .services import reports

    rows = [{"id": r.id, "event": r.event_id, "kind": r.kind, "sequence": r.sequence, "doc_no": r.doc_no,
             "title": r.title, "issued_at": clock.iso(r.issued_at), "issued_by": r.issued_by, "sha256": r.sha256,
             "corrects": r.corrects_id, "corrected_by": r.corrected_by} for r in reports.list_reports(db, args.event)]
    table = _base()._table(["#", "文号", "标题", "签发", "签发人"],
                        [[str(r["id"]), r["doc_no"], r["title"] + ("（已更正）" if r["corrected_by"] else ""),
                          r["issued_at"][:16], r["issued_by"]] for r in rows])
    return rows, table


def cmd_paper_kit(db, args):
    from .services import reports

    path = reports.write_paper_kit(db, args.out)
    return {"file": str(path)}, f"纸质备用材料已写出：{path}"


HANDLERS = {
    ("event", "add"): cmd_event_add,
    ("event", "update"): cmd_event_update,
    ("event", "list"): cmd_event_list,
    ("event", "phone"): cmd_event_phone,
    ("event", "end"): cmd_event_end,
    ("deadlines", None): cmd_deadlines,
    ("report", "first"): cmd_report,
    ("report", "progress"): cmd_report,
    ("report", "closing"): cmd_report,
    ("report", "export"): cmd_report_export,
    ("reports", None): cmd_reports,
    ("paper-kit", None): cmd_paper_kit,
}
