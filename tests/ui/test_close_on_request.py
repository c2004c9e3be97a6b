"""kill (SIGTERM), Ctrl+C (SIGINT) and the session manager's end of session close the window like its
close button: exit status 0, the lock let go and marked closed (the next start shows no unclean-shutdown
note and runs no full check), report drafts kept, nothing asked of a user who may not be there."""
import os
import selectors
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from wzcommand import clock
from wzcommand.services import events, reports, saved_drafts
from wzcommand.storage import instance
from wzcommand.storage.database import open_database
from wzcommand.ui import unsaved
from wzcommand.ui.dialogs.report_dialog import ReportDialog
from wzcommand.ui.shutdown import install


ROOT = Path(__file__).resolve().parents[2]


def read_line(stream, seconds: float) -> str:
    """The next line the program prints, waiting at most `seconds` (a bounded poll, not a sleep)."""
    chooser = selectors.DefaultSelector()
    chooser.register(stream, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if chooser.select(timeout=deadline - time.monotonic()):
            return stream.readline()
    return ""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_program_as_the_close_button_does(tmp_path, sig):
    db = tmp_path / "w.sqlite3"
    open_database(db).close()
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", WZCOMMAND_SMOKE_QUIT_MS="600000",
               WZCOMMAND_DATA_DIR=str(tmp_path / "data"), HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"))
    window = subprocess.Popen([sys.executable, "-m", "wzcommand", "--db", str(db)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert read_line(window.stdout, 120).strip() == "window shown"
        assert instance.held_elsewhere(db)
        window.send_signal(sig)
        assert window.wait(60) == 0, window.stderr.read()
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert not instance.held_elsewhere(db) and not instance.left_open(db)
    lock = instance.InstanceLock(db)
    assert lock.acquire() and not lock.was_unclean  # what the next start reads: no note, no full check
    lock.release()


def open_report_draft(qtbot, ctx):
    now = clock.now()
    event = events.register_event(ctx.db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
        place="某小学", occurred_at=now - timedelta(hours=1), received_at=now - timedelta(minutes=20), grade="较大",
        counts={"ill": 23, "dead": 0}), "值班员")
    dialog = ReportDialog(ctx, reports.draft_report(ctx.db, "first", event.id))
    qtbot.addWidget(dialog)
    dialog.show()
    return event, dialog


@pytest.fixture
def closer(qtbot):
    made = install(QApplication.instance())
    yield made
    made.uninstall()
    unsaved._unattended.clear()


def test_the_end_of_session_keeps_the_report_draft_and_asks_nobody(qtbot, ui_context, main_window, closer, type_text,
                                                                   _unsaved_prompt):
    event, dialog = open_report_draft(qtbot, ui_context)
    type_text(dialog.section_edits[0], "会话结束前：")
    closer.attach(main_window)
    app = QApplication.instance()
    assert app.receivers("2commitDataRequest(QSessionManager&)") >= 1  # what Qt emits when the session ends…
    closer.end_of_session(None)  # …delivered (a QSessionManager cannot be made outside Qt's session code)
    assert not main_window.isVisible() and not dialog.isVisible()
    assert _unsaved_prompt == []  # nobody was asked
    kept = saved_drafts.find_draft(ui_context.db, "first", event.id)
    assert kept is not None and kept.draft.sections[0].text.startswith("会话结束前：")
    assert closer.reason == "session"


def test_sigterm_in_a_modal_box_closes_the_box_and_the_window(qtbot, main_window, closer):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    closer.attach(main_window)
    QTimer.singleShot(0, lambda: os.kill(os.getpid(), signal.SIGTERM))
    answer = QMessageBox.question(main_window, "问题", "等待回答")  # a nested event loop, as a box is
    assert answer != QMessageBox.StandardButton.Yes
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=5000)
    assert closer.reason == "SIGTERM"


def test_a_request_before_the_window_exists_closes_it_once_attached(qtbot, main_window, closer):
    closer.request("SIGINT")
    closer.attach(main_window)
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=5000)


def test_closing_twice_during_the_closing_backup_takes_one_backup(qtbot, ui_context, main_window, closer):
    from wzcommand.services import backups, roster
    from wzcommand.ui.session import Session

    session = Session(ui_context).attach(main_window)
    session.auto_backup.changes = 1
    ui_context.bus.changed.disconnect(session.auto_backup._on_changed)
    roster.update_contact(ui_context.db, "市公安局", {"liaison": "关闭前"}, "测试员")
    closer.attach(main_window)
    closer.request("SIGTERM")
    closer.request("SIGTERM")  # kill sent twice
    main_window.close()  # and the close button
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=10000)
    assert len(backups.list_backups(ui_context.db)) == 1
