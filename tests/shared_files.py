"""Files of the team's shared/ folder (the gazette text, the pdf-layout checker) for the tests.

CI lays shared/ beside the checkout; a worktree of the repository sits deeper, so every folder
above the checkout is tried, nearest first."""
from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def shared_file(*parts: str) -> Path:
    """The first ``<folder>/shared/<parts>`` that exists above the checkout; else where CI puts it."""
    for folder in CHECKOUT.parents:
        candidate = folder.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    return CHECKOUT.parent.joinpath("shared", *parts)
