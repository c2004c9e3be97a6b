"""people, people set: who holds each post of the command structure."""
from __future__ import annotations

from .parsing import handles, subcommands
from .tables import table


def register(sub, common) -> None:
    people = handles(sub.add_parser("people", parents=[common], help="职务人员登记"), cmd_people)
    psub = subcommands(people, "people_command", required=False)
    pset = handles(psub.add_parser("set", parents=[common], help="登记职务人员"), cmd_people_set)
    pset.add_argument("post")
    pset.add_argument("--name", required=True)
    pset.add_argument("--group", help="工作组（泛指职务须指定）")
    pset.add_argument("--mobile", default="")
    pset.add_argument("--office-phone", default="")


def holder_json(h):
    return {"post": h.post, "group": h.label[len(h.post) + 1:-1] if h.group_key else None, "person": h.person or None,
            "mobile": h.mobile or None, "office_phone": h.office_phone or None}


def cmd_people(ctx, args):
    from ..services import people

    holders = people.list_people(ctx.db)
    data = [holder_json(h) for h in holders]
    text = table(["职务", "姓名", "手机", "办公电话"],
                 [[h.label, h.person or "（空缺）", h.mobile, h.office_phone] for h in holders])
    return data, text


def cmd_people_set(ctx, args):
    from ..services import people

    h = people.set_person(ctx.db, args.post, args.name, ctx.operator, group=args.group, mobile=args.mobile,
                          office_phone=args.office_phone)
    return holder_json(h), f"已登记：{h.label} {h.person or '（空缺）'}"
