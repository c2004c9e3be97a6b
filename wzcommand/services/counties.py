"""The county board: each 县（市、区）'s response level and warning as it reported them, its 指挥部
contact, the city's instructions to start a response, and the flags the plans' rules raise.

The counties run their own systems; the office records what they report (the program records, it
does not command them). Rules and texts: :mod:`wzcommand.plan.counties`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import clock
from ..plan import counties as rules
from ..plan.deadlines import Clock
from ..plan.levels import display_name, parse_level
from ..plan.warning import COLOUR_NAMES, WARNING_LEVELS
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import CountyContact, CountyInstruction, CountyInstructionTarget, CountyReport, utcnow
from ..storage.seeding import plan_edition
from . import phones
from .accounts import require
from .changes import COUNTIES, NO_CHANGES, Changes
from .errors import RefusedError, ValidationError
from .level_state import state_in
from .roster import plan_of
from .warnings import trigger_sites_in, warning_state_in

NOT_REPORTED = ""  # a county that has reported no warning colour yet: unknown, not "none"


def site_text(colour: str) -> str:
    """The city's 预警触发地 warning for a county: 橙色预警, or "" when it is not a trigger site."""
    return COLOUR_NAMES.get(colour, "") if colour else ""


def colour_name(colour: str) -> str:
    """黄色预警, 无预警 (a reported none), 未报告 (nothing reported yet)."""
    return "未报告" if colour == NOT_REPORTED else COLOUR_NAMES.get(colour, "无预警")


@dataclass(frozen=True)
class CountyRecord:
    """One report of a county's level and warning (plain data, never edited)."""

    id: int
    county: str
    level: str
    warning: str
    decided_at: datetime
    decided_by: str
    basis: str
    operator: str
    recorded_at: datetime
    changes: Changes = field(default=NO_CHANGES, compare=False)

    @classmethod
    def of(cls, row: CountyReport, changes: Changes = NO_CHANGES) -> CountyRecord:
        return cls(row.id, row.county, row.level, row.warning, row.decided_at, row.decided_by, row.basis,
                   row.operator, row.recorded_at, changes)


@dataclass(frozen=True)
class Instruction:
    """The city required these counties to start a response of ``level`` (a recorded decision)."""

    id: int
    counties: tuple[str, ...]
    level: str
    instructed_at: datetime
    due: datetime
    ref: str
    plan: str
    changes: Changes = field(default=NO_CHANGES, compare=False)


@dataclass(frozen=True)
class Instructed:
    """A county's latest instruction and its clock: started (``done``), open, or overdue."""

    instruction_id: int
    level: str
    at: datetime
    ref: str
    clock: Clock
    overdue: bool
    plan: str  # the plan the city's response ran under when it instructed (its clause is quoted)

    @property
    def due(self) -> datetime:
        return self.clock.due

    @property
    def done(self) -> datetime | None:
        return self.clock.done

    def status(self, now: datetime) -> str:
        due = clock.local_text(self.due)
        if self.done is not None:
            late = "（超时）" if self.overdue else ""
            return f"已报告启动（{clock.local_text(self.done)}）{late}"
        if self.overdue:
            return f"尚未报告启动，时限 {due} 已过"
        return f"尚未报告启动，时限 {due}（剩余 {_duration(self.clock.due - now)}）"


@dataclass(frozen=True)
class CountyContactInfo:
    county: str
    duty_phone: str = ""
    liaison: str = ""
    liaison_phone: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    changes: Changes = field(default=NO_CHANGES, compare=False)


@dataclass(frozen=True)
class CountyRow:
    county: str
    level: str
    since: datetime | None  # when the level in force was decided
    decided_by: str
    basis: str
    warning: str
    warning_since: datetime | None
    contact: CountyContactInfo
    instructed: Instructed | None
    flags: tuple[rules.Flag, ...]
    trigger_site: str = ""  # the city's 预警触发地 colour for this county in force (ari annex 三), "" if none


