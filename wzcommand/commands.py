"""Headless command handlers: each calls one service and returns (json data, readable table)."""
from __future__ import annotations

from .services import levels, people, roster, roster_io, warnings
from .settings import load_settings


def open_db(args):
    from .paths import default_db_path
    from .storage.database import open_database

    settings = load_settings()
    if args.db_url or (settings.db_url and not args.db):
        return open_database(url=args.db_url or settings.db_url)
    path = args.db or settings.db_path or default_db_path()
    return open_database(path)


_signed_in: str | None = None  # set once the command line has checked --operator's password


def operator() -> str:
    return _signed_in or load_settings().operator_name()


def sign_in(db, args) -> None:
    """When the database has accounts, every command runs as a signed-in operator."""
    global _signed_in
    import getpass
    import os
    import sys

    from .services import accounts
    from .services.errors import ServiceError

    _signed_in = None
    if not accounts.has_accounts(db):
        return
    if not args.operator:
        raise ServiceError("该数据库已启用账户：请用 --operator 账户名 登录（密码取自 WZCOMMAND_PASSWORD 或提示输入）。")
    password = os.environ.get("WZCOMMAND_PASSWORD")
    if password is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise ServiceError("需要密码：请设置 WZCOMMAND_PASSWORD，或在终端中运行以便输入密码。")
        password = getpass.getpass(f"{args.operator} 的密码：")
    _signed_in = accounts.authenticate(db, args.operator, password).name


