"""Headless command handlers: each calls one service and returns (json data, readable table)."""
from __future__ import annotations

from .services import roster, roster_io
from .settings import load_settings


def open_db(args):
    from .paths import default_db_path
    from .storage.database import open_database

    settings = load_settings()
    if args.db_url:
        return open_database(url=args.db_url)
    path = args.db or settings.db_path or default_db_path()
    return open_database(path)


def operator() -> str:
    return load_settings().operator_name()


def _table(headers: list[str], rows: list[list[str]]) -> str:
    def width(text: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip()
             for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_init(db, args):
    units = roster.list_units(db)
    data = {"database": db.label, "units": len(units)}
    return data, f"数据库已就绪：{db.label}（成员单位 {len(units)} 个）"


def cmd_units(db, args):
    units = roster.list_units(db)
    data = [{"name": u.name, "aliases": list(u.aliases), "groups": list(u.groups), "duties": list(u.duties),
             "contact": dict(u.contact)} for u in units]
    rows = [[u.name, "、".join(u.groups), ",".join(map(str, u.duties)), u.contact["liaison"],
             u.contact["mobile"], u.contact["duty_phone"]] for u in units]
    return data, _table(["单位", "工作组", "职责条目", "联络员", "手机", "24小时值班电话"], rows)


def cmd_duties(db, args):
    plan = roster.plan_of(db)
    data = [{"no": d.no, "units": list(d.units), "text": d.text} for d in plan.duties]
    text = "\n\n".join(f"{d.no}. {d.units_text}：{d.text}" for d in plan.duties)
    return data, text


def cmd_groups(db, args):
    plan = roster.plan_of(db)
    data = [{"name": g.name, "members": list(g.members), "duties": g.duties} for g in plan.groups]
    text = "\n\n".join(f"{g.name}\n成员单位：{'、'.join(g.members)}\n主要职责：{g.duties}" for g in plan.groups)
    return data, text


def cmd_roster_import(db, args):
    result = roster_io.import_contacts(db, args.file, operator())
    data = {"updated": result.updated, "unchanged": result.unchanged, "updated_units": list(result.updated_units)}
    return data, f"导入完成：更新 {result.updated} 个单位，{result.unchanged} 个单位无变化。"


def cmd_roster_export(db, args):
    count = roster_io.export_contacts(db, args.file)
    return {"file": str(args.file), "units": count}, f"已导出 {count} 个单位到 {args.file}"


HANDLERS = {
    ("init", None): cmd_init,
    ("units", None): cmd_units,
    ("duties", None): cmd_duties,
    ("groups", None): cmd_groups,
    ("roster", "import"): cmd_roster_import,
    ("roster", "export"): cmd_roster_export,
}
