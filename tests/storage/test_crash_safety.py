"""Crash test: a child writes through the services and is killed (SIGKILL) at random moments.

After every kill the database passes integrity_check, the audit chain verifies, every change the
child reported as committed is there, and no change is there by half. WZCOMMAND_CRASH_ROUNDS sets
the number of kills (CI: the default; a soak run: thousands).
"""
import json
import os
import random
import signal
import time
from datetime import datetime, timedelta, timezone
from level_support import complete

import pytest
from sqlalchemy import func, select

from wzcommand.services import events, levels, roster, tasks
from wzcommand.services import audit_log
from wzcommand.storage.audit import verify_chain
from wzcommand.storage.checks import integrity_check
from wzcommand.storage.database import open_database
from wzcommand.storage.models import AuditEntry, Event, EventCount, LevelDecision, Task

pytestmark = [pytest.mark.sqlite_only,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")]
ROUNDS = int(os.environ.get("WZCOMMAND_CRASH_ROUNDS", "200"))
UNITS = ["市公安局", "市教育局", "市财政局", "市卫生健康委", "市民政局"]
LEVELS = ["IV", "III", "II", "none"]
KINDS = ["contact", "task", "event", "level"]


def child(path, out_fd, seed, first=None):
    """Random writes forever; after each commit, one line on the pipe saying what is now durable."""
    rng = random.Random(seed)
    db = open_database(path, seed=False)
    out = os.fdopen(out_fd, "w", buffering=1)
    out.write("ready\n")  # the parent's random delay starts now, however slow the machine is
    n = 0
    if first is None:  # each kind in turn, from a random one: any may be the one cut short
        first = rng.randrange(len(KINDS))
    while True:
        kind = KINDS[(first + n) % len(KINDS)]
        n += 1
        now = datetime.now(timezone.utc)
        if kind == "contact":
            unit, value = rng.choice(UNITS), f"联络员{seed}-{n}"
            roster.update_contact(db, unit, {"liaison": value}, "crash")
            out.write(json.dumps(["contact", unit, value]) + "\n")
        elif kind == "task":
            task = tasks.add_task(db, f"事项{seed}-{n}", rng.choice(UNITS), "crash", now=now)
            out.write(json.dumps(["task", task.doc_no]) + "\n")
        elif kind == "event":
            e = events.register_event(db, events.EventInput(
                name=f"事件{seed}-{n}", category="food", district="鹿城区", occurred_at=now - timedelta(hours=1),
                received_at=now, grade="一般", counts={"ill": n}), "crash", now=now)
            out.write(json.dumps(["event", e.id]) + "\n")
        else:
            state = levels.current_state(db)
            target = rng.choice([lv for lv in LEVELS if lv != state.level])
            try:
                req = levels.SwitchRequest(target=target, decided_at=now, decided_by="市政府", basis="演练")
                d = levels.switch_level(db, complete(db, req, state=state), "crash", now=now)
            except levels.RefusedError:
                continue
            out.write(json.dumps(["level", d.id]) + "\n")


def verify(path, reported):
    assert integrity_check(path) == ["ok"]
    db = open_database(path, seed=False)
    try:
        report = audit_log.check(db)  # chain, triggers, and every table equal to what the log says
        assert report.ok, report.message()
        with db.read() as s:
            assert verify_chain(s).ok
            audits = s.scalars(select(AuditEntry)).all()
            targets = {(a.action, a.target) for a in audits}
            decisions = s.scalars(select(LevelDecision)).all()
            for d in decisions:  # no decision without its audit entry, and vice versa
                assert any(a.action == "level.switch" and f'"decision": {d.id}' in a.after for a in audits)
            assert sum(a.action == "level.switch" for a in audits) == len(decisions)
            numbers = sorted(s.scalars(select(Task.number)).all())
            assert numbers == list(range(1, len(numbers) + 1))  # never a gap, never a repeat
            assert all(("task.add", no) in targets for no in s.scalars(select(Task.doc_no)))
            for e in s.scalars(select(Event)).all():
                assert s.scalar(select(func.count()).select_from(EventCount).where(EventCount.event_id == e.id)) == 1
            for kind, *rest in reported:
                if kind == "task":
                    assert s.scalar(select(func.count()).select_from(Task).where(Task.doc_no == rest[0])) == 1
                elif kind == "event":
                    assert s.get(Event, rest[0]) is not None
                elif kind == "level":
                    assert s.get(LevelDecision, rest[0]) is not None
        last = {}
        for kind, *rest in reported:
            if kind == "contact":
                last[rest[0]] = rest[1]
        def order(value):  # 联络员{round}-{n}: later writes sort later
            return tuple(int(x) for x in value.removeprefix("联络员").split("-"))

        for unit, value in last.items():  # the last acknowledged value, or a later one not yet reported
            assert order(roster.get_unit(db, unit).contact["liaison"]) >= order(value)
    finally:
        db.close()


def test_killed_writer_loses_nothing_acknowledged(tmp_path):
    path = tmp_path / "crash.sqlite3"
    open_database(path).close()
    rng = random.Random(20261129)
    reported = []
    round_no = 0
    # ROUNDS kills; on a slow machine a few more, each starting with the kind not yet acknowledged and
    # given up to a second, until a level switch and a task were acknowledged (the checks covered them)
    while round_no < ROUNDS or (missing(reported) and round_no < ROUNDS + 20):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns to pytest
            os.close(read_fd)
            try:
                child(path, write_fd, round_no, first=None if round_no < ROUNDS else KINDS.index(missing(reported)))
            finally:
                os._exit(0)
        os.close(write_fd)
        pipe = os.fdopen(read_fd)
        assert pipe.readline() == "ready\n"
        time.sleep(rng.uniform(0.005, 0.12) if round_no < ROUNDS else rng.uniform(0.3, 1.5))  # extra: let it finish
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with pipe:
            lines = pipe.read().splitlines()
        acknowledged = [json.loads(l) for l in lines if l.endswith("]")]  # a torn last line was not acknowledged
        reported.extend(acknowledged)
        verify(path, reported)
        round_no += 1
    assert not missing(reported)


def missing(reported) -> str | None:
    """"level" or "task" while no such write was acknowledged yet, else None."""
    return next((kind for kind in ("level", "task") if not any(r[0] == kind for r in reported)), None)
