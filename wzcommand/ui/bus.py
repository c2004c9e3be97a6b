"""Every write the GUI makes goes through the ChangeBus, which then tells the panels.

`ChangeBus.write(topic, service_fn, ...)` calls the service and, if it returns, emits
`changed(topic)` and `changed` for every further topic the result reports in its `changes`
(services/changes.py: a level switch reports the schedule it regenerated); panels connect to
`changed` and reload what they show (Anki's CollectionOp and OpChanges). `applied` carries the
whole `Changes` of one write, for a panel that wants to refresh once. `ChangeBus.attempt` is the
same write with the refusal shown (by field, in an error label or a message box) instead of raised,
`attempt_read` the same for a call that announces nothing, and `refuse` shows a background task's
failure the same way: no panel or dialog needs an `except ServiceError` of its own.
A panel connects through `ChangeBus.follow`: while another panel is on screen its topics wait, and
it catches up (each topic once) when it is shown, so a write reloads only what is in view.
`UiContext` is what every panel and dialog receives: the database, the bus and the settings,
and who is signed in (their name is the operator of every write; their role decides what is enabled).
Every topic is one upper-case constant below: `ChangeBus.announce_all` (after a restore) finds them there.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, Union

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from ..plan.roles import allowed
from ..services import changes
from ..services.changes import Changes, changes_of
from ..settings import Settings
from .worker import BackgroundTask, Task, run_in_background

# The data topics are the services' (services/changes.py); SESSION is the window's own.
ROSTER = changes.ROSTER
LEVELS = changes.LEVELS
PEOPLE = changes.PEOPLE
WARNINGS = changes.WARNINGS
EVENTS = changes.EVENTS
REPORTS = changes.REPORTS
SCHEDULE = changes.SCHEDULE
TASKS = changes.TASKS
CHECKLISTS = changes.CHECKLISTS
SESSION = "session"  # who is signed in changed (operator, role), or the database was swapped
ACCOUNTS = changes.ACCOUNTS
BACKUPS = changes.BACKUPS
ALERTS = changes.ALERTS
COUNTIES = changes.COUNTIES
EXPERTS = changes.EXPERTS
MEASURES = changes.MEASURES
REQUISITIONS = changes.REQUISITIONS
SUPPLIES = changes.SUPPLIES
RISKMAP = changes.RISKMAP

T = TypeVar("T")
ERROR_STYLE = "color: #c62828;"  # a refusal's red, under a form or beside its field
Handlers = Mapping[type, Callable[[Any], object]]  # a kind of refusal -> what shows it


class ShowsRefusals(Protocol):
    """Where a form shows refusals by field (ui/field_errors.FieldErrors)."""

    def refuse(self, exc: Any) -> None: ...


Shown = Union[QWidget, ShowsRefusals]  # a Qt class in a union evaluated at run time


def all_topics() -> list[str]:
    """Every topic constant of this module, in order."""
    return [value for name, value in globals().items() if name.isupper() and isinstance(value, str)]


class ChangeBus(QObject):
    changed = Signal(str)
    applied = Signal(object)  # the Changes of one write

    def write(self, topic: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call a service that writes; if it succeeded, announce `topic` and whatever else its result
        reports it changed (errors propagate)."""
        result = fn(*args, **kwargs)
        self.announce(Changes.of(topic) | changes_of(result))
        return result

    def attempt(self, shown_at: Shown, topic: str, fn: Callable[..., T], /, *args: Any,
                title: str = "未能完成", handlers: Handlers | None = None,
                **kwargs: Any) -> tuple[bool, T | None]:
        """As `write`, and a refusal is shown instead of raised (see `refuse`). Returns (True, result),
        or (False, None) after showing the refusal; nothing is announced then."""
        from ..services.errors import ServiceError

        try:
            return True, self.write(topic, fn, *args, **kwargs)
        except ServiceError as exc:
            refuse(shown_at, exc, title=title, handlers=handlers)
            return False, None

    def announce(self, done: Changes) -> None:
        """Tell the panels: `changed` once per topic (in the order of all_topics), then `applied`."""
        known = all_topics()
        for topic in [t for t in known if t in done] + sorted(done.topics - set(known)):
            self.changed.emit(topic)
        self.applied.emit(done)

    def follow(self, panel: QWidget, slot: Callable[[str], object]) -> None:
        """Call `slot(topic)` for each topic announced, as `changed.connect(slot)` would, except while
        `panel` is hidden in a window on screen (another panel is shown): then the topics wait, and
        `slot` gets each of them once, in the order first announced, when `panel` is next shown,
        before it paints. A panel outside a visible window (being built, tested alone) follows at once."""
        self.changed.connect(_Follower(panel, slot).changed)

    def start_write(self, topic: str, task: Task) -> BackgroundTask:
        """Run a writing task in the background; announce `topic` when it finishes without error."""
        job = run_in_background(task)
        job.finished.connect(lambda result: self.announce(Changes.of(topic) | changes_of(result)))
        return job

    def announce_all(self) -> None:
        """Everything may have changed (the database file was replaced): every panel reloads."""
        for topic in all_topics():
            self.changed.emit(topic)


