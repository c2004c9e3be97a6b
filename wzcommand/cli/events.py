"""event add / update / list / phone / end: public-health events and their counts over time."""
from __future__ import annotations

from ..plan import events as kinds
from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_time

TEXT_OPTIONS = ("name", "category", "district", "township", "place", "place_kind", "area", "disease", "symptoms",
                "cause", "measures", "reporting_unit", "reporter", "reporter_phone")


def register(sub, common) -> None:
    event = sub.add_parser("event", parents=[common], help="突发公共卫生事件登记")
    esub = subcommands(event, "event_command")
    _event_fields(handles(esub.add_parser("add", parents=[common], help="登记事件"), cmd_event_add), required=True)
    upd = handles(esub.add_parser("update", parents=[common], help="更新事件（人数、等级按时间另行记录）"),
                  cmd_event_update)
    upd.add_argument("id", type=integer)
    _event_fields(upd, required=False)
    upd.add_argument("--at", help="人数或等级的更新时间 ISO 8601（默认：现在）")
    upd.add_argument("--correction", action="store_true",
                     help="本次人数是对此前数字的更正（报告中写作“核减/核增”）；不加则人数变化按新情况报告")
    handles(esub.add_parser("list", parents=[common], help="事件列表"), cmd_event_list)
    phone = handles(esub.add_parser("phone", parents=[common], help="记录电话报告"), cmd_event_phone)
    phone.add_argument("id", type=integer)
    phone.add_argument("--at", required=True, help="报告时间 ISO 8601")
    phone.add_argument("--to", required=True, help="报告对象，如 市委市政府总值班室")
    phone.add_argument("--by", required=True, help="报告人")
    end = handles(esub.add_parser("end", parents=[common], help="登记事件处置结束"), cmd_event_end)
    end.add_argument("id", type=integer)
    end.add_argument("--at", required=True, help="结束时间 ISO 8601")


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
        parser.add_argument("--" + key.replace("_", "-"), dest=f"count_{key}", type=integer, metavar="N",
                            help=f"{label}人数")


def _counts(args) -> dict:
    return {k: getattr(args, f"count_{k}") for k in kinds.COUNT_FIELDS if getattr(args, f"count_{k}") is not None}


def cmd_event_add(ctx, args):
    from ..services import events
    from ..services.errors import ValidationError

    data = events.EventInput(**{k: getattr(args, k) or "" for k in TEXT_OPTIONS}, grade=args.grade or "",
                             occurred_at=parse_time(args.occurred, "occurred_at"),
                             received_at=parse_time(args.received, "received_at"), counts=_counts(args))
    if data.occurred_at is None or data.received_at is None:
        raise ValidationError({"occurred_at": "请填写发生时间和接报时间"})
    event = events.register_event(ctx.db, data, ctx.operator)
    return {"id": event.id}, f"已登记事件 {event.id}：{event.name}"


def cmd_event_update(ctx, args):
    from ..services import events

    fields = {k: getattr(args, k) for k in TEXT_OPTIONS if getattr(args, k) is not None}
    for option, key in (("occurred", "occurred_at"), ("received", "received_at")):
        if getattr(args, option):
            fields[key] = parse_time(getattr(args, option), key)
    event = events.update_event(ctx.db, args.id, ctx.operator, fields=fields, grade=args.grade,
                                counts=_counts(args) or None, at=parse_time(args.at, "at"),
                                correction=args.correction)
    return {"id": event.id}, f"已更新事件 {event.id}：{event.name}"


def cmd_event_list(ctx, args):
    from .. import clock
    from ..services import events

    rows = []
    for e in events.list_events(ctx.db):
        history = events.count_history(ctx.db, e.id)
        latest = {k: getattr(history[-1], k) for k in kinds.COUNT_FIELDS} if history else {}
        rows.append({"id": e.id, "name": e.name, "category": e.category, "district": e.district,
                     "township": e.township, "place": e.place, "place_kind": e.place_kind, "grade": e.grade or None,
                     "occurred_at": clock.iso(e.occurred_at), "received_at": clock.iso(e.received_at),
                     "ended_at": clock.iso(e.ended_at), "counts": latest})
    text = table(["#", "事件", "类别", "地区", "等级", "接报", "发病", "死亡", "状态"],
                 [[str(r["id"]), r["name"], kinds.CATEGORIES.get(r["category"], r["category"]), r["district"],
                   r["grade"] or "—", (r["received_at"] or "")[:16], str(r["counts"].get("ill", 0)),
                   str(r["counts"].get("dead", 0)), "已结束" if r["ended_at"] else "处置中"] for r in rows])
    return rows, text


def cmd_event_phone(ctx, args):
    from .. import clock
    from ..services import events

    row = events.log_phone_report(ctx.db, args.id, parse_time(args.at, "at"), args.to, args.by, ctx.operator)
    return ({"id": row.id, "event": row.event_id, "at": clock.iso(row.at), "to": row.to_whom, "by": row.by_whom},
            f"已记录电话报告：{clock.local_text(row.at)} {row.by_whom} → {row.to_whom}")


def cmd_event_end(ctx, args):
    from .. import clock
    from ..services import events

    event = events.end_event(ctx.db, args.id, parse_time(args.at, "ended_at"), ctx.operator)
    return ({"id": event.id, "ended_at": clock.iso(event.ended_at)},
            f"事件 {event.id} 已于 {clock.local_text(event.ended_at)} 结束")
