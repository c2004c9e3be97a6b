"""Shared test set-up: offscreen Qt, a private data folder, forms compiled, a fresh database per test
(a copy of one migrated template), and on CI a skip is a failure (ci_skips.py)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # pg_support


def _build_forms() -> None:
    """Compile forms/*.ui (only those changed) so a fresh checkout can run the UI tests."""
    spec = importlib.util.spec_from_file_location("_forms_build", ROOT / "forms" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build()


_SESSION_DATA = tempfile.mkdtemp(prefix="wzcommand-tests-")
# Never read or write the user's real settings or database: everything goes to a session folder.
os.environ["WZCOMMAND_DATA_DIR"] = _SESSION_DATA
_build_forms()


pytest_plugins = ["ci_skips"]  # on CI a skip is a failure

# Storage and service tests run on SQLite and, when the test command started one, PostgreSQL.
BOTH_BACKENDS = ("storage", "services")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: the test is about the SQLite file itself")


def pytest_generate_tests(metafunc):
    from pg_support import PG_URL

    folder = Path(str(metafunc.definition.fspath)).parent.name
    if "db" in metafunc.fixturenames and folder in BOTH_BACKENDS and PG_URL \
            and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated and seeded SQLite file per session; each test opens a copy (Anki's getEmptyCol)."""
    from wzcommand.storage.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).close()
    assert not any(path.parent.glob("template.sqlite3-*")), "the template must be one closed file"
    return path


@pytest.fixture
def db(tmp_path, backend, sqlite_template):
    from wzcommand.storage.database import open_database

    if backend == "postgresql":
        import pg_support

        url, name = pg_support.fresh_database_url()
        database = open_database(url=url)
        yield database
        database.close()
        pg_support.drop_database(name)
        return
    path = tmp_path / "t.sqlite3"
    shutil.copyfile(sqlite_template, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def ui_context(db):
    from wzcommand.settings import Settings
    from wzcommand.ui.bus import ChangeBus, UiContext

    return UiContext(db, ChangeBus(), Settings(operator="测试员"))


@pytest.fixture
def main_window(qtbot, ui_context):
    from wzcommand.ui.main_window import MainWindow

    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def type_text(qtbot):
    """Type into a widget as a user would: keys for ASCII, an input-method commit for Chinese
    (QTest cannot send non-ASCII key clicks)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_(widget, text: str) -> None:
        widget.setFocus()
        for chunk in _ascii_runs(text):
            if chunk.isascii():
                qtbot.keyClicks(widget, chunk)
            else:
                event = QInputMethodEvent()
                event.setCommitString(chunk)
                QApplication.sendEvent(widget, event)

    return type_


def _ascii_runs(text: str) -> list[str]:
    runs: list[str] = []
    for ch in text:
        if runs and runs[-1][-1].isascii() == ch.isascii():
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


@pytest.fixture(autouse=True)
def _column_widths():
    """Column widths a test drags are kept in the session's data folder: forgotten after each test."""
    yield
    from wzcommand.paths import config_dir

    (config_dir() / "columns.json").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _unsaved_prompt():
    """A form left with unsaved changes asks 保存 / 不保存 / 取消 in a modal box. Tests that do not
    answer it themselves (the `unsaved_answer` fixture) get 不保存 at teardown instead of a box
    that would wait forever; `unsaved_prompts` lists what was asked."""
    from wzcommand.ui import unsaved

    asked: list[str] = []

    def answer(parent, what, can_save=True):
        asked.append(what)
        return unsaved.DISCARD

    unsaved.ask = answer  # left in place: pytest-qt closes the test's widgets after every fixture is done
    return asked


@pytest.fixture
def unsaved_answer(qtbot):
    """The real 保存 / 不保存 / 取消 box, answered by clicking buttons: `arm("不保存", …)` answers the
    next boxes in turn by the start of a button's text; `texts` records what each box said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wzcommand.ui import unsaved

    state = {"answers": [], "texts": [], "last": None}
    discarding = unsaved.ask

    def asking(parent, what, can_save=True):
        if not state["answers"]:  # nobody armed an answer (pytest-qt closing the widgets): no box
            return discarding(parent, what, can_save)
        return unsaved.ask_box(parent, what, can_save)

    unsaved.ask = asking

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box is state["last"] or not box.isVisible():
            QTimer.singleShot(10, click)
            return
        state["last"] = box
        state["texts"].append(box.text())
        wanted = state["answers"].pop(0)
        next(b for b in box.buttons() if b.text().startswith(wanted)).click()
        if state["answers"]:
            QTimer.singleShot(10, click)

    def arm(*answers):
        state["answers"].extend(answers)
        QTimer.singleShot(0, click)

    state["arm"] = arm
    yield state
    unsaved.ask = discarding  # the widgets close after this fixture: no box may wait for an answer then


@pytest.fixture(scope="session")
def cups_server():
    """A throwaway CUPS server (tests/cups_support.py) for the whole session; CUPS_SERVER points
    the program at it. Needs root and the cups packages, which ./dev.sh test installs."""
    from cups_support import ThrowawayCups

    why = ThrowawayCups.missing()
    if why:
        if os.environ.get("CI") or os.geteuid() == 0:
            pytest.fail(f"cannot start the test CUPS server: {why}")
        pytest.skip(f"the print tests need root (cups-pdf): {why}")
    server = ThrowawayCups().start()
    before = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = server.socket
    _libcups_server(server.socket)  # Qt's print support may have asked libcups already (it caches)
    try:
        yield server
    finally:
        if before is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = before
        _libcups_server(None)
        server.stop()


def _libcups_server(name):
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("cups")
    if library:
        ctypes.CDLL(library).cupsSetServer(name.encode() if name else None)


@pytest.fixture(scope="session")
def letter_queue(cups_server):
    """A cups-pdf queue whose own default paper is Letter."""
    return cups_server.add_queue("wz-letter")
