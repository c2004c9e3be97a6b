"""User settings kept as a small JSON file beside the data (no Qt, so the CLI shares it)."""
from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .fileio import atomic_write_bytes
from .paths import config_dir, default_db_path

SETTINGS_FILENAME = "settings.json"


@dataclass
class Settings:
    operator: str = ""
    db_path: str = ""
    db_url: str = ""  # a shared PostgreSQL server (postgresql+psycopg://user@host/db); wins over db_path
    font_path: str = ""
    # Office-wide document settings (文号 prefix, 主送, 抄送, 签发人, intervals, time zone) live in
    # the database: services.office.  Only what belongs to this workstation is kept here.
    lock_minutes: int = 10            # the window locks after this many minutes without input
    alert_sound: bool = True          # deadline alerts sound (the tray message and taskbar flash stay)
    board_phones: bool = False        # the hall's situation board shows the commander's phones

    def operator_name(self) -> str:
        return self.operator.strip() or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts): still record something
        return "未命名操作员"


def database_location(settings: Settings, db_path=None, db_url=None) -> dict:
    """Which database to open, for the window and the command line alike: --db-url, else --db,
    else the saved setting, else the default file. Keys: ``url`` or ``path`` (open_database's)."""
    if db_url or (settings.db_url and not db_path):
        return {"url": db_url or settings.db_url}
    return {"path": db_path or settings.db_path or default_db_path()}


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()  # missing or unreadable settings fall back to defaults
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        if f.name in raw:
            values[f.name] = _coerce(raw[f.name], getattr(defaults, f.name))
    return Settings(**values)


def _coerce(value, default):
    """A stored value in the type of its default; an unusable number falls back to the default."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if isinstance(default, int):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        return number if number > 0 else default
    return str(value)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(asdict(settings), ensure_ascii=False, indent=2).encode("utf-8"))
