"""The requisition register and the compensation list: each write one audited transaction, refusals in
Chinese that write nothing, a requisition not yet returned flagged when the response ends, and the
compensation list totalled per owner."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from level_support import complete, switch
from sqlalchemy import func, select

from wzcommand.services import compensation, levels, requisitions
from wzcommand.services.errors import ServiceError, ValidationError
from wzcommand.storage.models import AuditEntry, Requisition, RequisitionCompensation, RequisitionOwner

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=10)


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Requisition, RequisitionOwner, RequisitionCompensation, AuditEntry))


def last_entry(db):
    with db.read() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def take(db, what="大客车", owner="温州某某客运有限公司", at=None, kind="vehicle", owner_kind="enterprise", **kw):
    return requisitions.add_requisition(db, kind, what, kw.pop("quantity", "2辆"), owner_kind, owner,
                                        "温州市人民政府", "温政发〔2026〕8号", at or T0 + timedelta(hours=2),
                                        kw.pop("condition", "完好"), "值班员", now=NOW, **kw)


def test_a_requisition_outside_a_response_is_refused_and_writes_nothing(db):
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        take(db)
    assert "不在应急响应期间" in err.value.fields["taken_at"]
    with pytest.raises(ValidationError) as err:
        requisitions.add_requisition(db, "飞机", "", "", "公司", "", "", "", T0, "", "值班员", now=NOW)
    assert set(err.value.fields) == {"kind", "owner_kind", "description", "quantity", "owner", "decided_by",
                                     "decision_ref", "condition_taken"}
    assert "房屋（building）" in err.value.fields["kind"] and "个人（person）" in err.value.fields["owner_kind"]
    assert counts(db) == before


def test_add_and_return_are_audited_and_owners_are_kept_once(db):
    switch(db, "IV", T0, now=NOW)
    before = counts(db)
    bus = take(db, contact="陈经理 13900000001")
    hotel = take(db, "某某酒店主楼", "温州某某酒店有限公司", kind="房屋", owner_kind="企业", quantity="120间")
    again = take(db, "中巴车", quantity="1辆", contact="陈经理 13900000002")
    assert counts(db) == (before[0] + 3, before[1] + 2, before[2], before[3] + 3)
    assert again.owner_id == bus.owner_id and again.contact == "陈经理 13900000002"
    assert hotel.kind == "building" and hotel.kind_name == "房屋" and hotel.owner_kind_name == "企业"
    entry = last_entry(db)
    assert entry.action == "requisition.add" and json.loads(entry.after)["description"] == "中巴车"
    with pytest.raises(ValidationError) as err:
        requisitions.return_requisition(db, bus.id, T0, "完好", "值班员", now=NOW)
    assert "不能早于征用时间" in err.value.fields["returned_at"]
    back = requisitions.return_requisition(db, bus.id, T0 + timedelta(days=3), "完好，已消毒", "值班员", now=NOW)
    assert back.returned and back.condition_returned == "完好，已消毒"
    assert last_entry(db).action == "requisition.return"
    with pytest.raises(ServiceError, match="已于.*登记归还"):
        requisitions.return_requisition(db, bus.id, T0 + timedelta(days=4), "完好", "值班员", now=NOW)
    assert [r.id for r in requisitions.list_requisitions(db, unreturned_only=True)] == [hotel.id, again.id]


def test_a_requisition_not_yet_returned_is_flagged_when_the_response_ends(db):
    switch(db, "IV", T0, now=NOW)
    hotel = take(db, "某某酒店主楼", "温州某某酒店有限公司", kind="building", quantity="120间")
    bus = take(db)
    requisitions.return_requisition(db, bus.id, T0 + timedelta(days=2), "完好", "值班员", now=NOW)
    end = complete(db, levels.SwitchRequest("none", T0 + timedelta(days=5), "", "疫情得到控制"))
    preview = levels.preview_switch(db, end, now=NOW)
    flagged = [n for n in preview.notes if n.startswith("尚未归还的征用")]
    assert len(flagged) == 1 and "某某酒店主楼" in flagged[0] and "大客车" not in flagged[0]
    levels.switch_level(db, end, "主任", now=NOW)  # a warning, not a refusal: the end is the government's decision
    entry = last_entry(db)
    assert entry.action == "level.switch"
    assert json.loads(entry.after)["unreturned_requisitions"] == [hotel.summary()]


def test_compensation_waits_for_the_end_and_the_list_totals_per_owner(db):
    switch(db, "IV", T0, now=NOW)
    take(db)
    take(db, "中巴车", quantity="1辆")
    take(db, "口罩", "温州某某医疗器械有限公司", kind="goods", quantity="20000只")
    take(db, "驾驶员", "张三", kind="service", owner_kind="person", quantity="5人日")
    with pytest.raises(ServiceError, match="应急响应尚未终止.*7.3"):
        compensation.set_compensation(db, "张三", "1500", "按日工资标准", "主任")
    switch(db, "none", T0 + timedelta(days=5), now=NOW)
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        compensation.set_compensation(db, "李四", "-5", "", "主任")
    assert set(err.value.fields) == {"amount", "assessment"}
    with pytest.raises(ValidationError, match="没有征用过“李四”"):
        compensation.set_compensation(db, "李四", "5", "评估", "主任")
    assert counts(db) == before
    compensation.set_compensation(db, "温州某某客运有限公司", "12,000.5元", "按同类车辆市场租金评估", "主任")
    compensation.set_compensation(db, "温州某某客运有限公司", "12,800.50", "按同类车辆市场租金评估（复核）", "主任")
    listing = compensation.set_compensation(db, "张三", "1.5万", "按日工资标准", "主任")
    assert last_entry(db).action == "requisition.compensate"
    by_name = {o.name: o for o in listing.owners}
    assert [o.name for o in listing.owners] == ["温州某某客运有限公司", "温州某某医疗器械有限公司", "张三"]
    bus = by_name["温州某某客运有限公司"]
    assert len(bus.items) == 2 and bus.amount_fen == 1_280_050 and bus.assessment.endswith("（复核）")
    assert by_name["张三"].amount_fen == 1_500_000 and by_name["温州某某医疗器械有限公司"].amount_fen is None
    assert listing.total_fen == 2_780_050 and [o.name for o in listing.unassessed] == ["温州某某医疗器械有限公司"]
    assert listing.unreturned == 4 and listing.ended
    assert counts(db)[2] == before[2] + 2  # one row per owner and response, corrected in place


def test_the_list_covers_one_response(db):
    switch(db, "IV", T0, now=NOW)
    take(db)
    switch(db, "none", T0 + timedelta(days=2), now=NOW)
    second = switch(db, "IV", T0 + timedelta(days=3), now=NOW)
    take(db, "某某酒店", "温州某某酒店有限公司", kind="building", at=T0 + timedelta(days=4))
    latest = compensation.compensation_list(db)
    assert latest.response.start_id == second.id and not latest.ended
    assert [o.name for o in latest.owners] == ["温州某某酒店有限公司"]
    first = compensation.compensation_list(db, levels.history(db)[0].id)
    assert [o.name for o in first.owners] == ["温州某某客运有限公司"] and first.ended


def test_a_requisition_stays_with_its_response_when_the_end_is_recorded_with_an_earlier_time(db):
    switch(db, "IV", T0, now=NOW)
    take(db, at=T0 + timedelta(days=3))
    switch(db, "none", T0 + timedelta(days=2), now=NOW)  # decided on day 2, recorded after the day-3 requisition
    listing = compensation.compensation_list(db)
    assert [o.name for o in listing.owners] == ["温州某某客运有限公司"] and listing.ended
    with pytest.raises(ValidationError, match="不在应急响应期间"):
        take(db, at=T0 + timedelta(days=4))


def test_the_closing_report_says_what_was_requisitioned_and_where_compensation_stands(db):
    from doc_support import ensure_signer

    from wzcommand.services import events, reports

    ensure_signer(db)
    e = events.register_event(db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
        place="某小学", place_kind="学校", occurred_at=T0 - timedelta(hours=2), received_at=T0 - timedelta(hours=1),
        grade="较大", counts={"ill": 23, "dead": 0}), "值班员", now=NOW)
    switch(db, "IV", T0, now=NOW, event_id=e.id)
    bus = take(db)
    take(db, "某某酒店主楼", "温州某某酒店有限公司", kind="building", quantity="120间")
    take(db, "中巴车", quantity="1辆")
    requisitions.return_requisition(db, bus.id, T0 + timedelta(days=2), "完好", "值班员", now=NOW)
    events.end_event(db, e.id, T0 + timedelta(days=4), "值班员", now=NOW)
    switch(db, "none", T0 + timedelta(days=4, hours=1), now=NOW)
    compensation.set_compensation(db, "温州某某客运有限公司", "12800.5", "按租金评估", "主任")
    section = next(s for s in reports.draft_closing(db, e.id).sections if s.heading == "应急响应情况")
    assert section.text.splitlines()[-1] == (
        "应急处置期间临时征用2个单位、企业或个人的物资和劳务3项（房屋1项、交通工具2项），尚有2项未归还；"
        "已评估补偿1个被征用方，合计12,800.50元，1个尚待评估。")


def test_compensation_before_any_response_says_there_was_none(db):
    with pytest.raises(ServiceError) as err:
        compensation.set_compensation(db, "张三", "1500", "按日工资标准", "主任")
    assert err.value.message == "尚未启动过应急响应，没有临时征用的财物或劳务，无需登记补偿。"


def test_an_owner_of_an_ended_response_is_compensated_while_the_next_one_is_in_force(db):
    first = switch(db, "IV", T0, now=NOW)
    take(db)
    switch(db, "none", T0 + timedelta(days=2), now=NOW)
    switch(db, "IV", T0 + timedelta(days=3), now=NOW)
    take(db, "某某酒店", "温州某某酒店有限公司", kind="building", at=T0 + timedelta(days=4))
    listing = compensation.set_compensation(db, "温州某某客运有限公司", "8000", "按租金评估", "主任")
    assert listing.response.start_id == first.id and listing.total_fen == 800_000
    with pytest.raises(ServiceError) as err:
        compensation.set_compensation(db, "温州某某酒店有限公司", "5000", "按房价评估", "主任")
    assert err.value.message.startswith("2026-11-23 09:00启动的应急响应尚未终止，暂不能登记补偿。")
