"""PDFs of the schedule's documents, built from the stored records."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import clock
from ..plan.schedule import KINDS
from ..reports import schedule_docs as docs
from . import meetings, tasks
from .schedule import STATUSES


def _render(doc, db) -> bytes:
    from ..reports.document import render
    from .meta import is_exercise

    doc.exercise = is_exercise(db)  # an exercise document can never pass for a real one
    return render(doc)


def meeting_notice_pdf(db, item_id: int, contact: str = "") -> bytes:
    i = meetings.get_item(db, item_id)
    host = "".join(x for x in (i.host_post, f"（{i.host_person}）" if i.host_person else "") if x)
    return _render(docs.meeting_notice(docs.NoticeData(
        i.title, KINDS[i.kind], i.start, i.end, i.place, host, i.organiser, [a.unit for a in i.attendees],
        [(s.person, s.unit, s.topic) for s in i.speakers], i.agenda), contact=contact), db)


def task_sheet_pdf(db, task_id: int) -> bytes:
    t = next((t for t in tasks.list_tasks(db) if t.id == task_id), None)
    if t is None:
        from .errors import NotFoundError

        raise NotFoundError(f"没有编号为 {task_id} 的交办单。")
    source = "会议决定" + (f"（日程 #{t.meeting_id}）" if t.meeting_id else "") if t.source == "meeting" else \
        ("领导批示：" + t.instruction if t.instruction else "领导批示")
    return _render(docs.task_sheet(docs.TaskData(t.doc_no, t.content, t.lead_unit,
                                                 [u for u in t.co_units.split("、") if u], t.deadline, source,
                                                 t.created_at)), db)


def chase_list_pdf(db, now: datetime | None = None) -> bytes:
    now = now or clock.now()
    entries = [docs.ChaseEntry(g.unit, g.liaison, g.phone,
                               [(t.doc_no, t.content, t.deadline, tasks.STATUS_NAMES[tasks.display_status(t, now)])
                                for t in g.tasks]) for g in tasks.chase_list(db, now)]
    return _render(docs.chase_list(entries), db)


def week_schedule_pdf(db, start: date) -> bytes:
    tz = clock.now().tzinfo
    begin = datetime.combine(start, time(0), tzinfo=tz)
    items = meetings.list_items(db, begin, begin + timedelta(days=7))
    rows = [(i.start, KINDS[i.kind], i.title, i.place, STATUSES[i.status]) for i in items]
    return _render(docs.week_schedule(start, start + timedelta(days=6), rows), db)
