"""Several seats decide a level at the same moment (real processes): exactly one decision is recorded."""
import os
import subprocess
import sys
import time
from pathlib import Path

from wzcommand.services import levels

WORKER = r"""
import os, sys, time
from datetime import datetime, timedelta, timezone
from wzcommand.storage.database import open_database
from wzcommand.services import levels
from wzcommand.services.errors import ServiceError
target, go = sys.argv[1], sys.argv[2]
db = open_database(url=target, seed=False) if "://" in target else open_database(target, seed=False)
at = datetime(2026, 11, 20, 9, tzinfo=timezone(timedelta(hours=8)))
req = levels.SwitchRequest(target="IV", decided_at=at, decided_by="市卫生健康主管部门", basis="专家评估建议",
                           assessment="建议启动Ⅳ级", assessed_on=at.date(), approved_by="市政府",
                           approval_ref="温政函〔2026〕1号", approved_at=at)  # phe 6.1.4
with db.read() as s:  # warm the connection so every seat reaches the write together
    levels.state_in(s)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
try:
    levels.switch_level(db, req, "主任甲")
    print("done")
except ServiceError as exc:
    print("refused")
db.close()
"""


def test_simultaneous_level_switches_record_one_start(db, tmp_path):
    target = str(db.path) if db.path else db.url
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    seats = [subprocess.Popen([sys.executable, "-c", WORKER, target, str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    for seat in seats:
        assert seat.stdout.readline().strip() == "ready", seat.stderr.read()
    time.sleep(0.2)
    go.touch()
    results = sorted(seat.communicate(timeout=120)[0].strip() for seat in seats)
    assert results == ["done", "refused", "refused"]
    assert [d.kind for d in levels.history(db)] == ["start"]
