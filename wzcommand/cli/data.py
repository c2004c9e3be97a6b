"""backup, backups, restore, archive export / import: copies of the database (SQLite workstations)."""
from __future__ import annotations

from pathlib import Path

from .parsing import handles, subcommands


def register(sub, common) -> None:
    b = handles(sub.add_parser("backup", parents=[common], help="立即备份数据库（校验后保留，按规则轮换）"), cmd_backup)
    b.add_argument("--to", type=Path, help="备份到指定文件夹（默认：数据库旁的 backups）")
    handles(sub.add_parser("backups", parents=[common], help="列出备份"), cmd_backups)
    r = handles(sub.add_parser("restore", parents=[common], help="从备份恢复（当前文件另存保留）"), cmd_restore)
    r.add_argument("file", type=Path)
    a = sub.add_parser("archive", parents=[common], help="整库档案包（数据库与已签发 PDF）")
    asub = subcommands(a, "archive_command")
    ae = handles(asub.add_parser("export", parents=[common], help="导出档案包 .zip"), cmd_archive_export)
    ae.add_argument("file", type=Path)
    ai = handles(asub.add_parser("import", parents=[common], help="导入档案包，替换本机数据库（当前文件另存保留）"),
                 cmd_archive_import)
    ai.add_argument("file", type=Path)


def cmd_backup(ctx, args):
    from ..services import backups

    info = backups.backup_now(ctx.db, folder=args.to, operator=ctx.operator, manual=True)  # kept apart from the rotation
    return ({"file": str(info.path), "size": info.size, "taken_at": info.taken_at.isoformat(timespec="seconds"),
             "manual": True},
            f"已备份并校验：{info.path}")


def cmd_backups(ctx, args):
    from ..services import backups

    rows = [{"file": str(b.path), "size": b.size, "taken_at": b.taken_at.isoformat(timespec="seconds"),
             "manual": b.manual} for b in backups.list_backups(ctx.db)]
    return rows, "\n".join(f"{r['taken_at']}  {r['size'] // 1024:>6} KB  {'手动' if r['manual'] else '自动'}  {r['file']}"
                           for r in rows) or "（尚无备份）"


def _swap(ctx, source: Path, archive: bool):
    from ..services import backups

    kept, db = backups.replace_database(ctx.db, source, ctx.operator, archive=archive)
    db.close()
    return {"restored_from": str(source), "previous_file_kept": str(kept)}, f"已恢复；原数据库另存为 {kept}"


def cmd_restore(ctx, args):
    return _swap(ctx, args.file, archive=False)


def cmd_archive_export(ctx, args):
    from ..services import backups

    count = backups.export_archive(ctx.db, args.file, operator=ctx.operator)
    return {"file": str(args.file), "reports": count}, backups.archive_text(args.file, count)


def cmd_archive_import(ctx, args):
    return _swap(ctx, args.file, archive=True)
