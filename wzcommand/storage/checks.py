"""Checks run before a database file is touched: path kind, location, header, health, schema."""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from ..fileio import os_error_text
from .errors import DamagedDatabaseError, NetworkShareError, NotADatabaseError, NotWritableError

SQLITE_HEADER = b"SQLite format 3\x00"
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "afs", "ncpfs", "9p", "davfs", "fuse.davfs2"}
SERVER_HINT = "多台工作站共用数据时，请在设置中填写 PostgreSQL 服务器地址（--db-url）。"


def check_location(path: Path) -> None:
    """Refuse folders, network shares and places we cannot write; create the folder if needed."""
    if path.exists() and path.is_dir():
        raise NotADatabaseError(f"“{path}”是一个文件夹，不是数据库文件。")
    if is_network_path(path):
        raise NetworkShareError(
            f"数据库“{path}”位于网络共享上。SQLite 在网络共享上无法可靠加锁，可能损坏数据。" + SERVER_HINT)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotWritableError(f"无法创建文件夹“{folder}”：{os_error_text(exc)}。") from exc
    # The WAL and shared-memory files live beside the database, so the folder must be writable.
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise NotWritableError(f"文件夹“{folder}”不可写（{os_error_text(exc)}），无法保存数据。") from exc
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise NotWritableError(f"数据库文件“{path}”没有读写权限。")
    if path.exists():
        try:
            with open(path, "r+b"):
                pass
        except OSError as exc:
            raise NotWritableError(f"数据库文件“{path}”无法写入（{os_error_text(exc)}）。") from exc


def is_network_path(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":  # os.name == "nt"; the form a type checker follows
        return _windows_remote_drive(text)
    return _mount_fstype(path.resolve(strict=False)) in NETWORK_FS


def _windows_remote_drive(text: str) -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE


def _mount_fstype(path: Path) -> str:
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    best, fstype = "", ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
            best, fstype = mount, parts[2]
    return fstype


def has_content(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def inspect_existing(path: Path) -> tuple[str | None, bool]:
    """Return (schema revision or None, has tables) of an existing file, reading only."""
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise NotADatabaseError(f"“{path}”不是数据库文件（文件头不符）。文件未被改动。")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DamagedDatabaseError(f"无法打开数据库“{path}”：{exc}。文件未被改动。") from exc
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            raise DamagedDatabaseError(
                f"数据库“{path}”已损坏（{result[0][0]}）。文件保持原样未被改动，请从备份恢复。")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, bool(tables - {"alembic_version"})
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"数据库“{path}”已损坏或无法读取（{exc}）。文件未被改动，请从备份恢复。") from exc
    finally:
        conn.close()


def integrity_check(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
