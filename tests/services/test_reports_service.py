"""Drafting, issuing and archiving event reports: gapless numbers, corrections, the plan's order."""
import hashlib
import io
import json
from datetime import datetime, timedelta, timezone
from level_support import complete

import pdfplumber
import pytest
from doc_support import ensure_signer, filled

from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import events, levels, reports
from wzcommand.services import report_issue
from wzcommand.services.audit_log import entries
from wzcommand.services.errors import ConflictError, NotFoundError, ValidationError
from wzcommand.storage.models import DocCounter, IssuedReport

TZ = timezone(timedelta(hours=8))
OCC = datetime(2026, 11, 20, 8, 0, tzinfo=TZ)
REC = OCC + timedelta(hours=1)
NOW = OCC + timedelta(days=20)


@pytest.fixture(autouse=True)
def _fonts():
    try:
        resolve_fonts("鹿城区某学校诺如病毒感染聚集性疫情")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


def new(db, **kw):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                township="五马街道", place="某小学", place_kind="学校", occurred_at=OCC, received_at=REC,
                grade="较大", symptoms="呕吐、腹泻", cause="疑似诺如病毒感染", measures="停课消毒",
                reporting_unit="鹿城区疾病预防控制中心", reporter="张三", reporter_phone="0577-88888888",
                counts={"ill": 23, "dead": 0, "close_contacts": 40})
    data.update(kw)
    ensure_signer(db)
    return events.register_event(db, events.EventInput(**data), "值班员", now=NOW)


def issue(db, draft, at):
    return reports.issue_report(db, draft, "值班员", now=at)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages).replace(" ", "").replace("\n", "")


def numbers(db):
    return [r.doc_no for r in reports.list_reports(db)]


def test_first_report_draft_has_every_field_and_writes_nothing(db):
    e = new(db, area="三、四年级8个班级", disease="诺如病毒感染", counts={"ill": 23, "dead": 1, "severe": 2,
                                                                  "hospitalised": 3, "close_contacts": 40,
                                                                  "observed": 38})
    audit_before = len(entries(db))
    draft = reports.draft_first(db, e.id)
    text = draft.text()
    for value in ("鹿城区某学校诺如病毒感染聚集性疫情", "传染病疫情", "诺如病毒感染", "鹿城区", "五马街道", "某小学", "学校",
                  "三、四年级8个班级", "病例23例", "死亡1例", "重症2例", "住院3例", "密切接触者40人", "医学观察38人",
                  "呕吐、腹泻", "疑似诺如病毒感染", "停课消毒", "较大", "鹿城区疾病预防控制中心", "张三", "0577-88888888"):
        assert value in text, value
    assert draft.title == "关于鹿城区某学校诺如病毒感染聚集性疫情的首次报告"
    assert draft.addressee == "市委、市政府" and draft.cc == ["省卫生健康委"] and not draft.missing()
    assert len(entries(db)) == audit_before


def test_unknown_fields_are_said_to_be_under_verification(db):
    e = new(db, symptoms="", cause="", measures="", reporting_unit="", reporter="", reporter_phone="")
    draft = reports.draft_first(db, e.id)
    assert not draft.missing() and "尚在核实中" in draft.text() and "尚在调查中" in draft.text()


def test_numbers_are_gapless_per_year_and_survive_a_failed_issue(db, monkeypatch):
    e = new(db)
    first = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    assert (first.doc_no, first.year, first.number) == ("温应指〔2026〕1号", 2026, 1)
    draft = filled(reports.draft_progress(db, e.id))
    audit_before = len(entries(db))

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("wzcommand.storage.audit.record", boom)        # fails inside the transaction
    with pytest.raises(RuntimeError):
        issue(db, draft, REC + timedelta(hours=5))
    monkeypatch.undo()
    with db.read() as session:
        assert session.get(DocCounter, ("温应指", 2026)).last == 1
        assert session.query(IssuedReport).count() == 1
    assert len(entries(db)) == audit_before
    monkeypatch.setattr(report_issue, "render_pdf", boom)               # fails before the transaction
    with pytest.raises(RuntimeError):
        issue(db, draft, REC + timedelta(hours=5))
    monkeypatch.undo()
    second = issue(db, draft, REC + timedelta(hours=5))
    assert second.doc_no == "温应指〔2026〕2号" and "温应指〔2026〕2号" in pdf_text(second.pdf)
    other = new(db, name="瓯海区某企业食物中毒事件", category="food", district="瓯海区")
    next_year = issue(db, reports.draft_first(db, other.id), datetime(2027, 1, 2, 12, 0, tzinfo=TZ))  # 2027 in every zone
    assert next_year.doc_no == "温应指〔2027〕1号"
    assert numbers(db) == ["温应指〔2026〕1号", "温应指〔2026〕2号", "温应指〔2027〕1号"]
    assert [x.action for x in entries(db)].count("report.issue") == 3


