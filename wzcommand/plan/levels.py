"""Emergency-response levels of the 2021 plans: structure, cadences, transitions.

Data lives in ``data/levels_<edition>.json``; every Chinese string there is
verbatim from the gazette.  States run ``none`` (未启动应急响应, the 市领导小组 in
peacetime) < ``IV`` < ``III`` < ``II`` < ``I``.  Pure stdlib, no side effects.

Cadences and decision procedures are kept per plan: a response runs under the
public-health plan or the respiratory plan, and only that plan's words apply.
Transitions (who decides, what must precede) live in :mod:`.transitions`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from . import data_files
from .sources import plan_titles, source_text

LEVEL_ORDER: tuple[str, ...] = ("none", "IV", "III", "II", "I")
ACTIVE_LEVELS: tuple[str, ...] = LEVEL_ORDER[1:]
CADENCE_KINDS: tuple[str, ...] = ("press_briefing", "reporting", "risk_assessment", "risk_map")
CADENCE_LABELS = MappingProxyType(
    {"press_briefing": "新闻发布", "reporting": "信息报告", "risk_assessment": "风险评估", "risk_map": "风险地图"}
)
_ALIASES = {"Ⅳ": "IV", "Ⅲ": "III", "Ⅱ": "II", "Ⅰ": "I", "未启动应急响应": "none"}
# The plan a response runs under; sources in the data are prefixed "phe:" / "ari:".
PLANS: tuple[str, ...] = ("public_health", "respiratory")
PLAN_PREFIX = MappingProxyType({"public_health": "phe", "respiratory": "ari"})
DEFAULT_PLAN = "public_health"

@dataclass(frozen=True)
class Quote:
    source: str
    text: str
    inherited_from: str | None = None  # a lower level's rule this level keeps ("在Ⅱ级应急响应基础上")
    basis: "Quote | None" = None  # the clause that makes it inherited


@dataclass(frozen=True)
class OfficeOption:
    location: str
    director_posts: tuple[str, ...]
    director_relation: str | None  # "或": any one of the posts
    source: str
    quote: str
    special: str | None = None  # "特殊情况" for Ⅲ's alternative
    carried_over: bool = False  # the standing office of 4.2.1 (Ⅳ)
    note: str | None = None


@dataclass(frozen=True)
class GroupLead:
    lead_posts: tuple[str, ...]
    lead_relation: str | None  # "和": joint leads; "或": alternatives
    source: str


@dataclass(frozen=True)
class CadenceRule:
    """``count`` (or at least ``min_count``) times per ``interval`` ``per``s."""

    per: str  # "day" | "week" | "month"
    interval: int
    count: int | None
    min_count: int | None
    source: str
    quote: str
    by: str | None = None
    inherited_from: str | None = None
    adjustable: bool = False  # 发布频次可根据防控需要及时调整
    note: str | None = None
    title: str | None = None  # what the schedule calls the item (e.g. 疫情日报告（零报告）)


@dataclass(frozen=True)
class DecisionRule:
    source: str
    assessment: str
    proposer: str | None  # 提出建议
    decider: str  # 决定 (the body the plan names first)
    approver: str | None  # 批准
    report_to: tuple[str, ...]  # 报告（备案） before announcing
    quote: str
    filed_with: str | None = None  # 备案
    report_quote: str | None = None
    also: tuple[Quote, ...] = ()
    note: str | None = None
    deciders: tuple[str, ...] = ()  # every body the plan lets decide this change
    report_source: str | None = None

    @property
    def plan(self) -> str:
        return next(k for k, v in PLAN_PREFIX.items() if self.source.startswith(v + ":"))


@dataclass(frozen=True)
class LevelSpec:
    key: str
    display_name: str
    body: str
    commander_post: str | None
    commander_note: str | None
    office_options: tuple[OfficeOption, ...]  # default first
    mechanism: Quote | None
    working_mode: Quote | None
    groups: Mapping[str, GroupLead]  # active groups only
    cadences: Mapping[str, Mapping[str, Quote | None]]  # plan -> kind -> clause
    cadence_rules: Mapping[str, Mapping[str, CadenceRule | None]]  # plan -> kind -> rule
    start: Mapping[str, DecisionRule] | None  # plan -> how this level is started / raised to
    exit: Mapping[str, DecisionRule] | None  # plan -> how it is lowered or ended


@dataclass(frozen=True)
class LevelBook:
    edition: str
    group_names: Mapping[str, str]  # key -> name, plan order
    levels: Mapping[str, LevelSpec]
    transition_rules: Mapping[str, Quote]
    work_mechanisms: tuple[Quote, ...]
    province_rules: Mapping[str, Mapping[str, DecisionRule]]  # direct_start|decision -> plan -> rule


class GroupState(NamedTuple):
    key: str
    name: str
    active: bool
    lead_posts: tuple[str, ...]


@dataclass(frozen=True)
class Structure:
    level: str
    display_name: str
    body: str
    commander_post: str | None
    office_location: str
    office_director_posts: tuple[str, ...]
    office_director_relation: str | None
    office_alternative: bool
    mechanism: str | None
    working_mode: str | None
    groups: tuple[GroupState, ...]
    lead_relations: Mapping[str, str | None]
    cadences: Mapping[str, str | None]  # as shown: inherited ones say where they come from
    plan: str = DEFAULT_PLAN
    cadence_quotes: Mapping[str, Quote | None] = field(default_factory=dict)


class Change(NamedTuple):
    field: str
    from_: str | bool | None
    to: str | bool | None
    label: str


def _make(cls: type, d: Mapping[str, Any], **override: Any) -> Any:
    """Build dataclass ``cls`` from the JSON keys it knows; ``override`` wins."""
    names = {f.name for f in fields(cls)} - set(override)
    return cls(**{k: v for k, v in d.items() if k in names}, **override)


def _quote(d: Mapping[str, Any] | None) -> Quote | None:
    if d is None:
        return None
    return Quote(d["source"], d["text"], d.get("inherited_from"), _quote(d.get("basis")))


def _rule(d: Mapping[str, Any] | None) -> DecisionRule | None:
    if d is None:
        return None
    also = tuple(_quote(d[k]) for k in ("also", "direct_start") if k in d)
    return _make(DecisionRule, d, report_to=tuple(d["report_to"]), also=also,
                 deciders=tuple(d.get("deciders") or (d["decider"],)))


def _per_plan(d: Mapping[str, Any], make) -> Mapping[str, Any]:
    if set(d) != set(PLANS):
        raise ValueError(f"levels data must give both plans, got {sorted(d)}")
    return MappingProxyType({plan: make(d[plan]) for plan in PLANS})


def _per_plan_or_none(d: Mapping[str, Any] | None, make) -> Mapping[str, Any] | None:
    """As _per_plan; None where the level has no such procedure (none is never lowered)."""
    return None if d is None else _per_plan(d, make)


def _level(key: str, d: Mapping[str, Any], group_keys: tuple[str, ...]) -> LevelSpec:
    offices = tuple(_make(OfficeOption, o, director_posts=tuple(o["director_posts"]))
                    for o in d["office_options"])
    if set(d["groups"]) - set(group_keys) or not offices \
            or any(set(c) != set(CADENCE_KINDS) for c in d["cadences"].values()):
        raise ValueError(f"levels data for {key!r} is malformed")
    groups = {k: _make(GroupLead, g, lead_posts=tuple(g["lead_posts"])) for k, g in d["groups"].items()}
    return LevelSpec(
        key, d["display_name"], d["body"], d["commander"]["post"], d["commander"].get("note"),
        offices, _quote(d["mechanism"]), _quote(d["working_mode"]), MappingProxyType(groups),
        _per_plan(d["cadences"], lambda c: MappingProxyType({k: _quote(c[k]) for k in CADENCE_KINDS})),
        _per_plan(d["cadence_rules"], lambda r: MappingProxyType(
            {k: r[k] and _make(CadenceRule, r[k]) for k in CADENCE_KINDS})),
        _per_plan_or_none(d["start"], _rule), _per_plan_or_none(d["exit"], _rule),
    )


def load_levels(edition: str) -> LevelBook:
    """Load and validate ``levels_<edition>.json`` (cached, immutable)."""
    return _load(edition)


@lru_cache(maxsize=None)
def _load(edition: str) -> LevelBook:
    path = data_files.data_dir() / f"levels_{edition}.json"
    if not path.is_file():
        raise ValueError(f"no response-level data for edition {edition!r}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["order"]) != LEVEL_ORDER or set(raw["levels"]) != set(LEVEL_ORDER):
        raise ValueError(f"levels_{edition}.json: levels must be {LEVEL_ORDER}")
    names = {g["key"]: g["name"] for g in raw["groups"]}
    levels = {k: _level(k, raw["levels"][k], tuple(names)) for k in LEVEL_ORDER}
    return LevelBook(
        raw["edition"], MappingProxyType(names), MappingProxyType(levels),
        MappingProxyType({k: Quote(v["source"], v["text"]) for k, v in raw["transition_rules"].items()}),
        tuple(Quote(w["source"], w["text"]) for w in raw["work_mechanisms"]),
        MappingProxyType({k: _per_plan(v, _rule) for k, v in raw["province_rules"].items()}),
    )


# --- level order helpers -------------------------------------------------------

def parse_level(value: str) -> str:
    """Normalise ``"IV"``, ``"Ⅳ"``, ``"Ⅳ级"``, ``"iv"`` or ``"none"`` to a level key."""
    text = value.strip().removesuffix("级应急响应").removesuffix("级")
    key = _ALIASES.get(text, text.upper() if text.lower() != "none" else "none")
    if key not in LEVEL_ORDER:
        raise ValueError(f"未知的应急响应级别：{value!r}")
    return key


def level_rank(level: str) -> int:
    """0 for ``none`` up to 4 for ``I``."""
    return LEVEL_ORDER.index(parse_level(level))


def is_active(level: str) -> bool:
    return level_rank(level) > 0


def compare_levels(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is lower than, equal to or higher than ``b``."""
    ra, rb = level_rank(a), level_rank(b)
    return (ra > rb) - (ra < rb)


