"""The base of every error whose message is meant for the user (in Chinese, shown as is)."""


class ServiceError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Bad input; `fields` maps a field name to its message (for forms). Defined here so the
    storage layer's text guard can raise it too; services.errors re-exports it."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__("；".join(self.fields.values()))
