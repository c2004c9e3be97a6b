"""The register of control measures through the services: a measure needing an approval is pending until
the right body's approval is recorded; lifting; one transaction and one audit entry each; refusals write nothing."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from level_support import switch
from sqlalchemy import func, select

from wzcommand.services import measures
from wzcommand.services.changes import MEASURES
from wzcommand.services.errors import NotFoundError, ValidationError
from wzcommand.services.levels import RefusedError
from wzcommand.storage.models import AuditEntry, Measure, MeasureApproval

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=2)


@pytest.fixture(autouse=True)
def response(db):
    """A respiratory Ⅰ response in force (the plan lists every measure at Ⅰ), for the tests not about levels."""
    switch(db, "I", T0 - timedelta(days=1), plan="respiratory", now=NOW)


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Measure, MeasureApproval, AuditEntry))


def last_entry(db) -> AuditEntry:
    with db.read() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def add(db, kind="中断交通干道", area="鹿城区五马街道", by="市应急指挥部", hours=0, **kw):
    return measures.add_measure(db, kind, area, by, "温应指〔2026〕5号", "值班员", started_at=T0 + timedelta(hours=hours),
                                now=NOW, **kw)


def test_a_trunk_road_cut_without_the_provinces_approval_is_pending_and_listed_so(db):
    before = counts(db)
    m = add(db)
    assert (m.status, m.open_needs, m.kind, m.division, m.place) == ("pending_approval", ("province",), "中断交通干道",
                                                                   "鹿城区", "五马街道")
    assert MEASURES in m.changes and counts(db) == (before[0] + 1, before[1], before[2] + 1)
    entry = last_entry(db)
    assert entry.action == "measure.add" and json.loads(entry.after)["status"] == "pending_approval"
    reg = measures.register(db, NOW)
    assert [r.id for r in reg.with_status("pending_approval")] == [m.id] and not reg.with_status("in_force")
    assert reg.rows[0].needs_text() == "省政府批准"
    # the city's approval is not the province's: refused, nothing written
    with pytest.raises(ValidationError, match="“市政府”不是本措施所需的批准机关。尚需：省政府批准"):
        measures.approve_measure(db, m.id, "市政府", "温政函〔2026〕1号", "值班员", approved_at=T0, now=NOW)
    assert measures.register(db, NOW).rows[0].status == "pending_approval"
    done = measures.approve_measure(db, m.id, "浙江省人民政府", "浙政函〔2026〕9号", "值班员",
                                    approved_at=T0 + timedelta(hours=3), now=NOW)
    assert done.status == "in_force" and done.in_force_from == T0 + timedelta(hours=3)
    assert [(a.need_name, a.approved_by, a.ref) for a in done.approvals] == [("省政府批准", "浙江省人民政府", "浙政函〔2026〕9号")]
    assert last_entry(db).action == "measure.approve" and json.loads(last_entry(db).after)["status"] == "in_force"
    with pytest.raises(RefusedError, match="无需批准或已全部批准"):
        measures.approve_measure(db, m.id, "浙江省政府", "x", "值班员", approved_at=T0, now=NOW)


def test_a_measure_without_conditions_is_in_force_at_once_and_lifting_ends_it(db):
    m = add(db, "停工停业停学", "瑞安市", "瑞安市政府", review_on=date(2026, 11, 30))
    assert (m.kind, m.status, m.needs) == ("停工停业停课", "in_force", ())
    assert measures.register(db, NOW).overdue_reviews()[0].id == m.id  # review date 11-30 passed on 12-01
    with pytest.raises(ValidationError, match="解除时间早于"):
        measures.lift_measure(db, m.id, T0 - timedelta(hours=1), "值班员", now=NOW)
    lifted = measures.lift_measure(db, m.id, T0 + timedelta(days=1), "值班员", lifted_by="瑞安市政府", now=NOW)
    assert lifted.status == "lifted" and last_entry(db).action == "measure.lift"
    assert not measures.register(db, NOW).overdue_reviews()
    with pytest.raises(RefusedError, match="已于2026-11-30 08:00解除"):
        measures.lift_measure(db, m.id, T0 + timedelta(days=1), "值班员", now=NOW)
    with pytest.raises(RefusedError, match="已于.*解除，不再登记批准"):
        measures.approve_measure(db, m.id, "市政府", "x", "值班员", now=NOW)


def test_affecting_other_divisions_needs_the_upper_government(db):
    m = add(db, "关闭公共场所", "永嘉县", "永嘉县政府", affects_others=True)
    assert m.status == "pending_approval" and m.needs_text() == "上一级政府同意（温州市政府）"
    assert measures.approve_measure(db, m.id, "温州市人民政府", "温政办函〔2026〕3号", "值班员", now=NOW).status == "in_force"
    flows = add(db, "交通运输管制", "全市", "市应急指挥部")
    assert flows.needs == ("upper",) and "浙江省政府" in flows.needs_text()


def test_a_zone_lockdown_rests_on_the_declaring_government(db):
    police = add(db, "疫区封锁", "龙湾区永中街道", "市公安局")
    assert police.status == "pending_approval" and police.open_needs == ("declaring",)
    assert measures.approve_measure(db, police.id, "龙湾区政府", "龙政发〔2026〕1号", "值班员", now=NOW).status == "in_force"
    assert add(db, "疫区封锁", "龙湾区", "龙湾区人民政府").status == "in_force"


def test_bad_input_is_refused_naming_each_field_and_writes_nothing(db):
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        measures.add_measure(db, "封城", "五马街道", "", "", "值班员", started_at=NOW + timedelta(days=1), now=NOW)
    assert set(err.value.fields) == {"kind", "area", "decided_by", "basis", "started_at"}
    assert "可选：划定疫区、疫区封锁" in err.value.fields["kind"]
    with pytest.raises(ValidationError, match="划定疫区须由县级以上政府决定"):
        add(db, "划定疫区", by="市卫生健康委")
    with pytest.raises(ValidationError, match="没有编号为 999 的事件"):
        add(db, event_id=999)
    with pytest.raises(NotFoundError):
        measures.approve_measure(db, 999, "省政府", "x", "值班员", now=NOW)
    assert counts(db) == before


def test_a_review_date_is_moved_after_a_review_and_is_no_longer_past_due(db):
    m = add(db, "停工停业停课", "瑞安市", "瑞安市政府", review_on=date(2026, 11, 30))
    assert [r.id for r in measures.register(db, NOW).overdue_reviews()] == [m.id]
    moved = measures.set_review(db, m.id, date(2026, 12, 7), "值班员")
    assert moved.review_on == date(2026, 12, 7) and not measures.register(db, NOW).overdue_reviews()
    entry = last_entry(db)
    assert entry.action == "measure.review" and json.loads(entry.before)["review_on"] == "2026-11-30"
    with pytest.raises(ValidationError, match="复核日期不能早于实施日期"):
        measures.set_review(db, m.id, date(2026, 11, 1), "值班员")
    with pytest.raises(RefusedError, match="复核日期没有变化"):
        measures.set_review(db, m.id, date(2026, 12, 7), "值班员")
    assert measures.set_review(db, m.id, None, "值班员").review_on is None


def test_the_end_of_a_response_lists_the_measures_not_yet_lifted(db):
    from level_support import complete

    from wzcommand.services import levels

    pending = add(db)  # 中断交通干道, still waiting for the province
    school = add(db, "停工停业停课", by="鹿城区政府", hours=1)
    lifted = add(db, "停止人群聚集活动", by="鹿城区政府", hours=2)
    measures.lift_measure(db, lifted.id, T0 + timedelta(hours=5), "值班员", now=NOW)
    end = complete(db, levels.SwitchRequest("none", T0 + timedelta(days=1), "", "疫情得到控制"))
    note = next(n for n in levels.preview_switch(db, end, now=NOW).notes if n.startswith("尚未解除的管控措施"))
    assert note.startswith("尚未解除的管控措施2项")
    assert f"第{pending.id}号 中断交通干道（鹿城区五马街道，待批准）" in note
    assert f"第{school.id}号 停工停业停课（鹿城区五马街道，实施中）" in note and "停止人群聚集活动" not in note
    levels.switch_level(db, end, "主任", now=NOW)  # shown and recorded, not refused: the end is the government's
    assert len(json.loads(last_entry(db).after)["measures_not_lifted"]) == 2
    assert levels.current_state(db).level == "none"
