"""User settings kept as a small JSON file beside the data (no Qt, so the CLI shares it)."""
from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .fileio import atomic_write_bytes
from .paths import config_dir

SETTINGS_FILENAME = "settings.json"


@dataclass
class Settings:
    operator: str = ""
    db_path: str = ""
    font_path: str = ""

    def operator_name(self) -> str:
        return self.operator.strip() or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts): still record something
        return "未命名操作员"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()  # missing or unreadable settings fall back to defaults
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: str(v) for k, v in raw.items() if k in known} if isinstance(raw, dict) else {})


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(asdict(settings), ensure_ascii=False, indent=2).encode("utf-8"))
