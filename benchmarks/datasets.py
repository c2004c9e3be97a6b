"""Databases the benchmarks run on, cached under /tmp/wzcommand-bench so reruns are fast.

* ``realistic()``: an office in its first months, made through the services as the program
  would: every liaison contact, the post register, a few response-level decisions and warnings
  (their cadence meetings included), events with count updates, issued first reports, meetings
  and tasks.
* ``ten_years()``: a database holding ten years of an office's work, made with bulk inserts
  (SQLAlchemy Core executemany): thousands of events with their counts, grades and issued
  reports (real PDF bytes), tens of thousands of meetings (with attendance) and tasks, about
  a million audit entries. The audit hash chain is computed with wzcommand.storage.audit's own
  canonical form, so ``wzcommand check`` verifies the file.

Each database lives in its own folder as ``wzcommand.sqlite3``, so that folder can serve as
WZCOMMAND_DATA_DIR (the window opens it by default). A cached file is rebuilt when the schema
head or this generator's version changes.

    python benchmarks/datasets.py [--ten-years] [--rebuild]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = Path(os.environ.get("WZCOMMAND_BENCH_CACHE", "/tmp/wzcommand-bench"))
DB_NAME = "wzcommand.sqlite3"
GENERATOR = 3  # bump when the generated content changes
OPERATOR = "值班员"
TZ = timezone(timedelta(hours=8))

# Sizes of the ten-year database (about 300 events a year, 11 schedule items a day …).
YEARS = 10
EVENTS = 3_000
MEETINGS = 40_000
TASKS = 30_000
AUDIT_TOTAL = 1_000_000
CHUNK = 20_000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林郑谢罗梁宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣怡佳琪晨雨"
DISTRICTS = ("鹿城区", "龙湾区", "瓯海区", "洞头区", "乐清市", "瑞安市", "龙港市", "永嘉县", "平阳县", "苍南县",
             "文成县", "泰顺县")
PLACES = (("学校", "小学"), ("学校", "中学"), ("托幼机构", "幼儿园"), ("医疗机构", "医院"), ("工地", "建筑工地"),
          ("餐饮场所", "酒店"), ("企业", "工厂"), ("居民区", "小区"))
DISEASES = ("诺如病毒感染", "流行性感冒", "手足口病", "水痘", "细菌性痢疾", "食物中毒", "流行性腮腺炎", "登革热")



def planned_request(db, target: str, at, **kw):
    """A level change made the way the plan's procedure asks (deciding body, assessment, 批准/备案)."""
    from wzcommand.plan.transitions import decision_rule
    from wzcommand.services import levels

    state = levels.current_state(db)
    rule = decision_rule(state.level, target, edition=state.edition)
    req = levels.SwitchRequest(target=target, decided_at=at, decided_by=rule.deciders[0], assessed_on=at.date(), **kw)
    if rule.approver:
        req.approved_by, req.approval_ref, req.approved_at = rule.approver, "温政函〔2026〕1号", at
    if rule.filed_with:
        req.filed_with, req.filing_ref, req.filed_at = rule.filed_with, "备案第1号", at
    return req

