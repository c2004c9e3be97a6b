"""The quick read path: ``level show``, ``units`` and ``deadlines`` on a SQLite file, answered
with the standard library's sqlite3 instead of SQLAlchemy (a script runs these dozens of times;
importing SQLAlchemy and the models costs far more than the queries).

It applies the same refusals as ``open_database`` before reading (``storage.quick``), opens the
file read-only, and answers only when nothing else is needed: whenever the full path would do
more (create, migrate or seed the file, sign in, a server URL, an error to report, any option
it does not know), :func:`run` returns None and ``cli.main`` takes the full path, which then
decides and says everything as before. The output goes through the same formatting functions
as the full commands (``level_show_result``, ``units_result``, ``deadlines_result``);
tests/cli/test_cli_quick.py compares both paths' output on the same files.

The reads below mirror ``services.levels.command_view``, ``services.roster.list_units`` and
``services.deadlines.event_clocks``: a change there needs the same change here (the test fails
until both agree).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .parsing import CliError, Parser, add_global_options
from .tables import print_result

CONTACT_FIELDS = ("liaison", "title", "office_phone", "mobile", "duty_phone", "fax")  # services.roster's order
WRITTEN_KINDS = ("first", "progress")  # services.deadlines.WRITTEN_KINDS


def run(argv: list[str]) -> int | None:
    """The exit status when the quick path answered; None: take the full path."""
    args = _parse(argv)
    if args is None:
        return None
    from ..settings import database_location, load_settings
    from ..storage.errors import DatabaseOpenError

    location = database_location(load_settings(), args.db, args.db_url)
    if "path" not in location:
        return None
    from ..storage.quick import open_quick

    try:
        conn = open_quick(location["path"])
    except DatabaseOpenError:
        return None  # the full path refuses it again, with its message and exit status
    if conn is None:
        return None
    try:
        result = args.reader(conn, args)
    except (sqlite3.Error, LookupError, ValueError):
        return None  # e.g. no such event: the full path says so
    finally:
        conn.close()
    print_result(result, args.json)
    return 0


def _parse(argv: list[str]):
    parser = Parser(prog="wzcommand", add_help=False)
    add_global_options(parser, suppress=False)
    parser.add_argument("--event", type=int)
    parser.add_argument("--now")
    try:
        args, words = parser.parse_known_args(argv)
    except CliError:
        return None
    reader = {("level", "show"): _level_show, ("units",): _units, ("deadlines",): _deadlines}.get(tuple(words))
    if reader is None or args.db_url or ((args.event is not None or args.now) and reader is not _deadlines):
        return None
    args.reader = reader
    return args


# ------------------------------------------------------------------------ level show


@dataclass(frozen=True)
class _State:
    level: str = "none"
    since: object = None
    office_alternative: bool = False
    office_director: str = ""
    plan: str = "public_health"  # services.level_state.LevelState.plan


@dataclass(frozen=True)
class _Ref:
    post: str
    person: str = ""
    phone: str = ""

    def text(self) -> str:  # services.levels.PersonRef.text
        return f"{self.post}（{self.person}）" if self.person else f"{self.post}（空缺）"


@dataclass(frozen=True)
class _Group:
    key: str
    name: str
    active: bool
    leads: tuple
    lead_relation: str | None
    members: tuple


@dataclass(frozen=True)
class _View:
    state: _State
    display_name: str
    commander: _Ref | None
    office_location: str
    director: _Ref | None
    groups: tuple
    cadence: dict
    plan: str
    plan_name: str
    assessment: str = ""  # services.levels.CommandView.assessment


def _level_show(conn: sqlite3.Connection, args):
    from ..plan import levels as rules
    from ..plan.edition import load_edition
    from ..plan.posts import PostSlot, register_slots, slot_for
    from ..storage.quick import plan_edition, utc
    from .levels import level_show_result

    edition = plan_edition(conn)
    plan = load_edition(edition)
    row = conn.execute("SELECT to_level, decided_at, office_alternative, office_director, plan, assessment "
                       "FROM level_decision ORDER BY decided_at DESC, id DESC LIMIT 1").fetchone()
    state = _State(row[0], utc(row[1]), bool(row[2]), row[3], row[4] or rules.DEFAULT_PLAN) if row else _State()
    register = set(register_slots(edition))  # services.people.holders_by_slot: only the register's slots count
    holders = {slot: (person, mobile or office_phone)
               for post, group, person, mobile, office_phone in
               conn.execute("SELECT post, group_key, person, mobile, office_phone FROM post_holder")
               if (slot := PostSlot(post, group or None)) in register}

    def ref(post: str | None, group_key: str | None = None) -> _Ref | None:
        if not post:
            return None
        person, phone = holders.get(slot_for(post, group_key, edition), ("", ""))
        return _Ref(post, person, phone)

    structure = rules.structure_at(state.level, state.office_alternative, plan=state.plan, edition=edition)
    posts = structure.office_director_posts
    director = state.office_director if state.office_director in posts else posts[0]
    members = {g.key: g.members for g in plan.groups}
    groups = tuple(_Group(g.key, g.name, g.active,
                          tuple(ref(p, g.key) for p in ((director,) if g.key == "office" and g.active else g.lead_posts)),
                          None if g.key == "office" else structure.lead_relations.get(g.key),
                          tuple(members.get(g.key, ())))
                   for g in structure.groups)
    view = _View(state, structure.display_name, ref(structure.commander_post), structure.office_location,
                 ref(director), groups, dict(structure.cadences), state.plan,
                 rules.plan_name(state.plan, edition=edition) if state.level != "none" else "",
                 (row[5] or "") if row and state.level != "none" else "")
    return level_show_result(view)


# ------------------------------------------------------------------------ units


@dataclass(frozen=True)
class _Unit:
    name: str
    aliases: tuple
    groups: tuple
    duties: tuple
    contact: dict


def _units(conn: sqlite3.Connection, args):
    from ..plan.edition import load_edition
    from ..storage.quick import plan_edition
    from .reference import units_result

    plan = load_edition(plan_edition(conn))
    rows = conn.execute(f"SELECT u.name, {', '.join('c.' + f for f in CONTACT_FIELDS)}, c.id FROM unit u "
                        "LEFT JOIN contact c ON c.unit_id = u.id ORDER BY u.position, u.id")
    units = []
    for name, *fields, contact_id in rows:
        try:
            aliases = tuple(plan.unit(name).aliases)
            groups = tuple(g.name for g in plan.groups_of(name))
            duties = tuple(d.no for d in plan.duties_of(name))
        except KeyError:  # a unit of another edition stays listed, without plan duties
            aliases, groups, duties = (), (), ()
        contact = dict(zip(CONTACT_FIELDS, fields, strict=True)) if contact_id is not None else dict.fromkeys(CONTACT_FIELDS, "")
        units.append(_Unit(name, aliases, groups, duties, contact))
    return units_result(units)


# ------------------------------------------------------------------------ deadlines


def _deadlines(conn: sqlite3.Connection, args):
    from .. import clock
    from ..plan.deadlines import ReportFacts, all_clocks
    from ..services.clock_status import EventClock
    from ..storage.quick import office_numbers, plan_edition, utc
    from .deadlines import deadlines_result

    now = clock.parse_iso(args.now) if args.now else clock.now()
    edition = plan_edition(conn)
    office = office_numbers(conn)
    where, params = ("WHERE id = ?", (args.event,)) if args.event is not None else ("", ())
    events = conn.execute(f"SELECT id, name, grade, occurred_at, received_at, ended_at FROM event {where} "
                          "ORDER BY received_at, id", params).fetchall()
    if args.event is not None and not events:
        raise LookupError(args.event)
    only = " AND event_id = ?" if args.event is not None else ""
    phones: dict[int, list] = {}
    for event_id, at in conn.execute(f"SELECT event_id, at FROM phone_report WHERE 1 = 1{only} ORDER BY id", params):
        phones.setdefault(event_id, []).append(utc(at))
    issued: dict[int, list] = {}
    for event_id, kind, at in conn.execute("SELECT event_id, kind, issued_at FROM issued_report WHERE corrects_id IS NULL"
                                           f" AND event_id IS NOT NULL{only} ORDER BY id", params):
        issued.setdefault(event_id, []).append((kind, utc(at)))
    out = []
    for event_id, name, grade, occurred_at, received_at, ended_at in events:
        mine = issued.get(event_id, [])
        firsts = [at for kind, at in mine if kind == "first"]
        written = [at for kind, at in mine if kind in WRITTEN_KINDS]
        closings = [at for kind, at in mine if kind == "closing"]
        facts = ReportFacts(grade=grade or None, occurred_at=utc(occurred_at), received_at=utc(received_at),
                            phone_reports=tuple(phones.get(event_id, ())), first_issued=min(firsts, default=None),
                            last_written=max(written, default=None), ended_at=utc(ended_at),
                            closing_issued=min(closings, default=None))
        for c in all_clocks(facts, edition=edition, progress_hours=office["progress_hours"],
                              closing_days=office["closing_days"]):
            out.append(EventClock.at(event_id, name, c, now))
    out.sort(key=lambda e: (e.clock.due, e.event_id))
    return deadlines_result(out)
