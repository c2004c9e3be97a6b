"""Command line: no arguments opens the window; subcommands run headless (--json for scripts)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_USAGE = 2


class CliError(Exception):
    """One line for stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, exit 2, like every other error
        raise CliError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wzcommand", description="温州市突发公共卫生事件应急指挥部 — 指挥部办公室工作程序")
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="数据库文件（默认：用户数据目录中的 wzcommand.sqlite3）")
    common.add_argument("--db-url", metavar="URL", help="数据库 URL（如 postgresql+psycopg://…），多台工作站共用")
    common.add_argument("--json", action="store_true", help="以 JSON 输出")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("gui", parents=[common], help="打开程序窗口")
    sub.add_parser("init", parents=[common], help="创建或升级数据库并填入预案参考数据")
    sub.add_parser("units", parents=[common], help="成员单位及联络员")
    sub.add_parser("duties", parents=[common], help="62项成员单位职责")
    sub.add_parser("groups", parents=[common], help="一办五组")
    roster = sub.add_parser("roster", parents=[common], help="通讯录导入导出")
    rsub = roster.add_subparsers(dest="roster_command", required=True, parser_class=_Parser)
    imp = rsub.add_parser("import", parents=[common], help="从 .xlsx 或 .csv 导入联络员")
    imp.add_argument("file", type=Path)
    exp = rsub.add_parser("export", parents=[common], help="导出联络员到 .xlsx 或 .csv")
    exp.add_argument("file", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] == "gui" and len(argv) == 1:
        from .app import run_gui

        return run_gui()
    try:
        args = build_parser().parse_args(argv)
        if args.command == "gui":
            from .app import run_gui

            return run_gui(db_path=args.db, db_url=args.db_url)
        return _run(args)
    except CliError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("wzcommand: interrupted", file=sys.stderr)
        return 130


def _run(args) -> int:
    from . import commands

    handler = commands.HANDLERS[(args.command, getattr(args, "roster_command", None))]
    from .services.errors import ImportRejected, ServiceError
    from .storage.errors import DatabaseOpenError

    try:
        db = commands.open_db(args)
    except DatabaseOpenError as exc:
        raise CliError(f"wzcommand: {exc.message}") from exc
    try:
        result = handler(db, args)
    except ImportRejected as exc:
        detail = "; ".join(str(e) for e in exc.errors)
        raise CliError(f"wzcommand: 导入未执行，未写入任何数据（{len(exc.errors)} 处错误）: {detail}") from exc
    except ServiceError as exc:
        raise CliError(f"wzcommand: {exc.message}") from exc
    finally:
        db.close()
    if result is not None:
        _print(result, args.json)
    return 0


def _print(result, as_json: bool) -> None:
    data, table = result
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(table)
