"""Start the desktop program: QApplication, translations, settings, the database, the main window.

Only what the first window needs is imported here; pyqtgraph, reportlab, openpyxl and
pypinyin load when a feature first uses them, so the window appears quickly.
"""
from __future__ import annotations

import sys
import traceback

from .paths import APP_NAME, default_db_path
from .settings import Settings, load_settings

EXIT_DB_ERROR = 2


def database_location(settings: Settings, db_path=None, db_url=None) -> dict:
    """Which database to open: --db-url, else --db, else the saved setting, else the default file."""
    if db_url:
        return {"url": db_url}
    return {"path": db_path or settings.db_path or default_db_path()}


def _install_translations(app) -> None:
    """Qt's own texts (context menus, file dialogs, standard buttons) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale("zh_CN"), "qtbase", "_", folder) \
            or translator.load("qt_zh_CN", folder):
        app.installTranslator(translator)


def _install_excepthook() -> None:
    """An unexpected error is shown in a message box (details on stderr) instead of vanishing."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb)
        if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
            QMessageBox.critical(None, "程序错误", f"程序出现意外错误，本次操作未完成：\n{value}")

    sys.excepthook = hook


def _smoke_quit(app) -> None:
    """Smoke test of the frozen bundle (tests/bundle): with WZCOMMAND_SMOKE_QUIT_MS set, say
    "window shown" once the event loop runs, then quit after that many ms (exit status 0)."""
    import os

    delay = os.environ.get("WZCOMMAND_SMOKE_QUIT_MS", "")
    if delay.isdigit():
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: print("window shown", flush=True))
        QTimer.singleShot(int(delay), app.quit)


def run_gui(db_path=None, db_url=None) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)  # the system font is kept, so text follows the system's scaling
    _install_translations(app)

    from .storage.database import open_database
    from .storage.errors import DatabaseOpenError

    settings = load_settings()
    app.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        db = open_database(**database_location(settings, db_path, db_url))
    except DatabaseOpenError as exc:
        app.restoreOverrideCursor()
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return EXIT_DB_ERROR
    app.restoreOverrideCursor()

    from .ui.bus import ChangeBus, UiContext
    from .ui.main_window import MainWindow

    _install_excepthook()
    window = MainWindow(UiContext(db, ChangeBus(), settings))
    available = app.primaryScreen().availableGeometry()
    window.resize(min(1280, available.width()), min(800, available.height()))
    window.show()
    _smoke_quit(app)
    try:
        return app.exec()
    finally:
        db.close()
