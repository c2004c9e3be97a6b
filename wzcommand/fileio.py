"""Crash-safe writing of files other than the database (exports, PDFs, settings)."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, rename over, fsync the folder."""
    path = Path(path)
    check_output_path(path)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def write_if_possible(path: Path | str, data: bytes) -> bool:
    """For what is only a convenience (the window's remembered folders and column widths): make the
    folder when missing and write atomically; False, and nothing raised, when that cannot be done."""
    from .errors import ServiceError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except (OSError, ServiceError):
        return False
    return True


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_ERRNO_TEXT = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.EROFS: "所在磁盘为只读",
    errno.ENOSPC: "磁盘空间已满",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EEXIST: "文件已存在",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese phrase for the common causes; the system's own text otherwise."""
    return _ERRNO_TEXT.get(exc.errno, exc.strerror or str(exc))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def check_input_file(path: Path | str, what: str = "文件") -> None:
    """Only a regular file may be read (a link is followed: a link to /dev/zero is a device)."""
    from .errors import ServiceError

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ServiceError(f"无法读取{what}“{path}”：{os_error_text(exc)}。") from exc
    if not stat.S_ISREG(mode):
        raise ServiceError(f"“{path}”是{_kind(mode)}，不是普通文件；只能读取普通{what}，未做任何改动。")


def check_output_path(path: Path | str) -> None:
    """Write only to a regular file or a new name in an existing folder; never over a device,
    a pipe or a folder."""
    from .errors import ServiceError

    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not path.absolute().parent.is_dir():
            raise ServiceError(f"文件夹“{path.absolute().parent}”不存在，无法写入“{path.name}”。") from None
        return
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}。") from exc
    if not stat.S_ISREG(mode):
        raise ServiceError(f"“{path}”是{_kind(mode)}，不是普通文件；只能写入普通文件或新文件名，未写入。")


def check_output_folder(folder: Path | str) -> None:
    """A folder to write into: an existing folder or a new path (never a file or a device)."""
    from .errors import ServiceError

    folder = Path(folder)
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ServiceError(f"无法写入“{folder}”：{os_error_text(exc)}。") from exc
    if not stat.S_ISDIR(mode):
        raise ServiceError(f"“{folder}”不是文件夹（是{_kind(mode) if not stat.S_ISREG(mode) else '文件'}），"
                           "备份须写入文件夹，未写入。")
