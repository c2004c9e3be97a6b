"""What the window remembers between sessions for convenience (the last folder per kind of file,
column widths): one JSON object per file beside the settings. A file that cannot be read or written
is simply forgotten; nothing depends on it."""
from __future__ import annotations

import json

from ..fileio import write_if_possible
from ..paths import config_dir


def load(filename: str) -> dict:
    try:
        data = json.loads((config_dir() / filename).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def store(filename: str, key: str, value) -> None:
    """Set `key` in the file's object, keeping the other keys."""
    data = load(filename)
    data[key] = value
    # Only a convenience: a folder that cannot be written must not stop the save it accompanies.
    write_if_possible(config_dir() / filename, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
