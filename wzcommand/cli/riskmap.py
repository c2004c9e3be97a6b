"""townships [import FILE] / risk set|show: the townships (乡镇、街道) the risk map is drawn by, and their
risk levels by date (``print riskmap`` prints the map: cli/printing.py)."""
from __future__ import annotations

from .parsing import handles, integer, subcommands
from .tables import table
from .times import parse_day, time_or_now


def register(sub, common) -> None:
    towns = handles(sub.add_parser("townships", parents=[common], help="乡镇（街道）名单与边界"), cmd_townships)
    tsub = subcommands(towns, "townships_command", required=False)
    imp = handles(tsub.add_parser("import", parents=[common], help="导入乡镇（街道）名单（.xlsx/.csv）或边界（.geojson）"),
                  cmd_townships_import)
    imp.add_argument("file", help=".xlsx/.csv（县（市、区）、乡镇（街道）、代码）或 .geojson（乡镇边界）")
    risk = sub.add_parser("risk", parents=[common], help="乡镇（街道）疫情风险等级")
    rsub = subcommands(risk, "risk_command")
    rset = handles(rsub.add_parser("set", parents=[common], help="登记乡镇（街道）的风险等级"), cmd_risk_set)
    rset.add_argument("townships", nargs="+", metavar="TOWNSHIP", help="乡镇（街道），如 鹿城区五马街道 或代码")
    rset.add_argument("--level", required=True, help="风险等级：高|中|低|无")
    rset.add_argument("--at", help="生效时间 ISO 8601（默认：现在）")
    rset.add_argument("--basis", required=True, help="依据，如 风险评估结论、会商意见")
    rset.add_argument("--assessment-id", type=integer, help="依据的专家咨询委员会评估编号（assessments 列出）")
    show = handles(rsub.add_parser("show", parents=[common], help="某日各乡镇（街道）的风险等级"), cmd_risk_show)
    show.add_argument("--date", help="日期 YYYY-MM-DD（默认今天）")


def cmd_townships(ctx, args):
    from ..services import townships

    rows = townships.list_townships(ctx.db)
    data = [{"division": t.division, "township": t.name, "code": t.code, "boundary": t.has_boundary} for t in rows]
    text = table(["县（市、区）", "乡镇（街道）", "代码", "边界"],
                 [[t.division, t.name, t.code, "有" if t.has_boundary else "—"] for t in rows]) \
        if rows else "尚未导入乡镇（街道）。用 wzcommand townships import FILE 导入。"
    return data, text


def cmd_townships_import(ctx, args):
    from ..services import townships

    r = townships.import_townships(ctx.db, args.file, ctx.operator)
    parts = [f"新增 {r.added} 个" if r.added else "", f"更新 {r.updated} 个" if r.updated else "",
             f"未变 {r.unchanged} 个" if r.unchanged else "", f"其中边界 {r.boundaries} 个" if r.boundaries else ""]
    return ({"added": r.added, "updated": r.updated, "unchanged": r.unchanged, "boundaries": r.boundaries},
            "已导入乡镇（街道）：" + "，".join(p for p in parts if p))


def cmd_risk_set(ctx, args):
    from .. import clock
    from ..plan import riskmap as rules
    from ..services import risk_levels

    r = risk_levels.set_risk(ctx.db, args.townships, args.level, time_or_now(args.at, "at"), args.basis, ctx.operator,
                             assessment_id=args.assessment_id)
    same = f"（{'、'.join(r.unchanged)}当时已是该等级，未重复登记）" if r.unchanged else ""
    return ({"set": list(r.set), "unchanged": list(r.unchanged), "level": rules.LEVEL_NAMES[r.level],
             "at": clock.iso(r.effective_at)},
            f"已登记：{'、'.join(r.set)} 自 {clock.local_text(r.effective_at)} 起为{rules.LEGEND[r.level]}{same}")


def cmd_risk_show(ctx, args):
    from .. import clock
    from ..services import risk_levels

    day = parse_day(args.date, "date", clock.now().date())
    rows = risk_levels.risk_on(ctx.db, day)
    data = [{"division": r.division, "township": r.township, "level": r.level_name, "since": clock.iso(r.since)}
            for r in rows]
    text = table(["县（市、区）", "乡镇（街道）", "风险等级", "起始", "依据"],
                 [[r.division, r.township, r.level_name, clock.local_text(r.since) or "—", r.basis or "—"] for r in rows]) \
        if rows else "尚未导入乡镇（街道）。"
    return data, f"{day.isoformat()} 各乡镇（街道）风险等级：\n{text}" if rows else text
