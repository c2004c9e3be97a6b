"""Command-line figures for benchmarks/run.py: whole processes, wall time, beside their yardstick.

Each command runs as a user's script runs it (a new interpreter, ``python -m wzcommand``) on a
private copy of the realistic database; the yardstick is ``python -c`` opening the same SQLite
file with the standard library's ``sqlite3`` and reading one row, started the same way in the
same loop. Runs are interleaved (yardstick, then each command) so load on the machine hits
both alike; the figures are medians.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READS = {
    "level show --json": ["level", "show", "--json"],
    "units --json": ["units", "--json"],
    "deadlines --json": ["deadlines", "--json"],
}
WRITE = ("people set 市长 --name … (a write)", ["people", "set", "市长", "--name", "张明", "--mobile", "13800000000"])
READ_GOAL_S, WRITE_GOAL_S = 0.30, 0.50
FULL_PATH = "level show --json, full path"

YARDSTICK = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "c.execute('SELECT count(*) FROM sqlite_master').fetchone(); c.close()")
ORM_ALONE = "import sqlalchemy.orm"  # what any write through the services must load, for comparison


def _wall(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout[-1000:]}\n{proc.stderr[-2000:]}")
    return took


def measure(db: Path, runs: int) -> dict:
    """Medians in seconds: the yardstick and every command, and each command's ratio to it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WZCOMMAND_DATA_DIR": str(db.parent)}
    env.pop("WZCOMMAND_PASSWORD", None)
    commands = {**READS, WRITE[0]: WRITE[1]}
    argv = {name: [sys.executable, "-m", "wzcommand", "--db", str(db), *words] for name, words in commands.items()}
    # the same read through the full path (SQLAlchemy, the models, the services): what the quick path saves
    argv[FULL_PATH] = ["env", "WZCOMMAND_NO_QUICK=1", *argv["level show --json"]]
    stick = [sys.executable, "-c", YARDSTICK, str(db)]
    argv[ORM_ALONE] = [sys.executable, "-c", ORM_ALONE]
    for name in argv:  # warm-up: the files in the page cache (run.py compiled the bytecode first)
        _wall(argv[name], env)
    _wall(stick, env)
    times: dict[str, list[float]] = {"yardstick": [], **{name: [] for name in argv}}
    for _ in range(runs):
        times["yardstick"].append(_wall(stick, env))
        for name in argv:
            times[name].append(_wall(argv[name], env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    fastest = {name: min(values) for name, values in times.items()}
    return {"yardstick_s": medians.pop("yardstick"), "full_path_s": medians.pop(FULL_PATH),
            "orm_alone_s": medians.pop(ORM_ALONE), "fastest_s": fastest,
            "commands": [{"name": name, "s": s, "write": name == WRITE[0], "fastest_s": fastest[name]}
                         for name, s in medians.items()]}


def add_rows(table, notes: list[str], db: Path, runs: int) -> None:
    res = measure(db, runs)
    stick = res["yardstick_s"]
    table.add("command line: wzcommand level show --json without the quick path (WZCOMMAND_NO_QUICK=1)",
              f"{res['full_path_s'] * 1000:,.0f} ms", "—", None, f"{stick * 1000:,.0f} ms",
              f"{res['full_path_s'] / stick:.1f}")
    for row in res["commands"]:
        goal = WRITE_GOAL_S if row["write"] else READ_GOAL_S
        table.add(f"command line: wzcommand {row['name']} (whole process)", f"{row['s'] * 1000:,.0f} ms",
                  f"wall ≤ {goal * 1000:.0f} ms", row["s"] <= goal, f"{stick * 1000:,.0f} ms",
                  f"{row['s'] / stick:.1f}")
    orm = res["orm_alone_s"]
    table.add("command line: python -c 'import sqlalchemy.orm' (what a write through the services loads)",
              f"{orm * 1000:,.0f} ms", "—", None, f"{stick * 1000:,.0f} ms", f"{orm / stick:.1f}")
    fastest = res["fastest_s"]
    notes.append(f"command line: yardstick `python -c` opening the same SQLite file with sqlite3 {stick * 1000:.0f} ms "
                 f"(median of {runs}); the goals are absolute wall times on this machine, so a loaded machine "
                 "misses them even when the ratios hold. Fastest of the runs (the least disturbed by other work): "
                 + ", ".join(f"{name} {t * 1000:.0f} ms" for name, t in fastest.items()))
