"""Reporting time limits of the public-health plan 5.2.3, as pure functions of the event's times.

较大 and above: telephone report within 1 hour of receiving word (aim 30 minutes), written report
within 2 hours (aim 1 hour). 一般: the first report within 2 hours after the event happened.
An event not graded yet gets the stricter 较大 clocks, so nothing is missed while it is judged.
A clock done exactly at its due time is on time; it is overdue only once that time has passed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .events import grade_rank

QUOTE_MAJOR = ("发生较大及以上事件，事发地县级政府及卫生健康主管部门要在收到事件报告1小时内、力争30分钟内，"
               "向市委市政府总值班室和市卫生健康主管部门电话报告或通过信息报送渠道报送初步情况；"
               "并在2小时内、力争1小时内书面报告相关情况。")
QUOTE_MINOR = "发生一般事件，事发地县级政府及卫生健康主管部门应在事发后2小时内将事件初步情况上报市委市政府总值班室和市卫生健康主管部门。"
# The telephone part of the 较大及以上 rule (verbatim, up to its "；"), and whom it names.
PHONE_CLAUSE = "5.2.3"
PHONE_QUOTE = QUOTE_MAJOR[:QUOTE_MAJOR.index("；")]
PHONE_RECIPIENTS = ("市委市政府总值班室", "市卫生健康主管部门")
KIND_LABELS = {"phone": "电话报告", "written": "书面报告", "first": "首次报告", "progress": "进程报告",
               "closing": "结案报告"}


@dataclass(frozen=True)
class Clock:
    kind: str
    due: datetime
    aim: datetime | None = None
    done: datetime | None = None
    rule: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def overdue(self, now: datetime) -> bool:
        return (self.done or now) > self.due

    def overdue_by(self, now: datetime) -> timedelta | None:
        return (self.done or now) - self.due if self.overdue(now) else None

    def remaining(self, now: datetime) -> timedelta:
        return self.due - now


@dataclass(frozen=True)
class ReportFacts:
    """What has been sent for one event, as the clocks need it."""

    grade: str | None
    occurred_at: datetime
    received_at: datetime
    phone_reports: tuple[datetime, ...] = ()
    first_issued: datetime | None = None
    last_written: datetime | None = None  # newest first or progress report issued
    ended_at: datetime | None = None
    closing_issued: datetime | None = None


def first_clocks(facts: ReportFacts) -> list[Clock]:
    phone_done = min(facts.phone_reports, default=None)
    if grade_rank(facts.grade) == 1:
        done = min([t for t in (phone_done, facts.first_issued) if t], default=None)
        return [Clock("first", facts.occurred_at + timedelta(hours=2), None, done, QUOTE_MINOR)]
    r = facts.received_at
    return [Clock("phone", r + timedelta(hours=1), r + timedelta(minutes=30), phone_done, QUOTE_MAJOR),
            Clock("written", r + timedelta(hours=2), r + timedelta(hours=1), facts.first_issued, QUOTE_MAJOR)]


def progress_interval(grade: str | None, office_hours: int) -> timedelta:
    """The office's interval, but at least daily for 重大 and 特别重大 (5.2.3 进程报告)."""
    hours = max(1, office_hours)
    return timedelta(hours=min(hours, 24) if grade_rank(grade) >= 3 else hours)


def all_clocks(facts: ReportFacts, *, progress_hours: int = 24, closing_days: int = 14) -> list[Clock]:
    clocks = first_clocks(facts)
    if facts.ended_at is None and facts.last_written is not None:
        clocks.append(Clock("progress", facts.last_written + progress_interval(facts.grade, progress_hours),
                            rule="根据事件的严重程度、事态发展和控制情况及时做好进程报告"))
    if facts.ended_at is not None:
        clocks.append(Clock("closing", facts.ended_at + timedelta(days=closing_days), None, facts.closing_issued,
                            rule="事件应急处置工作结束后……形成评估报告报上级政府"))
    return clocks
