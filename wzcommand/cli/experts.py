"""experts / expert add|edit|end / assessment add / assessments: the expert advisory committee (专家咨询委员会)
and its assessments, which level decisions link with ``level set … --assessment-id ID``."""
from __future__ import annotations

from .destination import add_destination, check_destination, deliver
from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_day, time_or_now


def register(sub, common) -> None:
    handles(sub.add_parser("experts", parents=[common], help="专家咨询委员会委员名单"), cmd_experts)
    expert = sub.add_parser("expert", parents=[common], help="登记专家咨询委员会委员")
    esub = subcommands(expert, "expert_command")
    add = handles(esub.add_parser("add", parents=[common], help="登记一名委员"), cmd_expert_add)
    add.add_argument("name")
    add.add_argument("--specialty", required=True, help="专业，如 流行病学")
    add.add_argument("--employer", default="", help="工作单位")
    add.add_argument("--title", default="", help="职称或职务")
    add.add_argument("--mobile", default="")
    add.add_argument("--office-phone", default="")
    add.add_argument("--from", dest="member_from", help="聘期开始 YYYY-MM-DD（默认今天）")
    add.add_argument("--to", dest="member_to", help="聘期结束 YYYY-MM-DD")
    edit = handles(esub.add_parser("edit", parents=[common], help="修改一名委员的信息或聘期"), cmd_expert_edit)
    edit.add_argument("member", help="委员编号或姓名")
    for flag in ("--name", "--specialty", "--employer", "--title", "--mobile", "--office-phone"):
        edit.add_argument(flag, help="不填则不变")
    edit.add_argument("--from", dest="member_from", help="聘期开始 YYYY-MM-DD")
    edit.add_argument("--to", dest="member_to", help="聘期结束 YYYY-MM-DD（填 none 为未定）")
    end = handles(esub.add_parser("end", parents=[common], help="结束一名委员的聘期"), cmd_expert_end)
    end.add_argument("member", help="委员编号或姓名")
    end.add_argument("--on", help="聘期最后一天 YYYY-MM-DD（默认：今天）")
    assessment = sub.add_parser("assessment", parents=[common], help="记录专家咨询委员会评估")
    asub = subcommands(assessment, "assessment_command")
    aadd = handles(asub.add_parser("add", parents=[common], help="记录一次评估"), cmd_assessment_add)
    aadd.add_argument("--question", required=True,
                      help="评估事项：level.start|level.raise|level.lower|level.end|warning.issue|warning.adjust|"
                           "warning.lift|risk|after_action（或其中文名，如 启动应急响应）")
    aadd.add_argument("--recommendation", required=True, help="评估建议，如 建议启动Ⅲ级应急响应")
    aadd.add_argument("--text", default="", help="评估意见全文")
    aadd.add_argument("--at", help="评估时间 ISO 8601（默认：现在）")
    aadd.add_argument("--members", nargs="+", required=True, metavar="NAME", help="出席的委员")
    aadd.add_argument("--schedule-item", type=integer, help="日程中的风险评估会商编号（schedule --kind expert_assessment）")
    aprt = handles(asub.add_parser("print", parents=[common], help="打印专家咨询委员会评估意见（PDF）"),
                   cmd_assessment_print)
    aprt.add_argument("id", type=integer)
    add_destination(aprt)
    handles(sub.add_parser("assessments", parents=[common], help="专家评估记录"), cmd_assessments)


def member_json(m) -> dict:
    return {"id": m.id, "name": m.name, "specialty": m.specialty, "employer": m.employer, "title": m.title,
            "mobile": m.mobile, "office_phone": m.office_phone, "from": m.member_from.isoformat(),
            "to": m.member_to.isoformat() if m.member_to else None}


def cmd_experts(ctx, args):
    from ..services import experts

    rows = experts.list_members(ctx.db)
    text = table(["编号", "姓名", "专业", "工作单位", "职称", "手机", "办公电话", "聘期"],
                 [[str(m.id), m.name, m.specialty, m.employer, m.title, m.mobile, m.office_phone, m.period]
                  for m in rows]) \
        if rows else "尚未登记委员。"
    return [member_json(m) for m in rows], text


def cmd_expert_add(ctx, args):
    from ..services import experts

    m = experts.add_member(ctx.db, args.name, args.specialty, ctx.operator, employer=args.employer, title=args.title,
                           mobile=args.mobile, office_phone=args.office_phone,
                           member_from=parse_day(args.member_from, "member_from"),
                           member_to=parse_day(args.member_to, "member_to"))
    return member_json(m), f"已登记委员：{m.name}（{m.specialty}，聘期{m.period}）"


def cmd_expert_edit(ctx, args):
    from ..services import experts

    m = experts.find_member(ctx.db, args.member)

    def given(value, current):
        return current if value is None else value

    to = m.member_to if args.member_to is None else (
        None if args.member_to.strip().lower() == "none" else parse_day(args.member_to, "member_to"))
    m = experts.edit_member(ctx.db, m.id, ctx.operator, name=given(args.name, m.name),
                            specialty=given(args.specialty, m.specialty), employer=given(args.employer, m.employer),
                            title=given(args.title, m.title), mobile=given(args.mobile, m.mobile),
                            office_phone=given(args.office_phone, m.office_phone),
                            member_from=parse_day(args.member_from, "member_from") or m.member_from, member_to=to)
    return member_json(m), f"已修改委员：{m.name}（{m.specialty}，聘期{m.period}）"


def cmd_expert_end(ctx, args):
    from .. import clock
    from ..services import experts

    m = experts.find_member(ctx.db, args.member)
    last = parse_day(args.on, "member_to") or clock.local(clock.now()).date()
    m = experts.end_membership(ctx.db, m.id, last, ctx.operator)
    return member_json(m), f"{m.name}的聘期至{last:%Y-%m-%d}结束（聘期{m.period}）"


def assessment_json(a) -> dict:
    from .. import clock

    return {"id": a.id, "at": clock.iso(a.held_at), "question": a.question, "question_name": a.question_name,
            "recommendation": a.recommendation, "text": a.text, "members": [m.name for m in a.members]}


def cmd_assessment_add(ctx, args):
    from ..services import experts

    a = experts.record_assessment(ctx.db, args.question, args.recommendation, time_or_now(args.at, "held_at"),
                                  args.members, ctx.operator, text=args.text, schedule_item_id=args.schedule_item)
    return {"id": a.id}, f"已记录：{a.summary()}"


def cmd_assessments(ctx, args):
    from .. import clock
    from ..services import experts

    rows = experts.list_assessments(ctx.db)
    text = table(["编号", "时间", "事项", "建议", "出席委员"],
                 [[str(a.id), clock.local_text(a.held_at), a.question_name, a.recommendation,
                   "、".join(m.name for m in a.members)] for a in rows]) if rows else "尚无评估记录。"
    return [assessment_json(a) for a in rows], text


def cmd_assessment_print(ctx, args):
    from ..services import assessment_print

    check_destination(args)
    return deliver(args, assessment_print.assessment_pdf(ctx.db, args.id), f"专家咨询委员会评估意见-{args.id}")
