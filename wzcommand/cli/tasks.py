"""task add / update / list: the task sheets (工作任务交办单) and their receipts."""
from __future__ import annotations

import argparse

from .parsing import handles, integer, subcommands
from .times import parse_time, time_or_now


def register(sub, common) -> None:
    task = sub.add_parser("task", parents=[common], help="工作任务交办单")
    tsub = subcommands(task, "task_command")
    tadd = handles(tsub.add_parser("add", parents=[common], help="新建交办单"), cmd_task_add)
    tadd.add_argument("--content", required=True)
    tadd.add_argument("--lead", required=True, help="牵头单位")
    tadd.add_argument("--co", action="append", default=[], help="配合单位（可重复）")
    tadd.add_argument("--deadline", help="办结时限 ISO 8601（默认当日24时前）")
    tadd.add_argument("--meeting", type=integer, help="来源会议编号")
    tadd.add_argument("--instruction", default="", help="来源批示")
    tup = handles(tsub.add_parser("update", parents=[common], help="更新状态或回执"), cmd_task_update)
    tup.add_argument("id", type=integer)
    tup.add_argument("--status", choices=["in_progress", "done"])
    tup.add_argument("--note", default="")
    tup.add_argument("--receipt", help="回执时间 ISO 8601")
    tlist = handles(tsub.add_parser("list", parents=[common], help="交办单列表"), cmd_task_list)
    tlist.add_argument("--overdue", action="store_true")
    for p in (tadd, tup, tlist):
        p.add_argument("--now", help=argparse.SUPPRESS)


def task_json(t, now) -> dict:
    from .. import clock
    from ..services import tasks

    return {"id": t.id, "doc_no": t.doc_no, "content": t.content, "lead_unit": t.lead_unit,
            "co_units": [u for u in t.co_units.split("、") if u], "deadline": clock.iso(t.deadline),
            "status": tasks.display_status(t, now), "source": t.source, "meeting": t.meeting_id,
            "receipt_at": clock.iso(t.receipt_at), "done_at": clock.iso(t.done_at)}


def cmd_task_add(ctx, args):
    from .. import clock
    from ..services import tasks

    now = time_or_now(args.now, "now")
    task = tasks.add_task(ctx.db, args.content, args.lead, ctx.operator, co_units=args.co,
                          deadline=parse_time(args.deadline, "deadline"),
                          meeting_id=args.meeting, instruction=args.instruction, now=now)
    return task_json(task, now), f"已交办：{task.doc_no}（牵头：{task.lead_unit}，时限：{clock.local_text(task.deadline)}）"


def cmd_task_update(ctx, args):
    from ..services import tasks
    from ..services.errors import ValidationError

    now = time_or_now(args.now, "now")
    if not args.status and not args.receipt and not args.note:
        raise ValidationError({"status": "请指定 --status、--receipt 或 --note"})
    task = None
    if args.receipt:
        task = tasks.record_receipt(ctx.db, args.id, parse_time(args.receipt, "receipt"), ctx.operator)
    if args.status:
        task = tasks.update_status(ctx.db, args.id, args.status, ctx.operator, note=args.note, now=now)
    elif args.note:
        tasks.add_note(ctx.db, args.id, args.note, ctx.operator, now=now)
    task = task or next(t for t in tasks.list_tasks(ctx.db, now=now) if t.id == args.id)
    return task_json(task, now), f"{task.doc_no}：{tasks.STATUS_NAMES[tasks.display_status(task, now)]}"


def cmd_task_list(ctx, args):
    from ..services import tasks

    now = time_or_now(args.now, "now")
    rows = [task_json(t, now) for t in tasks.list_tasks(ctx.db, overdue_only=args.overdue, now=now)]
    text = "\n".join(f"{r['doc_no']}  [{tasks.STATUS_NAMES[r['status']]}]  {r['lead_unit']}  "
                     f"{r['deadline'][:16]}  {r['content'][:30]}" for r in rows)
    return rows, text or "（无交办单）"
