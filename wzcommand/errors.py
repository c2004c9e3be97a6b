"""The base of every error whose message is meant for the user (in Chinese, shown as is)."""


class ServiceError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