def _table(headers: list[str], rows: list[list[str]]) -> str:
    def width(text: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip()
             for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cmd_init(db, args):
    from .services import meta

    if args.exercise:
        meta.mark_exercise(db, operator())
    units = roster.list_units(db)
    exercise = meta.is_exercise(db)
    data = {"database": db.label, "units": len(units), "exercise": exercise}
    return data, f"{'【演练】' if exercise else ''}数据库已就绪：{db.label}（成员单位 {len(units)} 个）"


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


# --- response levels, people, warnings, audit ---------------------------------------------

def _when(text, label):
    from . import clock
    from .services.errors import ValidationError

    if not text:
        return None
    try:
        return clock.parse_iso(text)
    except ValueError:
        raise ValidationError({label: f"时间格式不正确：{text!r}（应为 ISO 8601，如 2026-11-29T08:30）"})


def _person(ref):
    return {"post": ref.post, "person": ref.person or None, "phone": ref.phone or None} if ref else None


def cmd_level_show(db, args):
    from . import clock
    from .plan.levels import CADENCE_LABELS

    view = levels.command_view(db)
    data = {
        "level": view.state.level, "since": clock.iso(view.state.since),
        "commander": _person(view.commander),
        "office": {"location": view.office_location, "director": _person(view.director)},
        "groups": [{"name": g.name, "active": g.active, "leads": [_person(r) for r in g.leads],
                    "members": list(g.members)} for g in view.groups],
        "cadence": dict(view.cadence),
    }
    lines = [f"当前状态：{view.display_name}" + (f"（自 {clock.local_text(view.state.since)}）" if view.state.since else ""),
             f"总指挥：{view.commander.text() if view.commander else '—'}",
             f"办公室：设在{view.office_location}，主任 {view.director.text() if view.director else '—'}"]
    for g in view.groups:
        if g.active and g.key != "office":
            lines.append(f"{g.name}：负责人 {(g.lead_relation or '、').join(r.text() for r in g.leads)}")
    lines += [f"{CADENCE_LABELS[k]}：{v or '—'}" for k, v in view.cadence.items()]
    return data, "\n".join(lines)


def cmd_level_set(db, args):
    from datetime import date

    from . import clock
    from .services.errors import ValidationError

    try:
        assessed_on = date.fromisoformat(args.assessed_on) if args.assessed_on else None
    except ValueError:
        raise ValidationError({"assessed_on": f"日期格式不正确：{args.assessed_on!r}（应为 YYYY-MM-DD）"})
    req = levels.SwitchRequest(
        target=args.target, decided_at=_when(args.at, "decided_at") or clock.now(), decided_by=args.by,
        basis=args.basis, announced_at=_when(args.announced, "announced_at"), assessment=args.assessment,
        assessed_on=assessed_on, event_id=args.event, office_alternative=args.office_alternative,
        office_reason=args.office_reason or (args.basis if args.office_alternative else ""),
        office_director=args.office_director, province_record=args.province_record,
        province_directed=args.province_directed)
    decision = levels.switch_level(db, req, operator())
    data = _decision(decision)
    return data, f"已记录：{levels.KIND_NAMES[decision.kind]}，{display_name(decision.from_level)} → {display_name(decision.to_level)}"


def _decision(d):
    from . import clock

    return {"id": d.id, "kind": d.kind, "from": d.from_level, "to": d.to_level,
            "decided_at": clock.iso(d.decided_at), "announced_at": clock.iso(d.announced_at),
            "decided_by": d.decided_by, "basis": d.basis, "assessment": d.assessment,
            "assessed_on": d.assessed_on.isoformat() if d.assessed_on else None, "event": d.event_id,
            "office_alternative": d.office_alternative, "office_reason": d.office_reason,
            "office_director": d.office_director or None, "province_record": d.province_record or None,
            "operator": d.operator}


def cmd_level_history(db, args):
    rows = [_decision(d) for d in levels.history(db)]
    table = _table(["时间", "调整", "由", "决定", "依据"],
                   [[r["decided_at"][:16], f"{display_name(r['from'])}→{display_name(r['to'])}",
                     r["operator"], r["decided_by"], r["basis"][:30]] for r in rows])
    return rows, table


def display_name(level):
    from .plan.levels import display_name as name

    return name(level)


def _holder(h):
    return {"post": h.post, "group": h.label[len(h.post) + 1:-1] if h.group_key else None, "person": h.person or None,
            "mobile": h.mobile or None, "office_phone": h.office_phone or None}


def cmd_people(db, args):
    data = [_holder(h) for h in people.list_people(db)]
    table = _table(["职务", "姓名", "手机", "办公电话"],
                   [[h.label, h.person or "（空缺）", h.mobile, h.office_phone] for h in people.list_people(db)])
    return data, table


def cmd_people_set(db, args):
    h = people.set_person(db, args.post, args.name, operator(), group=args.group, mobile=args.mobile,
                          office_phone=args.office_phone)
    return _holder(h), f"已登记：{h.label} {h.person or '（空缺）'}"


def cmd_warning_suggest(_db, args):
    from .plan.warning import COLOUR_NAMES, SITUATIONS_BY_ID, suggest_warning
    from .services.errors import ValidationError

    unknown = [s for s in args.situation if s not in SITUATIONS_BY_ID]
    if unknown:
        raise ValidationError({"situation": f"未知的预警情形编号：{'、'.join(unknown)}"})
    try:
        s = suggest_warning(args.ili, args.ili_baseline, args.positive, args.positive_baseline,
                            situations=tuple(args.situation))
    except ValueError as exc:
        raise ValidationError({"ili": str(exc)})
    data = {"warning": s.warning, "grade": s.grade, "reasons": list(s.reasons)}
    text = f"建议：{COLOUR_NAMES.get(s.warning, '不预警')}" + (f"（{s.grade}）" if s.grade else "")
    return data, "\n".join([text, *s.reasons])


def cmd_warning_set(db, args):
    from . import clock

    row = warnings.record_warning(db, args.colour, _when(args.at, "decided_at") or clock.now(), args.by,
                                  args.basis, operator())
    return ({"id": row.id, "action": row.action, "colour": row.colour, "decided_at": clock.iso(row.decided_at)},
            f"已记录：{warnings.ACTION_NAMES[row.action]}{warnings.colour_name(row.colour)}")


def cmd_warning_show(db, args):
    from . import clock

    rows = [{"action": r.action, "colour": r.colour, "decided_at": clock.iso(r.decided_at),
             "decided_by": r.decided_by, "basis": r.basis} for r in warnings.warning_history(db)]
    state = warnings.warning_state(db)
    return ({"colour": state.colour, "since": clock.iso(state.since), "history": rows},
            f"当前：{warnings.colour_name(state.colour)}")


def cmd_audit(db, args):
    from . import clock
    from .services import audit_log

    rows = [{"id": e.id, "at": clock.iso(e.at), "operator": e.operator, "action": e.action, "target": e.target,
             "before": e.before, "after": e.after, "hash": e.hash} for e in audit_log.entries(db)]
    return rows, _table(["#", "时间", "操作员", "操作", "对象"],
                        [[str(r["id"]), r["at"][:16], r["operator"], r["action"], r["target"]] for r in rows])


def cmd_check(db, args):
    from .services import audit_log
    from .services.errors import ServiceError

    report = audit_log.check(db)
    data = {"integrity": report.integrity, "audit_entries": report.chain.entries,
            "first_broken": report.chain.first_broken, "ok": report.ok}
    if not report.ok:
        raise ServiceError(report.message())
    return data, report.message()


HANDLERS.update({
    ("level", "show"): cmd_level_show,
    ("level", "set"): cmd_level_set,
    ("level", "history"): cmd_level_history,
    ("people", None): cmd_people,
    ("people", "set"): cmd_people_set,
    ("warning", "suggest"): cmd_warning_suggest,
    ("warning", "set"): cmd_warning_set,
    ("warning", "show"): cmd_warning_show,
    ("audit", None): cmd_audit,
    ("check", None): cmd_check,
})
WITHOUT_DB = {cmd_warning_suggest}

from .commands_events import HANDLERS as _EVENT_HANDLERS  # noqa: E402 (it uses the helpers above)

HANDLERS.update(_EVENT_HANDLERS)

from .commands_schedule import HANDLERS as _SCHEDULE_HANDLERS  # noqa: E402

HANDLERS.update(_SCHEDULE_HANDLERS)
from .commands_data import HANDLERS as _DATA_HANDLERS  # noqa: E402

HANDLERS.update(_DATA_HANDLERS)
from .commands_accounts import HANDLERS as _ACCOUNT_HANDLERS  # noqa: E402

HANDLERS.update(_ACCOUNT_HANDLERS)
