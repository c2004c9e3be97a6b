"""PDFs of the schedule's documents, built from the stored records.

They are the 指挥部办公室's own documents: the office's letterhead and signature (office
settings), a meeting notice numbered with the office's notice prefix the first time it is
printed (the number is kept with the meeting, so a reprint carries the same number).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .. import clock
from ..plan.schedule import KINDS
from ..reports import schedule_docs as docs
from ..storage import audit
from ..storage.models import ScheduleItem
from ..storage.numbering import format_number, take_number
from . import meetings, tasks
from .audit_log import chain_mark_now
from .errors import NotFoundError
from .meta import exercise_in, is_exercise
from .office import office_in, office_settings
from .schedule import status_text


def _render(doc, db) -> bytes:
    from ..reports.document import render

    doc.exercise = is_exercise(db)  # an exercise document can never pass for a real one
    doc.chain = chain_mark_now(db)  # the audit chain's head as printed: paper anchors the log
    return render(doc)


def notice_number(db, item_id: int, operator: str = "") -> str:
    """The meeting notice's 发文字号, taken (gaplessly, audited) the first time it is printed."""
    with db.write() as session:
        item = session.get(ScheduleItem, item_id)
        if item is None:
            raise NotFoundError(f"没有编号为 {item_id} 的日程。")
        if item.notice_no:
            return item.notice_no
        prefix, year = office_in(session).notice_prefix, clock.local(clock.now()).year
        number = take_number(session, prefix, year)
        item.notice_no = format_number(prefix, year, number, exercise=exercise_in(session))
        audit.record(session, operator or "未署名操作员", "meeting.notice_no", f"#{item.id} {item.title}",
                     after={"doc_no": item.notice_no})
        return item.notice_no


def meeting_notice_pdf(db, item_id: int, contact: str = "", operator: str = "") -> bytes:
    i = meetings.get_item(db, item_id)
    office = office_settings(db)
    doc_no = notice_number(db, item_id, operator)
    host = "".join(x for x in (i.host_post, f"（{i.host_person}）" if i.host_person else "") if x)
    return _render(docs.meeting_notice(docs.NoticeData(
        i.title, KINDS[i.kind], i.start, i.end, i.place, host, i.organiser, [a.unit for a in i.attendees],
        [(s.person, s.unit, s.topic) for s in i.speakers], i.agenda), doc_no=doc_no,
        contact=contact or office.contact, office=office.office), db)


def _source(db, t) -> str:
    """Where the task came from, as a clerk names it: the meeting's title and date, or the instruction."""
    if t.source == "meeting" and t.meeting_id:
        try:
            m = meetings.get_item(db, t.meeting_id)
        except NotFoundError:
            return "会议决定"
        day = clock.local(m.start)
        return f"{day.month}月{day.day}日{m.title}" if day.year == clock.now().year else \
            f"{day.year}年{day.month}月{day.day}日{m.title}"
    return "领导批示：" + t.instruction if t.instruction else "领导批示"


def task_sheet_pdf(db, task_id: int) -> bytes:
    t = next((t for t in tasks.list_tasks(db) if t.id == task_id), None)
    if t is None:
        raise NotFoundError(f"没有编号为 {task_id} 的交办单。")
    return _render(docs.task_sheet(docs.TaskData(t.doc_no, t.content, t.lead_unit,
                                                 [u for u in t.co_units.split("、") if u], t.deadline, _source(db, t),
                                                 t.created_at), office=office_settings(db).office), db)


def chase_list_pdf(db, now: datetime | None = None) -> bytes:
    now = now or clock.now()
    entries = [docs.ChaseEntry(g.unit, g.liaison, g.phone,
                               [(t.doc_no, t.content, t.deadline, tasks.STATUS_NAMES[tasks.display_status(t, now)])
                                for t in g.tasks]) for g in tasks.chase_list(db, now)]
    return _render(docs.chase_list(entries, today=clock.local(now).date(), office=office_settings(db).office), db)


def week_schedule_pdf(db, start: date) -> bytes:
    begin = datetime.combine(start, time(0), tzinfo=clock.zone())
    items = meetings.list_items(db, begin, begin + timedelta(days=7))
    now = clock.now()
    rows = [(i.start, KINDS[i.kind], i.title, i.place, status_text(i, now)) for i in items]
    return _render(docs.week_schedule(start, start + timedelta(days=6), rows, office=office_settings(db).office), db)
