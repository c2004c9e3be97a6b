"""The argument parser's shape shared by every command group: one-line errors, global options."""
from __future__ import annotations

import argparse

EXIT_USAGE = 2


class CliError(Exception):
    """One line for stderr, exit status 2."""


MAX_INT = 2 ** 63 - 1  # what a database integer holds


def integer(text: str) -> int:
    """An id or a count as the database can store it (a bigger number is a clear error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if not -MAX_INT <= value <= MAX_INT:
        raise argparse.ArgumentTypeError(f"数值 {text} 超出范围（最大 {MAX_INT}）")
    return value


integer.__name__ = "整数"


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, exit 2, like every other error
        raise CliError(f"{self.prog}: {message}")


def add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--db, --db-url, --json, --operator: accepted before the command and after any word of it.

    On the subcommands' parsers (``suppress=True``) an option that is not given sets nothing, so
    ``wzcommand --db FILE level show`` keeps the value given before the command."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="数据库文件（默认：用户数据目录中的 wzcommand.sqlite3）")
    parser.add_argument("--db-url", metavar="URL", default=default,
                        help="数据库 URL（如 postgresql+psycopg://…），多台工作站共用")
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="以 JSON 输出")
    parser.add_argument("--operator", metavar="NAME", default=default,
                        help="操作员账户（启用账户后必填；密码取自 WZCOMMAND_PASSWORD）")


def common_parent() -> Parser:
    """The parent every command's parser takes, so the global options work after the command too."""
    common = Parser(add_help=False)
    add_global_options(common, suppress=True)
    return common


def subcommands(parser: argparse.ArgumentParser, dest: str, *, required: bool = True):
    """A command group's own subcommands (``level show``), with the one-line error parser."""
    return parser.add_subparsers(dest=dest, required=required, parser_class=Parser)


def handles(parser: argparse.ArgumentParser, handler, *, needs_db: bool = True) -> argparse.ArgumentParser:
    """Bind a leaf command to its handler: ``handler(ctx, args) -> (json data, readable text)``."""
    parser.set_defaults(handler=handler, needs_db=needs_db)
    return parser
