"""What the window says and allows: role-aware actions, the exercise banner, automatic backups
after changes (at most one per five minutes) and before closing."""
import threading

import pytest
from PySide6.QtWidgets import QProgressDialog

from wzcommand.services import accounts, backups, meta, roster
from wzcommand.storage.database import open_database
from wzcommand.ui.bus import ROSTER
from wzcommand.ui.main_window import MainWindow
from wzcommand.ui.session import Session, set_signed_in

STAFF = (("管理员甲", "admin", "password-0"), ("张主任", "director", "password-1"), ("王值班", "duty", "password-2"))


@pytest.fixture
def staff(ui_context):
    for name, role, password in STAFF:
        accounts.create_account(ui_context.db, name, role, password, "管理员甲")
    ui_context.accounts_exist = True
    return ui_context


def test_duty_officer_sees_level_switch_disabled_with_who_may(staff, main_window):
    set_signed_in(staff, accounts.SignedIn("王值班", "duty"))
    button = main_window.panels["指挥体系"].ui.switchButton
    for target in (main_window.switch_action, button):
        assert not target.isEnabled()
        assert target.toolTip() == "需要办公室主任或管理员权限"
    assert not main_window.warning_action.isEnabled()
    assert main_window.warning_action.toolTip() == "需要办公室主任或管理员权限"
    assert not main_window.settings_action.isEnabled() and main_window.settings_action.toolTip() == "需要管理员权限"
    assert main_window.import_action.isEnabled()  # everyday work
    set_signed_in(staff, accounts.SignedIn("张主任", "director"))
    assert main_window.switch_action.isEnabled() and button.isEnabled()
    assert "权限" not in main_window.switch_action.toolTip()


def test_nobody_signed_in_while_accounts_exist_may_do_no_restricted_action(staff, main_window):
    set_signed_in(staff, None)
    assert not main_window.switch_action.isEnabled()
    assert "（请登录）" in main_window.switch_action.toolTip()
    assert main_window.marks.operator_label.text() == "未登录"


def test_single_operator_may_do_everything(ui_context, main_window):
    assert main_window.switch_action.isEnabled() and main_window.settings_action.isEnabled()
    assert main_window.marks.operator_label.text() == "测试员"
    assert "未启用账户" in main_window.marks.operator_label.toolTip()


def test_exercise_database_shows_banner_title_and_status(qtbot, ui_context, main_window):
    assert not main_window.marks.banner.isVisible() and not main_window.marks.exercise_label.isVisible()
    meta.mark_exercise(ui_context.db, "测试员")
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "【演练】温州市突发公共卫生事件应急指挥部 — t.sqlite3"
    banner = window.marks.banner
    assert banner.isVisible() and banner.text() == "演练 — 本数据库仅用于应急演练"
    assert banner.mapTo(window, banner.rect().topLeft()).y() <= window.menuBar().height() + 2  # at the top
    for index in range(window.stack.count()):  # on every panel
        window.show_panel(index)
        assert banner.isVisible()
    assert window.marks.exercise_label.isVisible() and window.marks.exercise_label.text() == "演练"


@pytest.fixture
def session(ui_context, main_window):
    made = Session(ui_context).attach(main_window)
    yield made
    made.auto_backup.retry.stop()


def test_changes_are_backed_up_in_the_worker_at_most_every_five_minutes(qtbot, session, ui_context, monkeypatch):
    threads, real = [], backups.backup_if_due
    monkeypatch.setattr(backups, "backup_if_due", lambda db: threads.append(threading.get_ident()) or real(db))
    ui_context.bus.write(ROSTER, roster.update_contact, ui_context.db, "市公安局", {"liaison": "第一次"}, "测试员")
    qtbot.waitUntil(lambda: len(backups.list_backups(ui_context.db)) == 1, timeout=5000)
    assert threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: session.auto_backup.task is not None and not session.auto_backup.task.running)
    ui_context.bus.write(ROSTER, roster.update_contact, ui_context.db, "市公安局", {"liaison": "第二次"}, "测试员")
    qtbot.waitUntil(lambda: len(threads) == 2 and not session.auto_backup.task.running, timeout=5000)
    assert len(backups.list_backups(ui_context.db)) == 1  # not due yet…
    assert session.auto_backup.retry.isActive() and session.auto_backup.changes == 1  # …tried again later


def test_closing_backs_up_unsaved_changes_first(qtbot, session, ui_context, main_window):
    session.auto_backup.changes = 1  # a change announced since the last backup
    ui_context.bus.changed.disconnect(session.auto_backup._on_changed)
    roster.update_contact(ui_context.db, "市公安局", {"liaison": "关闭前"}, "测试员")
    assert not main_window.close()  # refused until the backup is done
    assert any(isinstance(w, QProgressDialog) and w.isVisible() for w in main_window.findChildren(QProgressDialog))
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=5000)
    newest = backups.list_backups(ui_context.db)[0]
    copy = open_database(newest.path, read_only=True)
    try:
        assert roster.get_unit(copy, "市公安局").contact["liaison"] == "关闭前"
    finally:
        copy.close()


def test_closing_without_changes_closes_at_once(session, main_window, ui_context):
    assert main_window.close()
    assert backups.list_backups(ui_context.db) == []
