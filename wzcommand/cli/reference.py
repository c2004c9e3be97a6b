"""init, units, duties, groups: the database and the plan's reference data."""
from __future__ import annotations

from .parsing import handles
from .tables import table


def register(sub, common) -> None:
    init = handles(sub.add_parser("init", parents=[common], help="创建或升级数据库并填入预案参考数据"), cmd_init)
    init.add_argument("--exercise", action="store_true", help="新建演练（8.2.4）专用数据库：所有窗口与打印件标注“演练”")
    handles(sub.add_parser("units", parents=[common], help="成员单位及联络员"), cmd_units)
    handles(sub.add_parser("duties", parents=[common], help="62项成员单位职责"), cmd_duties)
    handles(sub.add_parser("groups", parents=[common], help="一办五组"), cmd_groups)


def cmd_init(ctx, args):
    from ..services import meta, roster

    if args.exercise:
        meta.mark_exercise(ctx.db, ctx.operator)
    units = roster.list_units(ctx.db)
    exercise = meta.is_exercise(ctx.db)
    data = {"database": ctx.db.label, "units": len(units), "exercise": exercise}
    return data, f"{'【演练】' if exercise else ''}数据库已就绪：{ctx.db.label}（成员单位 {len(units)} 个）"


def cmd_units(ctx, args):
    from ..services import roster

    return units_result(roster.list_units(ctx.db))


def units_result(units):
    """(json data, text) of the unit rows (also the quick read path's, cli/quick.py)."""
    data = [{"name": u.name, "aliases": list(u.aliases), "groups": list(u.groups), "duties": list(u.duties),
             "contact": dict(u.contact)} for u in units]
    rows = [[u.name, "、".join(u.groups), ",".join(map(str, u.duties)), u.contact["liaison"],
             u.contact["mobile"], u.contact["duty_phone"]] for u in units]
    return data, table(["单位", "工作组", "职责条目", "联络员", "手机", "24小时值班电话"], rows)


def cmd_duties(ctx, args):
    from ..services import roster

    plan = roster.plan_of(ctx.db)
    data = [{"no": d.no, "units": list(d.units), "text": d.text} for d in plan.duties]
    text = "\n\n".join(f"{d.no}. {d.units_text}：{d.text}" for d in plan.duties)
    return data, text


def cmd_groups(ctx, args):
    from ..services import roster

    plan = roster.plan_of(ctx.db)
    data = [{"name": g.name, "members": list(g.members), "duties": g.duties} for g in plan.groups]
    text = "\n\n".join(f"{g.name}\n成员单位：{'、'.join(g.members)}\n主要职责：{g.duties}" for g in plan.groups)
    return data, text
