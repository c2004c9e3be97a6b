"""Finding member units by name, alias or pinyin, as the office types them. No Qt.

A query matches a unit when it is part of the unit's name or one of its aliases, part of
the full toneless pinyin (``weisheng``), or when its letters appear in order among the
pinyin initials (``wjw`` finds 市卫生健康委, initials ``swsjkw``). pypinyin is imported
only when the first pinyin key is built, so it costs nothing at start-up.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SearchKeys", "search_keys", "matches", "normalise_query"]


@dataclass(frozen=True)
class SearchKeys:
    texts: tuple[str, ...]  # the name and its aliases, lower-cased
    initials: tuple[str, ...]  # pinyin initials of each text, e.g. "swsjkw"
    full: tuple[str, ...]  # full pinyin without tones of each text, e.g. "shiweishengjiankangwei"


def _letters(parts: list[str]) -> str:
    """Join pypinyin output keeping only ASCII letters and digits (drops brackets, punctuation)."""
    return "".join(ch for ch in "".join(parts).lower() if ch.isascii() and ch.isalnum())


def _pinyin(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    initials = _letters(lazy_pinyin(text, style=Style.FIRST_LETTER))
    full = _letters(lazy_pinyin(text, style=Style.NORMAL))
    return initials, full


@lru_cache(maxsize=2048)
def search_keys(name: str, aliases: tuple[str, ...] = ()) -> SearchKeys:
    """Keys for a unit; cached, so reloading the same units does not recompute them."""
    texts = tuple(dict.fromkeys(t.strip() for t in (name, *aliases) if t and t.strip()))
    pinyins = [_pinyin(t) for t in texts]
    return SearchKeys(
        texts=tuple(t.lower() for t in texts),
        initials=tuple(p[0] for p in pinyins),
        full=tuple(p[1] for p in pinyins),
    )


def normalise_query(query: str) -> str:
    return " ".join((query or "").split()).lower()


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def matches(query: str, keys: SearchKeys) -> bool:
    """True if `query` finds the unit described by `keys` (an empty query finds everything)."""
    query = normalise_query(query)
    if not query:
        return True
    if any(query in text for text in keys.texts):
        return True
    compact = query.replace(" ", "")
    if not (compact.isascii() and compact.isalnum()):
        return False  # Chinese or punctuation: only the names themselves can match
    if any(compact in full for full in keys.full):
        return True
    return any(_is_subsequence(compact, initials) for initials in keys.initials)
