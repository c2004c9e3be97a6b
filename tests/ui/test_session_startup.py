"""Start-up: one writing window per file (a second is offered read-only), a full check after an
unclean shutdown, a damaged file replaced by the newest good backup (kept aside untouched), sign-in."""
import os
import sys

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from wzcommand import app as app_module
from wzcommand.services import accounts, backups, roster
from wzcommand.settings import Settings
from wzcommand.storage.database import open_database
from wzcommand.storage.errors import ReadOnlyError
from wzcommand.storage.instance import InstanceLock, lock_path
from wzcommand.ui.bus import ChangeBus, UiContext
from wzcommand.ui.dialogs.sign_in_dialog import SignInDialog
from wzcommand.ui.main_window import MainWindow

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "w.sqlite3"
    db = open_database(path)
    roster.update_contact(db, "市公安局", {"liaison": "备份里的"}, "甲")
    db.close()
    return path


@pytest.fixture
def answers(monkeypatch):
    """Record every message box; `question` answers with answers.reply."""
    class Answers:
        reply = Yes
        asked: list = []
        told: list = []

    seen = Answers()
    seen.asked, seen.told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: seen.asked.append((title, text))
                        or seen.reply)
    for kind in ("information", "critical", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a: seen.told.append((title, text)))
    return seen


class HeldElsewhere:
    """A lock another window holds."""

    def __init__(self, path):
        self.path = path

    def acquire(self):
        return False


def test_second_window_is_offered_read_only_and_says_so(qtbot, db_file, answers):
    first = InstanceLock(db_file)
    assert first.acquire()  # the first window
    opened = app_module.open_for_window({"path": str(db_file)}, "乙")
    try:
        assert answers.asked[0][0] == "数据库正在使用" and "只读" in answers.asked[0][1]
        assert opened.lock is None and opened.db.read_only
        window = MainWindow(UiContext(opened.db, ChangeBus(), Settings()))
        qtbot.addWidget(window)
        window.show()
        assert window.windowTitle() == "温州市突发公共卫生事件应急指挥部（只读） — w.sqlite3"
        assert window.marks.read_only_label.isVisible() and window.marks.read_only_label.text() == "只读"
        assert not window.switch_action.isEnabled() and "只读" in window.switch_action.toolTip()
        assert not window.import_action.isEnabled()
        with pytest.raises(ReadOnlyError):
            roster.update_contact(opened.db, "市公安局", {"liaison": "改"}, "乙")
    finally:
        opened.db.close()
        first.release()


def test_declining_read_only_exits_without_opening(db_file, answers):
    answers.reply = No
    assert app_module.open_for_window({"path": str(db_file)}, "乙", lock_factory=HeldElsewhere) == 0
    assert len(answers.asked) == 1


def test_unclean_shutdown_runs_a_full_check_and_says_so(db_file, answers, monkeypatch):
    lock_path(db_file).write_bytes(b"open")  # the last window died without closing
    checks = []
    from wzcommand.storage import database

    original = database.open_database
    monkeypatch.setattr(database, "open_database", lambda *a, **k: checks.append(k) or original(*a, **k))
    opened = app_module.open_for_window({"path": str(db_file)}, "甲")
    try:
        assert checks[0].get("full_check") is True
        assert answers.told[0][0] == "已做完整性检查" and "未正常关闭" in answers.told[0][1]
    finally:
        opened.db.close()
        opened.lock.release()
    assert lock_path(db_file).read_bytes() == b"closed"  # released: a clean shutdown this time


def test_damaged_database_offers_newest_backup_and_keeps_the_damaged_file(db_file, answers):
    db = open_database(db_file)
    backups.backup_now(db)
    roster.update_contact(db, "市公安局", {"liaison": "损坏前最后修改"}, "甲")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(db_file.read_bytes())
    data[2 * 4096:4 * 4096] = os.urandom(2 * 4096)  # wreck two b-tree pages
    db_file.write_bytes(bytes(data))
    damaged = db_file.read_bytes()
    opened = app_module.open_for_window({"path": str(db_file)}, "甲")
    try:
        title, text = answers.asked[0]
        assert title == "数据库已损坏" and "最新的完好备份" in text and "另存保留" in text
        assert roster.get_unit(opened.db, "市公安局").contact["liaison"] == "备份里的"
        kept = [p for p in db_file.parent.iterdir() if ".replaced-" in p.name and p.suffix == ".sqlite3"]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged  # byte-identical, aside
        assert answers.told[-1][0] == "已从备份恢复" and str(kept[0]) in answers.told[-1][1]
    finally:
        opened.db.close()
        opened.lock.release()


