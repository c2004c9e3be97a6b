"""print notice / task / chase / week: the agenda's documents as PDF files."""
from __future__ import annotations

from .parsing import handles, subcommands
from .times import parse_day


def register(sub, common) -> None:
    prt = sub.add_parser("print", parents=[common], help="打印会议通知、交办单、催办单、周日程（PDF）")
    psub = subcommands(prt, "print_command")
    for name, helptext, with_id in (("notice", "会议通知", True), ("task", "交办单（含回执）", True),
                                    ("chase", "催办单", False), ("week", "一周日程", False)):
        p = handles(psub.add_parser(name, parents=[common], help=helptext), cmd_print)
        if with_id:
            p.add_argument("id", type=int)
        if name == "week":
            p.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD（默认本周一）")
        if name == "notice":
            p.add_argument("--contact", default="", help="附注联系人，如 联系人：张三，电话：0577-88888888")
        p.add_argument("--out", required=True, help="输出 PDF 文件")


def cmd_print(ctx, args):
    from datetime import timedelta

    from .. import clock
    from ..fileio import atomic_write_bytes, os_error_text
    from ..services import schedule_print
    from ..services.errors import ServiceError

    kind = args.print_command
    if kind == "notice":
        data = schedule_print.meeting_notice_pdf(ctx.db, args.id, args.contact)
    elif kind == "task":
        data = schedule_print.task_sheet_pdf(ctx.db, args.id)
    elif kind == "chase":
        data = schedule_print.chase_list_pdf(ctx.db)
    else:
        today = clock.now().date()
        monday = today - timedelta(days=today.weekday())
        data = schedule_print.week_schedule_pdf(ctx.db, parse_day(args.date_from, "from", monday))
    try:
        atomic_write_bytes(args.out, data)
    except OSError as exc:
        raise ServiceError(f"无法写入“{args.out}”：{os_error_text(exc)}") from exc
    return {"file": str(args.out), "bytes": len(data)}, f"已生成 {args.out}"
