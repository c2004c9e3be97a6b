"""measure add|approve|lift|list: the register of control measures (管控措施) and the approvals the plans
require for them (phe 6.3.1 (4)(5); ari 6.2)."""
from __future__ import annotations

from .parsing import handles, subcommands
from .tables import table
from .times import parse_day, parse_time, time_or_now


def register(sub, common) -> None:
    measure = sub.add_parser("measure", parents=[common], help="管控措施登记：决定、批准、解除")
    msub = subcommands(measure, "measure_command")
    add = handles(msub.add_parser("add", parents=[common], help="登记一项管控措施（需批准的显示待批准）"), cmd_measure_add)
    add.add_argument("--kind", required=True, help="措施类别，如 中断交通干道、疫区封锁、停工停业停课（错误时列出全部）")
    add.add_argument("--area", required=True, help="区域：县（市、区）及乡镇（街道），如 鹿城区五马街道，或 全市")
    add.add_argument("--by", required=True, help="决定机关，如 市应急指挥部、鹿城区政府")
    add.add_argument("--basis", required=True, help="依据：决定文件及文号、会议纪要等")
    add.add_argument("--at", help="实施时间 ISO 8601（默认：现在）")
    add.add_argument("--review", help="复核日期 YYYY-MM-DD")
    add.add_argument("--affects-others", action="store_true",
                     help="影响其他行政区域人流、物流、商流（须请示上一级政府同意，6.3.1(5)）")
    add.add_argument("--event", type=int, help="相关事件编号")
    add.add_argument("--level-reason", default="",
                     help="预案未在实施时的应急响应级别列出此措施（或未启动应急响应）时必填：仍决定实施的理由")
    app = handles(msub.add_parser("approve", parents=[common], help="登记措施所需的批准（机关、文号、时间）"),
                  cmd_measure_approve)
    app.add_argument("id", type=int)
    app.add_argument("--by", required=True, help="批准机关，如 浙江省政府、市政府、省领导小组")
    app.add_argument("--ref", required=True, help="批准文件文号或记录")
    app.add_argument("--at", help="批准时间 ISO 8601（默认：现在）")
    lift = handles(msub.add_parser("lift", parents=[common], help="登记措施解除"), cmd_measure_lift)
    lift.add_argument("id", type=int)
    lift.add_argument("--at", required=True, help="解除时间 ISO 8601")
    lift.add_argument("--by", default="", help="决定解除的机关")
    lift.add_argument("--basis", default="", help="解除依据")
    rev = handles(msub.add_parser("review", parents=[common], help="登记措施的下次复核日期"), cmd_measure_review)
    rev.add_argument("id", type=int)
    when = rev.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", help="下次复核日期 YYYY-MM-DD")
    when.add_argument("--clear", action="store_true", help="不再设复核日期")
    handles(msub.add_parser("list", parents=[common], help="管控措施一览（实施中、待批准、已解除）"), cmd_measure_list)


def _result(m) -> dict:
    from ..plan.measures import NEEDS

    return {"id": m.id, "status": m.status, "needs": [NEEDS[n].name for n in m.open_needs],
            **({"level_note": m.level_note, "level_reason": m.level_reason} if m.level_note else {})}


def cmd_measure_add(ctx, args):
    from ..services import measures
    from ..services.errors import ValidationError

    try:
        m = measures.add_measure(ctx.db, args.kind, args.area, args.by, args.basis, ctx.operator,
                                 started_at=time_or_now(args.at, "started_at"),
                                 review_on=parse_day(args.review, "review_on"), affects_others=args.affects_others,
                                 event_id=args.event, level_reason=args.level_reason)
    except ValidationError as exc:
        if "level_reason" not in exc.fields:
            raise
        raise ValidationError({**exc.fields, "level_reason": exc.fields["level_reason"] + "（--level-reason 理由）"}) from None
    text = f"已登记第{m.id}号措施：{m.kind}（{m.area}），{m.status_name}" + (f"；尚需：{m.needs_text()}" if m.open_needs else "")
    return _result(m), text + (f"\n超出响应级别：{m.level_note}；理由：{m.level_reason}" if m.level_note else "")


def cmd_measure_approve(ctx, args):
    from ..services import measures

    m = measures.approve_measure(ctx.db, args.id, args.by, args.ref, ctx.operator,
                                 approved_at=parse_time(args.at, "approved_at"))
    text = f"已登记批准：第{m.id}号措施（{m.kind}），{m.status_name}"
    return _result(m), text + (f"；尚需：{m.needs_text()}" if m.open_needs else "")


def cmd_measure_lift(ctx, args):
    from .. import clock
    from ..services import measures

    m = measures.lift_measure(ctx.db, args.id, time_or_now(args.at, "lifted_at"), ctx.operator, lifted_by=args.by,
                              basis=args.basis)
    return _result(m), f"已登记{'撤销' if m.withdrawn else '解除'}：第{m.id}号措施（{m.kind}·{m.area}），{clock.local_text(m.lifted_at)}"


def cmd_measure_review(ctx, args):
    from ..services import measures

    m = measures.set_review(ctx.db, args.id, None if args.clear else parse_day(args.date, "review_on"), ctx.operator)
    when = m.review_on.isoformat() if m.review_on else "不设"
    return {**_result(m), "review_on": m.review_on.isoformat() if m.review_on else None}, \
        f"第{m.id}号措施（{m.kind}·{m.area}）复核日期：{when}"


def cmd_measure_list(ctx, args):
    from .. import clock
    from ..services import measures

    reg = measures.register(ctx.db)
    rows = []
    for m in reg.rows:
        state = m.status_name + (f"：尚需{m.needs_text()}" if m.status == measures.PENDING else "") \
            + ("（超出响应级别）" if m.level_note else "")
        review = m.review_on.isoformat() if m.review_on else "—"
        rows.append([str(m.id), m.kind, m.area, m.decided_by, clock.local_text(m.started_at), review
                     + ("（已过期）" if m.review_overdue(reg.today) else ""), clock.local_text(m.lifted_at) or "—", state])
    text = table(["编号", "措施", "区域", "决定机关", "实施时间", "复核日期", "解除时间", "状态"], rows) if rows else "尚无登记的管控措施。"
    beyond = [f"第{m.id}号：{m.level_note}；理由：{m.level_reason or '未登记'}" for m in reg.rows if m.level_note]
    if beyond:
        text += "\n\n超出响应级别的措施：\n" + "\n".join(beyond)
    return [measures.as_json(m, reg.today) for m in reg.rows], text
