"""warning suggest / set / show: early warnings (blue to red) and the suggestion from ILI% and positivity."""
from __future__ import annotations

import argparse

from .parsing import handles, subcommands
from .times import time_or_now


def register(sub, common) -> None:
    warning = sub.add_parser("warning", parents=[common], help="预警")
    wsub = subcommands(warning, "warning_command")
    sug = handles(wsub.add_parser("suggest", parents=[common], help="按 ILI% 与阳性率计算预警建议"),
                  cmd_warning_suggest, needs_db=False)
    for flag in ("--ili", "--ili-baseline", "--positive", "--positive-baseline"):
        sug.add_argument(flag, required=True, type=percentage)
    sug.add_argument("--situation", action="append", default=[], help="附件预警情形编号，如 yellow-1（可重复）")
    wset = handles(wsub.add_parser("set", parents=[common], help="发布、调整或解除预警"), cmd_warning_set)
    wset.add_argument("colour", choices=["blue", "yellow", "orange", "red", "none"])
    wset.add_argument("--by", required=True)
    wset.add_argument("--basis", required=True)
    wset.add_argument("--at")
    handles(wsub.add_parser("show", parents=[common], help="当前预警与记录"), cmd_warning_show)


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
    from ..plan.warning import COLOUR_NAMES, SITUATIONS_BY_ID, suggest_warning
    from ..services.errors import ValidationError

    unknown = [s for s in args.situation if s not in SITUATIONS_BY_ID]
    if unknown:
        raise ValidationError({"situation": f"未知的预警情形编号：{'、'.join(unknown)}"})
    try:
        s = suggest_warning(args.ili, args.ili_baseline, args.positive, args.positive_baseline,
                            situations=tuple(args.situation))
    except ValueError as exc:
        raise ValidationError({"ili": str(exc)}) from exc
    from ..plan.levels import source_text

    # "grade" is the event grade the surveillance figures meet under the respiratory plan's own grading
    # (ari 3.2(5), 3.3(4), 3.4(3)); the colour is a warning, not a grade, and is named alone.
    grade_reasons = [f"{source_text(s.event_source)}：{s.event_criterion}"] if s.event_grade else []
    data = {"warning": s.warning, "warning_name": COLOUR_NAMES.get(s.warning), "reasons": list(s.reasons),
            "grade": s.event_grade, "grade_plan": "respiratory" if s.event_grade else None,
            "grade_reasons": grade_reasons}
    lines = [f"建议预警：{COLOUR_NAMES.get(s.warning, '不预警')}", *s.reasons]
    lines.append(f"事件分级（监测数据）：{s.event_grade}事件" if s.event_grade else "事件分级（监测数据）：未达到分级标准")
    return data, "\n".join(lines + grade_reasons)


def cmd_warning_set(ctx, args):
    from .. import clock
    from ..services import warnings

    row = warnings.record_warning(ctx.db, args.colour, time_or_now(args.at, "decided_at"), args.by,
                                  args.basis, ctx.operator)
    return ({"id": row.id, "action": row.action, "colour": row.colour, "decided_at": clock.iso(row.decided_at)},
            f"已记录：{warnings.ACTION_NAMES[row.action]}{warnings.colour_name(row.colour)}")


def cmd_warning_show(ctx, args):
    from .. import clock
    from ..services import warnings

    rows = [{"action": r.action, "colour": r.colour, "decided_at": clock.iso(r.decided_at),
             "decided_by": r.decided_by, "basis": r.basis} for r in warnings.warning_history(ctx.db)]
    state = warnings.warning_state(ctx.db)
    return ({"colour": state.colour, "since": clock.iso(state.since), "history": rows},
            f"当前：{warnings.colour_name(state.colour)}")
