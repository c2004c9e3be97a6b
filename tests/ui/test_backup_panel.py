"""备份 panel: backup now adds a checked copy; restore (administrators) runs in the worker, swaps
the database and every panel reloads; the archive is written where chosen."""
import threading
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from wzcommand.services import accounts, backups, roster
from wzcommand.services.audit_log import entries
from wzcommand.ui.bus import ROSTER
from wzcommand.ui.panels.backup_panel import BackupPanel
from wzcommand.ui.session import set_signed_in


@pytest.fixture
def panel(qtbot, ui_context):
    widget = BackupPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def set_liaison(ctx, value):
    ctx.bus.write(ROSTER, roster.update_contact, ctx.db, "市公安局", {"liaison": value}, ctx.operator())


def backup_now(qtbot, panel, rows):
    qtbot.mouseClick(panel.ui.backupButton, Qt.MouseButton.LeftButton)
    assert panel.ui.progressBar.isVisible() and not panel.ui.backupButton.isEnabled()
    qtbot.waitUntil(lambda: panel.ui.table.rowCount() == rows, timeout=5000)
    qtbot.waitUntil(lambda: panel.ui.backupButton.isEnabled())


def test_backup_now_adds_a_row(qtbot, panel, ui_context):
    assert panel.ui.table.rowCount() == 0 and panel.ui.statusLabel.text() == "尚无备份。"
    backup_now(qtbot, panel, 1)
    info = backups.list_backups(ui_context.db)[0]
    assert panel.backup_paths() == [str(info.path)]
    assert panel.ui.table.item(0, 0).text() == f"{info.taken_at:%Y-%m-%d %H:%M:%S}（手动）"
    assert info.manual and "-manual-" in info.path.name
    assert panel.ui.table.item(0, 1).text().endswith("KB")
    assert panel.ui.statusLabel.text().startswith("已备份并校验：") and not panel.ui.progressBar.isVisible()


def test_manual_backup_is_never_replaced_by_the_rotation(qtbot, panel, ui_context):
    """立即备份 then automatic backups later in the same hour: the rotation keeps one automatic
    backup per hour, but the one the user asked for stays."""
    from datetime import datetime, timedelta

    backup_now(qtbot, panel, 1)
    manual = backups.list_backups(ui_context.db)[0]
    later = (datetime.now() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)  # one hour, whatever the clock says
    for minutes in (1, 2):
        backups.backup_now(ui_context.db, now=later + timedelta(minutes=minutes))
    kept = backups.list_backups(ui_context.db)
    assert manual.path in [b.path for b in kept]
    assert [b.manual for b in kept].count(False) == 1  # the automatic ones were rotated
    assert backups.backup_if_due(ui_context.db, now=later + timedelta(minutes=3)) is None  # automatic cadence


def test_restore_brings_back_the_older_value_and_every_panel_reloads(qtbot, main_window, ui_context, monkeypatch):
    panel = main_window.panels["备份"]
    main_window.show_panel(main_window.stack.indexOf(panel))
    set_liaison(ui_context, "备份前")
    backup_now(qtbot, panel, 1)
    set_liaison(ui_context, "备份后")
    units = main_window.panels["成员单位"]
    assert units.select_unit("市公安局") and units.selected_unit().contact["liaison"] == "备份后"
    threads, real = [], backups.restore
    monkeypatch.setattr(backups, "restore", lambda *a: threads.append(threading.get_ident()) or real(*a))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    old_db = ui_context.db
    panel.select_row(0)
    qtbot.mouseClick(panel.ui.restoreButton, Qt.MouseButton.LeftButton)
    assert "另存保留" in asked[0]
    assert not main_window.isEnabled()  # nothing reads the file while it is swapped
    qtbot.waitUntil(lambda: panel.ui.statusLabel.text().startswith("已恢复"), timeout=10000)
    try:
        assert threads and threads[0] != threading.get_ident()  # restored in the worker
        assert ui_context.db is not old_db and main_window.isEnabled()
        assert roster.get_unit(ui_context.db, "市公安局").contact["liaison"] == "备份前"
        main_window.show_panel(main_window.stack.indexOf(units))  # hidden during the restore: reloads when shown
        assert units.select_unit("市公安局") and units.selected_unit().contact["liaison"] == "备份前"
        assert entries(ui_context.db)[-1].action == "database.restore"
        assert entries(ui_context.db)[-1].operator == "测试员"
        assert panel.ui.table.rowCount() == 1
    finally:
        ui_context.db.close()


