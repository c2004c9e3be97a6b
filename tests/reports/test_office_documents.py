"""Issue 10: notices, 交办单, 催办单 and the week schedule as documents an office would send."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pdfplumber
import pytest

from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import meetings, schedule_print, tasks

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 30, 9, tzinfo=TZ)
OFFICE = "温州市突发公共卫生事件应急指挥部办公室"
LONG = ("组织对全校教学楼、食堂、宿舍和卫生间开展全面终末消毒，对桶装水供应商的生产场所、灌装设备和水源进行采样检测，"
        "逐一核查近两周的供水批次和配送记录，督促学校落实晨午检和因病缺勤追踪制度。") * 14     # ≈ 1,200 characters


@pytest.fixture(autouse=True)
def _fonts():
    try:
        resolve_fonts("温州市突发公共卫生事件应急指挥部办公室")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


def pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(p.extract_text() or "").replace(" ", "") for p in pdf.pages]


def red_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        return "".join(c["text"] for c in page.chars
                       if tuple(c.get("non_stroking_color") or ())[:3] == (1, 0, 0) and c["top"] < 300)


def no_orphan_page(texts: list[str]) -> None:
    """Every page carries some body text, not just a signature, a date or the 版记."""
    for n, text in enumerate(texts, 1):
        rest = re.sub(r"—\d+—|\d{4}年\d{1,2}月\d{1,2}日(印发)?|" + OFFICE + r"|抄送：[^\n]*|演练|草稿", "", text)
        assert rest.strip(), f"page {n} holds only {text!r}"


@pytest.fixture
def meeting(db):
    m = meetings.add_meeting(db, meetings.MeetingInput(
        "other", "诺如病毒疫情防控工作调度会", NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1),
        place="市卫生健康委3号会议室", attendees=["市教育局", "市市场监管局"], agenda="通报疫情\n部署溯源"), "甲")
    return m


def test_meeting_notice_has_the_office_letterhead_a_number_and_a_printing_record(db, meeting):
    data = schedule_print.meeting_notice_pdf(db, meeting.id, operator="甲")
    text = "".join(pages(data))
    assert "温应指办〔2026〕1号" in text
    assert OFFICE in red_text(data)
    assert re.search(OFFICE + r"\d{4}年\d{1,2}月\d{1,2}日印发", text)            # 版记
    again = "".join(pages(schedule_print.meeting_notice_pdf(db, meeting.id, operator="甲")))
    assert "温应指办〔2026〕1号" in again and "2号" not in again.split("通知")[0]   # a reprint keeps its number


def test_task_sheet_is_signed_above_the_cut_line_and_names_its_meeting(db, meeting):
    t = tasks.add_task(db, "完成桶装水溯源", "市市场监管局", "甲", deadline=NOW + timedelta(days=2),
                       meeting_id=meeting.id, now=NOW)
    data = schedule_print.task_sheet_pdf(db, t.id)
    text = "".join(pages(data))
    kept, receipt = text.split("沿此线裁下", 1)
    assert OFFICE in kept.split("交办时间")[-1] and re.search(r"\d{4}年\d{1,2}月\d{1,2}日", kept.split("交办时间")[-1])
    assert "签收人" in receipt and "签收时间" in receipt
    assert "日程#" not in text and "12月1日诺如病毒疫情防控工作调度会" in text
    assert OFFICE in red_text(data)


def test_any_task_text_the_program_accepts_prints_across_pages(db):
    t = tasks.add_task(db, LONG, "市教育局", "甲", deadline=NOW + timedelta(days=2), now=NOW)
    texts = pages(schedule_print.task_sheet_pdf(db, t.id))
    assert len(texts) >= 2 and "签收回执" in texts[-1]
    assert "".join(texts).count("晨午检") == LONG.count("晨午检")
    no_orphan_page(texts)
    texts = pages(schedule_print.chase_list_pdf(db, NOW + timedelta(days=3)))
    no_orphan_page(texts)


@pytest.mark.parametrize("n", [1, 6, 7, 8, 9, 10])
def test_chase_list_never_leaves_the_signature_alone_on_a_page(db, n):
    for k in range(n):
        tasks.add_task(db, f"第{k + 1}项：核查学校桶装水供应商并报送核查结果", "市市场监管局", "甲",
                       deadline=NOW + timedelta(hours=1), now=NOW)
    no_orphan_page(pages(schedule_print.chase_list_pdf(db, NOW + timedelta(days=1))))


def test_week_schedule_never_breaks_a_date_a_time_or_a_room_inside_its_cell(db, meeting):
    meetings.add_meeting(db, meetings.MeetingInput(
        "other", "学校传染病防控工作专题会", NOW + timedelta(days=2, hours=5), NOW + timedelta(days=2, hours=6),
        place="市卫生健康委3号会议室"), "甲")
    with pdfplumber.open(io.BytesIO(schedule_print.week_schedule_pdf(db, NOW.date()))) as pdf:
        lines = [line.replace(" ", "") for p in pdf.pages for line in (p.extract_text() or "").splitlines()]
    joined = "\n".join(lines)
    for cell in ("12月1日周二", "12月2日周三", "市卫生健康委3号会议室", "09:00", "14:00"):
        assert cell in joined, (cell, lines)


def test_paper_kit_form_never_breaks_an_option_or_a_label(db):
    from wzcommand.plan.events import CATEGORIES
    from wzcommand.services import reports

    with pdfplumber.open(io.BytesIO(reports.paper_kit_pdf(db, now=NOW))) as pdf:
        lines = [line.replace(" ", "") for p in pdf.pages for line in (p.extract_text() or "").splitlines()]
    for option in [f"□{name}" for name in CATEGORIES.values()] + ["（初步判断）", "□特别重大"]:
        assert any(option in line for line in lines), option
