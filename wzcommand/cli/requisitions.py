"""requisition add|edit|return|list|compensate|export: the requisition register (临时征用, phe 6.3.1 (5)) and
the compensation per owner (征用补偿, phe 7.3); ``print compensation`` (cli/printing.py) prints the list."""
from __future__ import annotations

from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_time, time_or_now

KINDS = "building|vehicle|equipment|goods|service（或 房屋、交通工具、设施设备、物资、劳务）"
OWNER_KINDS = "unit|enterprise|person（或 单位、企业、个人）"


def register(sub, common) -> None:
    req = sub.add_parser("requisition", parents=[common], help="临时征用登记、归还与征用补偿")
    rsub = subcommands(req, "requisition_command")
    add = handles(rsub.add_parser("add", parents=[common], help="登记一项临时征用"), cmd_add)
    add.add_argument("--kind", required=True, help=f"征用类别：{KINDS}")
    add.add_argument("--what", required=True, help="征用的财物或劳务，如 某某酒店主楼、大客车")
    add.add_argument("--qty", required=True, help="数量（含单位），如 2辆、120间")
    add.add_argument("--owner", required=True, help="被征用的单位、企业或个人名称")
    add.add_argument("--owner-kind", required=True, help=f"被征用方类别：{OWNER_KINDS}")
    add.add_argument("--contact", default="", help="被征用方联系人及电话")
    add.add_argument("--by", required=True, help="作出征用决定的机关，如 温州市人民政府")
    add.add_argument("--ref", required=True, help="征用决定的文号或记录")
    add.add_argument("--condition", required=True, help="征用时的状况，如 完好")
    add.add_argument("--at", help="征用时间 ISO 8601（默认：现在）")
    ret = handles(rsub.add_parser("return", parents=[common], help="登记归还（物资、劳务可登记为已耗用）"), cmd_return)
    ret.add_argument("id", type=integer)
    ret.add_argument("--condition", required=True, help="归还时的状况，如 完好、已耗用、损坏及程度")
    ret.add_argument("--at", help="归还时间 ISO 8601（默认：现在）")
    edit = handles(rsub.add_parser("edit", parents=[common], help="更正一项征用登记（只改给出的项；须写明理由）"), cmd_edit)
    edit.add_argument("id", type=integer)
    edit.add_argument("--reason", required=True, help="更正理由，如 登记时数量笔误")
    edit.add_argument("--kind", help=f"征用类别：{KINDS}")
    edit.add_argument("--what", help="征用的财物或劳务")
    edit.add_argument("--qty", help="数量（含单位）")
    edit.add_argument("--owner", help="被征用的单位、企业或个人名称")
    edit.add_argument("--owner-kind", help=f"被征用方类别：{OWNER_KINDS}")
    edit.add_argument("--contact", help="被征用方联系人及电话")
    edit.add_argument("--by", help="作出征用决定的机关")
    edit.add_argument("--ref", help="征用决定的文号或记录")
    edit.add_argument("--condition", help="征用时的状况（归还后不能更正）")
    edit.add_argument("--at", help="征用时间 ISO 8601")
    lst = handles(rsub.add_parser("list", parents=[common], help="征用登记一览"), cmd_list)
    lst.add_argument("--unreturned", action="store_true", help="只列尚未归还的")
    com = handles(rsub.add_parser("compensate", parents=[common], help="登记一个被征用方的补偿评估和金额（应急响应终止后）"),
                  cmd_compensate)
    com.add_argument("--owner", required=True, help="被征用方名称")
    com.add_argument("--owner-kind", help="同名的单位、企业或个人并存时指明类别")
    com.add_argument("--amount", required=True, help="补偿金额（元），如 12800.50、1.5万")
    com.add_argument("--assessment", required=True, help="评估意见（依据、方法和结论）")
    com.add_argument("--response", type=integer, metavar="ID", help="应急响应（启动它的决定编号；默认最近一次）")
    exp = handles(rsub.add_parser("export", parents=[common], help="导出征用补偿清单（.xlsx）"), cmd_export)
    exp.add_argument("file", help="写出的 .xlsx 文件")
    exp.add_argument("--response", type=integer, metavar="ID", help="应急响应（启动它的决定编号；默认最近一次）")


def requisition_json(r) -> dict:
    from .. import clock

    return {"id": r.id, "kind": r.kind, "description": r.description, "quantity": r.quantity,
            "owner": r.owner, "owner_kind": r.owner_kind, "contact": r.contact, "decided_by": r.decided_by,
            "decision_ref": r.decision_ref, "taken_at": clock.iso(r.taken_at), "condition_taken": r.condition_taken,
            "returned_at": clock.iso(r.returned_at), "condition_returned": r.condition_returned or None,
            "response": r.response_id}


