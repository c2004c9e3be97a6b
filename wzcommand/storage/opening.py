"""The checks every SQLite open runs before anything touches the file (no SQLAlchemy here).

``open_database`` and the command line's quick read path (``storage.quick``) both call
:func:`examine`, so a file is refused the same way whichever path opens it: a folder, a network
share, no write access, not SQLite, damaged (quick_check; integrity_check after an unclean
shutdown), another program's database, or a schema newer than this program knows.
"""
from __future__ import annotations

import threading
from pathlib import Path

from . import checks, instance, migrate
from .errors import DamagedDatabaseError, NewerSchemaError, NotADatabaseError


def examine(path: Path, full_check: bool = False) -> tuple[bool, str | None]:
    """(the file has content, its schema revision); raises the refusal if it may not be opened.
    Reads only: a refused file is never written to."""
    checks.check_location(path)
    if not checks.has_content(path):
        return False, None
    revision, has_tables = checks.inspect_existing(path)
    if full_check or instance.left_open(path):
        problems = checks.integrity_check(path)
        if problems != ["ok"]:
            raise DamagedDatabaseError(f"数据库“{path}”未通过完整性检查（{problems[0]}）。"
                                       "文件保持原样未被改动，请从备份恢复。")
    if revision is None and has_tables:
        raise NotADatabaseError(f"“{path}”是其他程序的 SQLite 数据库，不是本程序的数据库。文件未被改动。")
    refuse_unknown(revision, str(path))
    return True, revision


def refuse_unknown(revision: str | None, where: str) -> None:
    if revision is not None and revision not in migrate.known_revisions():
        raise NewerSchemaError(
            f"数据库“{where}”由更新版本的程序创建（结构版本 {revision}），本程序无法识别。"
            "请升级程序后再打开；文件未被改动。")


class Examination:
    """:func:`examine` started on a thread of its own, so that a big file's quick_check (0.5–0.8 s for
    ten years of work) runs while Qt, SQLAlchemy and the models load instead of after them.
    sqlite3 lets go of the interpreter while it checks, so they proceed side by side on any machine
    with two cores. :meth:`result` waits and raises the refusal, as ``examine`` would; nothing opens
    the file for writing before it has returned."""

    def __init__(self, path: Path, full_check: bool = False):
        self.path = path
        self._full = full_check
        self._ran_full = False
        self._outcome: tuple[bool, str | None] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="wzcommand-examine", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            full = self._full or instance.left_open(self.path)  # as examine decides it
            self._outcome = examine(self.path, full)
            self._ran_full = full
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc

    def result(self, full_check: bool = False) -> tuple[bool, str | None]:
        """The verdict; with ``full_check``, one that includes integrity_check (run now if the
        thread's did not, e.g. the lock showed the unclean shutdown only after it had started)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if full_check and not self._ran_full:
            return examine(self.path, True)
        assert self._outcome is not None
        return self._outcome
