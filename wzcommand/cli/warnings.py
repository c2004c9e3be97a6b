"""warning suggest / set / adjust / lift / show / print: early warnings (blue to red), the suggestion from ILI% and
positivity, and the warning procedure (proposal, assessment, filing, decision, publication)."""
from __future__ import annotations

import argparse

from .destination import add_destination, check_destination, deliver
from .parsing import handles, integer, subcommands
from .times import parse_time, time_or_now


def register(sub, common) -> None:
    warning = sub.add_parser("warning", parents=[common], help="预警")
    wsub = subcommands(warning, "warning_command")
    sug = handles(wsub.add_parser("suggest", parents=[common], help="按 ILI% 与阳性率计算预警建议"),
                  cmd_warning_suggest, needs_db=False)
    for flag in ("--ili", "--ili-baseline", "--positive", "--positive-baseline"):
        sug.add_argument(flag, required=True, type=percentage)
    sug.add_argument("--situation", action="append", default=[], help="附件预警情形编号，如 yellow-1（可重复）")
    wset = handles(wsub.add_parser("set", parents=[common], help="发布或调整预警（按预案程序）"), cmd_warning_set)
    wset.add_argument("colour", choices=["blue", "yellow", "orange", "red", "none"])
    _procedure_options(wset)
    adjust = handles(wsub.add_parser("adjust", parents=[common], help="调整现行预警的颜色（提高或降低）"),
                     cmd_warning_adjust)
    adjust.add_argument("colour", choices=["blue", "yellow", "orange", "red"])
    _procedure_options(adjust)
    lift = handles(wsub.add_parser("lift", parents=[common], help="解除预警"), cmd_warning_lift)
    _decision_options(lift)
    lift.add_argument("--published", help="发布解除的时间 ISO 8601")
    handles(wsub.add_parser("show", parents=[common], help="当前预警与记录（含程序各步骤）"), cmd_warning_show)
    prt = handles(wsub.add_parser("print", parents=[common], help="打印预警信息发布稿（PDF）"), cmd_warning_print)
    prt.add_argument("id", type=integer, nargs="?", help="预警决定编号（默认：当前预警）")
    add_destination(prt)


def _procedure_options(wset) -> None:
    _decision_options(wset)
    wset.add_argument("--proposal", default="", help="疾病预防控制机构的预警建议（发布、调整时必填）")
    wset.add_argument("--proposed-by", default="", help="提出建议的机构（默认：市疾病预防控制机构）")
    wset.add_argument("--proposed-at", help="建议时间 ISO 8601")
    wset.add_argument("--assessment-id", type=integer, help="专家咨询委员会评估编号（assessment add 返回的 id）")
    wset.add_argument("--assessment", default="", help="或专家评估意见原文")
    wset.add_argument("--filed-with", default="", help="备案机关（发布时必填：市政府）")
    wset.add_argument("--filing-ref", default="", help="备案文号或记录")
    wset.add_argument("--filed-at", help="备案时间 ISO 8601")
    wset.add_argument("--situation", action="append", default=[],
                      help="预警情形编号（可重复，多种情形合并为最高级别），如 yellow-1、orange-5")
    wset.add_argument("--scope", default="", help="预警范围，如 全市")
    wset.add_argument("--measures", default="", help="预警措施")
    wset.add_argument("--published", help="发布时间 ISO 8601")
    wset.add_argument("--trigger-site", action="append", default=[], type=trigger_site, metavar="COUNTY:COLOUR",
                      help="同时对预警触发地（市、县）发布的预警，如 鹿城区:red（可重复；不得低于全市预警）")


def _decision_options(parser) -> None:
    parser.add_argument("--by", required=True, help="决定机关，如 市卫生健康委")
    parser.add_argument("--basis", required=True)
    parser.add_argument("--at", help="决定时间 ISO 8601（默认：现在）")


def trigger_site(text: str) -> tuple[str, str]:
    county, sep, colour = text.replace("：", ":").partition(":")
    if not sep or not county.strip() or not colour.strip():
        raise argparse.ArgumentTypeError(f"应为 县（市、区）:颜色，如 鹿城区:red：{text!r}")
    from ..plan.warning import COLOUR_NAMES

    colour = colour.strip()
    named = {n: key for key, n in COLOUR_NAMES.items()} | {n[:2]: key for key, n in COLOUR_NAMES.items()}
    return county.strip(), named.get(colour, colour)  # red, 红色 or 红色预警


def percentage(text: str) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise argparse.ArgumentTypeError(f"must be a percentage from 0 to 100: {text!r}")
    return text


