"""One program window writes a database file at a time; an unclean shutdown is noticed.

A lock file beside the database is held (OS file lock) while a window has it open and says
"open"; a clean close writes "closed". Finding "open" with nobody holding the lock means the
last session ended without closing (power cut, crash): the caller runs a full integrity check.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

OPEN, CLOSED = b"open", b"closed"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # os.name == "nt"; the form a type checker follows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class InstanceLock:
    """Held by the window that writes the file; released (and marked closed) on close."""

    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self.was_unclean = False

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another window has the file."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.lseek(fd, 0, os.SEEK_SET)
        self.was_unclean = os.read(fd, 16).startswith(OPEN)
        self._write(fd, OPEN)
        self._fd = fd
        return True

    @staticmethod
    def _write(fd: int, state: bytes) -> None:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, state)
        os.fsync(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        self._write(self._fd, CLOSED)
        os.close(self._fd)  # closing drops the lock
        self._fd = None

    def abandon(self) -> None:
        """Let go without marking a clean close (the next start runs the full check again)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def held_elsewhere(db_path: Path) -> bool:
    """Whether another process holds the lock now (a quick probe that takes and drops it)."""
    path = lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):
            return False
        return True
    finally:
        os.close(fd)


def left_open(db_path: Path) -> bool:
    """The last window did not close cleanly and nobody has the file now."""
    path = lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if not _try_lock(fd):
            return False
        return os.read(fd, 16).startswith(OPEN)
    finally:
        os.close(fd)
