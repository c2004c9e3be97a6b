"""File dialogs start in the user's documents folder the first time, then in the folder last used
for the same kind of file (通讯录, 报告, 档案包, …), remembered across sessions in folders.json
beside the settings."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from . import memory

FILENAME = "folders.json"
ROSTER, REPORT, ARCHIVE, PAPER_KIT = "roster", "report", "archive", "paper_kit"


def documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(kind: str) -> Path:
    remembered = memory.load(FILENAME).get(kind)
    if isinstance(remembered, str) and Path(remembered).is_dir():
        return Path(remembered)
    return documents()


def remember(kind: str, chosen: str | Path) -> None:
    memory.store(FILENAME, kind, str(Path(chosen).parent))


def save_name(parent: QWidget, title: str, kind: str, name: str, filters: str) -> tuple[str, str]:
    """getSaveFileName starting at `name` in the kind's folder; the folder chosen is remembered."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind) / name), filters)
    if path:
        remember(kind, path)
    return path, chosen


def open_name(parent: QWidget, title: str, kind: str, filters: str, start: str = "") -> tuple[str, str]:
    path, chosen = QFileDialog.getOpenFileName(parent, title, start or str(start_folder(kind)), filters)
    if path:
        remember(kind, path)
    return path, chosen
