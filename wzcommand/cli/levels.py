"""level show / history / set: the emergency response level and the command structure it sets."""
from __future__ import annotations

from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_day, parse_time, time_or_now


def register(sub, common) -> None:
    level = sub.add_parser("level", parents=[common], help="应急响应级别")
    lsub = subcommands(level, "level_command")
    handles(lsub.add_parser("show", parents=[common], help="当前指挥体系"), cmd_level_show)
    handles(lsub.add_parser("history", parents=[common], help="响应级别调整记录"), cmd_level_history)
    lset = handles(lsub.add_parser("set", parents=[common], help="启动、调整或终止应急响应"), cmd_level_set)
    lset.add_argument("target", choices=["IV", "III", "II", "I", "none"])
    lset.add_argument("--by", required=True, help="决定机关：须为预案对此项调整规定的机关（不符时列出可选）")
    lset.add_argument("--basis", required=True, help="决定依据")
    lset.add_argument("--at", help="决定时间 ISO 8601（默认：现在）")
    lset.add_argument("--announced", help="向社会发布时间 ISO 8601")
    lset.add_argument("--assessment", default="", help="专家咨询委员会评估意见（或用 --assessment-id）")
    lset.add_argument("--assessment-id", type=integer, help="已记录的专家评估编号（assessment add 返回的 id），代替 --assessment")
    lset.add_argument("--assessed-on", help="评估日期 YYYY-MM-DD")
    lset.add_argument("--assessed-by", default="", help="评估组织者（默认：预案规定的，如市卫生健康主管部门组织专家咨询委员会评估）")
    lset.add_argument("--approved-by", default="", help="报批机关（预案要求“报…批准”时），如 市政府")
    lset.add_argument("--approval-ref", default="", help="批准文号或记录")
    lset.add_argument("--approved-at", help="批准时间 ISO 8601")
    lset.add_argument("--filed-with", default="", help="备案机关（预案要求“报…备案”时），如 市政府")
    lset.add_argument("--filing-ref", default="", help="备案文号或记录")
    lset.add_argument("--filed-at", help="备案时间 ISO 8601")
    lset.add_argument("--office-alternative", action="store_true", help="Ⅲ级：办公室设在市政府办公室（特殊情况）")
    lset.add_argument("--office-reason", default="", help="选择特殊情况的理由（默认取 --basis）")
    lset.add_argument("--office-director", default="", help="Ⅲ级办公室主任职务（两者择一）")
    lset.add_argument("--event", type=integer, help="所涉事件编号")
    lset.add_argument("--province-record", default="", help="报省政府备案/报告的记录")
    lset.add_argument("--province-directed", action="store_true", help="国务院或省政府启动、要求启动Ⅰ级（仅Ⅰ级）")
    lset.add_argument("--province-decision", default="", metavar="REF",
                      help="省级启动的应急响应由国务院、省政府调整或终止：其文件文号（--by 省政府|国务院，--at 其时间）")
    lset.add_argument("--plan", choices=["public_health", "respiratory"],
                      help="所依预案（启动时默认按 --event 的事件类别；此后指定即为变更预案）")


def person_json(ref):
    return {"post": ref.post, "person": ref.person or None, "phone": ref.phone or None} if ref else None


def cmd_level_show(ctx, args):
    from ..services import levels

    return level_show_result(levels.command_view(ctx.db))


def level_show_result(view):
    """(json data, text) of a command view; the quick read path (cli/quick.py) shows its own view
    of the same shape through this too."""
    from .. import clock
    from ..plan.levels import CADENCE_LABELS

    active = view.state.level != "none"
    data = {
        "level": view.state.level, "since": clock.iso(view.state.since),
        "plan": view.plan if active else None, "plan_name": view.plan_name or None,
        "commander": person_json(view.commander),
        "office": {"location": view.office_location, "director": person_json(view.director)},
        "groups": [{"name": g.name, "active": g.active, "leads": [person_json(r) for r in g.leads],
                    "members": list(g.members)} for g in view.groups],
        "cadence": dict(view.cadence),
        "assessment": view.assessment or None,
    }
    lines = [f"当前状态：{view.display_name}" + (f"（自 {clock.local_text(view.state.since)}）" if view.state.since else ""),
             *([f"所依预案：《{view.plan_name}》"] if active else []),
             f"总指挥：{view.commander.text() if view.commander else '—'}",
             f"办公室：设在{view.office_location}，主任 {view.director.text() if view.director else '—'}",
             *([f"专家评估：{view.assessment}"] if view.assessment else [])]
    for g in view.groups:
        if g.active and g.key != "office":
            lines.append(f"{g.name}：负责人 {(g.lead_relation or '、').join(r.text() for r in g.leads)}")
    lines += [f"{CADENCE_LABELS[k]}：{v or '—'}" for k, v in view.cadence.items()]
    return data, "\n".join(lines)


