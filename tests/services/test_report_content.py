"""Issue 10: what the event reports say — names said once, figures right, no filler, signer required."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from doc_support import ensure_signer, filled
from hypothesis import given, settings
from hypothesis import strategies as st

from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import events, levels, meetings, office, reports, tasks
from wzcommand.services.errors import ValidationError
from wzcommand.services.report_figures import FiguresUnconfirmed
from wzcommand.services.report_wording import where_and_what

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


def new(db, signer=True, **kw):
    data = dict(name="鹿城区五马街道某小学诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                township="五马街道", place="温州市鹿城区五马街道某小学", place_kind="学校", occurred_at=OCC,
                received_at=REC, grade="较大", symptoms="呕吐、腹泻", cause="疑似诺如病毒感染", measures="停课消毒",
                reporting_unit="鹿城区疾病预防控制中心", reporter="张三", reporter_phone="0577-88888888",
                counts={"ill": 23, "dead": 0, "hospitalised": 3, "close_contacts": 40, "observed": 38})
    data.update(kw)
    if signer:
        ensure_signer(db)
    return events.register_event(db, events.EventInput(**data), "值班员", now=NOW)


def issue(db, draft, at, **kw):
    return reports.issue_report(db, draft, "值班员", now=at, **kw)


# ---------------------------------------------------------------- names said once

@pytest.mark.parametrize("name,district,township,place", [
    ("龙湾区某工地食物中毒事件", "龙湾区", "", "某工地"),
    ("龙湾区某工地食物中毒事件", "龙湾区", "", ""),
    ("鹿城区五马街道某小学诺如病毒感染聚集性疫情", "鹿城区", "五马街道", "温州市鹿城区五马街道某小学"),
    ("某小学诺如病毒感染聚集性疫情", "鹿城区", "五马街道", "某小学"),
    ("五马街道疫情", "鹿城区", "五马街道", "五马街道"),
])
def test_opening_says_each_place_and_name_once(db, name, district, township, place):
    e = new(db, name=name, district=district, township=township, place=place)
    opening = reports.draft_first(db, e.id).opening
    sentence = opening.split("报告，", 1)[1].split("。", 1)[0]
    for piece in {district, township, place.replace("温州市", ""), "某工地", "某小学"} - {""}:
        assert sentence.count(piece) <= 1, (piece, sentence)
    assert "发生" in sentence


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["鹿城区", "龙湾区", "瓯海区", "乐清市"]), st.sampled_from(["", "五马街道", "松台街道"]),
       st.sampled_from(["", "某小学", "温州市{d}{t}某小学", "{t}某工地", "{d}某餐馆"]),
       st.sampled_from(["{d}{t}{p}食物中毒事件", "{p}诺如病毒感染聚集性疫情", "{d}发生{p}疫情", "不明原因疾病",
                        "{t}{p}群体性发热"]))
def test_no_place_is_said_twice_whatever_was_typed(district, township, place_pattern, name_pattern):
    place = place_pattern.format(d=district, t=township)
    name = name_pattern.format(d=district, t=township, p=place)
    where, what = where_and_what(name, district, township, place, "食物中毒")
    sentence = where + "发生" + what
    for piece in {district, township, place} - {""}:
        if piece in where:
            assert sentence.count(piece) == 1, (piece, sentence)
    assert what


# ---------------------------------------------------------------- figures

def test_a_discharge_is_news_and_only_a_marked_correction_is_a_correction(db):
    e = new(db)
    issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    events.update_event(db, e.id, "值班员", counts={"ill": 30, "hospitalised": 1}, at=REC + timedelta(hours=5),
                        now=NOW)
    text = reports.draft_progress(db, e.id).text()
    assert "核减" not in text and "数据更正" not in text
    assert "现住院1例（减少2例）" in text and "新增病例7例（累计报告病例30例）" in text
    events.update_event(db, e.id, "值班员", counts={"ill": 29}, at=REC + timedelta(hours=6), now=NOW,
                        correction=True)
    draft = reports.draft_progress(db, e.id)
    assert "经核实，病例由30例核减为29例" in draft.text()
    assert [s.heading for s in draft.sections][-1] == "数据更正"


def test_cumulative_and_current_figures_are_kept_apart_with_their_time(db):
    e = new(db)
    text = reports.draft_first(db, e.id).text()
    assert "截至2026年11月20日9时，累计报告病例23例、累计死亡0例、累计追踪密切接触者40人；现住院3例，正在医学观察38人" in text


def test_closing_report_gives_the_whole_course_peak_and_final_figures(db):
    e = new(db)
    events.update_event(db, e.id, "值班员", counts={"ill": 40, "hospitalised": 5}, at=REC + timedelta(days=2), now=NOW)
    events.update_event(db, e.id, "值班员", counts={"ill": 41, "hospitalised": 0, "observed": 0},
                        at=REC + timedelta(days=5), now=NOW)
    events.end_event(db, e.id, REC + timedelta(days=6), "值班员", now=NOW)
    text = reports.draft_closing(db, e.id).text()
    assert "累计报告病例41例" in text
    assert "住院人数最多时5例（2026年11月22日9时），结束时0例" in text
    assert "住院0例" not in text.replace("结束时0例", "")


def test_progress_report_says_what_changed_and_leaves_the_judgement_to_the_office(db):
    e = new(db)
    first = issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50))
    item = meetings.add_meeting(db, meetings.MeetingInput("other", "疫情防控调度会", REC + timedelta(hours=3),
                                                          REC + timedelta(hours=4), place="3号会议室"), "值班员")
    meetings.record_meeting(db, item.id, "值班员", decisions="由市市场监管局牵头开展桶装水溯源")
    done = tasks.add_task(db, "完成桶装水溯源", "市市场监管局", "值班员", deadline=REC + timedelta(hours=20),
                          now=REC + timedelta(hours=4))
    tasks.update_status(db, done.id, "done", "值班员", now=REC + timedelta(hours=10))
    draft = reports.draft_progress(db, e.id)
    text = draft.text()
    assert "召开疫情防控调度会，会议议定：由市市场监管局牵头开展桶装水溯源" in text
    assert f"已办结交办事项1项：{done.doc_no}" in text
    assert "停课消毒" not in text                         # measures already reported are not reprinted
    assert "继续做好病例救治" not in text and "全市未启动应急响应" not in text   # no fixed filler
    assert set(draft.missing()) == {"形势研判", "下一步工作"}
    with pytest.raises(ValidationError, match="形势研判"):
        issue(db, draft, REC + timedelta(hours=12))
    assert first.doc_no in issue(db, filled(draft), REC + timedelta(hours=12)).content


def test_first_report_says_the_phone_report_already_made(db):
    e = new(db)
    events.log_phone_report(db, e.id, REC + timedelta(minutes=25), "市委市政府总值班室", "李四", "值班员", now=NOW)
    assert "2026年11月20日9时25分，李四已向市委市政府总值班室电话报告。" in reports.draft_first(db, e.id).opening


def test_figures_typed_into_the_text_that_differ_from_the_record_need_a_kept_confirmation(db):
    e = new(db)
    draft = reports.draft_first(db, e.id)
    draft.sections[1].text += "其中某班累计报告病例100例。"
    with pytest.raises(FiguresUnconfirmed, match="病例100"):
        issue(db, draft, REC + timedelta(minutes=50))
    assert reports.list_reports(db) == []
    row = issue(db, draft, REC + timedelta(minutes=50), confirmed=["病例100"])
    assert reports.list_reports(db)[0].confirmations == ("病例100",)
    assert json.loads(row.confirmations) == ["病例100"]


# ---------------------------------------------------------------- signer

def test_a_report_to_a_higher_body_is_never_issued_without_a_signer(db):
    e = new(db, signer=False)
    draft = reports.draft_first(db, e.id)
    assert draft.signer == ""                      # no default signer, no commander registered
    with pytest.raises(ValidationError, match="必须有签发人") as refused:
        issue(db, draft, REC + timedelta(minutes=50))
    assert "公文设置" in refused.value.message and "--signer" in refused.value.message
    assert reports.list_reports(db) == []
    issue(db, replace(draft, signer="陈华"), REC + timedelta(minutes=50))
    assert reports.list_reports(db)[0].signer == "陈华"


# ---------------------------------------------------------------- office settings

def test_office_settings_live_in_the_database_and_are_read_when_issuing(db, monkeypatch, tmp_path):
    from wzcommand.services.audit_log import entries

    monkeypatch.setenv("WZCOMMAND_DATA_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text(json.dumps({"doc_prefix": "别的前缀", "report_addressee": "某某"}),
                                            encoding="utf-8")
    e = new(db)
    office.save_office_settings(db, replace(office.office_settings(db), doc_prefix="温应指发",
                                            addressee="市委、市政府、省卫生健康委"), "主任")
    draft = reports.draft_first(db, e.id)
    assert draft.addressee == "市委、市政府、省卫生健康委"
    assert issue(db, draft, REC + timedelta(minutes=50)).doc_no == "温应指发〔2026〕1号"
    last = [a for a in entries(db) if a.action == "office.settings"][-1]
    assert "温应指发" in last.after and "温应指" in last.before


def test_only_a_director_or_administrator_changes_office_settings(db):
    from wzcommand.services import accounts
    from wzcommand.services.accounts import PermissionDenied

    accounts.create_account(db, "管理员甲", "admin", "password-1", "管理员甲")
    accounts.create_account(db, "值班员乙", "duty", "password-2", "管理员甲")
    accounts.create_account(db, "主任丙", "director", "password-3", "管理员甲")
    with pytest.raises(PermissionDenied, match="公文设置"):
        office.save_office_settings(db, replace(office.office_settings(db), signer="某人"), "值班员乙")
    office.save_office_settings(db, replace(office.office_settings(db), signer="某人"), "主任丙")
    assert office.office_settings(db).signer == "某人"
    with pytest.raises(ValidationError, match="时区"):
        office.set_office_value(db, "time_zone", "Mars/Base", "主任丙")


def test_exercise_documents_carry_the_exercise_mark_in_their_number(tmp_path):
    from wzcommand.services.meta import mark_exercise
    from wzcommand.storage.database import open_database

    db = open_database(tmp_path / "演练.sqlite3")
    try:
        mark_exercise(db, "值班员")
        e = new(db)
        assert issue(db, reports.draft_first(db, e.id), REC + timedelta(minutes=50)).doc_no == "温应指〔2026〕演1号"
        task = tasks.add_task(db, "演练任务", "市公安局", "值班员", deadline=NOW + timedelta(days=1), now=NOW)
        assert "演1号" in task.doc_no
    finally:
        db.close()


def test_printed_and_json_times_use_the_office_zone_whatever_the_workstation_zone(db, monkeypatch):
    import time

    from wzcommand import clock

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        e = new(db)                                   # received 9:00 in Wenzhou = 1:00 UTC
        assert reports.draft_first(db, e.id).opening.startswith("2026年11月20日9时，接")
        assert clock.iso(e.received_at) == "2026-11-20T09:00:00+08:00"
        assert clock.now().utcoffset() == timedelta(hours=8)
        assert clock.parse_iso("2026-11-20T09:00") == REC
        office.set_office_value(db, "time_zone", "Asia/Tokyo", "主任")     # the office may set another zone
        assert clock.iso(e.received_at) == "2026-11-20T10:00:00+09:00"
    finally:
        office.set_office_value(db, "time_zone", "Asia/Shanghai", "主任")
        monkeypatch.undo()
        time.tzset()


def test_a_document_number_a_date_and_a_figure_are_never_broken_across_lines():
    from wzcommand.reports.fonts import resolve_fonts
    from wzcommand.reports.layout import BLOCK_W, CHAR_PITCH, BODY, break_lines

    fonts = resolve_fonts("温应指〔〕号年月日时分以来上次报告新增病例累计")
    font = fonts.name("body")
    for lead in range(0, 28):
        text = "以" * lead + "来（上次报告：温应指〔2026〕12号），2026年11月20日9时50分以来新增病例23例（累计报告病例130例）。"
        lines = [s for s, _ in break_lines(text, font, BODY, (BLOCK_W, BLOCK_W), CHAR_PITCH - BODY)]
        joined = "|".join(lines)
        # a date and the time after it may part at 日 (no stretched line above), never within
        for unit in ("温应指〔2026〕12号", "2026年11月20日", "9时50分", "23例", "130例"):
            assert unit in joined, (lead, lines)
