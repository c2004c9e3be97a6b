"""交办单: gapless yearly numbers (also from two processes), workflow, overdue at the deadline, chase list."""
import multiprocessing
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand import clock
from wzcommand.services import checklists, events, roster, tasks
from wzcommand.services.errors import ValidationError
from wzcommand.storage.database import open_database

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=TZ)


def add(db, content="落实隔离点位", lead="市卫生健康委", **kw):
    kw.setdefault("now", NOW)
    return tasks.add_task(db, content, lead, "值班员", **kw)


def test_numbering_per_year_and_default_deadline(db):
    first = add(db)
    second = add(db, lead="市公安局", co_units=["市委宣传部", "市公安局"])
    assert (first.doc_no, second.doc_no) == ("交办〔2026〕1号", "交办〔2026〕2号")
    assert first.deadline == datetime(2026, 11, 29, 23, 59, 59, tzinfo=clock.zone())   # the office's day
    assert second.co_units == "市委宣传部（市新闻办）"  # the lead unit is not its own co-operator
    next_year = add(db, now=datetime(2027, 1, 1, 9, tzinfo=TZ))
    assert next_year.doc_no == "交办〔2027〕1号"


def test_a_refused_task_takes_no_number(db):
    add(db)
    with pytest.raises(ValidationError):
        add(db, lead="市没有局")
    with pytest.raises(ValidationError):
        add(db, deadline=NOW - timedelta(minutes=1))
    assert add(db).doc_no == "交办〔2026〕2号"


def _worker(target, n, queue):
    db = open_database(url=target) if str(target).startswith("postgresql") else open_database(target)
    try:
        queue.put([tasks.add_task(db, f"事项{i}", "市公安局", "并发", now=NOW).number for i in range(n)])
    finally:
        db.close()


def test_concurrent_creation_never_repeats_or_skips(db, tmp_path):
    path = db.url if db.path is None else db.path
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(path, 15, queue)) for _ in range(3)]
    for p in procs:
        p.start()
    numbers = sorted(n for _ in procs for n in queue.get(timeout=120))
    for p in procs:
        p.join(60)
    assert numbers == list(range(1, 46))


def test_workflow_and_overdue_at_the_deadline(db):
    task = add(db, deadline=NOW + timedelta(hours=2))
    deadline = task.deadline
    assert tasks.display_status(task, deadline) == "assigned"  # at the deadline: not yet overdue
    assert tasks.display_status(task, deadline + timedelta(seconds=1)) == "overdue"
    assert [t.id for t in tasks.list_tasks(db, overdue_only=True, now=deadline + timedelta(seconds=1))] == [task.id]
    tasks.update_status(db, task.id, "in_progress", "甲", note="已部署", now=NOW)
    with pytest.raises(ValidationError, match="不能改为"):
        tasks.update_status(db, task.id, "assigned", "甲", now=NOW)
    done = tasks.update_status(db, task.id, "done", "甲", now=deadline + timedelta(hours=1))
    assert tasks.display_status(done, deadline + timedelta(days=1)) == "done"
    with pytest.raises(ValidationError):
        tasks.update_status(db, task.id, "in_progress", "甲", now=NOW)
    assert [n.text for n in tasks.notes(db, task.id)] == ["已部署"]


def test_chase_list_groups_by_unit_with_liaison_phone(db):
    roster.update_contact(db, "市公安局", {"liaison": "张警官", "mobile": "13800000001"}, "甲")
    add(db, "甲事", "市公安局", deadline=NOW + timedelta(hours=1))
    add(db, "乙事", "市公安局", deadline=NOW + timedelta(days=2))
    add(db, "丙事", "市教育局")
    groups = tasks.chase_list(db, now=NOW + timedelta(hours=3))
    police = next(g for g in groups if g.unit == "市公安局")
    assert (police.liaison, police.phone) == ("张警官", "13800000001")
    assert [t.content for t in police.tasks] == ["甲事", "乙事"]  # overdue first
    assert groups[0].unit == "市公安局"


def test_duty_checklist_points_and_report_back(db):
    e = events.register_event(db, events.EventInput(
        name="测试事件", category="infectious", district="鹿城区", occurred_at=NOW - timedelta(hours=2),
        received_at=NOW - timedelta(hours=1), grade="较大"), "甲", now=NOW)
    lists = {c.unit: c for c in checklists.checklist(db, e.id)}
    health = lists["市卫生健康委"]
    assert len(health.points) == 6 and health.confirmed == 0
    checklists.mark_point(db, e.id, "市卫生健康委", 29, 1, "done", "甲", note="方案已印发", now=NOW)
    checklists.mark_point(db, e.id, "市卫生健康委", 29, 5, "not_applicable", "甲", now=NOW)
    checklists.mark_reported_back(db, e.id, "市卫生健康委", "甲", now=NOW)
    health = {c.unit: c for c in checklists.checklist(db, e.id)}["市卫生健康委"]
    assert health.confirmed == 2 and health.reported_back == NOW and health.points[0].note == "方案已印发"
    with pytest.raises(ValidationError):
        checklists.mark_point(db, e.id, "市卫生健康委", 29, 7, "done", "甲")
    with pytest.raises(ValidationError):
        checklists.mark_point(db, e.id, "市卫生健康委", 1, 1, "done", "甲")


def test_pages_and_counts_come_from_the_database(db):
    for n in range(7):
        add(db, f"事项{n}", deadline=NOW + timedelta(hours=1 if n % 2 else 30))
    tasks.update_status(db, 1, "done", "甲", now=NOW)
    later = NOW + timedelta(hours=2)
    assert tasks.count_tasks(db, now=later) == 7
    assert tasks.count_tasks(db, shown="open", now=later) == 6
    overdue = tasks.list_tasks(db, shown="overdue", now=later)
    assert [t.number for t in overdue] == [2, 4, 6] == [t.number for t in tasks.list_tasks(db, overdue_only=True, now=later)]
    page = tasks.list_tasks(db, newest_first=True, offset=2, limit=3, now=later)
    assert [t.number for t in page] == [5, 4, 3]

