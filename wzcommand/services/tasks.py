"""交办单: numbered per year without gaps; 已交办 → 办理中 → 已办结, or 逾期 once the deadline passes.

The use cases return plain records (TaskRecord, NoteRecord), never ORM rows; a write's record
says what it changed (TASKS)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select

from .. import clock
from ..storage import audit
from ..storage.models import ScheduleItem, Task, TaskNote
from ..storage.numbering import format_number, take_number
from .changes import NO_CHANGES, TASKS, Changes
from .errors import NotFoundError, ValidationError
from .meta import exercise_in
from .records import copy_row
from .roster import list_units, plan_of_session

PREFIX_KEY = "task_prefix"
DEFAULT_PREFIX = "交办"
STATUS_NAMES = {"assigned": "已交办", "in_progress": "办理中", "done": "已办结", "overdue": "逾期"}
ALLOWED = {"assigned": {"in_progress", "done"}, "in_progress": {"done"}, "done": set()}


@dataclass(frozen=True)
class TaskRecord:
    """A 交办单 as stored; its shown status (逾期) is display_status(task, now)."""

    id: int
    doc_no: str
    year: int
    number: int
    content: str
    lead_unit: str
    co_units: str  # 、-joined unit names
    deadline: datetime
    source: str  # meeting|instruction
    meeting_id: int | None
    instruction: str
    status: str  # assigned|in_progress|done
    receipt_at: datetime | None
    done_at: datetime | None
    created_at: datetime
    created_by: str
    version: int
    changes: Changes = field(default=NO_CHANGES, compare=False)  # what the write altered (TASKS), if one made it


@dataclass(frozen=True)
class NoteRecord:
    """A progress note on a 交办单."""

    id: int
    task_id: int
    at: datetime
    author: str
    text: str
    changes: Changes = field(default=NO_CHANGES, compare=False)


def _record(task: Task, changed: bool = False) -> TaskRecord:
    return copy_row(TaskRecord, task, changes=Changes.of(TASKS) if changed else NO_CHANGES)


def display_status(task: TaskRecord, now: datetime) -> str:
    """The status a person sees: an unfinished task past its deadline is 逾期."""
    if task.status != "done" and now > task.deadline:
        return "overdue"
    return task.status


def end_of_day(moment: datetime) -> datetime:
    local = clock.local(moment)
    return datetime.combine(local.date(), time(23, 59, 59), tzinfo=local.tzinfo)


def _prefix(session) -> str:
    from ..storage.models import AppMeta

    meta = session.get(AppMeta, PREFIX_KEY)
    return meta.value if meta and meta.value else DEFAULT_PREFIX


def add_task(db, content: str, lead_unit: str, operator: str, *, co_units: Sequence[str] = (),
             deadline: datetime | None = None, meeting_id: int | None = None, instruction: str = "",
             now: datetime | None = None) -> TaskRecord:
    now = now or clock.now()
    deadline = deadline or end_of_day(now)
    errors = {}
    if not (content or "").strip():
        errors["content"] = "请填写交办事项"
    elif len(content) > 5000:
        errors["content"] = "交办事项过长（不超过5000字）"
    if deadline.tzinfo is None:
        errors["deadline"] = "请填写办结时限"
    elif deadline < now:
        errors["deadline"] = "办结时限不能早于当前时间"
    with db.write() as session:
        plan = plan_of_session(session)
        lead = plan.resolve(lead_unit or "")
        if lead is None:
            errors["lead_unit"] = f"未知的牵头单位“{lead_unit}”（应为成员单位）"
        co = []
        for unit in co_units:
            name = plan.resolve(unit)
            if name is None:
                errors["co_units"] = f"未知的配合单位“{unit}”"
            elif name != lead and name not in co:
                co.append(name)
        if meeting_id is not None and session.get(ScheduleItem, meeting_id) is None:
            errors["meeting_id"] = f"没有编号为 {meeting_id} 的会议"
        if errors:
            raise ValidationError(errors)
        prefix, year = _prefix(session), clock.local(now).year
        number = take_number(session, prefix, year)
        task = Task(doc_no=format_number(prefix, year, number, exercise=exercise_in(session)), year=year, number=number, content=content.strip(),
                    lead_unit=lead, co_units="、".join(co), deadline=deadline,
                    source="meeting" if meeting_id else "instruction", meeting_id=meeting_id,
                    instruction=instruction.strip(), status="assigned", created_at=now, created_by=operator)
        session.add(task)
        session.flush()
        audit.record(session, operator, "task.add", task.doc_no,
                     after={"lead": lead, "co": co, "deadline": clock.iso(deadline), "content": task.content})
        return _record(task, changed=True)


def _get(session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"没有编号为 {task_id} 的交办单。")
    return task


def update_status(db, task_id: int, status: str, operator: str, *, note: str = "",
                  now: datetime | None = None) -> TaskRecord:
    now = now or clock.now()
    if status not in ALLOWED:
        raise ValidationError({"status": f"状态应为：{'、'.join(STATUS_NAMES[s] for s in ALLOWED)}（逾期由时限自动判定）"})
    with db.write() as session:
        task = _get(session, task_id)
        if status not in ALLOWED[task.status]:
            raise ValidationError({"status": f"{task.doc_no}当前为“{STATUS_NAMES[task.status]}”，"
                                             f"不能改为“{STATUS_NAMES[status]}”"})
        before = task.status
        task.status = status
        if status == "done":
            task.done_at = now
        if note.strip():
            session.add(TaskNote(task_id=task.id, at=now, author=operator, text=note.strip()))
        audit.record(session, operator, "task.status", task.doc_no, before={"status": before},
                     after={"status": status, "note": note.strip()})
        session.flush()
        return _record(task, changed=True)


def record_receipt(db, task_id: int, at: datetime, operator: str) -> TaskRecord:
    with db.write() as session:
        task = _get(session, task_id)
        if at.tzinfo is None or at < task.created_at:
            raise ValidationError({"receipt_at": "回执时间不能早于交办时间"})
        task.receipt_at = at
        audit.record(session, operator, "task.receipt", task.doc_no, after={"receipt_at": clock.iso(at)})
        session.flush()
        return _record(task, changed=True)


def add_note(db, task_id: int, text: str, operator: str, now: datetime | None = None) -> NoteRecord:
    if not (text or "").strip():
        raise ValidationError({"note": "请填写进展情况"})
    with db.write() as session:
        task = _get(session, task_id)
        note = TaskNote(task_id=task.id, at=now or clock.now(), author=operator, text=text.strip())
        session.add(note)
        audit.record(session, operator, "task.note", task.doc_no, after={"text": note.text})
        session.flush()
        return copy_row(NoteRecord, note, changes=Changes.of(TASKS))


def _shown(query, shown: str, now: datetime):
    if shown == "open":
        return query.where(Task.status != "done")
    if shown == "overdue":  # the SQL form of display_status(...) == "overdue"
        return query.where(Task.status != "done", Task.deadline < now)
    return query


def list_tasks(db, *, overdue_only: bool = False, now: datetime | None = None, shown: str = "all",
               newest_first: bool = False, offset: int = 0, limit: int | None = None) -> list[TaskRecord]:
    """Tasks by filter ("all", "open", "overdue"), a page at a time (ten years hold tens of thousands)."""
    now = now or clock.now()
    order = (Task.year.desc(), Task.number.desc()) if newest_first else (Task.year, Task.number)
    query = _shown(select(Task), "overdue" if overdue_only else shown, now).order_by(*order).offset(offset)
    with db.read() as session:
        return [_record(t) for t in session.scalars(query.limit(limit) if limit else query)]


def count_tasks(db, *, shown: str = "all", now: datetime | None = None) -> int:
    from sqlalchemy import func

    with db.read() as session:
        return session.scalar(_shown(select(func.count()).select_from(Task), shown, now or clock.now())) or 0


def notes(db, task_id: int) -> list[NoteRecord]:
    with db.read() as session:
        return [copy_row(NoteRecord, n) for n in
                session.scalars(select(TaskNote).where(TaskNote.task_id == task_id).order_by(TaskNote.at))]


@dataclass(frozen=True)
class ChaseGroup:
    unit: str
    liaison: str
    phone: str
    tasks: tuple[TaskRecord, ...]


def chase_list(db, now: datetime | None = None) -> list[ChaseGroup]:
    """Open and overdue tasks grouped by lead unit, with the liaison's phone (催办单)."""
    now = now or clock.now()
    open_tasks = list_tasks(db, shown="open", now=now)
    by_unit: dict[str, list[TaskRecord]] = defaultdict(list)
    for task in open_tasks:
        by_unit[task.lead_unit].append(task)
    contacts = {u.name: u.contact for u in list_units(db)}
    groups = []
    for unit, tasks in by_unit.items():
        c = contacts.get(unit, {})
        tasks.sort(key=lambda t: (display_status(t, now) != "overdue", t.deadline))
        groups.append(ChaseGroup(unit, c.get("liaison", ""), c.get("mobile") or c.get("duty_phone") or
                                 c.get("office_phone", ""), tuple(tasks)))
    return sorted(groups, key=lambda g: (-sum(display_status(t, now) == "overdue" for t in g.tasks), g.unit))
