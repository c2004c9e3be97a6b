"""The daily progress report for 重大/特别重大 and the 14-day closing delay are the office's settings,
labelled as such; the clocks quote only what the plan says (issue 11)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
import pytest

from wzcommand.plan.deadlines import CLOSING_QUOTE, PROGRESS_QUOTE, ReportFacts, all_clocks
from shared_files import shared_file

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")
T = datetime(2026, 11, 29, 8, tzinfo=timezone(timedelta(hours=8)))


def test_progress_and_closing_clocks_say_they_are_the_offices_setting():
    facts = ReportFacts("重大", T, T, first_issued=T, last_written=T)
    progress = next(c for c in all_clocks(facts, progress_hours=24, edition="2021") if c.kind == "progress")
    # phe 5.2.3, lines 1747-1749: "并根据事件的严重程度、事态发展和控制情况及时做好进程报告" — no interval
    assert progress.rule == PROGRESS_QUOTE
    assert progress.setting.startswith("本办设置（非预案规定") and "至少每日一次" in progress.setting
    assert "5.2.3只要求“及时”" in progress.setting and "本办设置" in progress.explanation
    ended = ReportFacts("重大", T, T, first_issued=T, last_written=T, ended_at=T + timedelta(days=1))
    closing = next(c for c in all_clocks(ended, closing_days=14, edition="2021") if c.kind == "closing")
    # phe 7.1, lines 2491-2502: "事件应急处置工作结束后,各级政府应及时组织……形成评估报告报上级政府" — no days
    assert closing.rule == CLOSING_QUOTE and "14日内" in closing.setting and "非预案规定" in closing.setting
    minor = ReportFacts("一般", T, T, first_issued=T, last_written=T)
    assert "至少每日一次" not in next(c for c in all_clocks(minor, edition="2021") if c.kind == "progress").setting


def test_the_quotes_are_verbatim():
    if not SEED.is_file():
        pytest.skip("gazette text not available")
    text = re.sub(r"\s+", "", "".join(SEED.read_text(encoding="utf-8").splitlines()[1740:2503]))
    for quote in (PROGRESS_QUOTE, CLOSING_QUOTE):
        for part in quote.split("……"):
            assert re.sub(r"\s+", "", part) in text, part
