"""Backups of the SQLite file: consistent copies (online backup API), checked, rotated; restore.

A copy is written to a temporary file beside its final name, checked with integrity_check,
fsynced and renamed, so a backup that exists is a good one. Restore checks the backup first,
keeps the current file aside, and swaps atomically.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..fileio import fsync_dir, os_error_text
from . import checks, migrate
from .errors import DamagedDatabaseError, DatabaseOpenError, NewerSchemaError, NotADatabaseError

STAMP = "%Y%m%d-%H%M%S-%f"  # microseconds: two backups in one second do not collide
SUFFIX = ".sqlite3"
MANUAL = "manual"  # a backup someone asked for: named apart, never removed by the rotation


class BackupError(DatabaseOpenError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    manual: bool = False


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups" / db_path.stem


def copy_database(src: Path, target: Path) -> Path:
    """A consistent, checked copy of `src` at `target` (never a half-written file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dest.close()
            source.close()
        problems = checks.integrity_check(tmp)
        if problems != ["ok"]:
            raise BackupError(f"备份副本未通过完整性检查（{problems[0]}），未保留。")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return target
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败：{exc}") from exc
    except OSError as exc:
        raise BackupError(f"备份失败：{os_error_text(exc)}（{exc.filename or target}）") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def make_backup(db_path: Path, now: datetime | None = None, folder: Path | None = None,
                manual: bool = False) -> BackupInfo:
    """A checked copy; `manual` (asked for by a person) is named `<stem>-manual-<stamp>` and kept apart
    from the rotation."""
    now = now or datetime.now()
    folder = folder or backup_folder(db_path)
    kind = f"{MANUAL}-" if manual else ""
    target = folder / f"{db_path.stem}-{kind}{now.strftime(STAMP)}{SUFFIX}"
    copy_database(db_path, target)
    return BackupInfo(target, now, target.stat().st_size, manual)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """Newest first."""
    folder = folder or backup_folder(db_path)
    found = []
    for path in folder.glob(f"{db_path.stem}-*{SUFFIX}"):
        stamp = path.stem[len(db_path.stem) + 1:]
        manual = stamp.startswith(f"{MANUAL}-")
        try:
            taken = datetime.strptime(stamp[len(MANUAL) + 1:] if manual else stamp, STAMP)
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, path.stat().st_size, manual))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def to_keep(times: list[datetime], now: datetime) -> set[datetime]:
    """Rotation: the newest of each hour for a day, of each day for two weeks, of each month for a year."""
    keep: set[datetime] = set()
    seen: set[tuple] = set()
    for t in sorted(times, reverse=True):
        age = now - t
        if age <= timedelta(days=1):
            key = ("h", t.strftime("%Y%m%d%H"))
        elif age <= timedelta(days=14):
            key = ("d", t.strftime("%Y%m%d"))
        elif age <= timedelta(days=366):
            key = ("m", t.strftime("%Y%m"))
        else:
            continue
        if key not in seen:
            seen.add(key)
            keep.add(t)
    if times:
        keep.add(max(times))  # never delete the newest, however old
    return keep


def rotate(db_path: Path, now: datetime | None = None, folder: Path | None = None) -> list[Path]:
    """Thin out the automatic backups; manual ones are never touched."""
    backups = [b for b in list_backups(db_path, folder) if not b.manual]
    keep = to_keep([b.taken_at for b in backups], now or datetime.now())
    removed = []
    for b in backups:
        if b.taken_at not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def check_backup(path: Path) -> str:
    """The schema revision of a usable backup of this program; a clear error otherwise."""
    if not path.is_file():
        raise BackupError(f"备份文件“{path}”不存在。")
    revision, has_tables = checks.inspect_existing(path)  # header and quick_check
    problems = checks.integrity_check(path)
    if problems != ["ok"]:
        raise DamagedDatabaseError(f"备份文件“{path}”已损坏（{problems[0]}），不能用于恢复。")
    if revision is None:
        raise NotADatabaseError(f"“{path}”不是本程序的数据库备份。")
    if revision not in migrate.known_revisions():
        raise NewerSchemaError(f"备份“{path}”由更新版本的程序创建，本程序无法恢复。")
    return revision


def restore(db_path: Path, backup: Path, now: datetime | None = None) -> Path:
    """Replace the database with a checked copy of `backup`; return where the old file was kept.

    The caller must have closed every connection to `db_path` first.
    """
    check_backup(backup)
    now = now or datetime.now()
    staged = db_path.with_name(f".{db_path.name}.restore")
    copy_database(backup, staged)
    aside = db_path.with_name(f"{db_path.stem}.replaced-{now.strftime(STAMP)}{db_path.suffix}")
    try:
        if db_path.exists():
            shutil.copy2(db_path, aside)  # kept as it was, even if damaged, with its WAL
            wal = Path(f"{db_path}-wal")
            if wal.exists():
                shutil.copy2(wal, f"{aside}-wal")
            with open(aside, "rb+") as fh:
                os.fsync(fh.fileno())
        for extra in ("-wal", "-shm"):
            Path(f"{db_path}{extra}").unlink(missing_ok=True)
        os.replace(staged, db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(f"恢复失败：{os_error_text(exc)}；原数据库未被改动。") from exc
    return aside


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for info in list_backups(db_path):
        try:
            check_backup(info.path)
            return info
        except DatabaseOpenError:
            continue
    return None
