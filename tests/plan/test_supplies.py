"""Supplies: the 物资保障组's duty and 8.3.2 verbatim; first-expiring-first allocation never going below
zero; the request clocks (the program's time limits, said as such)."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from wzcommand.plan import supplies as rules
from shared_files import shared_file

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
T = datetime(2026, 11, 29, 8, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize("source,quote", [rules.GROUP_QUOTE, rules.RESERVE_QUOTE])
def test_quotes_are_verbatim(source, quote):
    assert quote in re.sub(r"\s+", "", SEED.read_text(encoding="utf-8")), source


def test_issues_take_the_batch_expiring_first_and_never_an_expired_one():
    today = date(2026, 11, 29)
    batches = [rules.Batch("B", date(2027, 6, 1), 50), rules.Batch("A", date(2026, 12, 1), 30),
               rules.Batch("old", date(2026, 11, 1), 100), rules.Batch("", None, 10)]
    taken = rules.allocate(batches, 60, today)
    assert [(b.batch, q) for b, q in taken] == [("A", 30), ("B", 30)]
    assert [(b.batch, q) for b, q in rules.allocate(batches, 90, today)] == [("A", 30), ("B", 50), ("", 10)]
    refused = rules.allocate(batches, 91, today, "套")
    assert refused == "现有可用库存90套（另有100套已过期，不能发放），不足91套，结存不能为负数"


def test_days_of_cover_at_the_last_seven_days_rate():
    assert rules.days_of_cover(100, 70) == 10.0 and rules.cover_text(100, 70) == "10.0天"
    assert rules.days_of_cover(100, 0) is None and "近7日无发放" in rules.cover_text(100, 0)
    assert "近7日" in rules.RATE_TEXT and "本程序设定" in rules.RATE_TEXT


def test_request_clocks_follow_the_step_it_waits_for():
    r = rules.RequestTimes("requested", T, T + timedelta(hours=24))
    assert rules.current_clock(r).due == T + rules.APPROVE_WITHIN and rules.current_clock(r).label == "物资审批"
    assert rules.display_status(r, T + timedelta(hours=4)) == "requested"
    assert rules.display_status(r, T + timedelta(hours=4, seconds=1)) == "overdue"
    approved = rules.RequestTimes("approved", T, T + timedelta(hours=24), approved_at=T + timedelta(hours=5))
    assert rules.current_clock(approved).kind == "supply_issue" and rules.current_clock(approved).overdue(T) is False
    issued = rules.RequestTimes("issued", T, T + timedelta(hours=24), T, T + timedelta(hours=2))
    assert rules.current_clock(issued).due == T + timedelta(hours=26)
    assert rules.current_clock(rules.RequestTimes("received", T, T, T, T, T)) is None
    assert "预案未规定时限" in rules.current_clock(r).setting
