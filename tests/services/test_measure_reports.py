"""Control measures in the event reports: the 进程报告 says what was taken, approved and lifted since the
previous report and what still awaits approval; the 结案报告's 所采取措施 lists every measure of the event."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from doc_support import ensure_signer, filled
from level_support import switch

from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import events, measures, reports

TZ = timezone(timedelta(hours=8))
OCC = datetime(2026, 11, 20, 8, 0, tzinfo=TZ)
REC = OCC + timedelta(hours=1)
NOW = OCC + timedelta(days=20)


@pytest.fixture(autouse=True)
def _fonts():
    try:
        resolve_fonts("鹿城区五马街道中断交通干道")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


@pytest.fixture(autouse=True)
def response(db):
    """The response the measures are taken in (the plan's measures are response measures)."""
    switch(db, "IV", OCC, now=NOW)


def new_event(db):
    ensure_signer(db)
    data = dict(name="鹿城区五马街道某小学诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                township="五马街道", place="某小学", occurred_at=OCC, received_at=REC, grade="较大",
                reporting_unit="鹿城区疾病预防控制中心", counts={"ill": 23, "dead": 0})
    return events.register_event(db, events.EventInput(**data), "值班员", now=NOW)


def add(db, kind, area, by, hours, **kw):
    return measures.add_measure(db, kind, area, by, "温应指〔2026〕5号", "值班员", started_at=REC + timedelta(hours=hours),
                                now=NOW, **kw)


def test_progress_report_lists_new_approved_lifted_and_pending_measures(db):
    e = new_event(db)
    old = add(db, "停工停业停课", "鹿城区五马街道", "鹿城区政府", 0.5)
    reports.issue_report(db, reports.draft_first(db, e.id), "值班员", now=REC + timedelta(minutes=50))
    trunk = add(db, "中断交通干道", "鹿城区五马街道", "市应急指挥部", 2, event_id=e.id)
    wait = add(db, "疫区封锁", "鹿城区五马街道", "市公安局", 3)
    measures.lift_measure(db, old.id, REC + timedelta(hours=5), "值班员", lifted_by="鹿城区政府", now=NOW)
    text = reports.draft_progress(db, e.id).text()
    assert ("2026年11月20日11时，市应急指挥部决定在鹿城区五马街道实施中断交通干道（温应指〔2026〕5号），"
            "须省政府批准，尚待批准。") in text
    assert "2026年11月20日14时，鹿城区政府决定解除鹿城区五马街道停工停业停课措施，指导复工复产复学。" in text
    assert "尚待批准的管控措施2项：中断交通干道（鹿城区五马街道），尚需省政府批准" in text
    assert "疫区封锁（鹿城区五马街道），尚需宣布疫区的县级以上政府决定" in text
    measures.lift_measure(db, wait.id, REC + timedelta(hours=6, minutes=30), "值班员", lifted_by="市公安局", now=NOW)
    assert "目前实施中的管控措施" not in text
    measures.approve_measure(db, trunk.id, "浙江省政府", "浙政函〔2026〕9号", "值班员", approved_at=REC + timedelta(hours=6),
                             now=NOW)
    second = filled(reports.draft_progress(db, e.id))
    reports.issue_report(db, second, "值班员", now=REC + timedelta(hours=7))
    assert "目前实施中的管控措施1项：中断交通干道（鹿城区五马街道）。" in second.text()
    assert ("2026年11月20日15时30分，市公安局决定撤销鹿城区五马街道疫区封锁措施（未取得宣布疫区的县级以上政府决定）。"
            in second.text()) and "尚待批准的管控措施" not in second.text()
    # the next report says only what happened after the last one
    third = reports.draft_progress(db, e.id).text()
    assert "决定在鹿城区五马街道实施中断交通干道" not in third and "目前实施中的管控措施1项" in third


def test_closing_report_lists_every_measure_of_the_event_under_its_own_heading(db):
    e = new_event(db)
    trunk = add(db, "中断交通干道", "鹿城区五马街道", "市应急指挥部", 2, event_id=e.id, affects_others=True)
    done = measures.approve_measure(db, trunk.id, "浙江省政府", "浙政函〔2026〕9号", "值班员",
                                    approved_at=REC + timedelta(hours=6), now=NOW)
    assert len(done.approvals) == 2  # one document met both needs (省政府批准, and the city's 上一级政府同意)
    measures.lift_measure(db, trunk.id, REC + timedelta(days=3), "值班员", now=NOW)
    add(db, "停工停业停课", "鹿城区五马街道", "鹿城区政府", 1)
    police = add(db, "疫区封锁", "鹿城区五马街道", "市公安局", 3, event_id=e.id)
    measures.lift_measure(db, police.id, REC + timedelta(hours=4), "值班员", now=NOW)  # withdrawn while pending
    add(db, "停止人群聚集活动", "瑞安市", "瑞安市政府", 24 * 10)  # after the event ended: not the event's
    events.end_event(db, e.id, REC + timedelta(days=6), "值班员", now=NOW)
    draft = reports.draft_closing(db, e.id)
    headings = [s.heading for s in draft.sections]
    assert headings.index("所采取措施") == headings.index("应急响应情况") + 1 < headings.index("所采取措施的效果评价")
    section = draft.sections[headings.index("所采取措施")]
    assert section.text.splitlines() == [
        "1. 停工停业停课（鹿城区五马街道）：鹿城区政府决定（温应指〔2026〕5号），2026年11月20日10时起实施，尚未解除。",
        "2. 中断交通干道（鹿城区五马街道）：市应急指挥部于2026年11月20日11时决定（温应指〔2026〕5号），"
        "2026年11月20日15时经浙江省政府批准（浙政函〔2026〕9号）后实施，2026年11月23日9时解除。",
        "3. 疫区封锁（鹿城区五马街道）：市公安局于2026年11月20日12时决定（温应指〔2026〕5号），"
        "未取得宣布疫区的县级以上政府决定，2026年11月20日13时撤销。"]
    assert "所采取措施的效果评价" in draft.missing()  # the evaluation stays the office's own


def test_both_reports_say_what_the_plan_lists_for_a_measure_beyond_the_level_and_why(db):
    e = new_event(db)  # 诺如: the public-health plan's Ⅳ response (the fixture's)
    reports.issue_report(db, reports.draft_first(db, e.id), "值班员", now=REC + timedelta(minutes=50))
    add(db, "关闭公共场所", "鹿城区五马街道", "鹿城区政府", 2, event_id=e.id, level_reason="鹿城区政府专题会议决定")
    said = ("实施时全市为Ⅳ级应急响应，依《温州市突发公共卫生事件应急预案》；该预案未列关闭公共场所（关闭公共场所是"
            "《温州市突发急性呼吸道传染病事件应急预案》6.2.3(4)所列的Ⅱ级应急响应措施），决定理由：鹿城区政府专题会议决定")
    text = reports.draft_progress(db, e.id).text()
    assert ("2026年11月20日11时，鹿城区政府决定在鹿城区五马街道实施关闭公共场所（温应指〔2026〕5号）；" + said + "。") in text
    events.end_event(db, e.id, REC + timedelta(days=6), "值班员", now=NOW)
    section = next(s for s in reports.draft_closing(db, e.id).sections if s.heading == "所采取措施")
    assert section.text == ("1. 关闭公共场所（鹿城区五马街道）：鹿城区政府决定（温应指〔2026〕5号），2026年11月20日11时起实施，"
                            + said + "，尚未解除。")
