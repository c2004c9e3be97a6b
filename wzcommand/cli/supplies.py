"""stock … / supply …: supplies (物资保障, phe 4.2.2 (5), 8.3.2) — the item list, sites, stock by site
and item, movements (a negative quantity issues; a balance never goes below zero), stock lists as
.xlsx, and requests from member units and counties with their clocks and chase list."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..plan.numbers import grouped, quantity_text
from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_day, parse_time, time_or_now


def register(sub, common) -> None:
    stock = sub.add_parser("stock", parents=[common], help="物资库存：清单、进出、导入导出、物资目录和存放点")
    ssub = subcommands(stock, "stock_command")
    slist = handles(ssub.add_parser("list", parents=[common], help="按存放点和物资列出库存、有效期和可用天数"), cmd_stock_list)
    move = handles(ssub.add_parser("move", parents=[common], help="入库（正数）、发放或调拨（负数）"), cmd_stock_move)
    move.add_argument("--item", required=True, help="物资名称（物资目录中的）")
    move.add_argument("--site", required=True, help="存放点")
    move.add_argument("--qty", required=True, type=integer, help="数量：正数入库，负数发放（--to）或调出（--to-site）")
    move.add_argument("--to", default="", help="发放对象：成员单位或县（市、区）")
    move.add_argument("--to-site", default="", help="调入存放点（调拨）")
    move.add_argument("--batch", default="", help="批号（入库）")
    move.add_argument("--expires", help="有效期至 YYYY-MM-DD（入库）")
    move.add_argument("--source", default="", help="来源，如 采购、捐赠、省级调拨（入库）")
    move.add_argument("--note", default="")
    move.add_argument("--at", help="时间 ISO 8601（默认：现在）")
    moves = handles(ssub.add_parser("moves", parents=[common], help="进出记录（新的在前）"), cmd_stock_moves)
    moves.add_argument("--limit", type=integer, default=100)
    imp = handles(ssub.add_parser("import", parents=[common], help="导入 .xlsx 进出清单（数量列）或盘点清单（结存数量列）"),
                  cmd_stock_import)
    imp.add_argument("file", type=Path)
    exp = handles(ssub.add_parser("export", parents=[common], help="导出库存清单 .xlsx"), cmd_stock_export)
    exp.add_argument("file", type=Path)
    item = ssub.add_parser("item", parents=[common], help="物资目录")
    isub = subcommands(item, "item_command")
    iadd = handles(isub.add_parser("add", parents=[common], help="新增物资"), cmd_item_add)
    iadd.add_argument("name")
    iadd.add_argument("--unit", required=True, help="计量单位，如 只、套、人份、张")
    iadd.add_argument("--note", default="")
    iset = handles(isub.add_parser("set", parents=[common], help="修改物资名称、计量单位或备注"), cmd_item_set)
    iset.add_argument("name")
    iset.add_argument("--name", dest="new_name")
    iset.add_argument("--unit")
    iset.add_argument("--note")
    handles(isub.add_parser("list", parents=[common], help="物资目录"), cmd_item_list)
    site = ssub.add_parser("site", parents=[common], help="存放点")
    sitesub = subcommands(site, "site_command")
    sadd = handles(sitesub.add_parser("add", parents=[common], help="新增存放点"), cmd_site_add)
    sadd.add_argument("name")
    sadd.add_argument("--address", default="")
    handles(sitesub.add_parser("list", parents=[common], help="存放点"), cmd_site_list)

    supply = sub.add_parser("supply", parents=[common], help="物资需求申请：申请 → 批准 → 发放 → 签收")
    qsub = subcommands(supply, "supply_command")
    req = handles(qsub.add_parser("request", parents=[common], help="登记成员单位或县（市、区）的物资申请"), cmd_request)
    req.add_argument("--from", dest="requester", required=True, help="申请单位：成员单位或县（市、区）")
    req.add_argument("--item", required=True)
    req.add_argument("--qty", required=True, type=integer)
    req.add_argument("--needed-by", help="需用时间 ISO 8601（默认：申请后24小时）")
    req.add_argument("--purpose", default="", help="用途")
    req.add_argument("--at", help="申请时间 ISO 8601（默认：现在）")
    appr = handles(qsub.add_parser("approve", parents=[common], help="批准（可少于申请数量）"), cmd_approve)
    appr.add_argument("id", type=integer)
    appr.add_argument("--qty", type=integer, help="批准数量（默认：申请数量）")
    appr.add_argument("--by", default="", help="批准人或机构（默认：物资保障组）")
    appr.add_argument("--at")
    rej = handles(qsub.add_parser("reject", parents=[common], help="不予批准"), cmd_reject)
    rej.add_argument("id", type=integer)
    rej.add_argument("--reason", required=True)
    rej.add_argument("--at")
    iss = handles(qsub.add_parser("issue", parents=[common], help="从存放点发放批准的数量"), cmd_issue)
    iss.add_argument("id", type=integer)
    iss.add_argument("--site", required=True)
    iss.add_argument("--at")
    rec = handles(qsub.add_parser("receive", parents=[common], help="申请单位签收确认"), cmd_receive)
    rec.add_argument("id", type=integer)
    rec.add_argument("--by", default="", help="签收人")
    rec.add_argument("--at")
    qlist = handles(qsub.add_parser("list", parents=[common], help="物资申请（新的在前）"), cmd_request_list)
    qlist.add_argument("--open", action="store_true", help="只列未完成的")
    chase = handles(qsub.add_parser("chase", parents=[common], help="催办清单：按申请单位，逾期在前"), cmd_chase)
    for p in (slist, move, req, appr, rej, iss, rec, qlist, chase):
        p.add_argument("--now", help=argparse.SUPPRESS)


def _day(d) -> str | None:
    return d.isoformat() if d else None


def cmd_stock_list(ctx, args):
    from ..plan import supplies as rules
    from ..services import supplies

    now = time_or_now(args.now, "now")
    rows = supplies.stock(ctx.db, now)
    data = {"rate": rules.RATE_TEXT, "rate_days": rules.RATE_DAYS,
            "stock": [{"site": r.site, "item": r.item, "unit": r.unit, "quantity": r.quantity, "usable": r.usable,
                       "expired": r.expired, "nearest_expiry": _day(r.nearest_expiry), "issued_7d": r.issued,
                       "daily_rate": round(r.rate, 2), "days_of_cover": None if r.cover_days is None else round(r.cover_days, 1),
                       "batches": [{"batch": b.batch, "expires_on": _day(b.expires_on), "quantity": b.quantity}
                                   for b in r.batches]} for r in rows],
            "items": [{"item": t.item, "unit": t.unit, "quantity": t.quantity, "usable": t.usable, "issued_7d": t.issued}
                      for t in supplies.totals(rows, supplies.list_items(ctx.db))]}
    text = table(["存放点", "物资", "结存", "已过期", "最近有效期", "近7日发放", "可用天数"],
                 [[r.site, r.item, quantity_text(r.quantity, r.unit), grouped(r.expired) if r.expired else "",
                   _day(r.nearest_expiry) or "—", grouped(r.issued), r.cover_text] for r in rows]) + f"\n{rules.RATE_TEXT}" if rows else "尚无库存。"
    return data, text


def move_json(m) -> dict:
    from .. import clock

    return {"id": m.id, "kind": m.kind, "item": m.item, "unit": m.unit, "site": m.site, "to_site": m.to_site or None,
            "to": m.party if m.kind == "issue" else None, "quantity": m.quantity, "at": clock.iso(m.moved_at),
            "batches": [{"batch": b, "expires_on": _day(e), "quantity": q} for b, e, q in m.batches],
            "request": m.request_id, "note": m.note}


def cmd_stock_move(ctx, args):
    from ..services import supplies

    spec = supplies.MoveSpec(args.item, args.site, args.qty, to_unit=args.to, to_site=args.to_site, batch=args.batch,
                             expires_on=parse_day(args.expires, "expires"), party=args.source, note=args.note)
    m = supplies.move(ctx.db, spec, ctx.operator, at=parse_time(args.at, "at"))
    return move_json(m), f"已记录{m.kind_name}：{m.item} {quantity_text(m.quantity, m.unit)}，{m.where}"


def cmd_stock_moves(ctx, args):
    from .. import clock
    from ..services import supplies

    rows = supplies.list_moves(ctx.db, limit=args.limit)
    text = table(["时间", "类别", "物资", "数量", "存放点/去向"],
                 [[clock.local_text(m.moved_at), m.kind_name, m.item, quantity_text(m.quantity, m.unit), m.where] for m in rows]) \
        if rows else "尚无进出记录。"
    return [move_json(m) for m in rows], text


def cmd_stock_import(ctx, args):
    from ..services import stock_io

    r = stock_io.import_stock(ctx.db, args.file, ctx.operator)
    what = "盘点清单" if r.kind == "stocktake" else "进出清单"
    return ({"kind": r.kind, "moves": r.moves, "unchanged": r.unchanged},
            f"导入完成（{what}）：记录 {r.moves} 笔进出" + (f"，{r.unchanged} 行与现有结存相同" if r.unchanged else "") + "。")


def cmd_stock_export(ctx, args):
    from ..services import stock_io

    count = stock_io.export_stock(ctx.db, args.file)
    return {"file": str(args.file), "rows": count}, f"已导出 {count} 行库存到 {args.file}"


def _item_json(i) -> dict:
    return {"id": i.id, "name": i.name, "unit": i.unit, "note": i.note}


def cmd_item_add(ctx, args):
    from ..services import supplies

    i = supplies.add_item(ctx.db, args.name, args.unit, ctx.operator, note=args.note)
    return _item_json(i), f"已加入物资目录：{i.name}（{i.unit}）"


def cmd_item_set(ctx, args):
    from ..services import supplies

    i = supplies.update_item(ctx.db, args.name, ctx.operator, name=args.new_name, unit=args.unit, note=args.note)
    return _item_json(i), f"已修改：{i.name}（{i.unit}）"


def cmd_item_list(ctx, args):
    from ..services import supplies

    rows = supplies.list_items(ctx.db)
    return [_item_json(i) for i in rows], table(["物资", "计量单位", "备注"], [[i.name, i.unit, i.note] for i in rows]) \
        if rows else "物资目录为空（wzcommand stock item add NAME --unit 单位）。"


def cmd_site_add(ctx, args):
    from ..services import supplies

    s = supplies.add_site(ctx.db, args.name, ctx.operator, address=args.address)
    return {"id": s.id, "name": s.name, "address": s.address}, f"已登记存放点：{s.name}"


def cmd_site_list(ctx, args):
    from ..services import supplies

    rows = supplies.list_sites(ctx.db)
    return [{"id": s.id, "name": s.name, "address": s.address} for s in rows], \
        table(["存放点", "地址"], [[s.name, s.address] for s in rows]) if rows else "尚未登记存放点。"


def request_json(r, now) -> dict:
    from .. import clock
    from ..plan import supplies as rules

    c = r.clock()
    return {"id": r.id, "requester": r.requester, "item": r.item, "unit": r.unit, "quantity": r.quantity,
            "approved_quantity": r.approved_quantity, "status": r.shown_status(now), "stored_status": r.status,
            "requested_at": clock.iso(r.requested_at), "needed_by": clock.iso(r.needed_by),
            "approved_at": clock.iso(r.approved_at), "issued_at": clock.iso(r.issued_at),
            "received_at": clock.iso(r.received_at), "purpose": r.purpose, "note": r.note,
            "clock": {"step": c.label, "due": clock.iso(c.due), "overdue": c.overdue(now), "setting": c.setting,
                      "waiting_on": rules.WAITING_ON[r.status]} if c else None}


def _done(ctx, args, r):
    now = time_or_now(args.now, "now")
    return request_json(r, now), f"第{r.id}号申请（{r.requester}，{r.item}）：{r.status_name(now)}"


def cmd_request(ctx, args):
    from ..services import supply_requests as s

    r = s.add_request(ctx.db, args.requester, args.item, args.qty, ctx.operator,
                      needed_by=parse_time(args.needed_by, "needed_by"), purpose=args.purpose,
                      at=parse_time(args.at, "at"), now=parse_time(args.now, "now"))
    return _done(ctx, args, r)


def cmd_approve(ctx, args):
    from ..services import supply_requests as s

    return _done(ctx, args, s.approve(ctx.db, args.id, ctx.operator, quantity=args.qty, by=args.by,
                                      at=parse_time(args.at, "at"), now=parse_time(args.now, "now")))


def cmd_reject(ctx, args):
    from ..services import supply_requests as s

    return _done(ctx, args, s.reject(ctx.db, args.id, ctx.operator, args.reason, at=parse_time(args.at, "at"),
                                     now=parse_time(args.now, "now")))


def cmd_issue(ctx, args):
    from ..services import supply_requests as s

    return _done(ctx, args, s.issue(ctx.db, args.id, args.site, ctx.operator, at=parse_time(args.at, "at"),
                                    now=parse_time(args.now, "now")))


def cmd_receive(ctx, args):
    from ..services import supply_requests as s

    return _done(ctx, args, s.receive(ctx.db, args.id, ctx.operator, by=args.by, at=parse_time(args.at, "at"),
                                      now=parse_time(args.now, "now")))


def cmd_request_list(ctx, args):
    from .. import clock
    from ..services import supply_requests as s

    now = time_or_now(args.now, "now")
    rows = s.list_requests(ctx.db, open_only=args.open)
    text = table(["编号", "申请单位", "物资", "数量", "状态", "申请时间", "当前时限"],
                 [[str(r.id), r.requester, r.item, quantity_text(r.approved_quantity or r.quantity, r.unit), r.status_name(now),
                   clock.local_text(r.requested_at), _due(r)] for r in rows]) if rows else "尚无物资申请。"
    return [request_json(r, now) for r in rows], text


def _due(r) -> str:
    from .. import clock

    c = r.clock()
    return f"{c.label} {clock.local_text(c.due)}" if c else "—"


def cmd_chase(ctx, args):
    from ..plan import supplies as rules
    from ..services import supply_requests as s

    now = time_or_now(args.now, "now")
    groups = s.chase_list(ctx.db, now)
    data = [{"requester": g.requester, "liaison": g.liaison, "phone": g.phone,
             "requests": [request_json(r, now) for r in g.requests]} for g in groups]
    lines = []
    for g in groups:
        lines.append(f"{g.requester}  联络人：{g.liaison or '—'}  电话：{g.phone or '—'}")
        lines += [f"  第{r.id}号  {r.item} {quantity_text(r.approved_quantity or r.quantity, r.unit)}  [{r.status_name(now)}]  "
                  f"待{rules.WAITING_ON[r.status]}  {_due(r)}" for r in g.requests]
    return data, "\n".join(lines) or "没有待办的物资申请。"
