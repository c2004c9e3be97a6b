"""Reporting time limits of the public-health plan 5.2.3, as pure functions of the event's times.

较大 and above: telephone report within 1 hour of receiving word (aim 30 minutes), written report
within 2 hours (aim 1 hour). 一般: the first report within 2 hours after the event happened.
An event not graded yet gets the stricter 较大 clocks, so nothing is missed while it is judged.
The progress-report interval (daily at least for 重大/特别重大) and the closing-report delay are the
office's settings, not the plan's words: 5.2.3 only says 及时做好进程报告, 7.1 only 及时 ……
形成评估报告. Their clocks carry the verbatim clause (``rule``) and say they are a setting (``setting``).
A clock done exactly at its due time is on time; it is overdue only once that time has passed.
Once the event has ended (its handling declared over, which starts the closing-report clock), a
first-report clock still not done is missed (未报): it no longer runs or calls, and how late it was
is counted to the end, so the record stays honest without an alarm that can no longer be answered.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .events import grade_rank
from .sources import require_rules

EDITION = "2021"  # the edition whose 5.2.3 and 7.1 this module quotes
WHAT = "报告时限"

QUOTE_MAJOR = ("发生较大及以上事件，事发地县级政府及卫生健康主管部门要在收到事件报告1小时内、力争30分钟内，"
               "向市委市政府总值班室和市卫生健康主管部门电话报告或通过信息报送渠道报送初步情况；"
               "并在2小时内、力争1小时内书面报告相关情况。")
QUOTE_MINOR = "发生一般事件，事发地县级政府及卫生健康主管部门应在事发后2小时内将事件初步情况上报市委市政府总值班室和市卫生健康主管部门。"
# The telephone part of the 较大及以上 rule (verbatim, up to its "；"), and whom it names.
PHONE_CLAUSE = "5.2.3"
PHONE_QUOTE = QUOTE_MAJOR[:QUOTE_MAJOR.index("；")]
PHONE_RECIPIENTS = ("市委市政府总值班室", "市卫生健康主管部门")
KIND_LABELS = {"phone": "电话报告", "written": "书面报告", "first": "首次报告", "progress": "进程报告",
               "closing": "结案报告", "county_start": "县级启动",
               "supply_approve": "物资审批", "supply_issue": "物资发放", "supply_receive": "签收确认"}


@dataclass(frozen=True)
class Clock:
    kind: str
    due: datetime
    aim: datetime | None = None
    done: datetime | None = None
    rule: str = ""  # the plan's words
    setting: str = ""  # what the office set where the plan gives no figure
    closed: datetime | None = None  # the event ended with this clock not done: missed, no longer running

    @property
    def explanation(self) -> str:
        return "\n".join(x for x in (self.rule, self.setting) if x)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def missed(self) -> bool:
        """Never done, and the event is over: 未报 (逾期未报 when the end came after the due time)."""
        return self.done is None and self.closed is not None

    @property
    def running(self) -> bool:
        """Still to be done: counts down, turns red, calls."""
        return self.done is None and self.closed is None

    def _stopped(self, now: datetime) -> datetime:
        return self.done or (min(self.closed, now) if self.closed is not None else now)

    def overdue(self, now: datetime) -> bool:
        return self._stopped(now) > self.due

    def overdue_by(self, now: datetime) -> timedelta | None:
        """How late: done − due, the event's end − due for a missed clock, now − due while running."""
        return self._stopped(now) - self.due if self.overdue(now) else None

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


def first_clocks(facts: ReportFacts, *, edition: str) -> list[Clock]:
    require_rules(edition, EDITION, WHAT)
    phone_done = min(facts.phone_reports, default=None)
    if grade_rank(facts.grade) == 1:
        done = min([t for t in (phone_done, facts.first_issued) if t], default=None)
        return [Clock("first", facts.occurred_at + timedelta(hours=2), None, done, QUOTE_MINOR)]
    r = facts.received_at
    return [Clock("phone", r + timedelta(hours=1), r + timedelta(minutes=30), phone_done, QUOTE_MAJOR),
            Clock("written", r + timedelta(hours=2), r + timedelta(hours=1), facts.first_issued, QUOTE_MAJOR)]


PROGRESS_QUOTE = "并根据事件的严重程度、事态发展和控制情况及时做好进程报告。"  # phe 5.2.3
CLOSING_QUOTE = "事件应急处置工作结束后,各级政府应及时组织对事件的处置情况进行复盘和全面评估……形成评估报告报上级政府。"  # phe 7.1


def progress_setting(grade: str | None, office_hours: int) -> str:
    daily = "；重大、特别重大事件至少每日一次" if grade_rank(grade) >= 3 else ""
    return (f"本办设置（非预案规定，预案5.2.3只要求“及时”）：每{max(1, office_hours)}小时一次进程报告{daily}。")


def closing_setting(days: int) -> str:
    return f"本办设置（非预案规定，预案7.1只要求“及时”）：事件结束后{days}日内报结案报告。"


def progress_interval(grade: str | None, office_hours: int) -> timedelta:
    """The office's interval, but at least daily for 重大 and 特别重大 -- the office's setting;
    the plan (5.2.3) only says 及时."""
    hours = max(1, office_hours)
    return timedelta(hours=min(hours, 24) if grade_rank(grade) >= 3 else hours)


def all_clocks(facts: ReportFacts, *, edition: str, progress_hours: int = 24, closing_days: int = 14) -> list[Clock]:
    clocks = first_clocks(facts, edition=edition)
    if facts.ended_at is not None:
        clocks = [replace(c, closed=facts.ended_at) if c.done is None else c for c in clocks]
    if facts.ended_at is None and facts.last_written is not None:
        clocks.append(Clock("progress", facts.last_written + progress_interval(facts.grade, progress_hours),
                            rule=PROGRESS_QUOTE, setting=progress_setting(facts.grade, progress_hours)))
    if facts.ended_at is not None:
        clocks.append(Clock("closing", facts.ended_at + timedelta(days=closing_days), None, facts.closing_issued,
                            rule=CLOSING_QUOTE, setting=closing_setting(closing_days)))
    return clocks
