"""Performance figures of wzcommand, on demand (not part of CI's pass/fail).

    python benchmarks/run.py [--runs 7] [--no-ten-years] [--rebuild-data] [--json FILE] [--xvfb [:77]]
                             [--only start|cli|reports]

Every figure is a median of several runs; where a goal is a ratio, the bare baseline is measured
in the same run. Prints the date, the machine and a table: figure, measured, baseline, ratio,
goal, OK/MISS, then the details that explain the figures.

* cold start: process start → first paint of the main window (offscreen; with --xvfb on a
  private Xvfb server, so the window is really mapped and visible), the program on a
  realistic database (benchmarks/datasets.py) against a bare PySide6 main window with one label,
  both started the same way by benchmarks/start_probe.py; also which heavy modules are loaded then;
* command line: `level show --json`, `units --json`, `deadlines --json` and a write, whole
  processes, beside `python -c` opening the same file with sqlite3 (benchmarks/cli_figures.py);
* level switch: confirm → org chart and status bar repainted (benchmarks/gui_probe.py switch);
* roster search: one keystroke → filtered table repainted (gui_probe.py search);
* reports: first report and a 30+ page closing report through the services, against bare
  reportlab with the same fonts (benchmarks/report_figures.py, using bench_report.py);
* ten years of work: window up, then every panel shown and each of its tables scrolled from
  top to bottom, page by page (gui_probe.py panels).
The databases are cached under /tmp/wzcommand-bench; each run works on private copies.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import datasets  # noqa: E402

MUST_NOT_LOAD = ("reportlab", "pyqtgraph", "openpyxl", "pypinyin")
FRAME_STUTTER_MS = 50.0  # one frame longer than this is a visible hitch while scrolling
PANEL_SHOW_MS = 100.0  # switching to a panel should feel immediate


# ---------------------------------------------------------------------------------- helpers


def machine() -> list[str]:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "?"
    versions = {}
    for name in ("PySide6", "sqlalchemy", "reportlab", "pyqtgraph"):
        try:
            versions[name] = __import__(name).__version__
        except Exception:  # noqa: BLE001 - a missing library is reported, not fatal
            versions[name] = "not installed"
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        head = "?"
    return [f"date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z}   checkout: {head or '?'}",
            f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}),"
            f" {cpu}, {platform.system()} {platform.release()}",
            f"Python {platform.python_version()}, PySide6 {versions['PySide6']}, SQLAlchemy {versions['sqlalchemy']}, "
            f"reportlab {versions['reportlab']}, pyqtgraph {versions['pyqtgraph']}",
            f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]


DISPLAY: dict[str, str] = {"QT_QPA_PLATFORM": "offscreen"}  # --xvfb: {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":77"}


def child_env(data_dir: Path, display: dict | None = None) -> dict:
    return {**os.environ, **(display or {"QT_QPA_PLATFORM": "offscreen"}), "WZCOMMAND_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(ROOT)}


class Xvfb:
    """A private X server (Xvfb) for the window figures: real mapping, not offscreen painting."""

    def __init__(self, display: str):
        self.display, self.proc = display, None

    def __enter__(self) -> dict:
        if shutil.which("Xvfb") is None:
            raise SystemExit("--xvfb: Xvfb is not installed (Debian: apt-get install xvfb)")
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{self.display.lstrip(':')}").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"--xvfb: Xvfb {self.display} did not start (display in use?)")
            time.sleep(0.05)
        return {"QT_QPA_PLATFORM": "xcb", "DISPLAY": self.display}

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def start_once(mode: str, data_dir: Path) -> dict:
    """One start of start_probe.py; the time from just before the process is created to the paint."""
    started = time.time()
    proc = subprocess.run([sys.executable, str(HERE / "start_probe.py"), mode], env=child_env(data_dir, DISPLAY),
                          capture_output=True, text=True, timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("PAINTED ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"start_probe {mode} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}")
    _, painted, info = line.split(" ", 2)
    info = json.loads(info)
    phases = {k: (v - started) * 1000 for k, v in info["phases"].items()}
    data_ms = (info["data_painted"] - started) * 1000 if "data_painted" in info else None
    return {"ms": (float(painted) - started) * 1000, "heavy": info["heavy"], "phases": phases, "data_ms": data_ms,
            "correct": info.get("first_data_correct"), "first_data": info.get("first_data"),
            "heavy_at_data": info.get("heavy_at_data", info["heavy"])}


def starts(data_dir: Path, runs: int, modes=("bare", "app")) -> dict[str, list[dict]]:
    """Interleaved starts after one warm-up each (the files are then in the page cache)."""
    for mode in modes:
        start_once(mode, data_dir)
    results: dict[str, list[dict]] = {m: [] for m in modes}
    for _ in range(runs):
        for mode in modes:
            results[mode].append(start_once(mode, data_dir))
    return results


def probe(task: str, db: Path, runs: int) -> dict:
    proc = subprocess.run([sys.executable, str(HERE / "gui_probe.py"), task, "--db", str(db), "--runs", str(runs)],
                          env=child_env(db.parent), capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"gui_probe {task} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median(values) -> float:
    return statistics.median(values)


class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, figure: str, measured: str, goal: str = "—", ok: bool | None = None, baseline: str = "",
            ratio: str = "") -> None:
        self.rows.append((figure, measured, baseline, ratio, goal, "" if ok is None else ("OK" if ok else "MISS")))

    def print(self) -> None:
        head = ("figure", "measured", "baseline", "ratio", "goal", "result")
        widths = [max(_width(r[i]) for r in [head, *self.rows]) for i in range(len(head))]
        line = "  ".join("-" * w for w in widths)
        print(line)
        for row in [head, None, *self.rows]:
            if row is None:
                print(line)
                continue
            print("  ".join(_pad(cell, w, right=i in (1, 2, 3)) for i, (cell, w) in enumerate(zip(row, widths))))
        print(line)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


# ---------------------------------------------------------------------------------- the figures


def cold_start(table: Table, notes: list[str], data_dir: Path, runs: int, label: str, goal_ms: float,
               with_ratio: bool) -> None:
    res = starts(data_dir, runs, ("bare", "app") if with_ratio else ("app",))
    app = median(r["ms"] for r in res["app"])
    data = median(r["data_ms"] for r in res["app"])
    if with_ratio:
        bare = median(r["ms"] for r in res["bare"])
        table.add(f"window visible: process start → first paint ({label}) vs bare QLabel window", ms(app),
                  "ratio ≤ 1.5", app / bare <= 1.5, ms(bare), f"{app / bare:.2f}")
        table.add(f"window shows its data: → first frame with level, warning, clocks ({label})", ms(data), "—",
                  None, ms(bare), f"{data / bare:.2f}")
    table.add(f"cold start → window with its data ({label})", ms(data), f"< {goal_ms:,.0f} ms", data < goal_ms)
    wrong = [r["first_data"] for r in res["app"] if not r["correct"]]
    table.add(f"first frame with data shows the current level, warning, clock ({label})",
              f"{len(res['app']) - len(wrong)} of {len(res['app'])} starts", "all", not wrong)
    heavy = sorted({m for r in res["app"] for m in r["heavy_at_data"]})
    if with_ratio:
        bad = [m for m in heavy if m in MUST_NOT_LOAD]
        table.add("heavy modules loaded when the window shows its data", ", ".join(bad) or "none of them",
                  "no " + "/".join(MUST_NOT_LOAD), not bad)
    phases = {}
    for r in res["app"]:
        for k, v in r["phases"].items():
            phases.setdefault(k, []).append(v)
    p = {k: median(v) for k, v in phases.items()}
    if {"interpreter", "open_db_start", "open_db_end", "window_start", "window_end"} <= p.keys():
        notes.append(f"cold start ({label}), medians from process start: interpreter up {p['interpreter']:.0f} ms; "
                     f"frame painted (PySide6, QApplication, the frame) {app:.0f} ms; "
                     f"→ opening starts (imports) +{p['open_db_start'] - app:.0f} ms; "
                     f"open_for_window (SQLAlchemy, checks, lock) +{p['open_db_end'] - p['open_db_start']:.0f} ms; "
                     f"→ attach +{p['window_start'] - p['open_db_end']:.0f} ms; "
                     f"attach (services, first panel, status bar) +{p['window_end'] - p['window_start']:.0f} ms; "
                     f"→ first frame with data +{data - p['window_end']:.0f} ms (total {data:.0f} ms)")
    notes.append(f"cold start ({label}): other modules loaded when the window shows its data: "
                 f"{', '.join(m for m in heavy if m not in MUST_NOT_LOAD) or 'none'}")


def level_switch(table: Table, notes: list[str], db: Path, runs: int) -> None:
    res = probe("switch", db, runs)
    total, service = res["total_ms"], res["service_ms"]
    table.add("level switch: confirm → chart + status bar repainted", ms(total["median"]), "< 50 ms",
              total["median"] < 50)
    notes.append(f"level switch: {total['n']} switches (Ⅲ→Ⅱ→Ⅲ→Ⅳ…), total {total['all']} ms; "
                 f"of which switch_level() (the write: decision, schedule regenerated, audit) {service['all']} ms, "
                 f"median {service['median']:.1f} ms; the rest is the panels' reload and repaint")


def roster_search(table: Table, notes: list[str], db: Path, runs: int) -> None:
    res = probe("search", db, max(1, runs // 3))
    keys = res["keystroke_ms"]
    table.add("roster search: keystroke → filtered table repainted", ms(keys["median"]), "< 16 ms",
              keys["median"] < 16)
    table.add("roster search: first pinyin keystroke (cold)", ms(res["first_keystroke_ms"]))
    notes.append(f"roster search: {keys['n']} keystrokes (w j w ⌫…, 卫 生, s h) over {res['rows']} units, "
                 f"max {keys['max']:.1f} ms; the first pinyin keystroke imports pypinyin and builds the keys")


def report_figures(table: Table, notes: list[str], runs: int, workdir: Path) -> None:
    import report_figures as rf

    res = rf.measure(runs, workdir / "reports")
    first, closing = res["service_first"], res["service_closing"]
    table.add(f"first report → PDF ({first['pages']} pages; draft from the database + fonts + render)",
              ms(first["engine_ms"]), "ratio ≤ 1.3", first["engine_ms"] / first["bare_ms"] <= 1.3,
              ms(first["bare_ms"]), f"{first['engine_ms'] / first['bare_ms']:.2f}")
    table.add("first report → PDF, the draft already made (fonts + render)", ms(first["render_ms"]), "—", None,
              ms(first["bare_ms"]), f"{first['render_ms'] / first['bare_ms']:.2f}")
    # the issue sets the ratio for the first report; the long documents' ratios are shown, not judged
    table.add(f"closing report → PDF ({closing['pages']} pages; draft + render)", ms(closing["engine_ms"]),
              "—", None, ms(closing["bare_ms"]), f"{closing['engine_ms'] / closing['bare_ms']:.2f}")
    table.add(f"closing report → PDF ({closing['pages']} pages)", ms(closing["engine_ms"]), "< 3,000 ms",
              closing["engine_ms"] < 3000)
    for key, label in (("engine_first", "engine only: bench_report first report"),
                       ("engine_30_pages", "engine only: bench_report 30-page document")):
        r = res[key]
        table.add(f"{label} ({r['pages']} pages)", ms(r["engine_ms"]), "—", None, ms(r["bare_ms"]),
                  f"{r['engine_ms'] / r['bare_ms']:.2f}")
    notes.append(f"reports: the very first render in a process (font lookup, parsing, registration) "
                 f"{res['cold_first_render_ms']:.0f} ms; fonts used:\n    "
                 + res["fonts"].replace("\n", "\n    "))


def ten_years(table: Table, notes: list[str], db: Path, runs: int) -> None:
    info = datasets.meta("ten-years")
    rows = info.get("rows", {})
    notes.append("ten-year database: " + ", ".join(f"{k} {v:,}" for k, v in rows.items())
                 + f"; {info.get('size_mb', '?')} MiB; `wzcommand check`: {info.get('check', {}).get('output', '?')}"
                 f" ({info.get('check', {}).get('seconds', '?')} s)")
    cold_start(table, notes, db.parent, max(3, runs // 2), "ten-year database", 2000, with_ratio=False)
    res = probe("panels", db, 1)
    window = res["window"]
    notes.append(f"ten-year database, in process: open_database {window['open_db_ms']:.0f} ms, MainWindow() "
                 f"{window['build_window_ms']:.0f} ms, first paint {window['first_paint_ms']:.0f} ms; panels built "
                 "at start: " + ", ".join(f"{k} {v:.0f} ms" for k, v in
                                          sorted(window["panels_built_ms"].items(), key=lambda kv: -kv[1])))
    for panel in res["panels"]:
        table.add(f"ten years: show panel {panel['panel']} (first time)", ms(panel["show_ms"]),
                  f"< {PANEL_SHOW_MS:.0f} ms", panel["show_ms"] < PANEL_SHOW_MS)
        for view in panel["views"]:
            where = f"/{view['where']}" if view["where"] else ""
            name = f"{panel['panel']}{where}/{view['view']}"
            if not view["frames"]:
                table.add(f"ten years: scroll {name} ({view['rows']:,} rows)", "fits, no scrolling")
                continue
            table.add(f"ten years: scroll {name} ({view['rows']:,} rows), max frame", ms(view["max_ms"]),
                      f"< {FRAME_STUTTER_MS:.0f} ms", view["max_ms"] < FRAME_STUTTER_MS)
            notes.append(f"scroll {name}: {view['frames']} page steps of {view['step_rows']} rows, "
                         f"p95 {view['p95_ms']:.1f} ms, max {view['max_ms']:.1f} ms, top → bottom {view['total_ms']:,.0f} ms")


def compile_bytecode() -> str:
    """Compile the program's modules to bytecode first, as an installed program has them (pip and the
    bundle ship .pyc files). With PYTHONDONTWRITEBYTECODE set (this machine's shells set it) no start
    would write them, so every start compiled every module of the program from source again: ≈ 10 %
    of a write command's instructions. Returns the line the report prints about it."""
    import compileall

    compileall.compile_dir(ROOT / "wzcommand", quiet=1)
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return ("bytecode: the program's modules compiled before measuring (as installed)"
            + (f"; PYTHONDONTWRITEBYTECODE={flag} in this environment" if flag else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (medians)")
    parser.add_argument("--no-ten-years", action="store_true", help="skip the ten-year database")
    parser.add_argument("--rebuild-data", action="store_true", help="regenerate the cached databases")
    parser.add_argument("--json", type=Path, help="also write the table as JSON")
    parser.add_argument("--xvfb", nargs="?", const=":77", metavar="DISPLAY",
                        help="measure the window starts on a private Xvfb server (default :77): the window "
                             "mapped and visible on a real X server instead of painted offscreen")
    parser.add_argument("--only", choices=["start", "cli", "reports"], help="only these figures")
    args = parser.parse_args()

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    head = [*machine(), compile_bytecode()]
    realistic = datasets.realistic(rebuild=args.rebuild_data, log=lambda m: print(m, file=sys.stderr))
    big = None if args.no_ten_years or args.only else datasets.ten_years(rebuild=args.rebuild_data,
                                                            log=lambda m: print(m, file=sys.stderr))
    work = Path(tempfile.mkdtemp(prefix="wz-bench-run-"))
    table, notes = Table(), []
    started = time.perf_counter()
    try:
        def private(path: Path, name: str) -> Path:
            return datasets.copy_of(path, work / name)

        def window_starts() -> None:
            label = f"realistic database, {'Xvfb ' + args.xvfb if args.xvfb else 'offscreen'}"
            cold_start(table, notes, private(realistic, "start").parent, args.runs, label, 1000, with_ratio=True)

        if args.only in (None, "start"):
            if args.xvfb:
                with Xvfb(args.xvfb) as display:
                    DISPLAY.clear()
                    DISPLAY.update(display)
                    window_starts()
                DISPLAY.clear()
                DISPLAY.update({"QT_QPA_PLATFORM": "offscreen"})
            else:
                window_starts()
        if args.only in (None, "cli"):
            import cli_figures

            cli_figures.add_rows(table, notes, private(realistic, "cli"), args.runs)
        if args.only is None:
            level_switch(table, notes, private(realistic, "switch"), args.runs + 2)
            roster_search(table, notes, private(realistic, "search"), args.runs)
        if args.only in (None, "reports"):
            report_figures(table, notes, args.runs, work)
        if big is not None and args.only is None:
            ten_years(table, notes, private(big, "ten-years"), args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("wzcommand benchmarks (benchmarks/run.py)")
    for line in head:
        print(line)
    print(f"runs per figure: {args.runs} (medians); took {time.perf_counter() - started:.0f} s")
    table.print()
    print(f"goals from the issue, except two thresholds of this script: a panel shows in < {PANEL_SHOW_MS:.0f} ms, "
          f"no scroll frame takes ≥ {FRAME_STUTTER_MS:.0f} ms (a visible hitch). Load average at the end: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (other work on the machine makes figures noisy).")
    print("details:")
    for note in notes:
        print(f"  - {note}")
    if args.json:
        args.json.write_text(json.dumps({"machine": head, "rows": table.rows, "notes": notes}, ensure_ascii=False,
                                        indent=1))


if __name__ == "__main__":
    main()
