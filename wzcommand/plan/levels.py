"""Emergency-response levels of the 2021 plans: structure, cadences, transitions.

Data lives in ``data/levels_<edition>.json``; every Chinese string there is
verbatim from the gazette.  States run ``none`` (未启动应急响应, the 市领导小组 in
peacetime) < ``IV`` < ``III`` < ``II`` < ``I``.  Pure stdlib, no side effects.

Transitions (phe 6.1, 6.4): any active level may be started from ``none``; a
response may be raised or lowered by any number of steps (6.4.1 只说 提高/降低
响应级别, and 6.4.3 raises "参照6.1响应原则", i.e. as a fresh start of the target
level) and ended from any active level.  Only "no change" is refused outright;
the other refusals depend on time order, expert assessment, province filing and
谁启动谁调整、谁启动谁终止 -- see :func:`check_transition`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, Mapping, NamedTuple

LEVEL_ORDER: tuple[str, ...] = ("none", "IV", "III", "II", "I")
ACTIVE_LEVELS: tuple[str, ...] = LEVEL_ORDER[1:]
CADENCE_KINDS: tuple[str, ...] = ("press_briefing", "reporting", "risk_assessment", "risk_map")
CADENCE_LABELS = MappingProxyType(
    {"press_briefing": "新闻发布", "reporting": "信息报告", "risk_assessment": "风险评估", "risk_map": "风险地图"}
)
_ALIASES = {"Ⅳ": "IV", "Ⅲ": "III", "Ⅱ": "II", "Ⅰ": "I", "未启动应急响应": "none"}

TransitionKind = Literal["start", "raise", "lower", "end"]


class TransitionError(ValueError):
    """A response change the plan does not allow; the message is Chinese."""


@dataclass(frozen=True)
class Quote:
    source: str
    text: str


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


@dataclass(frozen=True)
class DecisionRule:
    source: str
    assessment: str
    proposer: str | None  # 提出建议
    decider: str  # 决定
    approver: str | None  # 批准
    report_to: tuple[str, ...]  # 报告（备案） before announcing
    quote: str
    filed_with: str | None = None  # 备案
    report_quote: str | None = None
    also: tuple[Quote, ...] = ()
    note: str | None = None


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
    cadences: Mapping[str, Quote | None]
    cadence_rules: Mapping[str, CadenceRule | None]
    start: DecisionRule | None  # how this level is started / raised to
    exit: DecisionRule | None  # how it is lowered or ended


@dataclass(frozen=True)
class LevelBook:
    edition: str
    group_names: Mapping[str, str]  # key -> name, plan order
    levels: Mapping[str, LevelSpec]
    transition_rules: Mapping[str, Quote]
    work_mechanisms: tuple[Quote, ...]


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
    cadences: Mapping[str, str | None]


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
    return None if d is None else Quote(d["source"], d["text"])


def _rule(d: Mapping[str, Any] | None) -> DecisionRule | None:
    if d is None:
        return None
    also = tuple(_quote(d[k]) for k in ("also", "direct_start") if k in d)
    return _make(DecisionRule, d, report_to=tuple(d["report_to"]), also=also)


def _level(key: str, d: Mapping[str, Any], group_keys: tuple[str, ...]) -> LevelSpec:
    offices = tuple(_make(OfficeOption, o, director_posts=tuple(o["director_posts"]))
                    for o in d["office_options"])
    if set(d["groups"]) - set(group_keys) or not offices or set(d["cadences"]) != set(CADENCE_KINDS):
        raise ValueError(f"levels data for {key!r} is malformed")
    groups = {k: _make(GroupLead, g, lead_posts=tuple(g["lead_posts"])) for k, g in d["groups"].items()}
    rules = d["cadence_rules"]
    return LevelSpec(
        key, d["display_name"], d["body"], d["commander"]["post"], d["commander"].get("note"),
        offices, _quote(d["mechanism"]), _quote(d["working_mode"]), MappingProxyType(groups),
        MappingProxyType({k: _quote(d["cadences"][k]) for k in CADENCE_KINDS}),
        MappingProxyType({k: rules[k] and _make(CadenceRule, rules[k]) for k in CADENCE_KINDS}),
        _rule(d["start"]), _rule(d["exit"]),
    )


def load_levels(edition: str = "2021") -> LevelBook:
    """Load and validate ``levels_<edition>.json`` (cached, immutable)."""
    return _load(edition)


@lru_cache(maxsize=None)
def _load(edition: str) -> LevelBook:
    path = resources.files("wzcommand.plan") / "data" / f"levels_{edition}.json"
    if not path.is_file():
        raise ValueError(f"no response-level data for edition {edition!r}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["order"]) != LEVEL_ORDER or set(raw["levels"]) != set(LEVEL_ORDER):
        raise ValueError(f"levels_{edition}.json: levels must be {LEVEL_ORDER}")
    names = {g["key"]: g["name"] for g in raw["groups"]}
    levels = {k: _level(k, raw["levels"][k], tuple(names)) for k in LEVEL_ORDER}
    return LevelBook(
        raw["edition"], MappingProxyType(names), MappingProxyType(levels),
        MappingProxyType({k: _quote(v) for k, v in raw["transition_rules"].items()}),
        tuple(Quote(w["source"], w["text"]) for w in raw["work_mechanisms"]),
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


def display_name(level: str, *, edition: str = "2021") -> str:
    return load_levels(edition).levels[parse_level(level)].display_name


# --- structure and cadences -----------------------------------------------------

def join_posts(posts: tuple[str, ...], relation: str | None) -> str | None:
    """Posts as the plan writes them, e.g. ``甲和乙`` or ``甲或乙``; None if empty."""
    return (relation or "、").join(posts) if posts else None


def structure_at(level: str, office_alternative: bool = False, *, edition: str = "2021") -> Structure:
    """The command structure at ``level``; ``office_alternative`` picks Ⅲ's 特殊情况 office."""
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
        tuple(groups), MappingProxyType(relations), MappingProxyType(cadence_at(level, edition=edition)),
    )


