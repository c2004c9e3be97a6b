"""kill (SIGTERM) and Ctrl+C (SIGINT) close the window like its close button: no unclean-shutdown next start."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from wzcommand.storage import instance
from wzcommand.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_closes_the_window_cleanly(tmp_path, sig):
    db = tmp_path / "w.sqlite3"
    open_database(db).close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", WZCOMMAND_SMOKE_QUIT_MS="120000",
               WZCOMMAND_DATA_DIR=str(tmp_path))
    window = subprocess.Popen([sys.executable, "-m", "wzcommand", "--db", str(db)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert window.stdout.readline().strip() == "window shown", window.stderr.read()
        assert instance.held_elsewhere(db)
        window.send_signal(sig)
        assert window.wait(60) == 0
    finally:
        if window.poll() is None:
            window.kill()
    assert not instance.held_elsewhere(db) and not instance.left_open(db)  # the next start sees a clean close


def test_end_of_session_closes_like_the_close_button(qtbot):
    from PySide6.QtWidgets import QApplication, QMainWindow

    from wzcommand.app import _close_on_request

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    app = QApplication.instance()
    try:
        close = _close_on_request(app, window)
        assert app.receivers("2commitDataRequest(QSessionManager&)") >= 1  # the session manager's request
        close()
        assert not window.isVisible()
    finally:
        app.commitDataRequest.disconnect(close)
        for s, handler in saved.items():
            signal.signal(s, handler)
