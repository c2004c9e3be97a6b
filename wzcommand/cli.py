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
    common.add_argument("--operator", metavar="NAME", help="操作员账户（启用账户后必填；密码取自 WZCOMMAND_PASSWORD）")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("gui", parents=[common], help="打开程序窗口")
    init = sub.add_parser("init", parents=[common], help="创建或升级数据库并填入预案参考数据")
    init.add_argument("--exercise", action="store_true", help="新建演练（8.2.4）专用数据库：所有窗口与打印件标注“演练”")
    sub.add_parser("units", parents=[common], help="成员单位及联络员")
    sub.add_parser("duties", parents=[common], help="62项成员单位职责")
    sub.add_parser("groups", parents=[common], help="一办五组")
    roster = sub.add_parser("roster", parents=[common], help="通讯录导入导出")
    rsub = roster.add_subparsers(dest="roster_command", required=True, parser_class=_Parser)
    imp = rsub.add_parser("import", parents=[common], help="从 .xlsx 或 .csv 导入联络员")
    imp.add_argument("file", type=Path)
    exp = rsub.add_parser("export", parents=[common], help="导出联络员到 .xlsx 或 .csv")
    exp.add_argument("file", type=Path)
    _add_level_commands(sub, common)
    from .commands_schedule import add_parsers as add_schedule_parsers

    add_schedule_parsers(sub, common, _Parser)
    from .commands_data import add_parsers as add_data_parsers

    add_data_parsers(sub, common, _Parser)
    from .commands_accounts import add_parsers as add_account_parsers

    add_account_parsers(sub, common, _Parser)
    from .commands_events import add_parsers as add_event_parsers

    add_event_parsers(sub, common, _Parser)
    return parser


def _add_level_commands(sub, common) -> None:
    level = sub.add_parser("level", parents=[common], help="应急响应级别")
    lsub = level.add_subparsers(dest="level_command", required=True, parser_class=_Parser)
    lsub.add_parser("show", parents=[common], help="当前指挥体系")
    lsub.add_parser("history", parents=[common], help="响应级别调整记录")
    lset = lsub.add_parser("set", parents=[common], help="启动、调整或终止应急响应")
    lset.add_argument("target", choices=["IV", "III", "II", "I", "none"])
    lset.add_argument("--by", required=True, help="决定机关或决定人")
    lset.add_argument("--basis", required=True, help="决定依据")
    lset.add_argument("--at", help="决定时间 ISO 8601（默认：现在）")
    lset.add_argument("--announced", help="向社会发布时间 ISO 8601")
    lset.add_argument("--assessment", default="", help="专家咨询委员会评估意见")
    lset.add_argument("--assessed-on", help="评估日期 YYYY-MM-DD")
    lset.add_argument("--office-alternative", action="store_true", help="Ⅲ级：办公室设在市政府办公室（特殊情况）")
    lset.add_argument("--office-reason", default="", help="选择特殊情况的理由（默认取 --basis）")
    lset.add_argument("--office-director", default="", help="Ⅲ级办公室主任职务（两者择一）")
    lset.add_argument("--event", type=int, help="所涉事件编号")
    lset.add_argument("--province-record", default="", help="报省政府备案/报告的记录")
    lset.add_argument("--province-directed", action="store_true", help="国务院或省政府启动、要求启动Ⅰ级")
    people = sub.add_parser("people", parents=[common], help="职务人员登记")
    psub = people.add_subparsers(dest="people_command", parser_class=_Parser)
    pset = psub.add_parser("set", parents=[common], help="登记职务人员")
    pset.add_argument("post")
    pset.add_argument("--name", required=True)
    pset.add_argument("--group", help="工作组（泛指职务须指定）")
    pset.add_argument("--mobile", default="")
    pset.add_argument("--office-phone", default="")
    warning = sub.add_parser("warning", parents=[common], help="预警")
    wsub = warning.add_subparsers(dest="warning_command", required=True, parser_class=_Parser)
    sug = wsub.add_parser("suggest", parents=[common], help="按 ILI% 与阳性率计算预警建议")
    for flag in ("--ili", "--ili-baseline", "--positive", "--positive-baseline"):
        sug.add_argument(flag, required=True, type=_number)
    sug.add_argument("--situation", action="append", default=[], help="附件预警情形编号，如 yellow-1（可重复）")
    wset = wsub.add_parser("set", parents=[common], help="发布、调整或解除预警")
    wset.add_argument("colour", choices=["blue", "yellow", "orange", "red", "none"])
    wset.add_argument("--by", required=True)
    wset.add_argument("--basis", required=True)
    wset.add_argument("--at")
    wsub.add_parser("show", parents=[common], help="当前预警与记录")
    sub.add_parser("audit", parents=[common], help="审计记录（最早的在前）")
    sub.add_parser("check", parents=[common], help="检查数据库与审计链")


def _number(text: str) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    if not value.is_finite() or value < 0 or value > 100:
        raise argparse.ArgumentTypeError(f"must be a percentage from 0 to 100: {text!r}")
    return text


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
    except Exception as exc:  # a bug: still one line, and a non-zero status
        print(f"wzcommand: internal error: {exc.__class__.__name__}: {exc}".replace("\n", " "), file=sys.stderr)
        return 1


def _run(args) -> int:
    from . import commands

    handler = commands.HANDLERS[(args.command, getattr(args, f"{args.command}_command", None))]
    from .services.errors import ImportRejected, ServiceError
    from sqlalchemy.exc import OperationalError

    from .storage.errors import DatabaseOpenError, storage_error_text

    if handler in commands.WITHOUT_DB:
        try:
            _print(handler(None, args), args.json)
        except ServiceError as exc:
            raise CliError(f"wzcommand: {exc.message}") from exc
        return 0
    try:
        db = commands.open_db(args)
    except DatabaseOpenError as exc:
        raise CliError(f"wzcommand: {exc.message}") from exc
    try:
        commands.sign_in(db, args)
        result = handler(db, args)
    except ImportRejected as exc:
        detail = "; ".join(str(e) for e in exc.errors)
        raise CliError(f"wzcommand: 导入未执行，未写入任何数据（{len(exc.errors)} 处错误）: {detail}") from exc
    except ServiceError as exc:
        raise CliError(f"wzcommand: {exc.message}") from exc
    except OperationalError as exc:  # locked past the busy timeout, disk full, read-only file…
        raise CliError(f"wzcommand: 数据库无法写入，本次操作未保存：{storage_error_text(exc)}") from exc
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