def test_damaged_database_without_backup_is_left_alone(db_file, answers):
    data = bytearray(db_file.read_bytes())
    data[2 * 4096:4 * 4096] = os.urandom(2 * 4096)
    db_file.write_bytes(bytes(data))
    before = db_file.read_bytes()
    assert app_module.open_for_window({"path": str(db_file)}, "甲") == app_module.EXIT_DB_ERROR
    assert answers.told[0][0] == "数据库已损坏" and "没有找到可用的备份" in answers.told[0][1]
    assert db_file.read_bytes() == before
    assert lock_path(db_file).read_bytes() == b"open"  # not marked clean: the next start checks fully again
    assert InstanceLock(db_file).acquire()  # …and the lock itself was let go


def _fake_exec(seen):
    def fake_exec(self):
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                label = widget.marks.operator_label
                seen.append((widget.windowTitle(), label.text(), label.toolTip()))
        for widget in QApplication.topLevelWidgets():
            widget.close()
        return 0
    return fake_exec


def test_run_gui_asks_to_sign_in_when_accounts_exist(qapp, db_file, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    db = open_database(db_file)
    accounts.create_account(db, "管理员甲", "admin", "password-0", "甲")
    accounts.create_account(db, "张主任", "director", "password-1", "管理员甲")
    db.close()

    def sign_in(dialog):
        dialog.ui.nameEdit.setText("张主任")
        dialog.ui.passwordEdit.setText("password-1")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    seen = []
    monkeypatch.setattr(type(qapp), "exec", _fake_exec(seen))
    assert app_module.run_gui(db_path=str(db_file)) == 0
    assert seen == [("温州市突发公共卫生事件应急指挥部 — w.sqlite3", "张主任", "操作员：张主任（办公室主任）")]
    assert lock_path(db_file).read_bytes() == b"closed"


def test_run_gui_quits_when_sign_in_is_cancelled(qapp, db_file, monkeypatch):
    db = open_database(db_file)
    accounts.create_account(db, "管理员甲", "admin", "password-1", "甲")
    db.close()
    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    seen = []
    monkeypatch.setattr(type(qapp), "exec", _fake_exec(seen))
    assert app_module.run_gui(db_path=str(db_file)) == 0
    assert seen == []  # no window
    assert lock_path(db_file).read_bytes() == b"closed"


def test_run_gui_refuses_a_damaged_file_checked_before_qt_loads(qapp, db_file, answers, monkeypatch):
    """run_gui starts the file's checks before anything else; their verdict still stops the
    opening: the damage is said, no backup to offer, the file is left byte-identical, no window."""
    from wzcommand.storage import opening

    started = []
    original, frame = opening.Examination.__init__, app_module._show_frame
    monkeypatch.setattr(opening.Examination, "__init__",
                        lambda self, path, full_check=False: started.append(path) or original(self, path, full_check))
    monkeypatch.setattr(app_module, "_show_frame", lambda *a: started.append("frame") or frame(*a))
    data = bytearray(db_file.read_bytes())
    data[2 * 4096:4 * 4096] = os.urandom(2 * 4096)
    db_file.write_bytes(bytes(data))
    before = db_file.read_bytes()
    seen = []
    monkeypatch.setattr(type(qapp), "exec", _fake_exec(seen))
    assert app_module.run_gui(db_path=str(db_file)) == app_module.EXIT_DB_ERROR
    assert started == [db_file, "frame"]  # one examination, begun before the frame shows: not repeated
    assert answers.told[0][0] == "数据库已损坏" and "没有找到可用的备份" in answers.told[0][1]
    assert db_file.read_bytes() == before and seen == []