@dataclass(frozen=True)
class CountyBoard:
    city_level: str
    city_warning: str
    plan: str  # the plan the city's response runs under (its instruction quotes)
    rows: tuple[CountyRow, ...]
    at: datetime
    edition: str = field(kw_only=True)  # the plan edition the database records (the levels' names, the clauses)

    @property
    def flags(self) -> tuple[rules.Flag, ...]:
        return tuple(f for row in self.rows for f in row.flags)

    def row(self, county: str) -> CountyRow:
        return next(r for r in self.rows if r.county == rules.parse_county(county))


def _duration(value: timedelta) -> str:
    from .clock_status import duration_text

    return duration_text(value)


def _county(text: str, errors: dict, key: str = "county") -> str:
    try:
        return rules.parse_county(text)
    except ValueError as exc:
        errors[key] = str(exc)
        return ""


def _reports(session, county: str | None = None) -> list[CountyReport]:
    query = select(CountyReport).order_by(CountyReport.decided_at, CountyReport.id)
    if county is not None:
        query = query.where(CountyReport.county == county)
    return list(session.scalars(query))


def _state(reports: list[CountyReport]) -> tuple[str, str]:
    last = reports[-1] if reports else None
    return (last.level, last.warning) if last else ("none", NOT_REPORTED)


def record_county(db, county: str, decided_at: datetime, decided_by: str, basis: str, operator: str, *,
                  level: str | None = None, warning: str | None = None, now: datetime | None = None) -> CountyRecord:
    """A county reported its level and/or warning colour (what is not given stays as it was)."""
    errors: dict[str, str] = {}
    name = _county(county, errors)
    if level is not None:
        try:
            level = parse_level(level)
        except (ValueError, KeyError):
            errors["level"] = f"未知的响应级别“{level}”（可选：none、IV、III、II、I）"
    if warning is not None and warning not in WARNING_LEVELS:
        errors["warning"] = f"未知的预警颜色“{warning}”（可选：{'、'.join(WARNING_LEVELS)}）"
    if level is None and warning is None:
        errors["level"] = "请填写该县（市、区）的响应级别或预警"
    if not (decided_by or "").strip():
        errors["decided_by"] = "请填写决定机关（如县政府、县卫生健康局）"
    if not (basis or "").strip():
        errors["basis"] = "请填写依据（如该县报送的文件、电话记录）"
    clock.check_time(errors, "decided_at", decided_at, "决定时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "county.record")
        serialise(session, "county_state")
        reports = _reports(session, name)
        before_level, before_warning = _state(reports)
        after_level = level if level is not None else before_level
        after_warning = warning if warning is not None else before_warning
        if reports and decided_at < reports[-1].decided_at:
            raise RefusedError(f"时间早于{name}上一次登记的决定（{clock.local_text(reports[-1].decided_at)}），请核对。")
        if (after_level, after_warning) == (before_level, before_warning):
            raise RefusedError(f"{name}当前已是{display_name(after_level, edition=plan_edition(session))}、"
                               f"{colour_name(after_warning)}，无需登记。")
        row = CountyReport(county=name, level=after_level, warning=after_warning, decided_at=decided_at,
                           decided_by=decided_by.strip(), basis=basis.strip(), operator=operator, recorded_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, operator, "county.report", name,
                     before={"level": before_level, "warning": before_warning},
                     after={"level": after_level, "warning": after_warning, "decided_at": clock.iso(decided_at),
                            "decided_by": row.decided_by, "basis": row.basis})
        return CountyRecord.of(row, Changes.of(COUNTIES))


def set_county_contact(db, county: str, operator: str, *, duty_phone: str = "", liaison: str = "",
                       liaison_phone: str = "") -> CountyContactInfo:
    """Register the county 指挥部's 24-hour duty phone and its liaison (name and phone)."""
    errors: dict[str, str] = {}
    name = _county(county, errors)
    values = {"duty_phone": phones.normalise(duty_phone), "liaison": (liaison or "").strip(),
              "liaison_phone": phones.normalise(liaison_phone)}
    for key in ("duty_phone", "liaison_phone"):
        problem = phones.check("phone", values[key])
        if problem:
            errors[key] = problem
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "county.record")
        row = session.get(CountyContact, name)
        before = {k: getattr(row, k) for k in values} if row else {k: "" for k in values}
        if before == values:
            raise RefusedError(f"{name}的联系方式没有变化。")
        if row is None:
            row = CountyContact(county=name)
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at, row.updated_by = utcnow(), operator
        session.flush()
        audit.record(session, operator, "county.contact", name, before=before, after=values)
        return CountyContactInfo(name, row.duty_phone, row.liaison, row.liaison_phone, row.updated_at,
                                 row.updated_by, Changes.of(COUNTIES))


