"""Backups of the SQLite file: consistent copies (online backup API), checked, rotated; restore.

A copy is written to a temporary file beside its final name, checked with integrity_check,
fsynced and renamed, so a backup that exists is a good one. Restore checks the backup first
(and the caller's `verify`: the audit chain and the tables), keeps the current file aside,
and swaps atomically. Every backup carries the audit chain's head log (`BACKUP.chain-head.log`).

Temporaries are named `.NAME.wzcommand-tmp-KIND` (never like a kept copy) and removed by
`clean_temporaries` on the next start if a killed process left them.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..fileio import fsync_dir, os_error_text
from . import checks, headlog, migrate
from .errors import DamagedDatabaseError, DatabaseOpenError, NewerSchemaError, NotADatabaseError

STAMP = "%Y%m%d-%H%M%S-%f"  # microseconds: two backups in one second do not collide
SUFFIX = ".sqlite3"
MANUAL = "manual"  # a backup someone asked for: named apart, never removed by the rotation
TMP_MARK = ".wzcommand-tmp"


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
    tmp = temporary(target, "copy")
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


def temporary(target: Path, kind: str) -> Path:
    """The name of a temporary that will become `target`: recognisable, never like a kept copy,
    with the writing process's id so a later start knows whether it was left by a dead one."""
    return target.with_name(f".{target.name}{TMP_MARK}-{kind}-{os.getpid()}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_temporaries(db_path: Path) -> list[Path]:
    """Remove what a killed backup, restore or import left beside the database or its backups."""
    removed = []
    for folder in (db_path.parent, backup_folder(db_path)):
        if not folder.is_dir():
            continue
        for path in folder.glob(f".*{TMP_MARK}-*"):
            pid = re.search(re.escape(TMP_MARK) + r"-[a-z]+-(\d+)", path.name)
            if pid and _alive(int(pid.group(1))):
                continue
            try:
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
                removed.append(path)
            except OSError:
                continue
    return removed


def sidecar(backup_file: Path) -> Path:
    return headlog.path_beside(backup_file)


def write_head_log(db_path: Path, copy: Path) -> None:
    """The copy's head log: the live head log's lines up to the copy's own head, then its head."""
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    lines = [f"{p}\t{h}" for p, h in headlog.read(headlog.path_beside(db_path)) if row and p <= row[0]]
    if row:
        lines.append(f"{row[0]}\t{row[1]}")
    target = sidecar(copy)
    tmp = temporary(target, "head")
    tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(tmp, target)


def sidecar_after_restore(db_path: Path, folder: Path) -> list[Path]:
    """Head logs of the backups taken since the database was last restored (older ones may
    belong to the timeline the restore left)."""
    since = headlog.last_restored(headlog.path_beside(db_path))
    found = []
    for info in list_backups(db_path, folder):
        side = sidecar(info.path)
        if side.exists() and (since is None or side.stat().st_mtime > since):
            found.append(side)
    return found


def make_backup(db_path: Path, now: datetime | None = None, folder: Path | None = None,
                manual: bool = False) -> BackupInfo:
    """A checked copy; `manual` (asked for by a person) is named `<stem>-manual-<stamp>` and kept apart
    from the rotation."""
    now = now or datetime.now()
    folder = folder or backup_folder(db_path)
    kind = f"{MANUAL}-" if manual else ""
    target = folder / f"{db_path.stem}-{kind}{now.strftime(STAMP)}{SUFFIX}"
    copy_database(db_path, target)
    try:
        write_head_log(db_path, target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"备份失败：{os_error_text(exc)}（{exc.filename or target}）") from exc
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
            sidecar(b.path).unlink(missing_ok=True)
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


def restore(db_path: Path, backup: Path, now: datetime | None = None, verify=None,
            head_log: Path | None = None) -> Path:
    """Replace the database with a checked copy of `backup`; return where the old file was kept.

    `verify(staged_path, head_log)` runs on the staged copy before anything is swapped and
    raises to refuse it. `head_log` is the backup's chain-head log (default: its sidecar).
    The caller must have closed every connection to `db_path` first.
    """
    check_backup(backup)
    now = now or datetime.now()
    head_log = head_log if head_log is not None else sidecar(backup)
    staged = temporary(db_path, "restore")
    copy_database(backup, staged)
    try:
        if verify is not None:
            verify(staged, head_log)
    except BaseException:
        staged.unlink(missing_ok=True)
        for extra in ("-wal", "-shm", headlog.SUFFIX):
            Path(f"{staged}{extra}").unlink(missing_ok=True)
        raise
    aside = db_path.with_name(f"{db_path.stem}.replaced-{now.strftime(STAMP)}{db_path.suffix}")
    try:
        if db_path.exists():
            _keep_aside(db_path, aside)
        for extra in ("-wal", "-shm"):
            Path(f"{db_path}{extra}").unlink(missing_ok=True)
        os.replace(staged, db_path)
        _install_head_log(db_path, aside, head_log, backup)
        fsync_dir(db_path.parent)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise BackupError(f"恢复失败：{os_error_text(exc)}；原数据库未被改动。") from exc
    finally:
        Path(f"{staged}{headlog.SUFFIX}").unlink(missing_ok=True)
    return aside


def _keep_aside(db_path: Path, aside: Path) -> None:
    """The current file as it was (even if damaged, with its WAL), copied under a temporary
    name and renamed only when complete: a kill leaves no half copy named like a kept one."""
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copy2(wal, temporary(aside, "wal"))
    tmp = temporary(aside, "aside")
    shutil.copy2(db_path, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    if wal.exists():
        os.replace(temporary(aside, "wal"), f"{aside}-wal")
    os.replace(tmp, aside)
    live_log = headlog.path_beside(db_path)
    if live_log.exists():
        os.replace(live_log, headlog.path_beside(aside))


def _install_head_log(db_path: Path, aside: Path, head_log: Path | None, source: Path) -> None:
    target = headlog.path_beside(db_path)
    lines = headlog.read(head_log) if head_log is not None else []
    tmp = temporary(target, "head")
    tmp.write_text(headlog.restored_line(str(source)) + "".join(f"{p}\t{h}\n" for p, h in lines),
                   encoding="utf-8")
    os.replace(tmp, target)


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for info in list_backups(db_path):
        try:
            check_backup(info.path)
            return info
        except DatabaseOpenError:
            continue
    return None