def display_name(level: str, *, edition: str) -> str:
    return load_levels(edition).levels[parse_level(level)].display_name


def parse_plan(value: str | None, *, edition: str) -> str:
    """``public_health``/``respiratory`` (or ``phe``/``ari``, or the plan's title in ``edition``) to a plan key."""
    text = (value or "").strip()
    titles = plan_titles(edition)
    for key, prefix in PLAN_PREFIX.items():
        if text in (key, prefix, titles[prefix], f"《{titles[prefix]}》"):
            return key
    names = "、".join(f"{k}（{titles[PLAN_PREFIX[k]]}）" for k in PLANS)
    raise ValueError(f"未知的预案：{value!r}（可选：{names}）")


def plan_name(plan: str, *, edition: str) -> str:
    """The plan's title as ``edition`` gives it (levels_<edition>.json "plans", the one source)."""
    return plan_titles(edition)[PLAN_PREFIX[parse_plan(plan, edition=edition)]]


def plan_for_category(category: str | None) -> str:
    """The plan an event's response runs under: acute respiratory infectious disease events
    follow the respiratory plan (its 1.3), every other event the public-health plan (its 1.3)."""
    return "respiratory" if category == "respiratory" else "public_health"


# --- structure and cadences -----------------------------------------------------

def join_posts(posts: tuple[str, ...], relation: str | None) -> str | None:
    """Posts as the plan writes them, e.g. ``甲和乙`` or ``甲或乙``; None if empty."""
    return (relation or "、").join(posts) if posts else None


