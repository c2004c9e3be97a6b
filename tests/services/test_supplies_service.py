"""Supplies through the services: a movement never leaves a negative quantity (refused whole, nothing
written), first-expiring batches issued first, transfers, the rate and days of cover, requests from
units and counties through their steps with clocks and the chase list."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from wzcommand.services import supplies, supply_requests
from wzcommand.services.errors import ValidationError
from wzcommand.services.supplies import MoveSpec
from wzcommand.storage.models import AuditEntry, StockLine, StockMove, SupplyRequest

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone(timedelta(hours=8)))


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (StockMove, StockLine, SupplyRequest,
                                                                                AuditEntry))


def stocked(db):
    supplies.add_item(db, "医用防护服", "套", "值班员")
    supplies.add_item(db, "核酸检测试剂", "人份", "值班员")
    supplies.add_site(db, "市应急物资储备库", "值班员")
    supplies.add_site(db, "市疾控中心库房", "值班员")
    supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", 100, batch="B2", expires_on=date(2027, 6, 30),
                               party="采购"), "值班员", at=NOW - timedelta(days=10), now=NOW)
    supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", 40, batch="B1", expires_on=date(2026, 12, 31)),
                  "值班员", at=NOW - timedelta(days=10), now=NOW)


def balance(db, site, item):
    return next((r.quantity for r in supplies.stock(db, NOW) if r.site == site and r.item == item), 0)


def test_a_movement_that_would_leave_a_negative_balance_is_refused_and_writes_nothing(db):
    stocked(db)
    before = counts(db)
    for spec in (MoveSpec("医用防护服", "市应急物资储备库", -141, to_unit="市卫生健康委"),
                 MoveSpec("医用防护服", "市应急物资储备库", -141, to_site="市疾控中心库房"),
                 MoveSpec("医用防护服", "市疾控中心库房", -1, to_unit="瑞安市")):
        with pytest.raises(ValidationError) as err:
            supplies.move(db, spec, "值班员", now=NOW)
        assert "结存不能为负数" in err.value.fields["qty"]
    assert counts(db) == before
    assert balance(db, "市应急物资储备库", "医用防护服") == 140
    supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -140, to_unit="市卫生健康委"), "值班员", now=NOW)
    assert balance(db, "市应急物资储备库", "医用防护服") == 0
    with db.read() as s:  # no site, item and batch is below zero anywhere
        sums = s.execute(select(func.sum(StockLine.quantity)).group_by(StockLine.site_id, StockLine.item_id,
                                                                       StockLine.batch)).scalars().all()
    assert min(sums) == 0


def test_issue_takes_the_first_expiring_batch_and_transfer_carries_batches(db):
    stocked(db)
    issued = supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -50, to_unit="瑞安市"),
                           "值班员", now=NOW)
    assert issued.kind == "issue" and issued.party == "瑞安市"
    assert issued.batches == (("B1", date(2026, 12, 31), 40), ("B2", date(2027, 6, 30), 10))
    moved = supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -30, to_site="市疾控中心库房"), "值班员", now=NOW)
    assert moved.kind_name == "调拨" and moved.where == "市应急物资储备库 → 市疾控中心库房"
    rows = {(r.site, r.item): r for r in supplies.stock(db, NOW)}
    assert rows[("市疾控中心库房", "医用防护服")].batches == (supplies.rules.Batch("B2", date(2027, 6, 30), 30),)
    assert rows[("市应急物资储备库", "医用防护服")].quantity == 60
    with pytest.raises(ValidationError, match="不是成员单位或县"):
        supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -1, to_unit="某医院"), "值班员", now=NOW)
    with pytest.raises(ValidationError, match="是存放点：调拨到存放点请填写调入存放点"):
        supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -1, to_unit="市疾控中心库房"), "值班员", now=NOW)
    with pytest.raises(ValidationError, match="物资目录中没有“口罩”"):
        supplies.move(db, MoveSpec("口罩", "市应急物资储备库", 5), "值班员", now=NOW)


def test_days_of_cover_at_the_average_daily_issue_of_the_last_seven_days(db):
    stocked(db)
    for days_ago, qty in ((8, 10), (6, 14), (1, 7)):  # the one 8 days ago is outside the window
        supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -qty, to_unit="市公安局"), "值班员",
                      at=NOW - timedelta(days=days_ago), now=NOW)
    supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -20, to_site="市疾控中心库房"), "值班员", now=NOW)
    row = next(r for r in supplies.stock(db, NOW) if r.site == "市应急物资储备库")
    assert row.quantity == 89 and row.issued == 21 and row.rate == 3.0  # transfers do not count as issues
    assert row.cover_text == "29.7天"
    other = next(r for r in supplies.stock(db, NOW) if r.site == "市疾控中心库房")
    assert other.cover_days is None and "近7日无发放" in other.cover_text
    totals = supplies.totals(supplies.stock(db, NOW), supplies.list_items(db))
    assert [(t.item, t.quantity) for t in totals] == [("医用防护服", 109), ("核酸检测试剂", 0)]


def test_expired_stock_is_counted_apart_and_never_issued(db):
    stocked(db)
    later = datetime(2027, 1, 5, 9, tzinfo=NOW.tzinfo)
    row = next(r for r in supplies.stock(db, later) if r.site == "市应急物资储备库")
    assert (row.quantity, row.expired, row.usable, row.nearest_expiry) == (140, 40, 100, date(2027, 6, 30))
    with pytest.raises(ValidationError, match="另有40套已过期"):
        supplies.move(db, MoveSpec("医用防护服", "市应急物资储备库", -101, to_unit="市公安局"), "值班员",
                      at=later, now=later)


def test_item_list_is_the_offices(db):
    supplies.add_item(db, "医用外科口罩", "只", "值班员")
    with pytest.raises(ValidationError, match="已有"):
        supplies.add_item(db, "医用外科口罩", "箱", "值班员")
    with pytest.raises(ValidationError) as err:
        supplies.add_item(db, "", "", "值班员")
    assert set(err.value.fields) == {"name", "unit"}
    renamed = supplies.update_item(db, "医用外科口罩", "值班员", name="一次性医用外科口罩", unit="片")
    assert [(i.name, i.unit) for i in supplies.list_items(db)] == [(renamed.name, "片")]
    supplies.add_site(db, "市应急物资储备库", "值班员")
    supplies.move(db, MoveSpec(renamed.name, "市应急物资储备库", 500), "值班员")
    with pytest.raises(ValidationError, match="已有进出记录.*不能改为“箱”"):  # 500片 must not turn into 500箱
        supplies.update_item(db, renamed.name, "值班员", unit="箱")
    assert supplies.update_item(db, renamed.name, "值班员", note="平面型").unit == "片"


def test_a_request_goes_requested_approved_issued_received_with_its_clocks(db):
    stocked(db)
    before = counts(db)
    r = supply_requests.add_request(db, "瑞安市", "医用防护服", 60, "值班员", purpose="隔离点", at=NOW - timedelta(hours=5),
                                    now=NOW)
    assert r.status == "requested" and r.shown_status(NOW) == "overdue" and r.status_name(NOW) == "逾期"
    assert r.clock().label == "物资审批" and r.needed_by == NOW + timedelta(hours=19)
    with pytest.raises(ValidationError, match="当前为“待审批”"):
        supply_requests.receive(db, r.id, "值班员", now=NOW)
    r = supply_requests.approve(db, r.id, "值班员", quantity=50, now=NOW)
    assert (r.status, r.approved_quantity, r.approved_by, r.clock().label) == ("approved", 50, "物资保障组", "物资发放")
    with pytest.raises(ValidationError, match="结存不能为负数"):
        supply_requests.issue(db, r.id, "市疾控中心库房", "值班员", now=NOW)
    assert supply_requests.list_requests(db)[0].status == "approved"  # the refused issue left it as it was
    r = supply_requests.issue(db, r.id, "市应急物资储备库", "值班员", now=NOW)
    assert r.status == "issued" and balance(db, "市应急物资储备库", "医用防护服") == 90
    assert supplies.list_moves(db)[0].request_id == r.id and supplies.list_moves(db)[0].party == "瑞安市"
    groups = supply_requests.chase_list(db, NOW + timedelta(hours=25))
    assert [(g.requester, g.requests[0].status_name(NOW + timedelta(hours=25))) for g in groups] == [("瑞安市", "逾期")]
    r = supply_requests.receive(db, r.id, "值班员", by="张三", now=NOW)
    assert r.status == "received" and r.clock() is None and supply_requests.chase_list(db, NOW) == []
    assert counts(db)[2:] == (before[2] + 1, before[3] + 4)


def test_requests_refuse_unknown_requesters_and_rejections_need_a_reason(db):
    stocked(db)
    with pytest.raises(ValidationError, match="不是成员单位或县"):
        supply_requests.add_request(db, "某街道", "医用防护服", 5, "值班员", now=NOW)
    with pytest.raises(ValidationError, match="请填写申请单位"):
        supply_requests.add_request(db, " ", "医用防护服", 5, "值班员", now=NOW)
    with pytest.raises(ValidationError, match="正整数"):
        supply_requests.add_request(db, "市公安局", "医用防护服", 0, "值班员", now=NOW)
    r = supply_requests.add_request(db, "市公安局", "医用防护服", 5, "值班员", now=NOW)
    with pytest.raises(ValidationError, match="理由"):
        supply_requests.reject(db, r.id, "值班员", " ", now=NOW)
    r = supply_requests.reject(db, r.id, "值班员", "库存优先保障医疗机构", now=NOW)
    assert r.status_name(NOW) == "未批准" and not r.open
