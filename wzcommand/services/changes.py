"""What a write changed, so that whoever shows the data can refresh (Anki's ``OpChanges``).

A service that writes returns a result carrying ``changes``: the topics whose data it altered,
including its side effects (a level switch regenerates the schedule, so it reports SCHEDULE as
well as LEVELS). The GUI's bus (ui/bus.py) announces each topic; a panel refreshes on the topics
it shows, and needs to know nothing about which other writes touch them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Topics: one constant per kind of data a panel may show.
ROSTER = "roster"  # member units and their liaison contacts
LEVELS = "levels"  # response-level decisions (the command structure follows)
PEOPLE = "people"  # who holds the posts the plan names
WARNINGS = "warnings"  # warning colours issued, adjusted, lifted
EVENTS = "events"  # events registered, updated, phone reports logged, events ended
REPORTS = "reports"  # event reports issued (and corrections); the reporting clocks follow
SCHEDULE = "schedule"  # meetings, briefings and due items; schedule settings
TASKS = "tasks"  # 交办单: added, status, receipts, progress notes
CHECKLISTS = "checklists"  # duty points marked per event, units that reported back
ACCOUNTS = "accounts"  # operator accounts added, passwords reset, deactivated
BACKUPS = "backups"  # a backup was taken (the list of backups changed)
ALERTS = "alerts"  # a deadline alert was acknowledged (services/alerts.py)
EXPERTS = "experts"  # the expert committee's members and assessments
COUNTIES = "counties"  # county levels and warnings reported, county contacts, the city's instructions
MEASURES = "measures"  # control measures registered, approved, lifted
REQUISITIONS = "requisitions"  # requisitions taken and returned, compensation assessed (phe 6.3.1 (5), 7.3)
SUPPLIES = "supplies"  # supply items, sites, stock movements, requests
RISKMAP = "riskmap"  # townships imported, their risk levels set, risk maps issued


@dataclass(frozen=True)
class Changes:
    topics: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *topics: str) -> Changes:
        return cls(frozenset(topics))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.topics | other.topics)

    def __contains__(self, topic: object) -> bool:
        return topic in self.topics

    def __bool__(self) -> bool:
        return bool(self.topics)


NO_CHANGES = Changes()


def changes_of(result: object) -> Changes:
    """The changes a service's result reports (none if it carries none)."""
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else NO_CHANGES