def person(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + ("" if n % 3 else GIVEN[(n * 13) % len(GIVEN)])


def landline(n: int) -> str:
    return f"0577-8{(1_234_567 + n * 7_919) % 10_000_000:07d}"


def mobile(n: int) -> str:
    return f"13{(512_345_678 + n * 104_729) % 1_000_000_000:09d}"


def folder(kind: str) -> Path:
    return CACHE / kind


def _stamp() -> dict:
    from wzcommand.storage import migrate

    return {"generator": GENERATOR, "head": migrate.head_revision()}


def _cached(kind: str) -> Path | None:
    path = folder(kind) / DB_NAME
    meta = folder(kind) / "meta.json"
    try:
        stored = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    return path if path.is_file() and {k: stored.get(k) for k in _stamp()} == _stamp() else None


def _fresh_folder(kind: str) -> Path:
    target = folder(kind)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    return target


def copy_of(path: Path, where: Path) -> Path:
    """A private copy (the database file only) for a benchmark that writes."""
    where.mkdir(parents=True, exist_ok=True)
    target = where / DB_NAME
    shutil.copy2(path, target)
    return target


# ---------------------------------------------------------------------------------- realistic


def realistic(rebuild: bool = False, log=print) -> Path:
    cached = None if rebuild else _cached("realistic")
    if cached:
        return cached
    target = _fresh_folder("realistic")
    os.environ["WZCOMMAND_DATA_DIR"] = str(target)  # default settings, nothing of the user's
    started = time.perf_counter()
    from wzcommand.storage.database import open_database

    db = open_database(target / DB_NAME)
    try:
        _fill_realistic(db)
    finally:
        db.close()
    meta = {**_stamp(), "seconds": round(time.perf_counter() - started, 1)}
    (target / "meta.json").write_text(json.dumps(meta))
    log(f"realistic database made through the services in {meta['seconds']} s: {target / DB_NAME}")
    return target / DB_NAME


def _fill_realistic(db) -> None:
    from wzcommand import clock
    from wzcommand.plan.posts import register_slots
    from wzcommand.services import events, levels, meetings, people, reports, roster, tasks, warnings
    from wzcommand.services.people import _group_names

    now = clock.now()
    for i, unit in enumerate(roster.list_units(db)):
        roster.update_contact(db, unit.name, {
            "liaison": person(i), "title": ("科长", "副主任", "办公室主任", "处长")[i % 4], "office_phone": landline(i),
            "mobile": mobile(i), "duty_phone": landline(i + 500), "fax": landline(i + 900)}, OPERATOR)
    edition = levels.current_state(db).edition
    names = _group_names(edition)
    for i, slot in enumerate(register_slots(edition)):
        people.set_person(db, slot.post, person(1000 + i), OPERATOR,
                          group=names[slot.group_key] if slot.group_key else None, mobile=mobile(1000 + i))
    day = timedelta(days=1)
    steps = [("IV", 120), ("III", 112), ("IV", 95), ("none", 80), ("IV", 40), ("III", 21)]
    for target, days_ago in steps:
        at = now - days_ago * day
        levels.switch_level(db, planned_request(db, target, at, basis="经专家咨询委员会评估，建议调整应急响应级别。",
                                                assessment="风险较高，建议调整"), OPERATOR, now=now)
    for colour, days_ago in (("yellow", 118), ("orange", 110), ("yellow", 96), ("none", 82), ("blue", 41),
                             ("yellow", 22)):
        warnings.record_warning(db, colour, now - days_ago * day, "市卫生健康委", "监测数据提示风险上升。", OPERATOR,
                                now=now, steps=warnings.Procedure(proposal="市疾控中心预警建议",
                                                                  assessment="专家咨询委员会评估：建议调整预警",
                                                                  filed_with="市政府"))
    rng = random.Random(7)
    for n in range(24):
        occurred = now - (115 - 4 * n) * day
        kind, suffix = PLACES[n % len(PLACES)]
        district = DISTRICTS[n % len(DISTRICTS)]
        event = events.register_event(db, events.EventInput(
            name=f"{district}某{suffix}{DISEASES[n % len(DISEASES)]}聚集性疫情", category="infectious",
            district=district, township="五马街道", place=f"某{suffix}", place_kind=kind,
            occurred_at=occurred, received_at=occurred + timedelta(hours=1), grade=("一般", "较大")[n % 2],
            symptoms="发热、呕吐、腹泻", cause="待查", measures="隔离病例、环境消毒、流行病学调查",
            reporting_unit=f"{district}疾病预防控制中心", reporter=person(n), reporter_phone=landline(n),
            counts={"ill": 10 + n, "dead": 0}), OPERATOR, now=now)
        ill = 10 + n
        for k in range(1, 5):
            ill += rng.randint(0, 6)
            events.update_event(db, event.id, OPERATOR, counts={"ill": ill, "dead": 0},
                                at=occurred + timedelta(hours=1) + k * day, now=now)
        if n % 3 == 0:
            events.end_event(db, event.id, occurred + 6 * day, OPERATOR, now=now)
        if n < 6:
            reports.issue_report(db, reports.draft_first(db, event.id), OPERATOR,
                                 now=occurred + timedelta(hours=1, minutes=50))
    units = [u.name for u in roster.list_units(db)]
    for n in range(30):
        start = (now - (60 - 2 * n) * day).replace(hour=15, minute=0, second=0, microsecond=0)
        meetings.add_meeting(db, meetings.MeetingInput(
            kind=("dispatch", "work_meeting", "press_briefing", "expert_assessment", "other")[n % 5],
            title=f"第{n + 1}次疫情防控工作会议", start=start, end=start + timedelta(hours=1, minutes=30),
            place="市政府第一会议室", host_post="市卫生健康委主任", host_person=person(2000 + n)), OPERATOR)
    for n in range(40):
        assigned = now - (50 - n) * day
        task = tasks.add_task(db, f"落实第{n + 1}项防控措施：做好重点场所排查和人员健康监测，及时报送情况。",
                              units[n % len(units)], OPERATOR, co_units=[units[(n + 5) % len(units)]],
                              deadline=assigned + 3 * day, now=assigned)
        if n % 2 == 0:
            tasks.update_status(db, task.id, "in_progress", OPERATOR, note="已部署", now=assigned + day)
        if n % 4 == 0:
            tasks.update_status(db, task.id, "done", OPERATOR, note="已办结", now=assigned + 2 * day)


# ---------------------------------------------------------------------------------- ten years


def ten_years(rebuild: bool = False, log=print) -> Path:
    cached = None if rebuild else _cached("ten-years")
    if cached:
        return cached
    target = _fresh_folder("ten-years")
    os.environ["WZCOMMAND_DATA_DIR"] = str(target)
    started = time.perf_counter()
    log("generating the ten-year database (once; cached under %s) …" % target)
    realistic_db = realistic(log=log)
    shutil.copy2(realistic_db, target / DB_NAME)  # contacts, posts and the first decisions by the services
    from wzcommand.storage.database import open_database

    db = open_database(target / DB_NAME)
    try:
        counts = _bulk(db, log)
        from wzcommand.storage import audit

        with db.write() as session:  # the bulk rows' hashes, as a schema upgrade records them
            audit.write_baseline(session, "十年基准数据")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    seconds = time.perf_counter() - started
    log(f"  generated in {seconds:.0f} s; running `wzcommand check` on it …")
    check_started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "wzcommand", "check", "--db", str(target / DB_NAME)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    check = {"status": proc.returncode, "output": (proc.stdout + proc.stderr).strip(),
             "seconds": round(time.perf_counter() - check_started, 1)}
    log(f"  wzcommand check: exit {proc.returncode} in {check['seconds']} s: {check['output']}")
    if proc.returncode != 0:
        raise SystemExit("the generated ten-year database does not pass `wzcommand check`")
    meta = {**_stamp(), "seconds": round(seconds, 1), "rows": counts, "check": check,
            "size_mb": round((target / DB_NAME).stat().st_size / 2**20)}
    (target / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    return target / DB_NAME


def meta(kind: str) -> dict:
    try:
        return json.loads((folder(kind) / "meta.json").read_text())
    except (OSError, ValueError):
        return {}


class _Audit:
    """Appends audit rows with the chain computed exactly as wzcommand.storage.audit.record does."""

    def __init__(self, conn, table):
        from wzcommand.storage import audit

        self._canonical, self.conn, self.table = audit._canonical, conn, table
        last = conn.execute(table.select().order_by(table.c.id.desc()).limit(1)).first()
        self.next_id, self.prev = (last.id + 1, last.hash) if last else (1, audit.GENESIS)
        self.rows: list[dict] = []

    def add(self, at: datetime, action: str, target: str, before=None, after=None, operator: str = OPERATOR):
        from wzcommand.storage.audit import _dump

        entry = SimpleNamespace(id=self.next_id, at=at.astimezone(timezone.utc), operator=operator, action=action,
                                target=target, before=_dump(before), after=_dump(after), prev_hash=self.prev,
                                row_hashes="")
        entry.hash = hashlib.sha256(self._canonical(entry)).hexdigest()
        self.rows.append(vars(entry))
        self.prev, self.next_id = entry.hash, self.next_id + 1
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self):
        if self.rows:
            self.conn.execute(self.table.insert(), self.rows)
            self.rows = []


def _bulk(db, log) -> dict:
    """Ten years of work in bulk; every row also gets its audit entry, then filler entries up to
    AUDIT_TOTAL (reads of the roster, contact edits, schedule edits) in time order."""
    from sqlalchemy import func, select

    from wzcommand import clock
    from wzcommand.services import reports
    from wzcommand.storage.models import (Attendance, AuditEntry, DocCounter, Event, EventCount, EventGrade,
                                          IssuedReport, LevelDecision, PhoneReport, ScheduleItem, Speaker, Task,
                                          TaskNote, WarningDecision)
    from wzcommand.storage.numbering import format_number

    rng = random.Random(2016)
    with db.read() as session:
        first_id = session.scalars(select(Event.id).order_by(Event.id)).first()
    # Real PDF bytes of an issued first report, stored with every generated report.
    pdf = reports.render_pdf(reports.draft_first(db, first_id), doc_no="温应指〔2016〕1号")
    now = clock.now()
    end = now - timedelta(days=130)  # before the realistic database's own history
    start = end - timedelta(days=365 * YEARS)
    span = (end - start).total_seconds()

    def when(fraction: float) -> datetime:
        return (start + timedelta(seconds=span * fraction)).replace(microsecond=0)

    counts: dict[str, int] = {}
    t0 = time.perf_counter()
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection  # outside any transaction
        raw.execute("PRAGMA synchronous=OFF")  # generation only; the program keeps FULL
        raw.execute("PRAGMA cache_size=-200000")
        with conn.begin():
            ids = {t.__tablename__: (conn.execute(select(func.max(t.id))).scalar() or 0) + 1
                   for t in (Event, EventCount, EventGrade, PhoneReport, IssuedReport, ScheduleItem, Attendance,
                             Speaker, Task, TaskNote, LevelDecision, WarningDecision)}
            units = [r[0] for r in conn.exec_driver_sql("SELECT name FROM unit ORDER BY position")]
            taken = {(r.prefix, r.year): r.last for r in conn.execute(DocCounter.__table__.select())}

            def numbers_from(prefix: str) -> dict[int, int]:  # go on from the services' own numbers
                return {year: last for (p, year), last in taken.items() if p == prefix}

            def save_counters(prefix: str, numbers: dict[int, int]) -> None:
                table = DocCounter.__table__
                for year, last in numbers.items():
                    if (prefix, year) in taken:
                        conn.execute(table.update().where(table.c.prefix == prefix, table.c.year == year)
                                     .values(last=last))
                    else:
                        conn.execute(table.insert(), [dict(prefix=prefix, year=year, last=last)])

            timeline: list[tuple[datetime, str, str, dict]] = []  # audit entries of the generated rows

            # Level decisions and warnings: about four responses a year (start Ⅳ, raise, lower, end).
            decisions, warnings = [], []
            level = "none"
            for k in range(YEARS * 4):
                base = when(k / (YEARS * 4))
                for target, days in (("IV", 0), ("III", 3), ("IV", 12), ("none", 18)):
                    at = base + timedelta(days=days)
                    kind = {"none": "end"}.get(target) or ("start" if level == "none" else
                                                          ("raise" if target == "III" else "lower"))
                    decisions.append(dict(id=ids["level_decision"] + len(decisions), kind=kind, from_level=level,
                                          to_level=target, decided_at=at, announced_at=at + timedelta(hours=2),
                                          decided_by="市突发公共卫生事件应急领导小组", basis="经专家咨询委员会评估。",
                                          assessment="建议调整", assessed_on=at.astimezone(TZ).date(), event_id=None,
                                          office_alternative=False, office_reason="", office_director="",
                                          province_record="", initiator="city", operator=OPERATOR, recorded_at=at))
                    timeline.append((at, "level.switch", f"{level}→{target}", {"level": target}))
                    level = target
                for colour, days in (("yellow", 1), ("none", 17)):
                    at = base + timedelta(days=days)
                    warnings.append(dict(id=ids["warning_decision"] + len(warnings),
                                         action="issue" if colour != "none" else "lift", colour=colour,
                                         decided_at=at, decided_by="市卫生健康委", basis="监测数据提示。",
                                         operator=OPERATOR, recorded_at=at))
                    timeline.append((at, f"warning.{'issue' if colour != 'none' else 'lift'}", colour, {}))
            conn.execute(LevelDecision.__table__.insert(), decisions)
            conn.execute(WarningDecision.__table__.insert(), warnings)
            counts["level_decision"], counts["warning_decision"] = len(decisions), len(warnings)

            # Events with their counts, grades, phone reports and issued reports.
            ev_rows, cnt_rows, grade_rows, phone_rows, report_rows = [], [], [], [], []
            report_numbers = numbers_from("温应指")
            for n in range(EVENTS):
                eid = ids["event"] + n
                occurred = when(n / EVENTS)
                received = occurred + timedelta(hours=rng.randint(1, 12))
                kind, suffix = PLACES[n % len(PLACES)]
                district = DISTRICTS[rng.randrange(len(DISTRICTS))]
                ended = received + timedelta(days=rng.randint(3, 40)) if n < EVENTS - 20 else None
                ev_rows.append(dict(id=eid, name=f"{district}某{suffix}{DISEASES[n % len(DISEASES)]}聚集性疫情（{n + 1}）",
                                    category="infectious", disease=DISEASES[n % len(DISEASES)], district=district,
                                    township="某街道", place=f"某{suffix}", place_kind=kind, occurred_at=occurred,
                                    received_at=received, grade=("一般", "较大", "重大")[n % 3],
                                    area="若干班级", symptoms="发热、呕吐、腹泻", cause="待查",
                                    measures="隔离病例、环境消毒、流行病学调查",
                                    reporting_unit=f"{district}疾病预防控制中心", reporter=person(n),
                                    reporter_phone=landline(n), ended_at=ended, created_at=received,
                                    created_by=OPERATOR, version=1))
                timeline.append((received, "event.register", f"#{eid}", {"name": ev_rows[-1]["name"]}))
                grade_rows.append(dict(id=ids["event_grade"] + len(grade_rows), event_id=eid,
                                       grade=ev_rows[-1]["grade"], at=received, recorded_by=OPERATOR))
                ill = rng.randint(3, 30)
                for k in range(rng.randint(2, 10)):
                    ill += rng.randint(0, 8)
                    at = received + timedelta(days=k)
                    cnt_rows.append(dict(id=ids["event_count"] + len(cnt_rows), event_id=eid, at=at, ill=ill,
                                         dead=0, severe=None, hospitalised=rng.randint(0, 3), close_contacts=None,
                                         observed=None, recorded_by=OPERATOR))
                    if k:
                        timeline.append((at, "event.update", f"#{eid}", {"counts": {"ill": ill}}))
                phone_rows.append(dict(id=ids["phone_report"] + len(phone_rows), event_id=eid,
                                       at=received + timedelta(minutes=20), to_whom="市委市政府总值班室",
                                       by_whom=person(n + 1), recorded_by=OPERATOR))
                timeline.append((received + timedelta(minutes=20), "event.phone_report", f"#{eid}", {}))
                for kind_, seq, at in (("first", 0, received + timedelta(hours=1, minutes=50)),
                                       *((("closing", 0, ended + timedelta(days=7)),) if ended and n % 3 == 0 else ())):
                    year = at.astimezone(TZ).year
                    number = report_numbers[year] = report_numbers.get(year, 0) + 1
                    doc_no = format_number("温应指", year, number)
                    report_rows.append(dict(id=ids["issued_report"] + len(report_rows), event_id=eid, kind=kind_,
                                            sequence=seq, doc_no=doc_no, year=year, number=number,
                                            title=f"关于{ev_rows[-1]['name']}的{'首次' if kind_ == 'first' else '结案'}报告",
                                            content="{}", pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
                                            issued_at=at, issued_by=OPERATOR, corrects_id=None))
                    timeline.append((at, "report.issue", doc_no, {"kind": kind_}))
            for table, rows in ((Event, ev_rows), (EventGrade, grade_rows), (EventCount, cnt_rows),
                                (PhoneReport, phone_rows), (IssuedReport, report_rows)):
                for i in range(0, len(rows), CHUNK):
                    conn.execute(table.__table__.insert(), rows[i:i + CHUNK])
                counts[table.__tablename__] = len(rows)
            save_counters("温应指", report_numbers)
            log(f"  levels, warnings, events, reports: {time.perf_counter() - t0:.0f} s")

            # Meetings and briefings with attendance and speakers.
            items, attendance, speakers = [], [], []
            kinds = ("dispatch", "work_meeting", "press_briefing", "expert_assessment", "release", "report_due",
                     "other")
            for n in range(MEETINGS):
                iid = ids["schedule_item"] + n
                at = when(n / MEETINGS)
                kind = kinds[n % len(kinds)]
                items.append(dict(id=iid, kind=kind, title=f"{kind}-{n + 1} 疫情防控工作会议", start=at,
                                  end=at + timedelta(hours=1), place="市政府第一会议室", host_post="市卫生健康委主任",
                                  host_person=person(n), organiser="市卫生健康委", status="held",
                                  origin="cadence" if n % 2 else "manual", edited=False, level="IV",
                                  agenda="一、通报疫情；二、部署下一步工作。", minutes="会议听取了疫情通报。",
                                  decisions="加强监测。", created_by=OPERATOR, version=1))
                for u in range(8):
                    attendance.append(dict(id=ids["attendance"] + len(attendance), item_id=iid,
                                           unit=units[(n + u * 7) % len(units)], status="present", substitute=""))
                if kind == "press_briefing":
                    speakers.append(dict(id=ids["speaker"] + len(speakers), item_id=iid, person=person(n + 3),
                                         unit="市卫生健康委", topic="通报疫情"))
                timeline.append((at - timedelta(days=2), "schedule.add", f"#{iid}", {"kind": kind}))
                timeline.append((at + timedelta(hours=2), "schedule.record", f"#{iid}", {"status": "held"}))
            for table, rows in ((ScheduleItem, items), (Attendance, attendance), (Speaker, speakers)):
                for i in range(0, len(rows), CHUNK):
                    conn.execute(table.__table__.insert(), rows[i:i + CHUNK])
                counts[table.__tablename__] = len(rows)
            log(f"  meetings: {time.perf_counter() - t0:.0f} s")

            # Tasks (交办单), numbered per year, most of them done, with a note each.
            task_rows, note_rows, task_numbers = [], [], numbers_from("交办")
            for n in range(TASKS):
                created = when(n / TASKS)
                year = created.astimezone(TZ).year
                number = task_numbers[year] = task_numbers.get(year, 0) + 1
                doc_no = format_number("交办", year, number)
                done = n < TASKS - 50
                task_rows.append(dict(id=ids["task"] + n, doc_no=doc_no, year=year, number=number,
                                      content=f"落实第{n + 1}项防控措施：做好重点场所排查和人员健康监测，及时报送情况。",
                                      lead_unit=units[n % len(units)], co_units=units[(n + 5) % len(units)],
                                      deadline=created + timedelta(days=3), source="instruction", meeting_id=None,
                                      instruction="", status="done" if done else "assigned",
                                      receipt_at=created + timedelta(hours=2),
                                      done_at=created + timedelta(days=2) if done else None, created_at=created,
                                      created_by=OPERATOR, version=1))
                note_rows.append(dict(id=ids["task_note"] + n, task_id=ids["task"] + n,
                                      at=created + timedelta(days=1), author=OPERATOR, text="已部署落实。"))
                timeline.append((created, "task.add", doc_no, {"lead": task_rows[-1]["lead_unit"]}))
                if done:
                    timeline.append((created + timedelta(days=2), "task.status", doc_no, {"status": "done"}))
            for table, rows in ((Task, task_rows), (TaskNote, note_rows)):
                for i in range(0, len(rows), CHUNK):
                    conn.execute(table.__table__.insert(), rows[i:i + CHUNK])
                counts[table.__tablename__] = len(rows)
            save_counters("交办", task_numbers)
            log(f"  tasks: {time.perf_counter() - t0:.0f} s")

            # The audit trail: the entries above plus filler up to about a million, in time order.
            chain = _Audit(conn, AuditEntry.__table__)
            filler = AUDIT_TOTAL - len(timeline) - (chain.next_id - 1)
            actions = ("roster.update", "people.set", "schedule.edit", "task.note", "backup.done")
            for n in range(max(filler, 0)):
                timeline.append((when(n / filler), actions[n % len(actions)], units[n % len(units)],
                                 {"field": "mobile", "value": mobile(n)}))
            timeline.sort(key=lambda item: item[0])
            log(f"  audit entries to chain: {len(timeline):,} …")
            for at, action, target, after in timeline:
                chain.add(at, action, target, after=after)
            chain.flush()
            counts["audit_entry"] = chain.next_id - 1
            log(f"  audit chain: {time.perf_counter() - t0:.0f} s")
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ten-years", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    print(realistic(rebuild=args.rebuild))
    if args.ten_years:
        print(ten_years(rebuild=args.rebuild))