def instruct_counties(db, counties: Iterable[str], level: str, ref: str, instructed_at: datetime, operator: str,
                      now: datetime | None = None) -> Instruction:
    """Record the city's requirement that these counties start a response of ``level`` (phe 6.1.3–6.1.5)."""
    errors: dict[str, str] = {}
    names: list[str] = []
    for text in counties:
        name = _county(text, errors)
        if name and name not in names:
            names.append(name)
    if not names and "county" not in errors:
        errors["county"] = "请选择要求启动应急响应的县（市、区）"
    try:
        level = rules.parse_instruction_level(level, plan_of(db).edition)
    except (ValueError, KeyError) as exc:
        errors["level"] = str(exc) if isinstance(exc, ValueError) and "应为" in str(exc) else \
            f"未知的响应级别“{level}”（可选：IV、III、II、I）"
    if not (ref or "").strip():
        errors["ref"] = "请填写文号或记录（如市政府通知的文号）"
    clock.check_time(errors, "instructed_at", instructed_at, "要求时间", now)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        require(session, operator, "county.instruct")
        plan = state_in(session).plan
        row = CountyInstruction(level=level, instructed_at=instructed_at, ref=ref.strip(), plan=plan,
                                operator=operator, recorded_at=utcnow(),
                                targets=[CountyInstructionTarget(county=n) for n in names])
        session.add(row)
        session.flush()
        due = instructed_at + rules.START_WITHIN
        audit.record(session, operator, "county.instruct", "、".join(names),
                     after={"counties": names, "level": level, "instructed_at": clock.iso(instructed_at),
                            "due": clock.iso(due), "ref": row.ref, "plan": plan})
        return Instruction(row.id, tuple(names), level, instructed_at, due, row.ref, plan, Changes.of(COUNTIES))


def county_history(db, county: str) -> list[CountyRecord]:
    errors: dict[str, str] = {}
    name = _county(county, errors)
    if errors:
        raise ValidationError(errors)
    with db.read() as session:
        return [CountyRecord.of(r) for r in _reports(session, name)]


def _latest_instructions(session) -> dict[str, CountyInstruction]:
    rows = session.execute(select(CountyInstructionTarget.county, CountyInstruction)
                           .join(CountyInstruction, CountyInstruction.id == CountyInstructionTarget.instruction_id)
                           .order_by(CountyInstruction.instructed_at, CountyInstruction.id))
    return {county: instruction for county, instruction in rows}  # the newest wins


def _run_start(reports: list[CountyReport], attr: str) -> CountyReport | None:
    """The report that set the value now in force (level or warning): the first of its last run."""
    start = None
    for r in reversed(reports):
        if getattr(r, attr) != getattr(reports[-1], attr):
            break
        start = r
    return start