def cmd_add(ctx, args):
    from ..services import requisitions

    r = requisitions.add_requisition(ctx.db, args.kind, args.what, args.qty, args.owner_kind, args.owner, args.by,
                                     args.ref, time_or_now(args.at, "taken_at"), args.condition, ctx.operator,
                                     contact=args.contact)
    return requisition_json(r), f"已登记：{r.summary()}"


def cmd_return(ctx, args):
    from .. import clock
    from ..services import requisitions

    r = requisitions.return_requisition(ctx.db, args.id, time_or_now(args.at, "returned_at"), args.condition,
                                        ctx.operator)
    return requisition_json(r), f"已登记归还：第{r.id}号 {r.description}，{clock.local_text(r.returned_at)}，{r.condition_returned}"


_SHOWN = (("kind_name", "征用类别"), ("description", "财物或劳务"), ("quantity", "数量"), ("owner", "被征用方"),
          ("owner_kind_name", "被征用方类别"), ("contact", "联系方式"), ("decided_by", "决定机关"),
          ("decision_ref", "决定文号"), ("taken_at", "征用时间"), ("condition_taken", "征用时状况"))


def cmd_edit(ctx, args):
    from .. import clock
    from ..services import requisitions

    was = next((r for r in requisitions.list_requisitions(ctx.db) if r.id == args.id), None)
    r = requisitions.correct_requisition(
        ctx.db, args.id, args.reason, ctx.operator, kind=args.kind, description=args.what, quantity=args.qty,
        owner=args.owner, owner_kind=args.owner_kind, contact=args.contact, decided_by=args.by, decision_ref=args.ref,
        condition_taken=args.condition, taken_at=parse_time(args.at, "taken_at"))

    def shown(record, attr: str) -> str:
        value = getattr(record, attr)
        return clock.local_text(value) if attr == "taken_at" else (value or "（空）")

    changed = [f"{name} {shown(was, attr)} → {shown(r, attr)}" for attr, name in _SHOWN
               if was is not None and shown(was, attr) != shown(r, attr)]
    return requisition_json(r), f"已更正第{r.id}号征用（理由：{args.reason.strip()}）：" + "；".join(changed)


def cmd_list(ctx, args):
    from .. import clock
    from ..services import requisitions

    rows = requisitions.list_requisitions(ctx.db, unreturned_only=args.unreturned)
    text = table(["编号", "类别", "财物或劳务", "数量", "被征用方", "征用时间", "归还"],
                 [[str(r.id), r.kind_name, r.description, r.quantity, r.owner, clock.local_text(r.taken_at),
                   f"{clock.local_text(r.returned_at)} {r.condition_returned}" if r.returned else "未归还"]
                  for r in rows]) if rows else "尚无征用登记。"
    return [requisition_json(r) for r in rows], text


def listing_json(listing) -> dict:
    from .. import clock
    from ..plan.requisitions import yuan

    resp = listing.response
    return {"response": resp.start_id if resp else None, "started": clock.iso(resp.started) if resp else None,
            "ended": clock.iso(resp.ended) if resp else None,
            "owners": [{"name": o.name, "kind": o.kind, "contact": o.contact, "items": [r.id for r in o.items],
                        "unreturned": o.unreturned, "assessment": o.assessment or None, "amount_fen": o.amount_fen,
                        "amount": yuan(o.amount_fen) or None} for o in listing.owners],
            "total_fen": listing.total_fen, "total": yuan(listing.total_fen),
            "unassessed": [o.name for o in listing.unassessed]}


def cmd_compensate(ctx, args):
    from ..plan.requisitions import yuan
    from ..services import compensation

    listing = compensation.set_compensation(ctx.db, args.owner, args.amount, args.assessment, ctx.operator,
                                            owner_kind=args.owner_kind, response_id=args.response)
    owner = next(o for o in listing.owners if o.name == args.owner.strip())
    return listing_json(listing), (f"已登记补偿：{owner.name} {yuan(owner.amount_fen)}；"
                                   f"合计 {yuan(listing.total_fen)}")


def cmd_export(ctx, args):
    from ..plan.requisitions import yuan
    from ..services import compensation_print

    listing = compensation_print.export_compensation(ctx.db, args.file, args.response)
    return {**listing_json(listing), "file": args.file}, (f"已导出 {len(listing.owners)} 个被征用方到 {args.file}，"
                                                          f"合计 {yuan(listing.total_fen)}")