def test_a_number_taken_by_another_seat_meanwhile_is_not_printed(db, monkeypatch):
    e = new(db)
    other = new(db, name="瓯海区某企业食物中毒事件", category="food", district="瓯海区")
    real = report_issue.render_pdf
    calls = []

    def render_and_race(draft, **kw):
        calls.append(kw.get("doc_no"))
        if len(calls) == 1:            # while this seat renders No. 1, another seat issues No. 1
            monkeypatch.setattr(report_issue, "render_pdf", real)
            issue(db, reports.draft_first(db, other.id), REC + timedelta(minutes=30))
            monkeypatch.setattr(report_issue, "render_pdf", render_and_race)
        return real(draft, **kw)

    monkeypatch.setattr(report_issue, "render_pdf", render_and_race)
    row = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=40))
    assert calls == ["温应指〔2026〕1号", "温应指〔2026〕2号"]       # rendered again under the lock
    assert row.doc_no == "温应指〔2026〕2号" and "温应指〔2026〕2号" in pdf_text(row.pdf)


def test_progress_reports_are_numbered_and_say_what_changed(db):
    e = new(db)
    with pytest.raises(ValidationError, match="首次报告"):
        reports.draft_progress(db, e.id)
    first = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    events.update_event(db, e.id, "值班员", counts={"ill": 30, "dead": 1}, at=REC + timedelta(hours=3), now=NOW)
    events.update_event(db, e.id, "值班员", grade="重大", at=REC + timedelta(hours=4), now=NOW)
    events.log_phone_report(db, e.id, REC + timedelta(hours=4), "市委市政府总值班室", "李四", "值班员", now=NOW)
    levels.switch_level(db, complete(db, levels.SwitchRequest("III", REC + timedelta(hours=5), "市政府", "专家评估",
                                                              event_id=e.id)), "值班员", now=NOW)
    one = filled(reports.draft_progress(db, e.id))
    assert one.title.endswith("进程报告（续报一）") and one.sequence == 1
    text = one.text()
    for value in (first.doc_no, "新增病例7例（累计报告病例30例）", "新增死亡1例（累计死亡1例）", "事件等级调整为重大",
                  "启动Ⅲ级应急响应", "李四向市委市政府总值班室电话报告"):
        assert value in text, value
    issue(db, one, REC + timedelta(hours=6))
    events.update_event(db, e.id, "值班员", counts={"ill": 28}, at=REC + timedelta(hours=7), now=NOW,
                        correction=True)
    two = filled(reports.draft_progress(db, e.id))
    assert two.title.endswith("（续报二）") and "发病由30例核减为28例" not in two.text()
    assert "病例由30例核减为28例" in two.text() and "数据更正" in [s.heading for s in two.sections]
    issue(db, two, REC + timedelta(hours=8))
    with pytest.raises(ConflictError, match="重新生成草稿"):
        issue(db, two, REC + timedelta(hours=9))                    # a stale 续报二 again
    assert [r.sequence for r in reports.list_reports(db, e.id)] == [0, 1, 2]


def test_first_report_only_once_and_correction_keeps_the_old_pdf(db):
    e = new(db)
    old = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    old_bytes, old_hash = old.pdf, old.sha256
    with pytest.raises(ConflictError, match="更正"):
        issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=55))
    draft = reports.draft_correction(db, old.id)
    draft.sections[1].text = "截至11月20日9时，累计报告病例25例，死亡0例。"
    fixed = reports.issue_correction(db, old.id, draft, "值班员", now=REC + timedelta(hours=2))
    assert fixed.doc_no == "温应指〔2026〕2号" and fixed.corrects_id == old.id and "更正" in fixed.title
    text = pdf_text(fixed.pdf)
    assert "本报告更正" in text and "温应指〔2026〕1号" in text and "病例25例" in text
    assert json.loads(fixed.content)["corrects_id"] == old.id
    stored = reports.get_report_pdf(db, old.id)
    assert stored == old_bytes and hashlib.sha256(stored).hexdigest() == old_hash
    info = {r.id: r for r in reports.list_reports(db)}
    assert info[old.id].corrected_by == fixed.id and info[fixed.id].corrects_id == old.id
    with pytest.raises(ConflictError, match="已由"):
        reports.issue_correction(db, old.id, reports.draft_correction(db, old.id), "值班员", now=NOW)
    with pytest.raises(NotFoundError):
        reports.draft_correction(db, 99)
    corrections = [x for x in entries(db) if x.action == "report.issue"]
    assert json.loads(corrections[-1].after)["corrects"] == old.id


