"""Where the program keeps its files: one place decides, the GUI and CLI both ask it."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "wzcommand"
DB_FILENAME = "wzcommand.sqlite3"


def data_dir() -> Path:
    # An explicit override lets tests and portable installs keep everything in one folder.
    override = os.environ.get("WZCOMMAND_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("WZCOMMAND_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME
