"""Start the desktop program: QApplication, translations, the window's frame, then settings, the
database and the window's contents.

The frame (``MainWindow()``: title, navigation, an empty status bar) is on screen before
anything heavy is imported (SQLAlchemy, the models, the services, the panels); ``attach``
then fills it in one go, so the first frame that shows data shows it correctly. pyqtgraph,
reportlab, openpyxl and pypinyin load only when a feature first uses them.
"""
from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import APP_NAME
from .settings import database_location, load_settings

EXIT_OK = 0
EXIT_DB_ERROR = 2


def _install_translations(app) -> None:
    """Qt's own texts (context menus, file dialogs, standard buttons) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale("zh_CN"), "qtbase", "_", folder) \
            or translator.load("qt_zh_CN", folder):
        app.installTranslator(translator)
    from .ui.qt_texts import MissingQtTexts

    app.installTranslator(MissingQtTexts(app))  # asked first: the few texts Qt's file lacks


def _install_excepthook() -> None:
    """An unexpected error is shown in a message box (details on stderr) instead of vanishing."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb)
        if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
            QMessageBox.critical(None, "程序错误", f"程序出现意外错误，本次操作未完成：\n{value}")

    sys.excepthook = hook


def _smoke_quit(app, window) -> None:
    """Smoke test of the frozen bundle (tests/bundle): with WZCOMMAND_SMOKE_QUIT_MS set, show every
    panel once (so lazily loaded parts such as the chart load too), print "window shown", and quit
    after that many ms (exit status 0)."""
    import os

    delay = os.environ.get("WZCOMMAND_SMOKE_QUIT_MS", "")
    if delay.isdigit():
        from PySide6.QtCore import QTimer

        def shown() -> None:
            for index in [*range(window.stack.count()), 0]:
                window.show_panel(index)
            print("window shown", flush=True)

        QTimer.singleShot(0, shown)
        QTimer.singleShot(int(delay), app.quit)


READ_ONLY_QUESTION = ("另一个程序窗口正在使用数据库“{path}”。\n\n"
                      "是否以只读方式打开？只读时可以查看，不能修改。")
UNCLEAN_NOTE = "上次程序未正常关闭（可能断电或异常退出）。已对数据库做了完整性检查，未发现问题，数据可以继续使用。"
DAMAGED_QUESTION = ("{problem}\n\n找到最新的完好备份：{when}\n（{file}）\n\n"
                    "是否用这个备份恢复？损坏的文件会另存保留，不做任何改动；此备份之后的修改不在恢复的数据中。")
NO_BACKUP = "{problem}\n\n没有找到可用的备份。损坏的文件保持原样，请联系技术支持。"


@dataclass
class Opened:
    db: Any  # wzcommand.storage.database.Database
    lock: Any = None  # the InstanceLock held while this window writes the file; None if read-only or a server


@contextmanager
def _waiting() -> Iterator[None]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _ask(title: str, text: str, default_yes: bool) -> bool:
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    return QMessageBox.question(None, title, text, buttons, default) == QMessageBox.StandardButton.Yes


def open_for_window(location: dict, operator: str, lock_factory=None, examined=None) -> Opened | int:
    """Open the database for a window, or return the exit status if the user declines.

    A SQLite file is written by one window at a time (InstanceLock): a second window may open it
    read-only. After an unclean shutdown a full integrity check runs first. A damaged file is
    never written to: the newest good backup is offered, and restoring keeps the damaged file aside.
    DatabaseOpenError propagates for the caller to show. `examined`: the file's checks, started
    earlier (see :func:`_examine_early`); used if they are of this file.
    """
    from PySide6.QtWidgets import QMessageBox

    from .storage.checks import check_location
    from .storage.errors import DamagedDatabaseError
    from .storage.instance import InstanceLock
    from .storage.opening import Examination

    if "url" in location:
        with _waiting():
            from .storage.database import open_database

            return Opened(open_database(url=location["url"]))
    path = Path(location["path"]).expanduser().absolute()
    check_location(path)  # a folder, a network share, no write access: said before any lock file
    lock = (lock_factory or InstanceLock)(path)
    if not lock.acquire():
        if not _ask("数据库正在使用", READ_ONLY_QUESTION.format(path=path), default_yes=True):
            return EXIT_OK
        if examined is None or examined.path != path:
            examined = Examination(path)
        with _waiting():
            from .storage.database import open_database

            return Opened(open_database(path, read_only=True, examined=examined))
    try:
        # The file's checks run on their own thread while SQLAlchemy and the models load; the
        # database opens only once they have passed, so a damaged file is still never written to.
        if examined is None or examined.path != path:
            examined = Examination(path, lock.was_unclean)
        with _waiting():
            from .storage.database import open_database

            db = open_database(path, full_check=lock.was_unclean, examined=examined)
        if lock.was_unclean:
            QMessageBox.information(None, "已做完整性检查", UNCLEAN_NOTE)
        return Opened(db, lock)
    except DamagedDatabaseError as exc:
        db = _offer_newest_backup(path, exc.message, operator)
        if db is None:
            _abandon(lock)
            return EXIT_DB_ERROR
        return Opened(db, lock)
    except BaseException:
        lock.release()
        raise