def test_closing_report_refused_while_under_response(db):
    e = new(db)
    issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    with pytest.raises(ValidationError, match="尚未结束"):
        reports.draft_closing(db, e.id)
    levels.switch_level(db, complete(db, levels.SwitchRequest("IV", REC + timedelta(hours=2), "市卫生健康委", "评估",
                                                 event_id=e.id)), "值班员", now=NOW)
    levels.switch_level(db, complete(db, levels.SwitchRequest("III", REC + timedelta(days=1), "市政府", "扩大")), "值班员", now=NOW)
    events.end_event(db, e.id, REC + timedelta(days=5), "值班员", now=NOW)
    with pytest.raises(ValidationError, match="应急响应.*尚未终止"):
        reports.draft_closing(db, e.id)
    levels.switch_level(db, complete(db, levels.SwitchRequest("none", REC + timedelta(days=5, hours=1), "市政府", "终止")),
                        "值班员", now=NOW)
    draft = reports.draft_closing(db, e.id)
    text = draft.text()
    assert "Ⅳ级应急响应" in text and "Ⅲ级应急响应" in text     # the raise was not linked, it is still listed
    assert [s.heading for s in draft.sections][:4] == ["事件发生经过", "现场调查处理情况", "病人救治情况", "应急响应情况"]
    assert draft.missing() == ["卫生学评价", "居民健康状况评价", "所采取措施的效果评价", "存在的问题", "取得的经验及改进建议"]
    assert len(draft.sections[0].curve) == 6 and draft.sections[0].curve[0][1] == 23
    with pytest.raises(ValidationError, match="卫生学评价"):
        issue(db, draft, NOW)
    for section in draft.sections:
        section.text = section.text or "经评估，效果良好。"
    row = issue(db, draft, NOW)
    assert row.kind == "closing" and "结案报告" in row.title
    with pytest.raises(ConflictError):
        issue(db, draft, NOW)
    with pytest.raises(ValidationError, match="结案报告"):
        reports.draft_progress(db, e.id)


def test_closing_without_any_response(db):
    e = new(db)
    events.end_event(db, e.id, REC + timedelta(days=1), "值班员", now=NOW)
    assert "未启动应急响应" in reports.draft_closing(db, e.id).text()


def test_export_and_refusals(db, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    e = new(db)
    row = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    out = reports.export_report(db, row.id, tmp_path / "a.pdf")
    assert out.read_bytes() == row.pdf and [p.name for p in tmp_path.iterdir()] == ["a.pdf"]   # no temp left
    with pytest.raises(ValidationError, match="无法写入"):
        reports.export_report(db, row.id, tmp_path / "missing" / "a.pdf")
    with pytest.raises(ValidationError, match="文件夹"):
        reports.export_report(db, row.id, tmp_path)
    with pytest.raises(NotFoundError):
        reports.get_report_pdf(db, 99)
    draft = reports.draft_first(db, e.id)
    path = reports.write_draft_pdf(db, draft, tmp_path / "d.pdf")
    text = pdf_text(path.read_bytes())
    assert "草稿" in text and "温应指" not in text


def test_no_chinese_font_is_a_clear_error_and_nothing_is_written(db, monkeypatch):
    from wzcommand.reports import fonts

    e = new(db)
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [])
    monkeypatch.setattr(fonts, "program_font_dirs", lambda: [])
    fonts.clear_cache()
    before = len(entries(db))
    with pytest.raises(report_issue.FontsUnavailableError, match="中文字体"):
        issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    assert len(entries(db)) == before and reports.list_reports(db) == []
    fonts.clear_cache()


def test_draft_json_round_trip_and_bad_drafts(db):
    e = new(db)
    draft = reports.draft_first(db, e.id)
    again = reports.draft_from_dict(json.loads(json.dumps(draft.to_dict(), ensure_ascii=False)))
    assert again == draft
    with pytest.raises(ValidationError, match="格式"):
        reports.draft_from_dict({"kind": "first", "sections": [{"text": "无标题"}]})
    with pytest.raises(ValidationError, match="种类"):
        reports.draft_from_dict({"kind": "memo"})
    with pytest.raises(ValidationError, match="标题"):
        issue(db, reports.ReportDraft("first", e.id, " ", sections=draft.sections), NOW)


def test_issued_report_prints_the_audit_chain_head_under_the_imprint(db):
    """Paper anchors the log: the 版记 shows the chain position and head digest when issued."""
    e = new(db)
    before = entries(db)[-1]
    row = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    text = pdf_text(row.pdf)
    assert f"审计链第{before.id}条·{before.hash}" in text
    assert entries(db)[-1].action == "report.issue" and entries(db)[-1].id == before.id + 1