def structure_at(level: str, office_alternative: bool = False, *, plan: str = DEFAULT_PLAN,
                 edition: str) -> Structure:
    """The command structure at ``level``; ``office_alternative`` picks Ⅲ's 特殊情况 office.
    The structure is the same under both plans; the cadences are ``plan``'s own."""
    book = load_levels(edition)
    spec = book.levels[parse_level(level)]
    if office_alternative and len(spec.office_options) < 2:
        raise ValueError(f"{spec.display_name}没有“特殊情况”办公室设置")
    office = spec.office_options[1 if office_alternative else 0]
    groups, relations = [], {}
    for key, name in book.group_names.items():
        lead = spec.groups.get(key)
        if key == "office" and lead is not None:  # office lead = its director
            lead = GroupLead(office.director_posts, office.director_relation, lead.source)
        groups.append(GroupState(key, name, lead is not None, lead.lead_posts if lead else ()))
        relations[key] = lead.lead_relation if lead else None
    return Structure(
        spec.key, spec.display_name, spec.body, spec.commander_post, office.location,
        office.director_posts, office.director_relation, office_alternative,
        spec.mechanism.text if spec.mechanism else None,
        spec.working_mode.text if spec.working_mode else None,
        tuple(groups), MappingProxyType(relations),
        MappingProxyType(cadence_at(level, plan=plan, edition=edition)), parse_plan(plan, edition=edition),
        MappingProxyType(cadence_quotes_at(level, plan=plan, edition=edition)),
    )


