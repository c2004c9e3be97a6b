"""Child process of benchmarks/run.py: GUI figures measured inside one running window.

    python benchmarks/gui_probe.py switch --db FILE [--runs N]   level switch → chart and status bar repainted
    python benchmarks/gui_probe.py search --db FILE [--runs N]   one keystroke → filtered roster repainted
    python benchmarks/gui_probe.py panels --db FILE              each panel: time to show, scroll top → bottom

Prints one JSON object on stdout. The window is the real MainWindow (1280×800, offscreen);
"repainted" means the widget received its paint event, waited for with processEvents, so the
figures include the model updates, layout and painting that follow a change.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QTabWidget,  # noqa: E402
                               QWidget)

TIMEOUT = 10.0
MAX_FRAMES = 800  # per view; a longer table is scrolled in bigger steps

# PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt function that
# returns void (processEvents, setValue, setText …); a few thousand calls in a loop abort the
# interpreter ("none_dealloc"). The loops below keep one extra reference per such call here.
# (Harmless where the bug is fixed, and from Python 3.12 on, where None is immortal.)
_NONE_REFS: list[None] = []


def void(result=None) -> None:
    _NONE_REFS.append(result)


class Paints(QObject):
    """Counts paint events of the widgets it watches."""

    def __init__(self, *widgets: QWidget):
        super().__init__()
        self.counts: dict[int, int] = {}
        for w in widgets:
            self.watch(w)

    def watch(self, widget: QWidget) -> None:
        self.counts.setdefault(id(widget), 0)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and id(obj) in self.counts:
            self.counts[id(obj)] += 1
        return False

    def of(self, widget: QWidget) -> int:
        return self.counts[id(widget)]


def wait_until(app: QApplication, done, timeout: float = TIMEOUT) -> bool:
    """Process events (sleeping while there are none) until `done()`; False on timeout."""
    deadline = time.perf_counter() + timeout
    guard = QTimer()
    guard.setSingleShot(True)
    guard.start(int(timeout * 1000) + 10)  # wakes a wait that no event would end
    while not done():
        if time.perf_counter() > deadline:
            return False
        void(app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents))
    void(guard.stop())
    return True


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def make_window(db_path: str):
    from wzcommand.settings import load_settings
    from wzcommand.storage.database import open_database
    from wzcommand.ui import main_window
    from wzcommand.ui.bus import ChangeBus, UiContext
    from wzcommand.ui.main_window import MainWindow

    built_ms: dict[str, float] = {}  # each panel's construction (its first load of data)

    def timed(title, factory):
        def make(ctx):
            t = time.perf_counter()
            panel = factory(ctx)
            built_ms[title] = (time.perf_counter() - t) * 1000
            return panel
        return make

    main_window.PANELS[:] = [(title, timed(title, factory)) for title, factory in main_window.PANELS]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("wzcommand")
    started = time.perf_counter()
    db = open_database(Path(db_path))
    opened = time.perf_counter()
    ctx = UiContext(db, ChangeBus(), load_settings())
    window = MainWindow(ctx)
    built = time.perf_counter()
    window.resize(1280, 800)
    paints = Paints(window)
    window.show()
    wait_until(app, lambda: paints.of(window) > 0)
    shown = time.perf_counter()
    timings = {"open_db_ms": (opened - started) * 1000, "build_window_ms": (built - opened) * 1000,
               "first_paint_ms": (shown - built) * 1000, "panels_built_ms": built_ms}
    return app, ctx, window, timings


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "max": max(values), "min": min(values), "n": len(values),
            "all": [round(v, 2) for v in values]}


# ---------------------------------------------------------------------------------- level switch


def bench_switch(db_path: str, runs: int) -> dict:
    from datasets import planned_request
    from wzcommand import clock
    from wzcommand.services import levels
    from wzcommand.ui.bus import LEVELS

    app, ctx, window, timings = make_window(db_path)
    window.show_panel(0)  # 指挥体系: the org chart is in view when the switch is confirmed
    command = window.panels["指挥体系"]
    paints = Paints(window.state_label, command.chart)
    settle(200)
    cycle = {"none": "IV", "IV": "III", "III": "II", "II": "III"}  # never Ⅰ (needs the province's record)
    totals, services = [], []
    for n in range(runs + 1):  # the first switch is a warm-up (first use of the dialog-free path)
        current = levels.current_state(ctx.db).level
        req = planned_request(ctx.db, cycle[current], clock.now(), basis="基准测试：专家评估建议调整。",
                              assessment="建议调整", expected_from=current)
        spent = []

        def switch():
            t = time.perf_counter()
            result = levels.switch_level(ctx.db, req, ctx.operator())
            spent.append(time.perf_counter() - t)
            return result

        before_label, before_chart = paints.of(window.state_label), paints.of(command.chart)
        started = time.perf_counter()
        ctx.bus.write(LEVELS, switch)  # what the dialog's confirm does
        ok = wait_until(app, lambda: paints.of(window.state_label) > before_label
                        and paints.of(command.chart) > before_chart)
        elapsed = time.perf_counter() - started
        if not ok:
            raise SystemExit("the status bar or the chart was not repainted after a level switch")
        if n:
            totals.append(elapsed * 1000)
            services.append(spent[0] * 1000)
    ctx.db.close()
    return {"window": timings, "total_ms": summary(totals), "service_ms": summary(services)}


# ---------------------------------------------------------------------------------- roster search


def bench_search(db_path: str, runs: int) -> dict:
    app, ctx, window, timings = make_window(db_path)
    roster = window.panels["成员单位"]
    window.show_panel(list(window.panels).index("成员单位"))
    edit, viewport = roster.ui.searchEdit, roster.ui.table.viewport()
    paints = Paints(viewport)
    wait_until(app, lambda: paints.of(viewport) > 0)
    edit.setFocus()
    keys = [(Qt.Key.Key_W, "w"), (Qt.Key.Key_J, "j"), (Qt.Key.Key_W, "w"), *[(Qt.Key.Key_Backspace, "")] * 3,
            (0, "卫"), (0, "生"), *[(Qt.Key.Key_Backspace, "")] * 2, (Qt.Key.Key_S, "s"), (Qt.Key.Key_H, "h"),
            *[(Qt.Key.Key_Backspace, "")] * 2]

    def stroke(key, text) -> float:
        before = paints.of(viewport)
        started = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        if not wait_until(app, lambda: paints.of(viewport) > before):
            raise SystemExit("the roster table was not repainted after a keystroke")
        return (time.perf_counter() - started) * 1000

    cold = stroke(*keys[0])  # the first pinyin query builds the pinyin keys (imports pypinyin)
    for key, text in keys[1:]:
        stroke(key, text)
    assert edit.text() == "", edit.text()
    times = [stroke(key, text) for _ in range(runs) for key, text in keys]
    shown = roster.proxy.rowCount()
    ctx.db.close()
    return {"window": timings, "first_keystroke_ms": cold, "keystroke_ms": summary(times), "rows": shown}


# ---------------------------------------------------------------------------------- panels


def _views(panel: QWidget, nav: QWidget) -> list[QAbstractItemView]:
    return [v for v in panel.findChildren(QAbstractItemView)
            if v.isVisible() and v is not nav and not isinstance(v, QHeaderView)
            and v.model() is not None and v.model().rowCount() > 0]


def _scroll(app, view: QAbstractItemView) -> dict:
    bar, viewport = view.verticalScrollBar(), view.viewport()
    paints = Paints(viewport)
    rows = view.model().rowCount()
    if bar.maximum() <= bar.minimum():
        return {"rows": rows, "frames": 0, "max_ms": 0.0, "p95_ms": 0.0, "total_ms": 0.0}
    void(bar.setValue(bar.minimum()))
    settle(50)
    step = max(bar.pageStep(), -(-(bar.maximum() - bar.minimum()) // MAX_FRAMES))
    frames = []
    while bar.value() < bar.maximum():
        before = paints.of(viewport)
        started = time.perf_counter()
        void(bar.setValue(min(bar.value() + step, bar.maximum())))
        if not wait_until(app, lambda: paints.of(viewport) > before):
            raise SystemExit(f"{view.objectName()} was not repainted while scrolling")
        frames.append((time.perf_counter() - started) * 1000)
    frames.sort()
    return {"rows": rows, "frames": len(frames), "max_ms": frames[-1],
            "p95_ms": frames[int(len(frames) * 0.95) - 1 if len(frames) > 1 else 0],
            "total_ms": sum(frames), "step_rows": step}


def bench_panels(db_path: str) -> dict:
    app, ctx, window, timings = make_window(db_path)
    result = {"window": timings, "panels": []}
    for index, title in enumerate(window.panels):
        started = time.perf_counter()  # a panel shown the first time is built then: that counts
        panel = window.panels[title]
        paints = Paints(panel)
        void(window.show_panel(index))
        if not wait_until(app, lambda: paints.of(panel) > 0):
            raise SystemExit(f"panel {title} was not painted")
        entry = {"panel": title, "show_ms": (time.perf_counter() - started) * 1000, "views": []}
        measured: set[int] = set()

        def measure_visible(label: str) -> None:
            for view in _views(panel, window.nav):
                if id(view) in measured:
                    continue
                measured.add(id(view))
                entry["views"].append({"view": view.objectName() or type(view).__name__, "where": label,
                                       **_scroll(app, view)})

        measure_visible("")
        for tabs in panel.findChildren(QTabWidget):
            for t in range(tabs.count()):
                if tabs.currentIndex() != t:
                    void(tabs.setCurrentIndex(t))
                    settle(50)
                measure_visible(tabs.tabText(t))
        result["panels"].append(entry)
    ctx.db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["switch", "search", "panels"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if args.task == "switch":
        out = bench_switch(args.db, args.runs)
    elif args.task == "search":
        out = bench_search(args.db, args.runs)
    else:
        out = bench_panels(args.db)
    print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)  # the database is closed; skip tearing down every widget


if __name__ == "__main__":
    main()
