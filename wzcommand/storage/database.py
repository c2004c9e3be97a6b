"""Opening a database safely: check first, copy aside before migrating, seed reference data."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from . import audit, migrate, opening, textguard  # noqa: F401  (audit, textguard: session hooks)
from .changes import CHANNEL
from .engine import make_engine, sqlite_url
from .errors import (
    ConcurrentEditError,
    DatabaseOpenError,
    NotWritableError,
    ReadOnlyError,
    UnverifiedUpgradeError,
    WriteFailedError,
    storage_error_text,
)


class Database:
    """An open database: read sessions, and write transactions that take the lock up front."""

    def __init__(self, engine: Engine, path: Path | None, url: str, read_only: bool = False):
        self.engine = engine
        self.path = path
        self.url = url
        self.read_only = read_only
        self._reader = sessionmaker(engine, expire_on_commit=False)
        writer_bind = engine.execution_options(sqlite_immediate=True)
        self._writer = sessionmaker(writer_bind, expire_on_commit=False)

    @property
    def label(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self, *, even_read_only: bool = False) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error. `even_read_only`: a
        viewing window's own small writes (counting wrong passwords), which SQLite serialises."""
        if self.read_only and not even_read_only:
            raise ReadOnlyError("数据库以只读方式打开（另一窗口正在使用该文件），不能保存修改。")
        try:
            with self._writer() as session, session.begin():
                yield session
                if self.path is None:  # PostgreSQL: other seats hear of it when (and only if) this commits
                    session.execute(text(f"NOTIFY {CHANNEL}"))
        except StaleDataError as exc:  # a version column moved: another seat saved this record first
            raise ConcurrentEditError("该记录已被其他工作站修改，本次修改未保存；请刷新后重新操作。") from exc
        except OperationalError as exc:  # locked past the timeout, disk full, read-only file: nothing was saved
            raise WriteFailedError(f"数据库无法写入，本次操作未保存：{storage_error_text(exc)}。") from exc

    def watch_changes(self):
        """A ChangeWatcher: `poll()` says whether another connection committed since the last poll."""
        from .changes import ChangeWatcher

        return ChangeWatcher(self)

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str | None = None, url: str | None = None, *, seed: bool = True,
                  read_only: bool = False, full_check: bool = False,
                  examined: opening.Examination | None = None) -> Database:
    """Open (creating, migrating and seeding as needed). `full_check` runs integrity_check first,
    as after an unclean shutdown; it also runs when the lock file shows the last window died.
    `examined`: those checks already started on their own thread for this path (the window starts
    them before importing this module); their verdict is awaited here, before anything else."""
    if url is not None and not url.startswith("sqlite"):
        return _finish(make_engine(url), None, url, seed, existing_rev=_server_revision(url), read_only=read_only)
    if path is not None:
        path = Path(path).expanduser().absolute()
    elif url is not None:
        path = _path_from_url(url)
    else:
        raise ValueError("a path or a url is needed")
    if examined is not None and examined.path != path:
        raise ValueError("the examination was started for another file")
    has_content, revision = (examined.result(full_check) if examined is not None
                             else opening.examine(path, full_check))
    url = sqlite_url(path)
    if read_only and revision != migrate.head_revision():
        raise DatabaseOpenError(f"数据库“{path}”需要升级，不能以只读方式打开。")
    return _finish(make_engine(url), path, url, seed, existing_rev=revision, read_only=read_only)


def _finish(engine: Engine, path: Path | None, url: str, seed: bool, existing_rev: str | None,
            read_only: bool = False) -> Database:
    try:
        if read_only:
            return _office_zone(Database(engine, path, url, read_only=True))
        upgraded = existing_rev != migrate.head_revision()
        if upgraded and existing_rev is not None:  # an older file: proved against its log first
            _refuse_unverified(engine, path, url)
            if path is not None:
                _copy_aside(path, existing_rev)
        if upgraded:
            migrate.upgrade(engine)
        db = Database(engine, path, url)
        if upgraded and existing_rev is not None:  # an older file: record what its tables hold now
            with db.write() as session:
                audit.write_baseline(session, f"结构升级 {existing_rev} → {migrate.head_revision()}")
        if path is not None:
            from .backup import clean_temporaries

            clean_temporaries(path)
        if seed:
            from .seeding import seed_reference

            seed_reference(db)
        return _office_zone(db)
    except OperationalError as exc:
        engine.dispose()
        text = str(exc.orig) if exc.orig else str(exc)
        if "readonly" in text or "read-only" in text:
            raise NotWritableError(f"数据库“{path or url}”为只读，无法写入。") from exc
        if "locked" in text:
            raise DatabaseOpenError(f"数据库“{path or url}”正被其他程序占用（已锁定），请稍后再试。") from exc
        raise DatabaseOpenError(f"无法打开数据库“{path or url}”：{text}") from exc
    except BaseException:
        engine.dispose()
        raise


UNVERIFIED = ("数据库“{where}”的内容与它自己的审计记录不符，程序没有升级也没有改动这个文件：{problems}。"
              "可能有人绕过程序直接改动了数据库。请从备份恢复，或请技术支持用本程序的上一版本运行 check 查明。")


def _refuse_unverified(engine: Engine, path: Path | None, url: str) -> None:
    """The upgrade's baseline would bless whatever the tables hold: prove the old state first."""
    from .upgrade_check import old_state_problems

    problems = old_state_problems(engine, path)
    if problems:
        shown = "；".join(problems[:3]) + (f"……（共 {len(problems)} 处）" if len(problems) > 3 else "")
        raise UnverifiedUpgradeError(UNVERIFIED.format(where=path or url, problems=shown))


def _office_zone(db: Database) -> Database:
    """Every time shown or printed from now on is in the office's zone stored in this database."""
    import json

    from .. import clock
    from .models import AppMeta

    with db.read() as session:
        meta = session.get(AppMeta, "office_settings")   # services.office.OFFICE_KEY
    try:
        clock.set_zone(json.loads(meta.value).get("time_zone", "") if meta and meta.value else "")
    except (ValueError, AttributeError):
        clock.set_zone("")   # an unreadable value: the default zone, never the workstation's
    return db


_refuse_unknown = opening.refuse_unknown


def _server_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except OperationalError as exc:
        raise DatabaseOpenError(f"无法连接数据库服务器：{exc.orig or exc}") from exc
    finally:
        engine.dispose()
    _refuse_unknown(revision, url)
    return revision


def _path_from_url(url: str) -> Path:
    prefix = url.split("///", 1)
    if len(prefix) != 2 or not prefix[1] or prefix[1] == ":memory:":
        raise ValueError("only file-based SQLite urls are supported")
    return Path(prefix[1]).absolute()


def _copy_aside(path: Path, revision: str) -> Path:
    """A consistent copy (online backup API) before any migration touches the file."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def current_revision(db: Database) -> str | None:
    with db.read() as session:
        return session.execute(select_revision()).scalar()


def select_revision():
    from sqlalchemy import column, table

    return select(column("version_num")).select_from(table("alembic_version"))
