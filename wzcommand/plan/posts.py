"""The posts the plan names for commanders, office directors and group leads.

A post held by one person city-wide (市长, 市政府分管副市长 …) is one register slot. A post the
plan uses generically for several groups (主要成员单位分管负责人, 市政府相关副市长 …) is held by a
different person in each group, so it gets one slot per group.
"""
from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import NamedTuple

from .levels import load_levels


class PostSlot(NamedTuple):
    post: str
    group_key: str | None  # set for generic posts that differ per group

    def label(self, group_names: dict[str, str]) -> str:
        return f"{self.post}（{group_names[self.group_key]}）" if self.group_key else self.post


@cache
def _posts(edition: str) -> tuple[tuple[str, ...], frozenset[str]]:
    book = load_levels(edition)
    ordered: list[str] = []
    groups_per_post: dict[str, set[str]] = defaultdict(set)

    def add(post: str | None) -> None:
        if post and post not in ordered:
            ordered.append(post)

    for spec in reversed(list(book.levels.values())):  # Ⅰ first: 市长 heads the register
        add(spec.commander_post)
        for option in spec.office_options:
            for post in option.director_posts:
                add(post)
        for key, lead in spec.groups.items():
            for post in lead.lead_posts:
                add(post)
                if key != "office":
                    groups_per_post[post].add(key)
    generic = frozenset(p for p, keys in groups_per_post.items() if len(keys) > 1)
    return tuple(ordered), generic


def is_generic(post: str, edition: str) -> bool:
    return post in _posts(edition)[1]


def register_slots(edition: str) -> tuple[PostSlot, ...]:
    """Every slot of the people register, in the order the plan first names the posts."""
    posts, generic = _posts(edition)
    group_keys = [k for k in load_levels(edition).group_names if k != "office"]
    slots: list[PostSlot] = []
    for post in posts:
        if post in generic:
            slots.extend(PostSlot(post, key) for key in group_keys if _leads(post, key, edition))
        else:
            slots.append(PostSlot(post, None))
    return tuple(slots)


def _leads(post: str, group_key: str, edition: str) -> bool:
    return any(post in spec.groups[group_key].lead_posts
               for spec in load_levels(edition).levels.values() if group_key in spec.groups)


def slot_for(post: str, group_key: str | None, edition: str) -> PostSlot:
    """The register slot that answers for `post` when it leads `group_key` (or commands/directs)."""
    return PostSlot(post, group_key if is_generic(post, edition) else None)
