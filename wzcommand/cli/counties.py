"""counties / county set|instruct|contact|history|print: the 县（市、区） board (levels and warnings as
the counties reported them, the city's instructions to start a response, the plans' flags)."""
from __future__ import annotations

from .destination import add_destination, check_destination, deliver
from .parsing import handles, subcommands
from .tables import table
from .times import time_or_now

LEVELS = ["none", "IV", "III", "II", "I"]
COLOURS = ["none", "blue", "yellow", "orange", "red"]


def register(sub, common) -> None:
    handles(sub.add_parser("counties", parents=[common], help="县（市、区）响应级别、预警与市级要求一览"), cmd_counties)
    county = sub.add_parser("county", parents=[common], help="登记县（市、区）的响应与预警、市级要求")
    csub = subcommands(county, "county_command")
    cset = handles(csub.add_parser("set", parents=[common], help="登记县（市、区）报告的响应级别和/或预警"), cmd_county_set)
    cset.add_argument("county", help="县（市、区）名称，如 鹿城区 或 鹿城")
    cset.add_argument("--level", choices=LEVELS, help="应急响应级别（不填则不变）")
    cset.add_argument("--warning", choices=COLOURS, help="预警颜色（不填则不变）")
    cset.add_argument("--by", required=True, help="决定机关，如 鹿城区政府")
    cset.add_argument("--basis", required=True, help="依据：该县报送的文件、电话记录等")
    cset.add_argument("--at", help="决定时间 ISO 8601（默认：现在）")
    ins = handles(csub.add_parser("instruct", parents=[common], help="记录市级要求县（市、区）启动应急响应"),
                  cmd_county_instruct)
    ins.add_argument("counties", nargs="+", metavar="COUNTY", help="一个或多个县（市、区）")
    ins.add_argument("--level", required=True, choices=LEVELS[1:], help="要求启动的响应级别")
    ins.add_argument("--ref", required=True, help="文号或记录")
    ins.add_argument("--at", help="要求时间 ISO 8601（默认：现在）")
    con = handles(csub.add_parser("contact", parents=[common], help="登记县（市、区）指挥部值班电话和联络员"),
                  cmd_county_contact)
    con.add_argument("county")
    con.add_argument("--duty-phone", default="", help="24小时值班电话")
    con.add_argument("--liaison", default="", help="联络员姓名")
    con.add_argument("--liaison-phone", default="", help="联络员电话")
    hist = handles(csub.add_parser("history", parents=[common], help="一个县（市、区）的登记记录"), cmd_county_history)
    hist.add_argument("county")
    prt = handles(csub.add_parser("print", parents=[common], help="打印县（市、区）应急响应和预警情况表（PDF）"),
                  cmd_county_print)
    add_destination(prt)


def cmd_counties(ctx, args):
    from .. import clock
    from ..plan.levels import display_name
    from ..services import counties

    board = counties.county_board(ctx.db)
    rows = []
    for r in board.rows:
        ins = r.instructed
        rows.append([r.county, display_name(r.level, edition=board.edition), clock.local_text(r.since) or "—",
                     counties.colour_name(r.warning), counties.site_text(r.trigger_site) or "—",
                     f"{display_name(ins.level, edition=board.edition)} {ins.status(board.at)}" if ins else "—",
                     "；".join(f.text for f in r.flags) or "—"])
    text = table(["县（市、区）", "响应级别", "起始", "预警", "预警触发地", "市级要求", "提示"], rows)
    quotes = {(f.source, f.quote) for f in board.flags}
    if quotes:
        from ..plan.sources import source_text

        text += "\n" + "\n".join(f"{source_text(s, board.edition)}：{q}" for s, q in sorted(quotes))
    return counties.board_json(board), text


def cmd_county_set(ctx, args):
    from .. import clock
    from ..plan.levels import display_name
    from ..services import counties
    from ..services.roster import plan_of

    row = counties.record_county(ctx.db, args.county, time_or_now(args.at, "decided_at"), args.by, args.basis,
                                 ctx.operator, level=args.level, warning=args.warning)
    return ({"id": row.id, "county": row.county, "level": row.level, "warning": row.warning or None,
             "decided_at": clock.iso(row.decided_at)},
            f"已登记：{row.county} {display_name(row.level, edition=plan_of(ctx.db).edition)}、{counties.colour_name(row.warning)}")


def cmd_county_instruct(ctx, args):
    from .. import clock
    from ..plan.levels import display_name
    from ..services import counties
    from ..services.roster import plan_of

    ins = counties.instruct_counties(ctx.db, args.counties, args.level, args.ref, time_or_now(args.at, "instructed_at"),
                                     ctx.operator)
    return ({"id": ins.id, "counties": list(ins.counties), "level": ins.level, "at": clock.iso(ins.instructed_at),
             "due": clock.iso(ins.due), "ref": ins.ref},
            f"已记录：要求{'、'.join(ins.counties)}启动{display_name(ins.level, edition=plan_of(ctx.db).edition)}，时限 {clock.local_text(ins.due)}")


def cmd_county_contact(ctx, args):
    from ..services import counties

    c = counties.set_county_contact(ctx.db, args.county, ctx.operator, duty_phone=args.duty_phone,
                                    liaison=args.liaison, liaison_phone=args.liaison_phone)
    return ({"county": c.county, "duty_phone": c.duty_phone, "liaison": c.liaison, "liaison_phone": c.liaison_phone},
            f"已登记：{c.county}指挥部 值班电话 {c.duty_phone or '—'}，联络员 {c.liaison or '—'} {c.liaison_phone}")


def cmd_county_history(ctx, args):
    from .. import clock
    from ..plan.levels import display_name
    from ..services import counties
    from ..services.roster import plan_of

    rows = counties.county_history(ctx.db, args.county)
    edition = plan_of(ctx.db).edition
    data = [{"id": r.id, "level": r.level, "warning": r.warning or None, "decided_at": clock.iso(r.decided_at),
             "decided_by": r.decided_by, "basis": r.basis, "operator": r.operator} for r in rows]
    text = table(["决定时间", "响应级别", "预警", "决定机关", "依据"],
                 [[clock.local_text(r.decided_at), display_name(r.level, edition=edition), counties.colour_name(r.warning),
                   r.decided_by, r.basis] for r in rows]) if rows else "尚无登记。"
    return data, text


def cmd_county_print(ctx, args):
    from ..services import county_print

    check_destination(args)
    return deliver(args, county_print.county_board_pdf(ctx.db), "县（市、区）应急响应和预警情况表")