def _offer_newest_backup(path: Path, problem: str, operator: str):
    """The restored, reopened database; None if there is no good backup or the user declines."""
    from PySide6.QtWidgets import QMessageBox

    from .services import backups
    from .storage.backup import newest_good_backup
    from .storage.database import open_database

    with _waiting():
        info = newest_good_backup(path)
    if info is None:
        QMessageBox.critical(None, "数据库已损坏", NO_BACKUP.format(problem=problem))
        return None
    when = f"{info.taken_at:%Y-%m-%d %H:%M:%S}"
    if not _ask("数据库已损坏", DAMAGED_QUESTION.format(problem=problem, when=when, file=info.path), default_yes=True):
        return None
    with _waiting():
        kept = backups.restore(path, info.path, operator)
        db = open_database(path)
    QMessageBox.information(None, "已从备份恢复", f"已从 {when} 的备份恢复。\n损坏的文件另存为：{kept}")
    return db


def _abandon(lock) -> None:
    """Let go of the lock without marking a clean close: the next start checks the file fully again."""
    lock.abandon()


def _sign_in(ctx) -> bool:
    """With accounts, someone signs in before the window opens (False: they chose 退出)."""
    from .services.accounts import has_accounts

    if not has_accounts(ctx.db):
        return True
    ctx.accounts_exist = True
    if ctx.db.read_only:
        return True  # nothing can be changed; the sign-in could not be recorded (see the report)
    from PySide6.QtWidgets import QDialog

    from .ui.dialogs.sign_in_dialog import SignInDialog

    dialog = SignInDialog(ctx.db)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    ctx.signed_in = dialog.signed_in
    return True


def _show_frame(app, window) -> None:
    """Show the window and return once it has painted (the window system mapped it), so it is on
    screen while the rest loads; a platform that never paints it does not hold the start up."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, loop.quit)  # after this paint has reached the screen
            return False

    watcher = Painted(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(1000, loop.quit)
    window.show()
    loop.exec()
    window.removeEventFilter(watcher)
    watcher.deleteLater()


def _examine_early(settings, db_path, db_url):
    """The file's checks, started before Qt loads: on ten years of work they take longer than
    showing the frame, which they now overlap. None for a server, a file not there yet, or any
    doubt: open_for_window then starts them itself and reports what is wrong, as before."""
    try:
        location = database_location(settings, db_path, db_url)
        if "path" not in location:
            return None
        path = Path(location["path"]).expanduser().absolute()
        if not path.is_file():
            return None
        from .storage.opening import Examination

        return Examination(path)
    except Exception:  # only a head start: the real opening says what is wrong
        return None


def run_gui(db_path=None, db_url=None) -> int:
    settings = load_settings()
    examined = _examine_early(settings, db_path, db_url)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)  # the system font is kept, so text follows the system's scaling
    _install_translations(app)
    from .ui.shutdown import install as close_on_request

    closer = close_on_request(app)  # SIGTERM, SIGINT, end of session: as the close button

    from .ui.main_window import MainWindow  # the frame: PySide6 only

    window = MainWindow()
    closer.attach(window)
    available = app.primaryScreen().availableGeometry()
    if available.width() <= 1280 or available.height() <= 800:
        # 1024×700, 1366×768: the whole screen, title bar and status bar on it (show() keeps the state)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        window.resize(1280, 800)
    _show_frame(app, window)
    try:
        return _fill_and_run(app, window, settings, db_path, db_url, closer, examined)
    finally:
        if not window.attached:  # refused, declined or not signed in: the empty frame goes too
            window.hide()  # not close(): there is nothing to save or confirm in an empty frame
            window.deleteLater()


def _fill_and_run(app, window, settings, db_path, db_url, closer, examined=None) -> int:
    from PySide6.QtWidgets import QMessageBox

    from .storage.errors import DatabaseOpenError

    try:
        opened = open_for_window(database_location(settings, db_path, db_url), settings.operator_name(),
                                 examined=examined)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return EXIT_DB_ERROR
    if isinstance(opened, int):
        return opened
    from .startup import loaded

    loaded()  # PySide6, SQLAlchemy and the models are in: the collector runs again from here
    from .ui.bus import ChangeBus, UiContext

    ctx = UiContext(opened.db, ChangeBus(), settings)
    try:
        if not _sign_in(ctx):
            return EXIT_OK
        from .ui.session import Session

        _install_excepthook()
        window.attach(ctx)
        Session(ctx, parent=window).attach(window)
        if closer.reason:  # asked to close while opening (a box or the sign-in was closed for it)
            return EXIT_OK
        _smoke_quit(app, window)
        return app.exec()
    finally:
        from .ui.worker import wait_for_workers

        wait_for_workers()  # a worker still writing (an export, a backup) finishes before the file closes
        ctx.db.close()  # ctx.db: a restore may have replaced the database opened above
        if opened.lock is not None:
            opened.lock.release()  # marks the clean shutdown


def run_board(db_path=None, db_url=None) -> int:
    """`wzcommand board`: the hall's situation board, full screen. It only reads: a SQLite file is
    opened read-only (the duty window keeps writing it), nobody signs in, no idle lock."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    _install_translations(app)

    from .storage.database import open_database
    from .storage.errors import DatabaseOpenError

    settings = load_settings()
    location = database_location(settings, db_path, db_url)
    try:
        with _waiting():
            db = (open_database(url=location["url"]) if "url" in location
                  else open_database(Path(location["path"]).expanduser().absolute(), read_only=True))
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return EXIT_DB_ERROR
    from .startup import loaded

    loaded()
    from .ui.board import SituationBoard
    from .ui.bus import ChangeBus, UiContext

    try:
        _install_excepthook()
        board = SituationBoard(UiContext(db, ChangeBus(), settings))
        board.showFullScreen()
        return app.exec()
    finally:
        db.close()