def cmd_level_set(ctx, args):
    from ..plan.levels import display_name
    from ..services import levels

    assessed_on = parse_day(args.assessed_on, "assessed_on")
    req = levels.SwitchRequest(
        target=args.target, decided_at=time_or_now(args.at, "decided_at"), decided_by=args.by,
        basis=args.basis, announced_at=parse_time(args.announced, "announced_at"), assessment=args.assessment,
        assessed_on=assessed_on, event_id=args.event,
        office_alternative=args.office_alternative,
        office_reason=args.office_reason or (args.basis if args.office_alternative else ""),
        office_director=args.office_director, province_record=args.province_record,
        province_directed=args.province_directed, assessed_by=args.assessed_by,
        approved_by=args.approved_by, approval_ref=args.approval_ref,
        approved_at=parse_time(args.approved_at, "approved_at"),
        filed_with=args.filed_with, filing_ref=args.filing_ref, filed_at=parse_time(args.filed_at, "filed_at"),
        province_decision=args.province_decision, plan=args.plan, assessment_id=args.assessment_id)
    decision = levels.switch_level(ctx.db, req, ctx.operator)
    data = decision_json(decision)
    text = (f"已记录：{levels.KIND_NAMES[decision.kind]}，"
            f"{display_name(decision.from_level, edition=decision.edition)} → "
            f"{display_name(decision.to_level, edition=decision.edition)}")
    if decision.to_level == "none":  # the end shows the requisitions not yet returned (phe 7.3)
        from ..services import requisitions

        unreturned = requisitions.list_requisitions(ctx.db, unreturned_only=True)
        data["unreturned_requisitions"] = [{"id": r.id, "text": r.summary()} for r in unreturned]
        text += "\n" + requisitions.end_note(unreturned) if unreturned else ""
    return data, text


def decision_json(d):
    from .. import clock

    return {"id": d.id, "kind": d.kind, "from": d.from_level, "to": d.to_level,
            "decided_at": clock.iso(d.decided_at), "announced_at": clock.iso(d.announced_at),
            "decided_by": d.decided_by, "basis": d.basis, "assessment": d.assessment,
            "assessed_on": d.assessed_on.isoformat() if d.assessed_on else None, "event": d.event_id,
            "office_alternative": d.office_alternative, "office_reason": d.office_reason,
            "office_director": d.office_director or None, "province_record": d.province_record or None,
            "plan": d.plan, "initiator": d.initiator, "assessed_by": d.assessed_by or None,
            "approved_by": d.approved_by or None, "approval_ref": d.approval_ref or None,
            "approved_at": clock.iso(d.approved_at), "filed_with": d.filed_with or None,
            "filing_ref": d.filing_ref or None, "filed_at": clock.iso(d.filed_at),
            "province_decision": d.province_decision or None, "assessment_id": d.assessment_id,
            "operator": d.operator}


def cmd_level_history(ctx, args):
    from ..plan.levels import display_name
    from ..services import levels

    decisions = levels.history(ctx.db)
    rows = [decision_json(d) for d in decisions]
    text = table(["时间", "调整", "由", "决定", "依据"],
                 [[r["decided_at"][:16], f"{display_name(d.from_level, edition=d.edition)}→"
                   f"{display_name(d.to_level, edition=d.edition)}",
                   r["operator"], r["decided_by"], r["basis"][:30]] for r, d in zip(rows, decisions, strict=True)])
    return rows, text
