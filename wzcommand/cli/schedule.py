"""schedule, meeting add / record / cancel: the agenda of meetings, press conferences and deadlines."""
from __future__ import annotations

import argparse

from ..plan.schedule import KINDS
from .parsing import handles, integer, subcommands
from .times import parse_day, parse_time, time_or_now


def register(sub, common) -> None:
    sch = handles(sub.add_parser("schedule", parents=[common], help="日程（会议、发布会、报告时限）"), cmd_schedule)
    sch.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD（默认今天）")
    sch.add_argument("--to", dest="date_to", help="截止日期 YYYY-MM-DD（含，默认起始后7天）")
    sch.add_argument("--kind", choices=list(KINDS))
    sch.add_argument("--unit", help="只看某单位参加或承办的")
    meeting = sub.add_parser("meeting", parents=[common], help="会议与发布会")
    msub = subcommands(meeting, "meeting_command")
    add = handles(msub.add_parser("add", parents=[common], help="新增会议或发布会"), cmd_meeting_add)
    add.add_argument("--kind", required=True, choices=list(KINDS))
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help="ISO 8601")
    add.add_argument("--end", required=True, help="ISO 8601")
    add.add_argument("--place", default="")
    add.add_argument("--host-post", default="")
    add.add_argument("--host", default="", help="主持人姓名")
    add.add_argument("--organiser", default="", help="承办单位")
    add.add_argument("--attendee", action="append", help="参会单位（可重复；不填则按类别默认）")
    add.add_argument("--speaker", action="append", default=[], help="发言人：姓名|单位|议题（可重复）")
    add.add_argument("--agenda", default="")
    rec = handles(msub.add_parser("record", parents=[common], help="登记会议召开情况"), cmd_meeting_record)
    rec.add_argument("id", type=integer)
    rec.add_argument("--present", action="append", default=[])
    rec.add_argument("--absent", action="append", default=[])
    rec.add_argument("--substitute", action="append", default=[], help="单位=代表姓名")
    rec.add_argument("--minutes", default="")
    rec.add_argument("--decisions", default="")
    rec.add_argument("--now", help=argparse.SUPPRESS)
    can = handles(msub.add_parser("cancel", parents=[common], help="取消"), cmd_meeting_cancel)
    can.add_argument("id", type=integer)
    can.add_argument("--reason", required=True)


def item_json(i) -> dict:
    from .. import clock

    return {"id": i.id, "kind": i.kind, "title": i.title, "start": clock.iso(i.start), "end": clock.iso(i.end),
            "place": i.place, "status": i.status, "origin": i.origin, "edited": i.edited,
            "organiser": i.organiser or None, "host": i.host_person or i.host_post or None,
            "attendees": [{"unit": a.unit, "attendance": a.status or None, "substitute": a.substitute or None}
                          for a in i.attendees],
            "speakers": [{"person": s.person, "unit": s.unit, "topic": s.topic} for s in i.speakers],
            "assessment_id": i.assessment_id}


def cmd_schedule(ctx, args):
    from datetime import datetime, time, timedelta

    from .. import clock
    from ..services import meetings, schedule
    from ..services.errors import ValidationError

    start_day = parse_day(args.date_from, "from", clock.now().date())
    end_day = parse_day(args.date_to, "to", start_day + timedelta(days=7))
    if end_day < start_day:
        raise ValidationError({"to": "截止日期不能早于起始日期"})
    schedule.extend_schedule(ctx.db, ctx.operator)  # only once the request is known to be good
    tz = clock.now().tzinfo
    start = datetime.combine(start_day, time(0), tzinfo=tz)
    end = datetime.combine(end_day + timedelta(days=1), time(0), tzinfo=tz)
    items = meetings.list_items(ctx.db, start, end, kind=args.kind, unit=args.unit)
    clashes = meetings.find_conflicts(items)
    now = clock.now()
    from ..services.riskmap_print import schedule_links

    links = schedule_links(ctx.db, items, now)  # a 风险地图发布 item: the map issued that day, or missed
    rows = [{**item_json(i), "missed": schedule.missed(i, now)} | ({"risk_map": links[i.id]} if i.id in links else {})
            for i in items]
    lines = [f"{clock.local_text(i.start)}  {KINDS[i.kind]:<8} {i.title}  {i.place}  "
             f"[{links.get(i.id) or schedule.status_text(i, now)}]" for i in items]
    lines += [f"⚠ {text}" for _, _, text in clashes]
    return rows, "\n".join(lines) or "（无日程）"


def cmd_meeting_add(ctx, args):
    from ..services import meetings

    speakers = []
    for text in args.speaker:
        parts = (text.split("|") + ["", ""])[:3]
        speakers.append(tuple(p.strip() for p in parts))
    data = meetings.MeetingInput(args.kind, args.title, parse_time(args.start, "start"), parse_time(args.end, "end"),
                                 place=args.place, host_post=args.host_post, host_person=args.host,
                                 organiser=args.organiser, attendees=args.attendee, speakers=speakers,
                                 agenda=args.agenda)
    item = meetings.add_meeting(ctx.db, data, ctx.operator)
    return {"id": item.id}, f"已新增日程 #{item.id}：{item.title}"


def cmd_meeting_record(ctx, args):
    from ..services import meetings

    attendance = {u: ("present", "") for u in args.present} | {u: ("absent", "") for u in args.absent}
    for text in args.substitute:
        unit, _, name = text.partition("=")
        attendance[unit] = ("substitute", name)
    item = meetings.record_meeting(ctx.db, args.id, ctx.operator, attendance=attendance, minutes=args.minutes,
                                   decisions=args.decisions, now=time_or_now(args.now, "now"))
    return item_json(item), f"已登记 #{item.id} 召开情况"


def cmd_meeting_cancel(ctx, args):
    from ..services import meetings

    item = meetings.cancel_meeting(ctx.db, args.id, args.reason, ctx.operator)
    return {"id": item.id, "status": item.status}, f"已取消 #{item.id}"
