"""CLI for the schedule, meetings and task sheets: parsers and handlers (json data, readable text)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from . import clock
from .plan.schedule import KINDS
from .services import meetings, schedule, tasks
from .services.errors import ValidationError


def add_parsers(sub, common, parser_class) -> None:
    sch = sub.add_parser("schedule", parents=[common], help="日程（会议、发布会、报告时限）")
    sch.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD（默认今天）")
    sch.add_argument("--to", dest="date_to", help="截止日期 YYYY-MM-DD（含，默认起始后7天）")
    sch.add_argument("--kind", choices=list(KINDS))
    sch.add_argument("--unit", help="只看某单位参加或承办的")
    meeting = sub.add_parser("meeting", parents=[common], help="会议与发布会")
    msub = meeting.add_subparsers(dest="meeting_command", required=True, parser_class=parser_class)
    add = msub.add_parser("add", parents=[common], help="新增会议或发布会")
    add.add_argument("--kind", required=True, choices=list(KINDS))
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help="ISO 8601")
    add.add_argument("--end", required=True, help="ISO 8601")
    add.add_argument("--place", default="")
    add.add_argument("--host-post", default="")
    add.add_argument("--host", default="", help="主持人姓名")
    add.add_argument("--organiser", default="", help="承办单位")
    add.add_argument("--attendee", action="append", help="参会单位（可重复；不填则按类别默认）")
    add.add_argument("--speaker", action="append", default=[], help="发言人：姓名|单位|议题（可重复）")
    add.add_argument("--agenda", default="")
    rec = msub.add_parser("record", parents=[common], help="登记会议召开情况")
    rec.add_argument("id", type=int)
    rec.add_argument("--present", action="append", default=[])
    rec.add_argument("--absent", action="append", default=[])
    rec.add_argument("--substitute", action="append", default=[], help="单位=代表姓名")
    rec.add_argument("--minutes", default="")
    rec.add_argument("--decisions", default="")
    can = msub.add_parser("cancel", parents=[common], help="取消")
    can.add_argument("id", type=int)
    can.add_argument("--reason", required=True)
    task = sub.add_parser("task", parents=[common], help="工作任务交办单")
    tsub = task.add_subparsers(dest="task_command", required=True, parser_class=parser_class)
    tadd = tsub.add_parser("add", parents=[common], help="新建交办单")
    tadd.add_argument("--content", required=True)
    tadd.add_argument("--lead", required=True, help="牵头单位")
    tadd.add_argument("--co", action="append", default=[], help="配合单位（可重复）")
    tadd.add_argument("--deadline", help="办结时限 ISO 8601（默认当日24时前）")
    tadd.add_argument("--meeting", type=int, help="来源会议编号")
    tadd.add_argument("--instruction", default="", help="来源批示")
    tup = tsub.add_parser("update", parents=[common], help="更新状态或回执")
    tup.add_argument("id", type=int)
    tup.add_argument("--status", choices=["in_progress", "done"])
    tup.add_argument("--note", default="")
    tup.add_argument("--receipt", help="回执时间 ISO 8601")
    tlist = tsub.add_parser("list", parents=[common], help="交办单列表")
    tlist.add_argument("--overdue", action="store_true")
    for p in (tadd, tup, tlist):
        p.add_argument("--now", help=argparse_suppress())
    prt = sub.add_parser("print", parents=[common], help="打印会议通知、交办单、催办单、周日程（PDF）")
    psub = prt.add_subparsers(dest="print_command", required=True, parser_class=parser_class)
    for name, helptext, with_id in (("notice", "会议通知", True), ("task", "交办单（含回执）", True),
                                    ("chase", "催办单", False), ("week", "一周日程", False)):
        p = psub.add_parser(name, parents=[common], help=helptext)
        if with_id:
            p.add_argument("id", type=int)
        if name == "week":
            p.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD（默认本周一）")
        if name == "notice":
            p.add_argument("--contact", default="", help="附注联系人，如 联系人：张三，电话：0577-88888888")
        p.add_argument("--out", required=True, help="输出 PDF 文件")


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def _now(args) -> datetime:
    return clock.parse_iso(args.now) if getattr(args, "now", None) else clock.now()


def _time(text: str, field: str) -> datetime:
    try:
        return clock.parse_iso(text)
    except ValueError:
        raise ValidationError({field: f"时间格式不正确：{text!r}（应为 ISO 8601，如 2026-11-29T09:00）"})


def _day(text: str | None, field: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({field: f"日期格式不正确：{text!r}（应为 YYYY-MM-DD）"})


def item_json(i) -> dict:
    return {"id": i.id, "kind": i.kind, "title": i.title, "start": clock.iso(i.start), "end": clock.iso(i.end),
            "place": i.place, "status": i.status, "origin": i.origin, "edited": i.edited,
            "organiser": i.organiser or None, "host": i.host_person or i.host_post or None,
            "attendees": [{"unit": a.unit, "attendance": a.status or None, "substitute": a.substitute or None}
                          for a in i.attendees],
            "speakers": [{"person": s.person, "unit": s.unit, "topic": s.topic} for s in i.speakers]}


def cmd_schedule(db, args):
    schedule.extend_schedule(db, _operator())
    start_day = _day(args.date_from, "from", clock.now().date())
    end_day = _day(args.date_to, "to", start_day + timedelta(days=7))
    if end_day < start_day:
        raise ValidationError({"to": "截止日期不能早于起始日期"})
    tz = clock.now().tzinfo
    start = datetime.combine(start_day, time(0), tzinfo=tz)
    end = datetime.combine(end_day + timedelta(days=1), time(0), tzinfo=tz)
    items = meetings.list_items(db, start, end, kind=args.kind, unit=args.unit)
    clashes = meetings.find_conflicts(items)
    rows = [item_json(i) for i in items]
    lines = [f"{clock.local_text(i.start)}  {KINDS[i.kind]:<8} {i.title}  {i.place}  "
             f"[{schedule.STATUSES[i.status]}]" for i in items]
    lines += [f"⚠ {text}" for _, _, text in clashes]
    return rows, "\n".join(lines) or "（无日程）"


def _operator():
    from .commands import operator

    return operator()


def cmd_meeting_add(db, args):
    speakers = []
    for text in args.speaker:
        parts = (text.split("|") + ["", ""])[:3]
        speakers.append(tuple(p.strip() for p in parts))
    data = meetings.MeetingInput(args.kind, args.title, _time(args.start, "start"), _time(args.end, "end"),
                                 place=args.place, host_post=args.host_post, host_person=args.host,
                                 organiser=args.organiser, attendees=args.attendee, speakers=speakers,
                                 agenda=args.agenda)
    item = meetings.add_meeting(db, data, _operator())
    return {"id": item.id}, f"已新增日程 #{item.id}：{item.title}"


def cmd_meeting_record(db, args):
    attendance = {u: ("present", "") for u in args.present} | {u: ("absent", "") for u in args.absent}
    for text in args.substitute:
        unit, _, name = text.partition("=")
        attendance[unit] = ("substitute", name)
    item = meetings.record_meeting(db, args.id, _operator(), attendance=attendance, minutes=args.minutes,
                                   decisions=args.decisions)
    return item_json(item), f"已登记 #{item.id} 召开情况"


def cmd_meeting_cancel(db, args):
    item = meetings.cancel_meeting(db, args.id, args.reason, _operator())
    return {"id": item.id, "status": item.status}, f"已取消 #{item.id}"


def task_json(t, now) -> dict:
    return {"id": t.id, "doc_no": t.doc_no, "content": t.content, "lead_unit": t.lead_unit,
            "co_units": [u for u in t.co_units.split("、") if u], "deadline": clock.iso(t.deadline),
            "status": tasks.display_status(t, now), "source": t.source, "meeting": t.meeting_id,
            "receipt_at": clock.iso(t.receipt_at), "done_at": clock.iso(t.done_at)}


def cmd_task_add(db, args):
    now = _now(args)
    task = tasks.add_task(db, args.content, args.lead, _operator(), co_units=args.co,
                          deadline=_time(args.deadline, "deadline") if args.deadline else None,
                          meeting_id=args.meeting, instruction=args.instruction, now=now)
    return task_json(task, now), f"已交办：{task.doc_no}（牵头：{task.lead_unit}，时限：{clock.local_text(task.deadline)}）"


def cmd_task_update(db, args):
    now = _now(args)
    if not args.status and not args.receipt and not args.note:
        raise ValidationError({"status": "请指定 --status、--receipt 或 --note"})
    task = None
    if args.receipt:
        task = tasks.record_receipt(db, args.id, _time(args.receipt, "receipt"), _operator())
    if args.status:
        task = tasks.update_status(db, args.id, args.status, _operator(), note=args.note, now=now)
    elif args.note:
        tasks.add_note(db, args.id, args.note, _operator(), now=now)
    task = task or next(t for t in tasks.list_tasks(db, now=now) if t.id == args.id)
    return task_json(task, now), f"{task.doc_no}：{tasks.STATUS_NAMES[tasks.display_status(task, now)]}"


def cmd_task_list(db, args):
    now = _now(args)
    rows = [task_json(t, now) for t in tasks.list_tasks(db, overdue_only=args.overdue, now=now)]
    text = "\n".join(f"{r['doc_no']}  [{tasks.STATUS_NAMES[r['status']]}]  {r['lead_unit']}  "
                     f"{r['deadline'][:16]}  {r['content'][:30]}" for r in rows)
    return rows, text or "（无交办单）"


def cmd_print(db, args):
    from .fileio import atomic_write_bytes, os_error_text
    from .services import schedule_print
    from .services.errors import ServiceError

    kind = args.print_command
    if kind == "notice":
        data = schedule_print.meeting_notice_pdf(db, args.id, args.contact)
    elif kind == "task":
        data = schedule_print.task_sheet_pdf(db, args.id)
    elif kind == "chase":
        data = schedule_print.chase_list_pdf(db)
    else:
        today = clock.now().date()
        data = schedule_print.week_schedule_pdf(db, _day(args.date_from, "from", today - timedelta(days=today.weekday())))
    try:
        atomic_write_bytes(args.out, data)
    except OSError as exc:
        raise ServiceError(f"无法写入“{args.out}”：{os_error_text(exc)}") from exc
    return {"file": str(args.out), "bytes": len(data)}, f"已生成 {args.out}"


HANDLERS = {
    ("print", "notice"): cmd_print,
    ("print", "task"): cmd_print,
    ("print", "chase"): cmd_print,
    ("print", "week"): cmd_print,
    ("schedule", None): cmd_schedule,
    ("meeting", "add"): cmd_meeting_add,
    ("meeting", "record"): cmd_meeting_record,
    ("meeting", "cancel"): cmd_meeting_cancel,
    ("task", "add"): cmd_task_add,
    ("task", "update"): cmd_task_update,
    ("task", "list"): cmd_task_list,
}
