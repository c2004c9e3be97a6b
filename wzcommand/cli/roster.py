"""roster import / export: the contact book as .xlsx or .csv."""
from __future__ import annotations

from pathlib import Path

from .parsing import handles, subcommands


def register(sub, common) -> None:
    roster = sub.add_parser("roster", parents=[common], help="通讯录导入导出")
    rsub = subcommands(roster, "roster_command")
    imp = handles(rsub.add_parser("import", parents=[common], help="从 .xlsx 或 .csv 导入联络员"), cmd_roster_import)
    imp.add_argument("file", type=Path)
    exp = handles(rsub.add_parser("export", parents=[common], help="导出联络员到 .xlsx 或 .csv"), cmd_roster_export)
    exp.add_argument("file", type=Path)


def cmd_roster_import(ctx, args):
    from ..services import roster_io

    result = roster_io.import_contacts(ctx.db, args.file, ctx.operator)
    data = {"updated": result.updated, "unchanged": result.unchanged, "updated_units": list(result.updated_units)}
    return data, result.summary


def cmd_roster_export(ctx, args):
    from ..services import roster_io

    count = roster_io.export_contacts(ctx.db, args.file)
    return {"file": str(args.file), "units": count}, f"已导出 {count} 个单位到 {args.file}"