def county_board(db, now: datetime | None = None) -> CountyBoard:
    """Every county's state, its latest instruction with its clock, and the flags, in the plan's order."""
    now = now or clock.now()
    with db.read() as session:
        city = state_in(session)
        city_warning = warning_state_in(session).colour
        reports: dict[str, list[CountyReport]] = {}
        for r in _reports(session):
            reports.setdefault(r.county, []).append(r)
        contacts = {c.county: c for c in session.scalars(select(CountyContact))}
        instructions = _latest_instructions(session)
        sites = {s.county: s.colour for s in trigger_sites_in(session)}
        rows = []
        for name in rules.COUNTY_NAMES:
            mine = reports.get(name, [])
            level, warning = _state(mine)
            set_level, set_warning = _run_start(mine, "level"), _run_start(mine, "warning")
            set_warning = set_warning if warning != NOT_REPORTED else None
            flags: list[rules.Flag] = []
            # only a colour the county reported is compared: no report is not evidence of a lower warning
            flag = rules.warning_flag(city_warning, warning, name, edition=city.edition) if warning != NOT_REPORTED else None
            if flag:
                flags.append(flag)
            site = rules.trigger_site_flag(city_warning, sites[name], name, edition=city.edition) if name in sites else None
            if site:
                flags.append(site)
            instructed = None
            ins = instructions.get(name)
            if ins is not None:
                c = rules.start_clock(ins.level, ins.instructed_at, [(r.decided_at, r.level) for r in mine], ins.plan,
                                      edition=city.edition)
                instructed = Instructed(ins.id, ins.level, ins.instructed_at, ins.ref, c, c.overdue(now), ins.plan)
                late = rules.overdue_flag(name, ins.level, ins.ref, c, now, ins.plan, clock.local_text(c.due),
                                          city.edition)
                if late:
                    flags.append(late)
            contact = contacts.get(name)
            info = CountyContactInfo(name, contact.duty_phone, contact.liaison, contact.liaison_phone,
                                     contact.updated_at, contact.updated_by) if contact else CountyContactInfo(name)
            rows.append(CountyRow(name, level, set_level.decided_at if set_level else None,
                                  set_level.decided_by if set_level else "", set_level.basis if set_level else "",
                                  warning, set_warning.decided_at if set_warning else None, info, instructed,
                                  tuple(flags), sites.get(name, "")))
        return CountyBoard(city.level, city_warning, city.plan, tuple(rows), now, edition=city.edition)


@dataclass(frozen=True)
class FlagGroup:
    """The flags of one kind (and clause): what, which counties, the clause quoted."""

    kind: str
    what: str
    counties: tuple[str, ...]
    source: str
    quote: str

    def text(self) -> str:
        return f"{self.what}（{len(self.counties)}个）：{'、'.join(self.counties)}"


def flag_groups(board: CountyBoard) -> list[FlagGroup]:
    groups: dict[tuple[str, str, str], list[str]] = {}
    for flag in board.flags:
        groups.setdefault((flag.kind, flag.source, flag.quote), []).append(flag.county)
    city = colour_name(board.city_warning)
    what = {rules.FLAG_WARNING: f"预警低于全市{city}", rules.FLAG_TRIGGER: f"预警触发地低于全市{city}",
            rules.FLAG_OVERDUE: "市级要求启动逾期未报告"}
    return [FlagGroup(kind, what[kind], tuple(names), source, quote) for (kind, source, quote), names in groups.items()]


def started_text(board: CountyBoard) -> str:
    """已启动：鹿城区Ⅱ级、瑞安市Ⅳ级 (the counties running a response), or ""."""
    started = [f"{r.county}{display_name(r.level, edition=board.edition).removesuffix('应急响应')}"
               for r in board.rows if r.level != "none"]
    return f"已启动：{'、'.join(started)}" if started else ""


def board_json(board: CountyBoard) -> list[dict]:
    """`wzcommand counties --json`: one object per county."""
    out = []
    for row in board.rows:
        ins = row.instructed
        out.append({
            "county": row.county, "level": row.level, "since": clock.iso(row.since), "warning": row.warning or None,
            "trigger_site": row.trigger_site or None,
            "warning_since": clock.iso(row.warning_since), "decided_by": row.decided_by, "basis": row.basis,
            "duty_phone": row.contact.duty_phone, "liaison": row.contact.liaison,
            "liaison_phone": row.contact.liaison_phone,
            "instructed": None if ins is None else {
                "level": ins.level, "at": clock.iso(ins.at), "due": clock.iso(ins.due), "ref": ins.ref,
                "started": clock.iso(ins.done), "overdue": ins.overdue},
            "flags": [{"kind": f.kind, "text": f.text, "source": f.source, "quote": f.quote} for f in row.flags]})
    return out
