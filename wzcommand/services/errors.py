"""Typed service errors. `message` is the Chinese text shown to the user as is."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ServiceError, ValidationError  # shared with the command line; passed on here

__all__ = ["ServiceError", "ValidationError", "NotFoundError", "ConflictError", "RefusedError", "RowError",
           "ImportRejected"]


class NotFoundError(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else changed the record since it was read."""


class RefusedError(ServiceError):
    """The plan does not allow this step now."""


@dataclass(frozen=True)
class RowError:
    row: int  # row number as the spreadsheet shows it (header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}" + (f"“{self.column}”列" if self.column else "") + f"：{self.message}"


class ImportRejected(ServiceError):
    """The file was checked and refused; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        head = f"导入未执行：发现 {len(self.errors)} 处错误，未写入任何数据。"
        super().__init__(head + ("" if not self.errors else " " + str(self.errors[0])))