def cadence_at(level: str, *, edition: str = "2021") -> dict[str, str | None]:
    """Verbatim cadence clause per kind; None where the plans are silent at ``level``."""
    spec = load_levels(edition).levels[parse_level(level)]
    return {k: (q.text if q else None) for k, q in spec.cadences.items()}


def cadence_rules_at(level: str, *, edition: str = "2021") -> dict[str, CadenceRule | None]:
    """Machine-usable cadence per kind (inherited rules marked ``inherited_from``)."""
    return dict(load_levels(edition).levels[parse_level(level)].cadence_rules)


# --- transitions ----------------------------------------------------------------

def transition_kind(current: str, target: str) -> TransitionKind:
    cur, tgt = parse_level(current), parse_level(target)
    if cur == tgt:
        raise TransitionError(f"目标状态与当前状态相同（{display_name(cur)}），无需调整。")
    if cur == "none":
        return "start"
    if tgt == "none":
        return "end"
    return "raise" if level_rank(tgt) > level_rank(cur) else "lower"


def allowed_targets(current: str) -> tuple[str, ...]:
    """Every other state: 6.4 sets no step limit (see the module docstring)."""
    cur = parse_level(current)
    return tuple(k for k in LEVEL_ORDER if k != cur)


def decision_rule(current: str, target: str, *, edition: str = "2021") -> DecisionRule:
    """Who proposes/decides: start and raise follow 6.1 for the target level
    (6.4.3 提高响应等级参照“6.1响应原则”); lower and end follow the current level's
    6.4.3 rule (谁启动谁调整、谁启动谁终止)."""
    kind = transition_kind(current, target)
    levels = load_levels(edition).levels
    rule = levels[parse_level(target)].start if kind in ("start", "raise") else levels[parse_level(current)].exit
    assert rule is not None
    return rule


def check_transition(
    current: str,
    target: str,
    *,
    decided_at: datetime,
    previous_decided_at: datetime | None,
    province_record: bool = False,
    started_by_city: bool = True,
    province_directed: bool = False,
    expert_assessed: bool = True,
) -> None:
    """Raise :class:`TransitionError` unless the plan allows this change.

    ``province_record``: the 市政府 has reported to the 省政府 as required -- 报省政府备案
    before starting/raising to Ⅰ (6.1), 向省政府报告 before lowering/ending Ⅰ (6.4.3(1)).
    ``started_by_city``: the current response was started by the city (not 国务院/省政府).
    ``province_directed``: 国务院/省政府 started Ⅰ or required the city to (6.1 则直接启动).
    ``expert_assessed``: the 专家咨询委员会 assessment the plan requires has been done.
    """
    kind = transition_kind(current, target)
    tgt, cur = parse_level(target), parse_level(current)
    if previous_decided_at is not None:
        if (decided_at.tzinfo is None) != (previous_decided_at.tzinfo is None):
            raise TransitionError("本次决定时间与上一次决定时间的时区信息不一致，无法比较先后。")
        if decided_at < previous_decided_at:
            raise TransitionError(
                f"决定时间（{decided_at:%Y-%m-%d %H:%M}）早于上一次决定时间"
                f"（{previous_decided_at:%Y-%m-%d %H:%M}），请核对。")
    direct_i = tgt == "I" and province_directed and kind in ("start", "raise")
    verb = {"start": "启动", "raise": "提高", "lower": "降低", "end": "终止"}[kind]
    if not expert_assessed and not direct_i:
        raise TransitionError(f"{verb}应急响应须在专家咨询委员会评估（专家评估）基础上进行，尚未评估。")
    if kind in ("lower", "end") and not started_by_city:
        raise TransitionError(
            f"当前{display_name(cur)}不是由市级启动的；按照谁启动谁调整、谁启动谁终止的原则，"
            f"市级不能自行{verb}。")
    if tgt == "I" and kind in ("start", "raise") and not direct_i and not province_record:
        raise TransitionError(
            "市领导小组决定启动Ⅰ级应急响应后，由市政府向省政府报告备案后向社会发布实施；"
            "尚无省政府备案记录，不能启动Ⅰ级应急响应。")
    if cur == "I" and kind in ("lower", "end") and not province_record:
        raise TransitionError(
            f"Ⅰ级应急响应{verb}须由市政府向省政府报告后发布实施；尚无向省政府报告的记录。")


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
        add(f"cadence.{kind}", a.cadences.get(kind), b.cadences.get(kind), CADENCE_LABELS[kind])
    return changes
