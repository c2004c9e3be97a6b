"""Command line: no arguments opens the window; subcommands run headless (--json for scripts).

Layout (each module imports only modules below it, never this one):

- this module: ``main`` (the console script ``wzcommand``) and dispatch;
- one module per command group, owning its parsers and handlers: ``reference`` (init, units,
  duties, groups), ``roster``, ``levels``, ``people``, ``warnings``, ``counties`` (counties, county), ``measures`` (measure), ``audit`` (audit, check),
  ``schedule`` (schedule, meeting), ``tasks``, ``printing`` (print), ``data`` (backup, restore,
  archive), ``accounts``, ``events``, ``deadlines``, ``reports`` (report, reports, paper-kit),
  ``printers``, ``requisitions`` (requisition), ``supplies`` (stock, supply);
- shared helpers: ``parsing`` (the one-line-error parser, global options, ``handles``),
  ``context`` (which database, who is signed in), ``tables`` (output), ``times`` (the one
  time/date parser and its error text), ``destination`` (--out / --printer / --copies).

A new command group: add ``cli/<group>.py`` with ``register(sub, common)`` that adds its
parsers (``parents=[common]`` on each, so global options work after the command too) and binds
each leaf to its handler with ``parsing.handles(parser, handler)``; a handler takes
``(ctx, args)`` and returns ``(json data, readable text)``; import services inside the handler,
so building the parser stays cheap. Then list the module in ``_groups`` and ``GROUPS`` below, and
its commands in ``COMMANDS`` (a command builds only its own group's parsers).
"""
from __future__ import annotations

import os
import sys
from importlib import import_module

from .parsing import EXIT_USAGE, CliError, Parser, add_global_options, common_parent

# The command groups, in the order `wzcommand --help` lists them (as _groups returns them), and
# which group registers each command (tests/cli/test_cli_parser.py checks both against the groups).
GROUPS = ("reference", "roster", "levels", "people", "warnings", "counties", "experts", "measures", "riskmap", "audit", "schedule", "tasks", "printing",
          "data", "accounts", "events", "deadlines", "reports", "office", "printers", "requisitions", "supplies")
COMMANDS = {
    "init": "reference", "units": "reference", "duties": "reference", "groups": "reference", "roster": "roster",
    "level": "levels", "people": "people", "warning": "warnings", "counties": "counties", "county": "counties",
    "experts": "experts", "expert": "experts", "assessment": "experts", "assessments": "experts",
    "measure": "measures",
    "townships": "riskmap", "risk": "riskmap",
    "audit": "audit", "check": "audit",
    "schedule": "schedule", "meeting": "schedule", "task": "tasks", "print": "printing", "backup": "data",
    "backups": "data", "restore": "data", "archive": "data", "account": "accounts", "event": "events",
    "deadlines": "deadlines", "report": "reports", "reports": "reports", "paper-kit": "reports", "office": "office",
    "fonts": "office", "printers": "printers", "requisition": "requisitions", "stock": "supplies", "supply": "supplies",
}


def build_parser(argv: list[str] | None = None) -> Parser:
    """The whole parser; given `argv`, only the groups whose commands appear in it (a command runs
    without importing and building the other groups; it parses exactly as with the whole parser,
    since argparse looks only at the chosen subcommand). No command word: every group (help, errors)."""
    parser = Parser(prog="wzcommand", description="温州市突发公共卫生事件应急指挥部 — 指挥部办公室工作程序")
    add_global_options(parser, suppress=False)
    common = common_parent()
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    sub.add_parser("gui", parents=[common], help="打开程序窗口")
    sub.add_parser("board", parents=[common], help="打开指挥大厅态势大屏（只读、全屏；F11 切换全屏，Esc 退出）")
    named = {COMMANDS[word] for word in argv or () if word in COMMANDS}
    groups = [import_module(f".{name}", __package__) for name in GROUPS if name in named] if named else _groups()
    for group in groups:
        group.register(sub, common)
    return parser


