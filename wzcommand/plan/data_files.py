"""Where the plan editions' data files are: ``plan_<edition>.json`` (units, duties, groups) and
``levels_<edition>.json`` (levels, cadences, procedures, the plans' titles).

One place for every loader, so that each reads the same folder (and a test can add an edition)."""
from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def data_dir() -> Traversable:
    """The package's data folder."""
    return resources.files("wzcommand.plan") / "data"
