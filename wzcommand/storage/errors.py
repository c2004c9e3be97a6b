"""Typed errors raised when a database cannot be opened; messages are shown to users as is."""


class DatabaseOpenError(Exception):
    """The database cannot be used; nothing was written to it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotADatabaseError(DatabaseOpenError):
    pass


class DamagedDatabaseError(DatabaseOpenError):
    pass


class NewerSchemaError(DatabaseOpenError):
    pass


class NotWritableError(DatabaseOpenError):
    pass


class NetworkShareError(DatabaseOpenError):
    pass