def cmd_warning_suggest(ctx, args):
    from ..plan.warning import COLOUR_NAMES, EDITION, SITUATIONS_BY_ID, suggest_warning
    from ..services.errors import ValidationError

    unknown = [s for s in args.situation if s not in SITUATIONS_BY_ID]
    if unknown:
        raise ValidationError({"situation": f"未知的预警情形编号：{'、'.join(unknown)}"})
    try:
        s = suggest_warning(args.ili, args.ili_baseline, args.positive, args.positive_baseline,
                            situations=tuple(args.situation), edition=EDITION)  # no database: the rules as coded
    except ValueError as exc:
        raise ValidationError({"ili": str(exc)}) from exc
    from ..plan.sources import source_text

    # "grade" is the event grade the surveillance figures meet under the respiratory plan's own grading
    # (ari 3.2(5), 3.3(4), 3.4(3)); the colour is a warning, not a grade, and is named alone.
    grade_reasons = [f"{source_text(s.event_source, EDITION)}：{s.event_criterion}"] if s.event_grade else []
    data = {"warning": s.warning, "warning_name": COLOUR_NAMES.get(s.warning), "reasons": list(s.reasons),
            "grade": s.event_grade, "grade_plan": "respiratory" if s.event_grade else None,
            "grade_reasons": grade_reasons}
    lines = [f"建议预警：{COLOUR_NAMES.get(s.warning, '不预警')}", *s.reasons]
    lines.append(f"事件分级（监测数据）：{s.event_grade}事件" if s.event_grade else "事件分级（监测数据）：未达到分级标准")
    return data, "\n".join(lines + grade_reasons)


def _record(ctx, args, colour: str, steps, action: str | None = None):
    from .. import clock
    from ..services import warnings

    row = warnings.record_warning(ctx.db, colour, time_or_now(args.at, "decided_at"), args.by, args.basis,
                                  ctx.operator, steps=steps, action=action)
    return ({"id": row.id, "action": row.action, "colour": row.colour, "decided_at": clock.iso(row.decided_at),
             "steps": row.steps()},
            f"已记录：{warnings.ACTION_NAMES[row.action]}{warnings.colour_name(row.colour)}")


def cmd_warning_set(ctx, args):
    return _record(ctx, args, args.colour, _steps(args))


def cmd_warning_adjust(ctx, args):
    return _record(ctx, args, args.colour, _steps(args), action="adjust")


def _steps(args):
    from ..services import warnings

    return warnings.Procedure(
        proposal=args.proposal, proposed_by=args.proposed_by, proposed_at=parse_time(args.proposed_at, "proposed_at"),
        assessment=args.assessment, assessment_id=args.assessment_id, filed_with=args.filed_with,
        filing_ref=args.filing_ref, filed_at=parse_time(args.filed_at, "filed_at"),
        situations=tuple(args.situation), scope=args.scope, measures=args.measures,
        published_at=parse_time(args.published, "published_at"), trigger_sites=tuple(args.trigger_site))


def cmd_warning_lift(ctx, args):
    from ..services import warnings

    return _record(ctx, args, "none", warnings.Procedure(published_at=parse_time(args.published, "published_at")))


def record_json(r) -> dict:
    from .. import clock

    return {"id": r.id, "action": r.action, "colour": r.colour, "decided_at": clock.iso(r.decided_at),
            "decided_by": r.decided_by, "basis": r.basis, "situations": list(r.procedure.situations),
            "scope": r.procedure.scope or None, "measures": r.procedure.measures or None,
            "assessment_id": r.procedure.assessment_id,
            "trigger_sites": [{"county": c, "colour": k} for c, k in r.procedure.trigger_sites], "steps": r.steps()}


def cmd_warning_show(ctx, args):
    from .. import clock
    from ..services import warnings

    history = warnings.warning_history(ctx.db)
    state = warnings.warning_state(ctx.db)
    sites = warnings.trigger_sites_in_force(ctx.db)
    lines = [f"当前：{warnings.colour_name(state.colour)}"]
    if sites:
        lines.append(warnings.sites_text(sites))
    if any(s.below_city for s in sites):
        from ..plan.sources import source_text
        from ..services.roster import plan_of

        source, quote = warnings.SITE_RULE
        lines.append(f"（{source_text(source, plan_of(ctx.db).edition)}：“{quote}”）")
    if history and state.colour != "none":
        lines += [f"{'✓' if s['done'] else ('✗' if s['required'] else '—')} {s['name']}：{s['text'] or '未记录'}"
                  for s in history[-1].steps()]
    return ({"colour": state.colour, "since": clock.iso(state.since),
             "trigger_sites": [{"county": s.county, "colour": s.colour, "since": clock.iso(s.since),
                                "decision": s.decision_id, "below_city": s.below_city} for s in sites],
             "steps": history[-1].steps() if history else [], "history": [record_json(r) for r in history]},
            "\n".join(lines))


def cmd_warning_print(ctx, args):
    from ..services import warning_print

    check_destination(args)
    return deliver(args, warning_print.notice_pdf(ctx.db, args.id), "预警信息发布稿")
