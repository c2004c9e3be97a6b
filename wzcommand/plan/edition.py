"""Editions of the Wenzhou public-health emergency plan, shipped as package data.

Each edition is a JSON file ``wzcommand/plan/data/plan_<edition>.json`` holding the
plan's member units (with the aliases the plan itself uses), the "一办五组" working
groups, the numbered duty items of 附件1 and the county-level divisions.  This module
only reads and validates that data; it has no Qt and no SQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Mapping

from . import data_files

__all__ = [
    "Unit",
    "Group",
    "DutyItem",
    "PlanEdition",
    "load_edition",
    "available_editions",
]

_FILE_RE = re.compile(r"^plan_(?P<edition>[0-9A-Za-z_-]+)\.json$")
_DUTY_COUNT = 62
_UNIT_SOURCES = ("4.1.1", "4.2.2", "附件1")


@dataclass(frozen=True)
class Unit:
    name: str
    aliases: tuple[str, ...]
    source: str
    order: int


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    members_text: str
    members: tuple[str, ...]
    duties: str


@dataclass(frozen=True)
class DutyItem:
    no: int
    units_text: str
    units: tuple[str, ...]
    text: str


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return data[key]
    except (KeyError, TypeError):
        raise ValueError(f"{where}: missing field {key!r}") from None


def _str_field(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _require(data, key, where)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: field {key!r} must be a non-empty string")
    return value


def _str_list(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = _require(data, key, where)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: field {key!r} must be a list of non-empty strings")
    return tuple(value)


@dataclass(frozen=True)
class PlanEdition:
    edition: str
    title: str
    document_no: str
    issued_on: str
    units: tuple[Unit, ...]
    groups: tuple[Group, ...]
    duties: tuple[DutyItem, ...]
    districts: tuple[str, ...]

    # ------------------------------------------------------------------ building

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PlanEdition":
        """Build and validate an edition from its JSON structure.

        Raises ValueError naming the first problem found.
        """
        if not isinstance(data, Mapping):
            raise ValueError("plan data must be a JSON object")
        units: list[Unit] = []
        for i, raw in enumerate(_require(data, "units", "plan"), 1):
            where = f"units[{i}]"
            source = _str_field(raw, "source", where)
            if source not in _UNIT_SOURCES:
                raise ValueError(f"{where}: unknown source {source!r}")
            units.append(
                Unit(
                    name=_str_field(raw, "name", where),
                    aliases=_str_list(raw, "aliases", where),
                    source=source,
                    order=i,
                )
            )
        groups = tuple(
            Group(
                key=_str_field(raw, "key", f"groups[{i}]"),
                name=_str_field(raw, "name", f"groups[{i}]"),
                members_text=_str_field(raw, "members_text", f"groups[{i}]"),
                members=_str_list(raw, "members", f"groups[{i}]"),
                duties=_str_field(raw, "duties", f"groups[{i}]"),
            )
            for i, raw in enumerate(_require(data, "groups", "plan"), 1)
        )
        duties: list[DutyItem] = []
        for i, raw in enumerate(_require(data, "duties", "plan"), 1):
            where = f"duties[{i}]"
            no = _require(raw, "no", where)
            if not isinstance(no, int) or isinstance(no, bool):
                raise ValueError(f"{where}: field 'no' must be an integer")
            duties.append(
                DutyItem(
                    no=no,
                    units_text=_str_field(raw, "units_text", where),
                    units=_str_list(raw, "units", where),
                    text=_str_field(raw, "text", where),
                )
            )
        edition = cls(
            edition=_str_field(data, "edition", "plan"),
            title=_str_field(data, "title", "plan"),
            document_no=_str_field(data, "document_no", "plan"),
            issued_on=_str_field(data, "issued_on", "plan"),
            units=tuple(units),
            groups=groups,
            duties=tuple(duties),
            districts=_str_list(data, "districts", "plan"),
        )
        edition._validate()
        return edition

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for unit in self.units:
            for form in (unit.name, *unit.aliases):
                key = form.strip()
                if key in index and index[key] != unit.name:
                    raise ValueError(
                        f"name or alias {key!r} is used by both {index[key]!r} and {unit.name!r}"
                    )
                if key in index and form != unit.name:
                    raise ValueError(f"alias {key!r} of unit {unit.name!r} is repeated")
                index[key] = unit.name
        object.__setattr__(self, "_index", index)

    def _validate(self) -> None:
        names = [u.name for u in self.units]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise ValueError(f"unit {dup!r} is listed more than once")
        numbers = [d.no for d in self.duties]
        if numbers != list(range(1, _DUTY_COUNT + 1)):
            raise ValueError(
                f"duty items must be numbered 1..{_DUTY_COUNT} in order, got {len(numbers)} items"
                f" numbered {numbers[:3]}...{numbers[-3:]}"
            )
        canonical = set(names)
        for group in self.groups:
            for member in group.members:
                if member not in canonical:
                    raise ValueError(f"group {group.name!r} names unknown unit {member!r}")
        keys = [g.key for g in self.groups]
        if len(set(keys)) != len(keys):
            raise ValueError("group keys must be unique")
        for item in self.duties:
            for unit in item.units:
                if unit not in canonical:
                    raise ValueError(f"duty item {item.no} names unknown unit {unit!r}")
        if len(set(self.districts)) != len(self.districts):
            raise ValueError("districts must be unique")

    # ------------------------------------------------------------------ queries

    def resolve(self, name: str) -> str | None:
        """Canonical unit name for a full name or alias, else None."""
        if not isinstance(name, str):
            return None
        return self._index.get(name.strip())  # type: ignore[attr-defined]

    def unit(self, name: str) -> Unit:
        canonical = self.resolve(name)
        if canonical is None:
            raise KeyError(name)
        return next(u for u in self.units if u.name == canonical)

    def group(self, key_or_name: str) -> Group:
        wanted = key_or_name.strip() if isinstance(key_or_name, str) else key_or_name
        for group in self.groups:
            if wanted in (group.key, group.name):
                return group
        raise KeyError(key_or_name)

    def duties_of(self, unit_name: str) -> tuple[DutyItem, ...]:
        canonical = self.resolve(unit_name)
        if canonical is None:
            return ()
        return tuple(d for d in self.duties if canonical in d.units)

    def groups_of(self, unit_name: str) -> tuple[Group, ...]:
        canonical = self.resolve(unit_name)
        if canonical is None:
            return ()
        return tuple(g for g in self.groups if canonical in g.members)


def _data_dir():
    return data_files.data_dir()


def available_editions() -> tuple[str, ...]:
    """Editions shipped as package data, sorted."""
    found = []
    for entry in _data_dir().iterdir():
        match = _FILE_RE.match(entry.name)
        if match and entry.is_file():
            found.append(match.group("edition"))
    return tuple(sorted(found))


def load_edition(edition: str) -> PlanEdition:
    """Load, validate and cache one edition of the plan (same object on every call)."""
    return _load_cached(str(edition).strip())


@cache
def _load_cached(edition: str) -> PlanEdition:
    if not _FILE_RE.match(f"plan_{edition}.json"):
        raise ValueError(f"invalid plan edition name {edition!r}")
    resource = _data_dir() / f"plan_{edition}.json"
    if not resource.is_file():
        raise ValueError(
            f"no plan edition {edition!r}; available: {', '.join(available_editions()) or 'none'}"
        )
    with resource.open("r", encoding="utf-8") as handle:
        data = json.load(handle)
    plan = PlanEdition.from_dict(data)
    if plan.edition != edition:
        raise ValueError(f"plan_{edition}.json declares edition {plan.edition!r}")
    return plan


# Allow callers (and tests) to drop the cache, as with a plain functools.cache.
load_edition.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
