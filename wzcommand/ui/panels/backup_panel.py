"""备份: the checked backups of this database, 立即备份, 从备份恢复 (administrators), and the
archive (database and issued PDFs in one .zip) to carry on a USB stick.

Everything runs in the worker. A restore (or an archive import) closes the database, swaps the
file in the worker (the current file is kept aside), reopens it and tells every panel to reload.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget

from ...services import backups
from ...services.backups import MIN_INTERVAL_SECONDS
from ...services.changes import changes_of
from .. import folders
from ..bus import BACKUPS, SESSION, UiContext
from ..columns import Columns
from ..forms.ui_backup_panel import Ui_BackupPanel
from ..session import recheck_account, start_job, storage_busy
from ..window_marks import READ_ONLY_TIP, permission_tip

if TYPE_CHECKING:
    from ..worker import BackgroundTask

HINT = ("备份是数据库的完整副本，经完整性检查后保存在：{folder}\n"
        "自动备份：有修改时至多每 {minutes} 分钟一次，关闭程序前一次；旧备份按小时、天、月轮换保留。"
        "“导出档案包”把数据库和已签发的报告 PDF 打包为一个 .zip 文件，可拷贝到 U 盘保存或带到另一台电脑。")
SERVER = "服务器数据库（PostgreSQL）请使用服务器的备份工具（pg_dump）备份和恢复。"
NO_BACKUPS = "尚无备份。"
BUSY = "正在进行其他备份或恢复，请稍候再试。"
SELECT_FIRST = "请先在列表中选择一个备份。"
RESTORE_QUESTION = ("用 {when} 的备份替换当前数据库？\n\n"
                    "此备份之后的修改将不在恢复后的数据中；当前数据库文件会另存保留（不删除）。"
                    "恢复后所有页面重新载入。")
IMPORT_QUESTION = ("用档案包“{name}”中的数据库替换本机数据库？\n\n"
                   "当前数据库文件会另存保留（不删除）。恢复后所有页面重新载入。")
COL_TIME, COL_SIZE, COL_FILE = range(3)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class BackupPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_BackupPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._busy = False
        self.task: BackgroundTask | None = None
        self._export_target: Path | None = None
        ui = self.ui
        ui.progressBar.hide()
        ui.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        self.columns = Columns(ui.table, "backups", pad=False)
        ui.table.itemSelectionChanged.connect(self._update_buttons)
        ui.backupButton.clicked.connect(self.backup_now)
        ui.restoreButton.clicked.connect(self.restore_selected)
        ui.exportButton.clicked.connect(self.export_archive)
        ui.importButton.clicked.connect(self.import_archive)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic in (BACKUPS, SESSION):
            self.reload()

    def reload(self) -> None:
        db, table = self._ctx.db, self.ui.table
        rows = backups.list_backups(db) if db.path is not None else []
        self.ui.hintLabel.setText(SERVER if db.path is None else HINT.format(
            folder=backups.backup_folder(db), minutes=MIN_INTERVAL_SECONDS // 60))
        table.setRowCount(len(rows))
        for row, info in enumerate(rows):
            cells = (f"{info.taken_at:%Y-%m-%d %H:%M:%S}" + ("（手动）" if info.manual else ""), size_text(info.size), str(info.path))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(info.path))
                item.setToolTip(text)
                if col == COL_SIZE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, col, item)
        self.columns.fit()
        if not rows and not self._busy and db.path is not None and not self.ui.statusLabel.text():
            self.ui.statusLabel.setText(NO_BACKUPS)
        self._update_buttons()

    def backup_paths(self) -> list[str]:
        table = self.ui.table
        return [table.item(r, COL_FILE).text() for r in range(table.rowCount())]

    def _selected(self) -> tuple[Path, str] | None:
        rows = self.ui.table.selectionModel().selectedRows(COL_TIME)
        return (Path(rows[0].data(PATH_ROLE)), rows[0].data()) if rows else None

    def select_row(self, row: int) -> None:
        self.ui.table.selectRow(row)

    def _update_buttons(self) -> None:
        ui, ctx = self.ui, self._ctx
        db = ctx.db
        server, read_only, free = db.path is None, db.read_only, not self._busy
        may_restore = ctx.may("restore")
        ui.backupButton.setEnabled(free and not server and not read_only)
        may_copy_out = ctx.may("copy.out")  # an archive leaves the protected folder
        ui.exportButton.setEnabled(free and not server and may_copy_out)
        ui.exportButton.setToolTip("" if may_copy_out else permission_tip("copy.out"))
        for button in (ui.restoreButton, ui.importButton):
            button.setEnabled(free and not server and not read_only and may_restore)
            button.setToolTip(READ_ONLY_TIP if read_only else "" if may_restore else permission_tip("restore"))
        ui.backupButton.setToolTip(READ_ONLY_TIP if read_only else "")
        if ui.restoreButton.isEnabled() and self._selected() is None:
            ui.restoreButton.setToolTip(SELECT_FIRST)

    def _start(self, work, doing: str, finished, failed) -> bool:
        if self._busy or storage_busy(self._ctx.db.path):
            self.ui.statusLabel.setText(BUSY)
            return False
        task = start_job(self._ctx.db.path, work)
        if task is None:  # another window's restore or backup took the file meanwhile
            self.ui.statusLabel.setText(BUSY)
            return False
        self.task = task
        self._set_busy(doing)
        task.finished.connect(finished)
        task.failed.connect(failed)
        return True

    def _set_busy(self, doing: str) -> None:
        self._busy = bool(doing)
        self.ui.progressBar.setVisible(self._busy)
        if doing:
            self.ui.statusLabel.setText(doing)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy("")
        self.ui.statusLabel.setText(getattr(exc, "message", None) or f"操作失败：{exc}")

    # ------------------------------------------------------------------ backup, export

    def backup_now(self) -> None:
        db = self._ctx.db
        self._start(lambda _progress: backups.backup_now(db, manual=True), "正在备份并校验…", self._backed_up, self._failed)

    def _backed_up(self, info) -> None:
        self._set_busy("")
        self.ui.statusLabel.setText(f"已备份并校验：{info.path}（{size_text(info.size)}）")
        self._ctx.bus.announce(changes_of(info))

    def export_archive(self) -> None:
        path, _ = folders.save_name(self, "导出档案包", folders.ARCHIVE, f"应急指挥档案-{datetime.now():%Y%m%d-%H%M}.zip",
                                    "档案包 (*.zip)")
        if not path:
            return
        target = self._export_target = Path(path if path.lower().endswith(".zip") else path + ".zip")
        db, operator = self._ctx.db, self._ctx.operator()
        self._start(lambda _progress: backups.export_archive(db, target, operator=operator), "正在导出档案包…",
                    self._exported,
                    self._failed)

    def _exported(self, count: int) -> None:
        self._set_busy("")
        if self._export_target is not None:
            self.ui.statusLabel.setText(backups.archive_text(self._export_target, count))

    # ------------------------------------------------------------------ restore, import

    def restore_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            self.ui.statusLabel.setText(SELECT_FIRST)
            return
        path, when = selected
        if self._ask("从备份恢复", RESTORE_QUESTION.format(when=when)):
            self._swap(path, f"正在从 {when} 的备份恢复…", archive=False)

    def import_archive(self) -> None:
        path, _ = folders.open_name(self, "导入档案包", folders.ARCHIVE, "档案包 (*.zip)")
        if path and self._ask("导入档案包", IMPORT_QUESTION.format(name=Path(path).name)):
            self._swap(Path(path), "正在导入档案包…", archive=True)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _swap(self, source: Path, doing: str, archive: bool) -> None:
        """Close the database, replace the file in the worker (the same service as the command
        line), reopen it there, reload everything."""
        ctx = self._ctx
        db, operator = ctx.db, ctx.operator()
        if self._busy or storage_busy(db.path):
            self.ui.statusLabel.setText(BUSY)
            return
        db.close()

        def work(_progress):
            return backups.replace_database(db, source, operator, archive=archive, own_window=True)

        self.window().setEnabled(False)  # nothing may read the file while it is swapped
        self._start(work, doing, self._swapped, self._swap_failed)

    def _swapped(self, result) -> None:
        kept, db = result
        self._ctx.db = db
        self.window().setEnabled(True)
        self._set_busy("")
        recheck_account(self._ctx)
        self._ctx.bus.announce_all()
        self.ui.statusLabel.setText(f"已恢复，所有页面已重新载入。原数据库另存为：{kept}")

    def _swap_failed(self, exc: BaseException) -> None:
        self.window().setEnabled(True)
        self._failed(exc)
        message = getattr(exc, "message", None) or f"恢复失败：{exc}"
        try:
            self._ctx.db = backups.reopen(self._ctx.db)
        except Exception as again:  # shown: the program must stay up
            message += f"\n\n数据库无法重新打开：{getattr(again, 'message', again)}。请关闭程序后重新启动。"
        else:
            self._ctx.bus.announce_all()
        QMessageBox.warning(self, "恢复失败", message)
