"""Event reports and the paper kit as real PDFs: fonts embedded, inside the margins, every fact printed."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pdfplumber
import pytest
from doc_support import ensure_signer, filled
from level_support import complete

from wzcommand.plan.numbers import DayCount, daily_counts
from wzcommand.reports.epi_curve import nice_step
from wzcommand.reports.event_reports import cn_datetime, cn_number, strip_number
from wzcommand.reports.layout import NO_START
from wzcommand.services import events, levels, people, reports, roster

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM
TOL = 1 * MM
TZ = timezone(timedelta(hours=8))
OCC = datetime(2026, 11, 20, 8, 0, tzinfo=TZ)
REC = OCC + timedelta(hours=1)
NOW = OCC + timedelta(days=90)
PDF_LAYOUT = Path("/work/shared/tools/pdf-layout")
FIELDS = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", disease="诺如病毒感染", district="鹿城区",
              township="五马街道", place="广场路小学", place_kind="学校", area="三年级至五年级共8个班级",
              symptoms="呕吐、腹泻、腹痛", cause="疑似经桶装水传播", measures="停课消毒、病例隔离、流行病学调查",
              reporting_unit="鹿城区疾病预防控制中心", reporter="张三", reporter_phone="0577-88888888",
              grade="较大", occurred_at=OCC, received_at=REC)
COUNTS = {"ill": 47, "dead": 1, "severe": 2, "hospitalised": 3, "close_contacts": 40, "observed": 38}


@pytest.fixture(autouse=True)
def _fonts(fonts):          # tests/reports/conftest.py skips when no Chinese font is installed
    return fonts


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def register(db, **kw):
    ensure_signer(db)
    return events.register_event(db, events.EventInput(**{**FIELDS, **kw}, counts=dict(COUNTS)), "值班员", now=NOW)


def save(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return path


def pdftotext(path: Path) -> str:
    out = subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return "".join(out.split())


def assert_fonts_embedded(path: Path) -> None:
    rows = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row


def assert_within_text_block(path: Path) -> int:
    """Every character (but page numbers and the 草稿 marks) inside the 156 × 225 mm block, ±1 mm."""
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["text"].strip() and c["upright"] and c["size"] < 40]
            body = [c for c in chars if c["top"] < BOTTOM]
            numbers = [c for c in chars if c["top"] >= BOTTOM]
            assert "".join(c["text"] for c in numbers).strip("—0123456789 ") == "", f"page {n}: below the block"
            for c in body:
                if c["text"] in "草稿" and (n > 1 and c["top"] < TOP or c["x0"] > 160 * MM):
                    continue                    # the boxed 草稿 mark at the top right
                assert c["x0"] >= LEFT - TOL, f"page {n}: {c['text']} at {c['x0'] / MM:.1f} mm"
                assert c["x1"] <= RIGHT + TOL or c["text"] in NO_START, f"page {n}: {c['text']} crosses the right"
                assert c["top"] >= TOP - TOL or n == 1 and c["top"] >= 20 * MM, f"page {n}: {c['text']} above"
                assert c["bottom"] <= BOTTOM + TOL
            for shape in page.rects + page.lines:
                assert LEFT - TOL <= shape["x0"] and shape["x1"] <= RIGHT + TOL, f"page {n}: a rule outside"
        return len(pdf.pages)


def layout_checker(path: Path) -> None:
    """The shared checker finds nothing, except the left edge of a page holding only the 版记, whose
    lines are indented one character by the standard (the checker expects a line at 28 mm)."""
    if not PDF_LAYOUT.exists():
        return
    run = subprocess.run([sys.executable, str(PDF_LAYOUT), str(path), "--json"], capture_output=True, text=True)
    report = json.loads(run.stdout)
    with pdfplumber.open(path) as pdf:
        imprint_only = {n for n, page in enumerate(pdf.pages, 1)
                        if "".join((page.extract_text() or "").split()).startswith("抄送：")}
    problems = [p for p in report["problems"]
                if not (p.endswith("(28 +/- 1)") and int(p.split()[1].rstrip(":")) in imprint_only)]
    assert not problems, problems


def test_first_report_prints_every_field_red_issuer_within_margins(db, tmp_path):
    e = register(db)
    row = reports.issue_report(db, reports.draft_first(db, e.id), "值班员", now=REC + timedelta(minutes=50))
    path = save(tmp_path, "first", row.pdf)
    assert_fonts_embedded(path)
    assert assert_within_text_block(path) >= 1
    layout_checker(path)
    text = pdftotext(path)
    for value in [*(v for k, v in FIELDS.items() if isinstance(v, str) and k != "category"), "传染病疫情",
                  cn_datetime(OCC), cn_datetime(REC), "病例47例", "死亡1例", "重症2例", "住院3例",
                  "密切接触者40人", "医学观察38人", "温应指〔2026〕1号", "市委、市政府：", "抄送：省卫生健康委。",
                  "首次报告"]:
        assert "".join(value.split()) in text, value
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        issuer = [c for c in page.chars if c["size"] > 22]
        assert "".join(c["text"] for c in issuer) == "温州市突发公共卫生事件应急指挥部"
        assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in issuer)
        assert any(tuple(ln.get("stroking_color") or ()) == (1, 0, 0) for ln in page.lines)   # the red line


def test_signer_from_the_register_makes_an_upward_document(db, tmp_path):
    people.set_person(db, "市长", "王五", "值班员", mobile="13900000001")
    levels.switch_level(db, complete(db, levels.SwitchRequest("I", REC + timedelta(hours=1), "市政府", "评估",
                                                 province_record="已报省政府")), "值班员", now=NOW)
    e = register(db)
    ensure_signer(db, "")             # no default signer set by the office: the commander signs
    draft = reports.draft_first(db, e.id)
    assert draft.signer == "王五"
    path = save(tmp_path, "signed", reports.issue_report(db, draft, "值班员", now=REC + timedelta(hours=2)).pdf)
    assert "签发人：王五" in pdftotext(path)
    layout_checker(path)


def test_draft_is_marked_and_unnumbered(db, tmp_path):
    e = register(db)
    path = save(tmp_path, "draft", reports.preview_pdf(db, reports.draft_first(db, e.id)))
    text = pdftotext(path)
    assert "草稿" in text and "温应指" not in text
    assert_fonts_embedded(path)
    assert_within_text_block(path)


def _long_closing(db, days: int = 75):
    e = register(db, grade="重大")
    reports.issue_report(db, reports.draft_first(db, e.id), "值班员", now=REC + timedelta(minutes=50))
    total = COUNTS["ill"]
    for day in range(1, days):
        total += day % 7
        events.update_event(db, e.id, "值班员", counts={"ill": total, "dead": 1 + day // 20},
                            at=REC + timedelta(days=day), now=NOW)
    events.end_event(db, e.id, REC + timedelta(days=days - 1, hours=2), "值班员", now=NOW)
    draft = reports.draft_closing(db, e.id)
    paragraph = ("现场调查组对全校师生开展逐一排查，采集环境样本和桶装水样本送检，对病例的发病时间、"
                 "临床表现、饮水饮食史进行了详细的流行病学调查，并对学校食堂和供水设施进行了卫生学评价。")
    for k, section in enumerate(draft.sections):
        section.text = (section.text + "\n" if section.text else "") + "\n".join([paragraph * 4] * (6 + k % 3))
    return e, draft


def test_thirty_page_closing_report_lays_out_without_overflow(db, tmp_path):
    e, draft = _long_closing(db)
    row = reports.issue_report(db, draft, "值班员", now=NOW)
    path = save(tmp_path, "closing", row.pdf)
    pages = assert_within_text_block(path)
    assert pages >= 30
    assert_fonts_embedded(path)
    layout_checker(path)
    text = pdftotext(path)
    for heading in ("一、事件发生经过", "四、应急响应情况", "五、所采取措施", "六、卫生学评价", "十、取得的经验及改进建议",
                    "图1每日新增报告病例及死亡数", "日期新增病例新增死亡累计病例累计死亡", "特此报告。", "2026年11月20日"):
        assert heading in text, heading
    last_day = (REC + timedelta(days=74, hours=2)).astimezone().date()
    assert f"{last_day.month}月{last_day.day}日" in text
    with pdfplumber.open(path) as pdf:
        numbers = ["".join(c["text"] for c in p.chars if c["top"] > BOTTOM).strip("— ") for p in pdf.pages]
        assert numbers[:-1] == [str(n) for n in range(1, len(numbers))]


def test_progress_and_correction_pdfs(db, tmp_path):
    e = register(db)
    first = reports.issue_report(db, reports.draft_first(db, e.id), "值班员", now=REC + timedelta(minutes=50))
    events.update_event(db, e.id, "值班员", counts={"ill": 60}, at=REC + timedelta(hours=20), now=NOW)
    progress = reports.issue_report(db, filled(reports.draft_progress(db, e.id)), "值班员", now=REC + timedelta(hours=22))
    path = save(tmp_path, "progress", progress.pdf)
    layout_checker(path)
    text = pdftotext(path)
    assert "续报一" in text and "新增病例13例（累计报告病例60例）" in text and first.doc_no in text
    fixed = reports.issue_correction(db, first.id, reports.draft_correction(db, first.id), "值班员",
                                     now=REC + timedelta(hours=23))
    path = save(tmp_path, "correction", fixed.pdf)
    text = pdftotext(path)
    assert "（更正）" in text and f"本报告更正{first.issued_at.astimezone().year}年" in text and first.doc_no in text
    layout_checker(path)


def test_paper_kit(db, tmp_path):
    from wzcommand import clock
    from wzcommand.services import meetings, tasks

    roster.update_contact(db, "市公安局", {"liaison": "赵六", "mobile": "13800000001", "duty_phone": "0577-88880110"},
                          "值班员")
    people.set_person(db, "市长", "王五", "值班员", mobile="13900000001")
    now = clock.now().replace(hour=9, minute=0, second=0, microsecond=0)
    tasks.add_task(db, "核查学校桶装水供应商", "市市场监管局", "值班员", deadline=now + timedelta(days=1), now=now)
    meetings.add_meeting(db, meetings.MeetingInput("other", "疫情研判会", now + timedelta(hours=5),
                                                   now + timedelta(hours=6), place="3号会议室"), "值班员")
    path = save(tmp_path, "kit", reports.paper_kit_pdf(db, now=now))
    assert_fonts_embedded(path)
    assert_within_text_block(path)
    layout_checker(path)
    text = pdftotext(path)
    for value in ("应急处置纸质备用材料", "当前指挥体系", "未启动应急响应", "王五", "13900000001", "市公安局", "赵六",
                  "13800000001", "0577-88880110", "市卫生健康委", "首次报告（空白表）", "事件名称", "发生地点",
                  "报告人及联系电话", "□一般", "今日日程", "疫情研判会", "3号会议室", "未办结的交办事项",
                  "核查学校桶装水供应商", "市市场监管局"):
        assert value in text, value
    assert len([u for u in roster.list_units(db)]) == 77 and "市疾控中心" in text


def test_daily_counts_from_cumulative_snapshots():
    at = lambda d, h=12: datetime(2026, 11, d, h, tzinfo=TZ)  # noqa: E731
    snaps = [(at(20, 9), 10, 0), (at(20, 18), 12, 0), (at(22), 20, 1), (at(23), 18, 1)]
    days = daily_counts(snaps, date(2026, 11, 20), date(2026, 11, 24), tz=TZ)
    assert [(d.ill, d.dead, d.total_ill) for d in days] == [(12, 0, 12), (0, 0, 12), (8, 1, 20), (-2, 0, 18),
                                                           (0, 0, 18)]
    assert daily_counts([], None, None) == []
    assert daily_counts(snaps, date(2026, 11, 22), date(2026, 11, 22), tz=TZ) == [DayCount(date(2026, 11, 22), 8, 1,
                                                                                            20, 1)]
    assert [nice_step(n) for n in (1, 5, 7, 23, 120, 999)] == [1, 1, 2, 5, 50, 200]


def test_chinese_numerals_and_headings():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 120)] == \
        ["一", "九", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一百二十"]
    assert strip_number("三、 基本情况") == "基本情况" and strip_number("基本情况") == "基本情况"


def test_report_modules_import_no_qt():
    code = ("import sys, wzcommand.services.reports, wzcommand.services.deadlines, wzcommand.reports.paper_kit;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph')];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
