"""Child process of benchmarks/run.py: start a window and report when it is on screen.

    python benchmarks/start_probe.py app    # the program as `wzcommand` starts it (run_gui, default database)
    python benchmarks/start_probe.py bare   # a bare PySide6 main window with one label

Both record time.time() in the main window's first paintEvent (the method is overridden on the
window class, so no event filter slows either start): on a real X server (Xvfb) a window paints
once it is mapped and exposed. For `app` the probe also records the first paint that shows data
(after MainWindow.attach) and the status bar's level, warning and report-clock texts in that
frame, then has the window reload them from the database and compares: `first_data_correct`.
It prints one line

    PAINTED <epoch seconds> <json: heavy modules imported at the first paint, phases, data paint, check>

and quits through the event loop. The parent subtracts the time it started the process.
QT_QPA_PLATFORM (offscreen, or xcb with DISPLAY) and, for `app`, WZCOMMAND_DATA_DIR come from the parent.
"""
from __future__ import annotations

import time

STARTED = time.time()  # the interpreter is up; nothing imported yet

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's wzcommand, in both modes

HEAVY = ("reportlab", "pyqtgraph", "openpyxl", "pypinyin", "numpy", "PIL", "alembic", "mako")
PHASES: dict[str, float] = {"interpreter": STARTED}


def _report(painted: list[float], extra: dict) -> None:
    from PySide6.QtWidgets import QApplication

    print(f"PAINTED {painted[0]:.6f} {json.dumps({'heavy': HEAVY_AT_FIRST_PAINT, 'phases': PHASES, **extra})}",
          flush=True)
    QApplication.instance().quit()


HEAVY_AT_FIRST_PAINT: list[str] = []


def _on_first_paint(cls, data_check=None):
    """Make `cls.paintEvent` note the first paint (and, with `data_check`, the first paint that shows
    data: `data_check(window)` returns None before that), then let the event loop finish and quit."""
    painted: list[float] = []
    shown: dict = {}
    base = cls.paintEvent

    def paintEvent(self, event):
        base(self, event)
        if not painted:
            painted.append(time.time())
            HEAVY_AT_FIRST_PAINT.extend(m for m in HEAVY if m in sys.modules)
        if data_check is None:
            if len(painted) == 1:
                painted.append(0.0)
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, lambda: _report(painted, {}))
            return
        if not shown:
            texts = data_check(self)
            if texts is not None:
                shown.update(data_painted=time.time(), first_data=texts,
                             heavy_at_data=[m for m in HEAVY if m in sys.modules])
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, lambda: _report(painted, _verified(self, shown, data_check)))

    cls.paintEvent = paintEvent


def _verified(window, shown: dict, data_check) -> dict:
    """Reload the status bar from the database now and compare with what the first data frame showed."""
    window._update_state()
    window.clock_widget.reload()
    again = data_check(window)
    return {**shown, "first_data_correct": again == shown["first_data"], "reloaded": again}


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    class BareWindow(QMainWindow):
        pass

    _on_first_paint(BareWindow)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("wzcommand")
    window = BareWindow()
    window.setCentralWidget(QLabel("温州市突发公共卫生事件应急指挥部"))
    available = app.primaryScreen().availableGeometry()  # sized as run_gui sizes the real window
    window.resize(min(1280, available.width()), min(800, available.height()))
    window.show()
    return app.exec()


def _timed(owner, name: str, label: str) -> None:
    """Note when `owner.name` is entered and left (the phases of the start)."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        PHASES.setdefault(f"{label}_start", time.time())
        try:
            return real(*args, **kwargs)
        finally:
            PHASES.setdefault(f"{label}_end", time.time())

    setattr(owner, name, wrapper)


def app() -> int:
    from wzcommand import startup

    startup.begin()  # as cli.entry() does for the `wzcommand` script
    from wzcommand import app as app_module  # light: the window's frame comes before the heavy imports
    from wzcommand.ui import main_window

    def status_texts(window):
        if not getattr(window, "attached", True):
            return None
        return {"level": window.state_label.text(), "since": window.since_label.text(),
                "warning": window.warning_label.text(), "clock": window.clock_widget.text()}

    _timed(app_module, "open_for_window", "open_db")
    _timed(main_window.MainWindow, "attach", "window")
    _on_first_paint(main_window.MainWindow, status_texts)
    from wzcommand.cli import main

    return main([])


if __name__ == "__main__":
    raise SystemExit({"app": app, "bare": bare}[sys.argv[1]]())
