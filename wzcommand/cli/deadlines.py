"""deadlines: the reporting time limits of each event (plan 5.2)."""
from __future__ import annotations

from .parsing import handles, integer
from .tables import table
from .times import time_or_now


def register(sub, common) -> None:
    dl = handles(sub.add_parser("deadlines", parents=[common], help="报告时限"), cmd_deadlines)
    dl.add_argument("--event", type=integer, help="事件编号（默认：全部）")
    dl.add_argument("--now", help="按此时间计算 ISO 8601（默认：现在）")


def cmd_deadlines(ctx, args):
    from ..services import deadlines

    now = time_or_now(args.now, "now")
    return deadlines_result(deadlines.event_clocks(ctx.db, args.event, now=now))


def deadlines_result(items):
    """(json data, text) of the event clocks (also the quick read path's, cli/quick.py)."""
    from .. import clock
    from ..services.clock_status import status_text

    data = [{"event": i.event_id, "kind": i.kind, "due": clock.iso(i.clock.due), "aim": clock.iso(i.clock.aim),
             "done": clock.iso(i.clock.done), "overdue": i.overdue, "missed": i.missed,
             "overdue_minutes": int(i.overdue_by.total_seconds() // 60) if i.overdue_by is not None else None,
             "rule": i.clock.rule or None, "office_setting": i.clock.setting or None} for i in items]
    text = table(["#", "事件", "时限"], [[str(i.event_id), i.event_name, status_text(i)] for i in items])
    return data, text