def test_restore_is_for_administrators(qtbot, panel, ui_context):
    accounts.create_account(ui_context.db, "管理员甲", "admin", "password-0", "测试员")
    accounts.create_account(ui_context.db, "张主任", "director", "password-1", "管理员甲")
    backup_now(qtbot, panel, 1)
    panel.select_row(0)
    set_signed_in(ui_context, accounts.SignedIn("张主任", "director"))
    assert not panel.ui.restoreButton.isEnabled() and panel.ui.restoreButton.toolTip() == "需要管理员权限"
    assert not panel.ui.importButton.isEnabled()
    assert panel.ui.backupButton.isEnabled() and panel.ui.exportButton.isEnabled()  # everyone may back up
    set_signed_in(ui_context, accounts.SignedIn("管理员甲", "admin"))
    assert panel.ui.restoreButton.isEnabled()


def test_export_archive_writes_the_chosen_zip(qtbot, panel, tmp_path, monkeypatch):
    target = tmp_path / "U盘" / "档案"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(panel.ui.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.ui.statusLabel.text().startswith("已导出档案包"), timeout=5000)
    with zipfile.ZipFile(tmp_path / "U盘" / "档案.zip") as zf:
        assert {"wzcommand.sqlite3", "manifest.json"} <= set(zf.namelist())


def test_a_failed_backup_is_reported(qtbot, panel, monkeypatch):
    def broken(db, **_kind):
        raise backups.ServiceError("备份失败：磁盘空间已满")

    monkeypatch.setattr(backups, "backup_now", broken)
    qtbot.mouseClick(panel.ui.backupButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.ui.statusLabel.text() == "备份失败：磁盘空间已满", timeout=5000)
    assert panel.ui.backupButton.isEnabled() and panel.ui.table.rowCount() == 0


def test_a_restore_without_the_signed_in_account_asks_to_sign_in_again(qtbot, main_window, ui_context, monkeypatch):
    from wzcommand.ui.session import Session, storage_busy

    accounts.create_account(ui_context.db, "管理员甲", "admin", "password-0", "测试员")
    panel = main_window.panels["备份"]
    main_window.show_panel(main_window.stack.indexOf(panel))
    backup_now(qtbot, panel, 1)  # 管理员乙 does not exist in this backup
    accounts.create_account(ui_context.db, "管理员乙", "admin", "password-1", "管理员甲")
    set_signed_in(ui_context, accounts.authenticate(ui_context.db, "管理员乙", "password-1"))
    session = Session(ui_context, idle_ms=60_000).attach(main_window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    panel.select_row(0)
    qtbot.mouseClick(panel.ui.restoreButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.ui.statusLabel.text().startswith("已恢复"), timeout=10000)
    try:
        assert ui_context.signed_in is None and session.is_locked
        screen = session.lock_screen
        assert screen.switching and screen.ui.switchButton.isHidden()  # only signing in leads on
        screen.ui.nameEdit.setText("管理员甲")
        screen.ui.passwordEdit.setText("password-0")
        qtbot.mouseClick(screen.ui.unlockButton, Qt.MouseButton.LeftButton)
        assert not session.is_locked and ui_context.operator() == "管理员甲"
    finally:
        session.watcher.stop()
        if session.lock_screen is not None:
            session.lock_screen.done(0)
        qtbot.waitUntil(lambda: not storage_busy(ui_context.db.path), timeout=5000)  # the automatic backup
        ui_context.db.close()


def test_a_failed_restore_reopens_the_current_database(qtbot, main_window, ui_context, monkeypatch):
    """A backup damaged after it was listed: the restore is refused, the file that was closed for
    the swap is opened again (through the backups service) and the window goes on with it."""
    panel = main_window.panels["备份"]
    main_window.show_panel(main_window.stack.indexOf(panel))
    set_liaison(ui_context, "恢复前")
    backup_now(qtbot, panel, 1)
    backups.list_backups(ui_context.db)[0].path.write_bytes(b"not a database")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    old_db = ui_context.db
    panel.select_row(0)
    qtbot.mouseClick(panel.ui.restoreButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    try:
        assert shown[0][0] == "恢复失败" and "无法重新打开" not in shown[0][1]
        assert ui_context.db is not old_db and main_window.isEnabled()
        assert roster.get_unit(ui_context.db, "市公安局").contact["liaison"] == "恢复前"
        set_liaison(ui_context, "恢复后")  # the reopened database takes writes
        assert roster.get_unit(ui_context.db, "市公安局").contact["liaison"] == "恢复后"
    finally:
        ui_context.db.close()