def _groups():
    """The command groups in the order `wzcommand --help` lists them (plain imports, so the
    frozen bundle finds them)."""
    from . import (
        accounts,
        audit,
        counties,
        data,
        deadlines,
        events,
        experts,
        levels,
        measures,
        office,
        people,
        printers,
        printing,
        reference,
        reports,
        requisitions,
        riskmap,
        roster,
        schedule,
        supplies,
        tasks,
        warnings,
    )

    return (reference, roster, levels, people, warnings, counties, experts, measures, riskmap, audit, schedule, tasks, printing, data, accounts, events,
            deadlines, reports, office, printers, requisitions, supplies)


def _window_only(argv: list[str]):
    """The global options alone (or with `gui`) open the window: parsed without building the
    full parser, so the window does not wait for every command group to load."""
    globals_only = Parser(prog="wzcommand", add_help=False)
    add_global_options(globals_only, suppress=False)
    args, rest = globals_only.parse_known_args(argv)
    return args if rest in ([], ["gui"]) else None


def _maybe_quick(argv: list[str]) -> bool:
    """Could this be a read the quick path answers (cli/quick.py decides)? WZCOMMAND_NO_QUICK=1
    sends every command the full way (tests and benchmarks compare the two)."""
    return os.environ.get("WZCOMMAND_NO_QUICK") != "1" and any(w in argv for w in ("level", "units", "deadlines"))


def _undecodable(argv: list[str]) -> str | None:
    """An argument the shell passed as bytes that are not UTF-8 (Python keeps them as surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "backslashreplace").decode("utf-8")
    return None


def _fallback_text(exc: Exception) -> str:
    """A bug's one line, never with SQL or parameters in it (a database error shows its kind only)."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        return f"数据库拒绝了本次操作（{(orig or exc).__class__.__name__}），未保存。"
    return f"{exc.__class__.__name__}: {exc}"


def entry() -> int:
    """The ``wzcommand`` script and ``python -m wzcommand``: a new process (see startup.py)."""
    from .. import startup

    startup.begin()
    return main()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    bad = _undecodable(argv)
    if bad is not None:
        print(f"wzcommand: 参数“{bad}”不是有效的 UTF-8 文本，请检查终端的编码设置", file=sys.stderr)
        return EXIT_USAGE
    try:
        window = _window_only(argv)
        if window is not None:
            from ..app import run_gui

            return run_gui(db_path=window.db, db_url=window.db_url)
        if _maybe_quick(argv):
            from .quick import run as quick_read

            status = quick_read(argv)  # level show / units / deadlines without SQLAlchemy, when it can
            if status is not None:
                return status
        args = build_parser(argv).parse_args(argv)
        if args.command == "gui":
            from ..app import run_gui

            return run_gui(db_path=args.db, db_url=args.db_url)
        if args.command == "board":
            from ..app import run_board

            return run_board(db_path=args.db, db_url=args.db_url)
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handling below, not at exit
        return code
    except CliError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("wzcommand: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `wzcommand people | head -5`: the reader stopped early
        _quiet_stdout()
        print("wzcommand: 输出管道已关闭（读取输出的程序提前结束），其余输出未显示", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: still one line, and a non-zero status
        print(f"wzcommand: internal error: {_fallback_text(exc)}".replace("\n", " "), file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(args) -> int:
    if args.command is None or not hasattr(args, "handler"):
        raise CliError("wzcommand: 请指定命令（wzcommand --help 列出全部命令）")
    from .context import Context, open_db, sign_in, start_checks

    checks = start_checks(args) if args.needs_db else None  # before SQLAlchemy loads: they overlap
    from sqlalchemy.exc import OperationalError

    from ..services.errors import ImportRejected, ServiceError
    from ..storage.errors import DatabaseOpenError, storage_error_text
    from .tables import print_result

    if not args.needs_db:
        from ..startup import loaded

        loaded()
        try:
            print_result(args.handler(Context(None), args), args.json)
        except ServiceError as exc:
            raise CliError(f"wzcommand: {exc.message}") from exc
        return 0
    try:
        db = open_db(args, checks)
    except DatabaseOpenError as exc:
        raise CliError(f"wzcommand: {exc.message}") from exc
    from ..startup import loaded

    loaded()  # SQLAlchemy and the models are in: the collector runs again from here
    try:
        ctx = Context(db) if getattr(args, "no_sign_in", False) else sign_in(db, args)
        result = args.handler(ctx, args)
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
        print_result(result, args.json)
    return 0
