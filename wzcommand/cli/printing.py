"""print notice / task / chase / week / compensation / supply-chase: the agenda's documents, the 征用补偿清单 and the
物资申请催办单, as PDF files (--out) and/or on a printer (--printer)."""
from __future__ import annotations

from .destination import add_destination, check_destination, deliver
from .parsing import handles, integer, subcommands
from .times import parse_day


def register(sub, common) -> None:
    prt = sub.add_parser("print", parents=[common], help="打印会议通知、交办单、催办单、周日程、征用补偿清单、物资申请催办单（PDF）")
    psub = subcommands(prt, "print_command")
    for name, helptext, with_id in (("notice", "会议通知", True), ("task", "交办单（含回执）", True),
                                    ("chase", "催办单", False), ("week", "一周日程", False),
                                    ("compensation", "征用补偿清单", False),
                                    ("supply-chase", "物资申请催办单（超过办理时限的物资申请）", False)):
        p = handles(psub.add_parser(name, parents=[common], help=helptext), cmd_print)
        if with_id:
            p.add_argument("id", type=integer)
        if name == "week":
            p.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD（默认本周一）")
        if name == "notice":
            p.add_argument("--contact", default="", help="附注联系人，如 联系人：张三，电话：0577-88888888"
                                                         "（不加则用公文设置中的附注）")
        if name == "compensation":
            p.add_argument("--response", type=integer, metavar="ID", help="应急响应（启动它的决定编号；默认最近一次）")
        add_destination(p)
    p = handles(psub.add_parser("riskmap", parents=[common], help="乡镇（街道）疫情风险等级地图（A4 横向）"), cmd_print)
    p.add_argument("--date", help="地图日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--png", help="另存向社会发布的图片（PNG，公开版）")
    p.add_argument("--public", action="store_true", help="PDF 为公开版（不含依据和审计链标记）")
    add_destination(p)


def cmd_print(ctx, args):
    from datetime import timedelta

    from .. import clock
    from ..services import schedule_print

    kind = args.print_command
    if kind == "riskmap":
        return print_riskmap(ctx, args)
    check_destination(args)
    if kind == "notice":
        data, title = (schedule_print.meeting_notice_pdf(ctx.db, args.id, args.contact, operator=ctx.operator),
                       f"会议通知-{args.id}")
    elif kind == "task":
        data, title = schedule_print.task_sheet_pdf(ctx.db, args.id), f"交办单-{args.id}"
    elif kind == "compensation":
        from ..services import compensation_print

        data, title = compensation_print.compensation_pdf(ctx.db, args.response), "征用补偿清单"
    elif kind == "supply-chase":
        from ..services import supply_print

        data, title = supply_print.supply_chase_pdf(ctx.db), "物资申请催办单"
    elif kind == "chase":
        data, title = schedule_print.chase_list_pdf(ctx.db), "催办单"
    else:
        today = clock.now().date()
        monday = today - timedelta(days=today.weekday())
        data, title = schedule_print.week_schedule_pdf(ctx.db, parse_day(args.date_from, "from", monday)), "一周日程"
    return deliver(args, data, title)


def print_riskmap(ctx, args):
    from .. import clock
    from ..services import riskmap_print

    if args.png and not (args.out or args.printer):
        args.copies = 1
    else:
        check_destination(args)
    day = parse_day(args.date, "date", clock.now().date())
    fields, said = {"date": day.isoformat()}, []
    if args.out or args.printer:
        data = riskmap_print.riskmap_pdf(ctx.db, day, public=args.public, operator=ctx.operator)
        more, text = deliver(args, data, f"风险地图-{day.isoformat()}")
        fields |= more
        said.append(text)
    if args.png:
        from ..ui.riskmap_image import write_png

        fields["png"] = str(args.png)
        said.append(write_png(riskmap_print.riskmap_pdf(ctx.db, day, public=True, operator=ctx.operator), args.png))
    return fields, "；".join(said)
