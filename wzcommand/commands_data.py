"""CLI for backups, restore and archives (SQLite workstations)."""
from __future__ import annotations

from pathlib import Path

from .services import backups
from .services.errors import ServiceError


def add_parsers(sub, common, parser_class) -> None:
    b = sub.add_parser("backup", parents=[common], help="立即备份数据库（校验后保留，按规则轮换）")
    b.add_argument("--to", type=Path, help="备份到指定文件夹（默认：数据库旁的 backups）")
    sub.add_parser("backups", parents=[common], help="列出备份")
    r = sub.add_parser("restore", parents=[common], help="从备份恢复（当前文件另存保留）")
    r.add_argument("file", type=Path)
    a = sub.add_parser("archive", parents=[common], help="整库档案包（数据库与已签发 PDF）")
    asub = a.add_subparsers(dest="archive_command", required=True, parser_class=parser_class)
    ae = asub.add_parser("export", parents=[common], help="导出档案包 .zip")
    ae.add_argument("file", type=Path)
    ai = asub.add_parser("import", parents=[common], help="导入档案包，替换本机数据库（当前文件另存保留）")
    ai.add_argument("file", type=Path)


def _operator():
    from .commands import operator

    return operator()


def cmd_backup(db, args):
    info = backups.backup_now(db, folder=args.to)
    return ({"file": str(info.path), "size": info.size, "taken_at": info.taken_at.isoformat(timespec="seconds")},
            f"已备份并校验：{info.path}")


def cmd_backups(db, args):
    rows = [{"file": str(b.path), "size": b.size, "taken_at": b.taken_at.isoformat(timespec="seconds")}
            for b in backups.list_backups(db)]
    return rows, "\n".join(f"{r['taken_at']}  {r['size'] // 1024:>6} KB  {r['file']}" for r in rows) or "（尚无备份）"


def _swap(db, fn, source: Path):
    from .storage import instance

    path = db.path
    if path is None:
        raise ServiceError("服务器数据库（PostgreSQL）请使用服务器的恢复工具。")
    from .services.accounts import require

    with db.read() as session:
        require(session, _operator(), "restore")
    if instance.held_elsewhere(path):
        raise ServiceError("程序窗口正在使用该数据库，请先关闭窗口再恢复。")
    db.close()
    kept = fn(path, source, _operator())
    return {"restored_from": str(source), "previous_file_kept": str(kept)}, f"已恢复；原数据库另存为 {kept}"


def cmd_restore(db, args):
    return _swap(db, backups.restore, args.file)


def cmd_archive_export(db, args):
    count = backups.export_archive(db, args.file)
    return {"file": str(args.file), "reports": count}, f"已导出档案包 {args.file}（含 {count} 份已签发报告）"


def cmd_archive_import(db, args):
    return _swap(db, backups.import_archive, args.file)


HANDLERS = {
    ("backup", None): cmd_backup,
    ("backups", None): cmd_backups,
    ("restore", None): cmd_restore,
    ("archive", "export"): cmd_archive_export,
    ("archive", "import"): cmd_archive_import,
}
