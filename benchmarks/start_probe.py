"""Child process of benchmarks/run.py: start a window and report its first paint.

    python benchmarks/start_probe.py app    # the program as `wzcommand` starts it (run_gui, default database)
    python benchmarks/start_probe.py bare   # a bare PySide6 main window with one label

Both record time.time() in the main window's first paintEvent (the method is overridden on the
window class, so no event filter slows either start), then print one line

    PAINTED <epoch seconds> <json: heavy modules imported at that moment, times of the start's phases>

and quit through the event loop. The parent subtracts the time it started the process.
QT_QPA_PLATFORM=offscreen and, for `app`, WZCOMMAND_DATA_DIR come from the parent.
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


def _report(painted: list[float]) -> None:
    from PySide6.QtWidgets import QApplication

    heavy = [m for m in HEAVY if m in sys.modules]
    print(f"PAINTED {painted[0]:.6f} {json.dumps({'heavy': heavy, 'phases': PHASES})}", flush=True)
    QApplication.instance().quit()


def _on_first_paint(cls):
    """Make `cls.paintEvent` note the first paint, then let the event loop finish and quit."""
    painted: list[float] = []
    base = cls.paintEvent

    def paintEvent(self, event):
        base(self, event)
        if not painted:
            painted.append(time.time())
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: _report(painted))

    cls.paintEvent = paintEvent


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
    from wzcommand.storage import database
    from wzcommand.ui import main_window

    _timed(database, "open_database", "open_db")
    _timed(main_window.MainWindow, "__init__", "window")
    _on_first_paint(main_window.MainWindow)
    from wzcommand.cli import main

    return main([])


if __name__ == "__main__":
    raise SystemExit({"app": app, "bare": bare}[sys.argv[1]]())
