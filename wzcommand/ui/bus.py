"""Every write the GUI makes goes through the ChangeBus, which then tells the panels.

`ChangeBus.write(topic, service_fn, ...)` calls the service and, if it returns, emits
`changed(topic)`; panels connect to `changed` and reload what they show (Anki's CollectionOp).
`UiContext` is what every panel and dialog receives: the database, the bus and the settings.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ..settings import Settings
from .worker import BackgroundTask, Task, run_in_background

ROSTER = "roster"  # member units and their liaison contacts
LEVELS = "levels"  # response-level decisions (the command structure follows)
PEOPLE = "people"  # who holds the posts the plan names
WARNINGS = "warnings"  # warning colours issued, adjusted, lifted

T = TypeVar("T")


class ChangeBus(QObject):
    changed = Signal(str)

    def write(self, topic: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call a service that writes; announce `topic` only if it succeeded (errors propagate)."""
        result = fn(*args, **kwargs)
        self.changed.emit(topic)
        return result

    def start_write(self, topic: str, task: Task) -> BackgroundTask:
        """Run a writing task in the background; announce `topic` when it finishes without error."""
        job = run_in_background(task)
        job.finished.connect(lambda _result: self.changed.emit(topic))
        return job


@dataclass
class UiContext:
    db: Any  # wzcommand.storage.database.Database
    bus: ChangeBus
    settings: Settings

    def operator(self) -> str:
        """Name recorded in the audit trail for writes made now (settings may change it)."""
        return self.settings.operator_name()
