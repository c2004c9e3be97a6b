"""Typed errors raised when a database cannot be opened; messages are shown to users as is."""

from ..errors import ServiceError


class DatabaseOpenError(ServiceError):
    """The database cannot be used; nothing was written to it."""


class NotADatabaseError(DatabaseOpenError):
    pass


class DamagedDatabaseError(DatabaseOpenError):
    pass


class NewerSchemaError(DatabaseOpenError):
    pass


class NotWritableError(DatabaseOpenError):
    pass


class UnverifiedUpgradeError(DatabaseOpenError):
    """An older database whose tables or log do not match its own audit log: not upgraded."""


class NetworkShareError(DatabaseOpenError):
    pass


class ReadOnlyError(ServiceError):
    """A write was attempted on a database opened read-only."""


class ConcurrentEditError(ServiceError):
    """Another writer changed the record between this one's read and write (version column)."""


class WriteFailedError(ServiceError):
    """The database refused the write (locked, full, read-only); the transaction was rolled back."""


def storage_error_text(exc: Exception) -> str:
    """Chinese words for the database driver's common failures."""
    text = str(getattr(exc, "orig", None) or exc)
    for needle, words in (("locked", "数据库正被其他程序占用（已锁定），请稍后再试"), ("readonly", "数据库文件只读"),
                          ("read-only", "数据库文件只读"), ("full", "磁盘空间已满"),
                          ("disk I/O error", "磁盘读写错误（磁盘可能已满或已移除）"), ("malformed", "数据库文件已损坏")):
        if needle in text:
            return words
    return text