class _Follower(QObject):
    """ChangeBus.follow's topics for one panel (a child of it: it goes with the panel)."""

    def __init__(self, panel: QWidget, slot: Callable[[str], object]):
        super().__init__(panel)
        self._panel, self._slot = panel, slot
        self.waiting: list[str] = []  # announced while the panel was hidden, in order
        panel.installEventFilter(self)

    def changed(self, topic: str) -> None:
        panel = self._panel
        if panel.isVisible() or not panel.window().isVisible():
            self._slot(topic)
        elif topic not in self.waiting:
            self.waiting.append(topic)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self._panel and self.waiting:
            waiting, self.waiting = self.waiting, []
            for topic in waiting:
                self._slot(topic)
        return False


def attempt_read(shown_at: Shown, fn: Callable[..., T], /, *args: Any, title: str = "未能完成",
                 handlers: Handlers | None = None, **kwargs: Any) -> tuple[bool, T | None]:
    """A service call that announces nothing (a draft, a lookup, a sign-in) with its refusal shown as
    `ChangeBus.attempt` shows a write's: (True, result), or (False, None) once the refusal is shown."""
    from ..services.errors import ServiceError

    try:
        return True, fn(*args, **kwargs)
    except ServiceError as exc:
        refuse(shown_at, exc, title=title, handlers=handlers)
        return False, None


def refuse(shown_at: Shown, exc: BaseException, *, title: str = "未能完成",
           handlers: Handlers | None = None) -> bool:
    """Show a service's refusal where the user looks; False (nothing shown) if `exc` is no refusal.

    `handlers` maps a kind of refusal the form shows its own way (ValidationError by field, ConflictError
    with the other seat's values) to what shows it; the first kind `exc` is an instance of wins. Else the
    refusal goes to `shown_at`: a form's FieldErrors (by field), an error label under the form, or a
    message box over a widget with `title`. A background task's `failed` comes here too."""
    from ..services.errors import ServiceError

    if not isinstance(exc, ServiceError):
        return False
    handler = next((h for kind, h in (handlers or {}).items() if isinstance(exc, kind)), None)
    if handler is not None:
        handler(exc)
    elif isinstance(shown_at, QWidget):
        show_refusal(shown_at, exc.message, title)
    else:
        shown_at.refuse(exc)
    return True


def show_refusal(shown_at: QWidget, message: str, title: str = "未能完成") -> None:
    """A refusal's text where the user looks: an error label under the form, else a message box."""
    from PySide6.QtWidgets import QLabel, QMessageBox

    if isinstance(shown_at, QLabel):
        shown_at.setStyleSheet(ERROR_STYLE)
        shown_at.setText(message)
        shown_at.show()
    else:
        QMessageBox.warning(shown_at, title, message)


@dataclass
class UiContext:
    db: Any  # wzcommand.storage.database.Database
    bus: ChangeBus
    settings: Settings
    signed_in: Any = None  # wzcommand.services.accounts.SignedIn, when the database has accounts
    accounts_exist: bool = False  # accounts exist: whoever is not signed in may do no restricted action

    def operator(self) -> str:
        """Name recorded in the audit trail for writes made now: the signed-in account, else the settings'."""
        if self.signed_in is not None:
            return self.signed_in.name
        return self.settings.operator_name()

    def plan_edition(self) -> str:
        """The plan edition the database records: the rules and quotes shown follow it."""
        from ..services.roster import plan_of

        return plan_of(self.db).edition

    @property
    def role(self) -> str | None:
        """The signed-in account's role (plan/roles.py); None for the single operator of a database without accounts."""
        return self.signed_in.role if self.signed_in is not None else None

    def may(self, action: str) -> bool:
        """Whether the role allows `action` (the services check again); the single operator may do all."""
        if self.signed_in is not None:
            return allowed(self.signed_in.role, action)
        return not self.accounts_exist