def cadence_quotes_at(level: str, *, plan: str = DEFAULT_PLAN, edition: str) -> dict[str, Quote | None]:
    return dict(load_levels(edition).levels[parse_level(level)].cadences[parse_plan(plan, edition=edition)])


def cadence_text(quote: Quote | None, edition: str) -> str | None:
    """The clause as shown; a rule kept from a lower level says so, with the clause that keeps it."""
    if quote is None:
        return None
    if quote.inherited_from is None:
        return quote.text
    lower = display_name(quote.inherited_from, edition=edition).removesuffix("应急响应")
    basis = f"，{source_text(quote.basis.source, edition)}“{quote.basis.text}”" if quote.basis else ""
    return f"{quote.text}（沿用{lower}规定{basis}）"


def cadence_at(level: str, *, plan: str = DEFAULT_PLAN, edition: str) -> dict[str, str | None]:
    """Cadence clause per kind under ``plan``; None where that plan is silent at ``level``."""
    return {k: cadence_text(q, edition) for k, q in cadence_quotes_at(level, plan=plan, edition=edition).items()}


def cadence_rules_at(level: str, *, plan: str = DEFAULT_PLAN, edition: str) -> dict[str, CadenceRule | None]:
    """Machine-usable cadence per kind under ``plan`` (inherited rules marked ``inherited_from``)."""
    return dict(load_levels(edition).levels[parse_level(level)].cadence_rules[parse_plan(plan, edition=edition)])


# --- diff -----------------------------------------------------------------------

def diff_structures(a: Structure, b: Structure) -> list[Change]:
    """What changes going from structure ``a`` to ``b`` (display order).

    The office group's lead equals the office director and is reported once,
    as ``office.director``."""
    changes: list[Change] = []

    def add(field: str, x: Any, y: Any, label: str) -> None:
        if x != y:
            changes.append(Change(field, x, y, label))

    add("commander", a.commander_post, b.commander_post, "总指挥")
    add("office.location", a.office_location, b.office_location, "办公室设在")
    add("office.director", join_posts(a.office_director_posts, a.office_director_relation),
        join_posts(b.office_director_posts, b.office_director_relation), "办公室主任")
    add("mechanism", a.mechanism, b.mechanism, "工作机制")
    add("working_mode", a.working_mode, b.working_mode, "运作方式")
    before = {g.key: g for g in a.groups}
    for g in b.groups:
        old = before.get(g.key, GroupState(g.key, g.name, False, ()))
        add(f"group.{g.key}.active", old.active, g.active, g.name)
        if g.key != "office":
            add(f"group.{g.key}.lead", join_posts(old.lead_posts, a.lead_relations.get(g.key)),
                join_posts(g.lead_posts, b.lead_relations.get(g.key)), f"{g.name}负责人")
    for kind in CADENCE_KINDS:
        qa, qb = a.cadence_quotes.get(kind), b.cadence_quotes.get(kind)
        if a.cadence_quotes and b.cadence_quotes and qa and qb and qa.text == qb.text:
            continue  # the same rule kept from a lower level ("在Ⅱ级应急响应基础上"): no change
        add(f"cadence.{kind}", a.cadences.get(kind), b.cadences.get(kind), CADENCE_LABELS[kind])
    return changes

