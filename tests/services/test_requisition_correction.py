"""Correcting a requisition as registered: one audited transaction with each changed field before and after and
the reason; refused with nothing written once the owner's compensation is entered, and, after the return, for the
condition when taken."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from level_support import complete, switch
from sqlalchemy import func, select

from wzcommand.services import compensation, levels, requisitions
from wzcommand.services.errors import NotFoundError, RefusedError, ValidationError
from wzcommand.storage.models import AuditEntry, Requisition, RequisitionOwner

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=10)


def last_entry(db) -> AuditEntry:
    with db.read() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def entries(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def take(db, what="大客车", owner="温州某某客运有限公司", **kw):
    return requisitions.add_requisition(db, "vehicle", what, "2辆", "enterprise", owner, "温州市人民政府",
                                        "温政发〔2026〕8号", T0 + timedelta(hours=2), "完好", "值班员", now=NOW, **kw)


def correct(db, rid, reason="登记时笔误", **changes):
    return requisitions.correct_requisition(db, rid, reason, "值班员", now=NOW, **changes)


@pytest.fixture(autouse=True)
def response(db):
    switch(db, "IV", T0, now=NOW)


def test_a_correction_changes_the_register_and_keeps_before_after_and_the_reason(db):
    bus = take(db, contact="陈经理 13900000001")
    fixed = correct(db, bus.id, "数量登记为2辆，实际征用3辆（温政发〔2026〕8号附件）", quantity="3辆", description="大型客车",
                    taken_at=T0 + timedelta(hours=1))
    assert (fixed.quantity, fixed.description, fixed.taken_at) == ("3辆", "大型客车", T0 + timedelta(hours=1))
    assert requisitions.list_requisitions(db)[0].quantity == "3辆"
    entry = last_entry(db)
    assert entry.action == "requisition.correct" and entry.target == f"第{bus.id}号征用"
    assert json.loads(entry.before) == {"description": "大客车", "quantity": "2辆",
                                        "taken_at": "2026-11-20T11:00:00+08:00"}
    assert json.loads(entry.after) == {"description": "大型客车", "quantity": "3辆", "taken_at": "2026-11-20T10:00:00+08:00",
                                       "reason": "数量登记为2辆，实际征用3辆（温政发〔2026〕8号附件）"}


def test_the_owner_corrected_moves_the_requisition_to_that_owner(db):
    bus = take(db)
    fixed = correct(db, bus.id, "被征用方名称写错", owner="温州某某公交有限公司", contact="王站长 13900000003")
    assert (fixed.owner, fixed.contact, fixed.owner_kind) == ("温州某某公交有限公司", "王站长 13900000003", "enterprise")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(RequisitionOwner)) == 2  # the old name stays, unused
    assert [o.name for o in compensation.compensation_list(db).owners] == ["温州某某公交有限公司"]


def test_bad_or_empty_corrections_are_refused_and_write_nothing(db):
    bus = take(db)
    before = entries(db)
    with pytest.raises(ValidationError) as err:
        correct(db, bus.id, "", quantity="", kind="飞机", taken_at=T0 - timedelta(days=1))
    assert set(err.value.fields) == {"reason", "quantity", "kind"}
    with pytest.raises(ValidationError, match="不在应急响应期间"):
        correct(db, bus.id, taken_at=T0 - timedelta(days=1))
    with pytest.raises(RefusedError, match="登记内容没有变化"):
        correct(db, bus.id, quantity="2辆")
    with pytest.raises(NotFoundError):
        correct(db, 999, quantity="3辆")
    assert entries(db) == before and requisitions.list_requisitions(db)[0].quantity == "2辆"


def test_after_the_return_the_condition_taken_stays_and_the_time_cannot_pass_the_return(db):
    bus = take(db)
    requisitions.return_requisition(db, bus.id, T0 + timedelta(days=2), "左侧车门划伤", "值班员", now=NOW)
    with pytest.raises(RefusedError, match="已于2026-11-22 09:00登记归还（左侧车门划伤），归还状况是与征用时状况对照登记的"):
        correct(db, bus.id, condition_taken="左侧车门有划痕")
    with pytest.raises(ValidationError, match="征用时间不能晚于归还时间"):
        correct(db, bus.id, taken_at=T0 + timedelta(days=3))
    assert correct(db, bus.id, decision_ref="温政发〔2026〕9号").decision_ref == "温政发〔2026〕9号"


def test_once_the_owners_compensation_is_entered_its_requisitions_are_no_longer_corrected(db):
    bus = take(db)
    hotel = take(db, "某某酒店主楼", "温州某某酒店有限公司")
    for r in (bus, hotel):
        requisitions.return_requisition(db, r.id, T0 + timedelta(days=2), "完好", "值班员", now=NOW)
    levels.switch_level(db, complete(db, levels.SwitchRequest("none", T0 + timedelta(days=5), "", "疫情得到控制")), "主任",
                        now=NOW)
    compensation.set_compensation(db, "温州某某客运有限公司", "12,800.50", "按市场租金评估", "主任")
    before = entries(db)
    with pytest.raises(RefusedError, match=r"温州某某客运有限公司在本次应急响应中的征用补偿已登记（12,800.50元"):
        correct(db, bus.id, quantity="3辆")
    with pytest.raises(RefusedError, match="征用补偿已登记"):  # nor moved onto an owner already assessed
        correct(db, hotel.id, owner="温州某某客运有限公司")
    assert entries(db) == before
    assert correct(db, hotel.id, quantity="120间").quantity == "120间"  # the hotel is not assessed yet
    with db.read() as s:
        assert s.get(Requisition, bus.id).quantity == "2辆"
