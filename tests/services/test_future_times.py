"""One rule for a time a person gives: not later than this workstation's clock allows (10 minutes
ahead, clock.FUTURE_TOLERANCE), and every refusal names the field it is about."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook

from wzcommand import clock
from wzcommand.services import events, stock_io, supplies, supply_requests, warnings
from wzcommand.services.errors import ValidationError

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)
AHEAD_OK = NOW + timedelta(minutes=9)
TOO_LATE = NOW + timedelta(minutes=11)


def event(db):
    data = events.EventInput(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                             occurred_at=NOW - timedelta(hours=3), received_at=NOW - timedelta(hours=2), grade="较大",
                             counts={"ill": 23})
    return events.register_event(db, data, "值班员甲", now=NOW)


def refusal(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        call()
    return err.value.fields


def test_the_phone_report_time_is_named_and_has_the_same_tolerance(db):
    e = event(db)
    assert refusal(lambda: events.log_phone_report(db, e.id, TOO_LATE, "市委市政府总值班室", "甲", "甲", now=NOW)) \
        == {"at": "报告时间不能晚于当前时间"}
    assert events.log_phone_report(db, e.id, AHEAD_OK, "市委市政府总值班室", "甲", "甲", now=NOW).at == AHEAD_OK


def test_the_end_of_an_event_says_which_bound_it_broke(db):
    e = event(db)
    assert refusal(lambda: events.end_event(db, e.id, TOO_LATE, "甲", now=NOW)) == {"ended_at": "结束时间不能晚于当前时间"}
    early = refusal(lambda: events.end_event(db, e.id, e.received_at - timedelta(minutes=1), "甲", now=NOW))
    assert early["ended_at"].startswith("结束时间不能早于接报时间")
    assert events.end_event(db, e.id, AHEAD_OK, "甲", now=NOW).ended_at == AHEAD_OK


def test_each_time_of_a_warning_decision_is_named(db):
    steps = warnings.Procedure(proposed_at=TOO_LATE, filed_at=TOO_LATE, published_at=TOO_LATE)
    fields = refusal(lambda: warnings.record_warning(db, "yellow", TOO_LATE, "市卫生健康委", "监测", "甲", NOW,
                                                     steps=steps))
    assert fields == {"decided_at": "决定时间不能晚于当前时间", "proposed_at": "建议时间不能晚于当前时间",
                      "filed_at": "备案时间不能晚于当前时间", "published_at": "发布时间不能晚于当前时间"}
    assert refusal(lambda: warnings.record_warning(db, "yellow", None, "市卫生健康委", "监测", "甲", NOW)) \
        == {"decided_at": "请填写决定时间"}


def test_a_supply_request_names_its_step_time(db):
    supplies.add_item(db, "医用防护服", "套", "值班员")
    assert refusal(lambda: supply_requests.add_request(db, "瑞安市", "医用防护服", 10, "甲", at=TOO_LATE, now=NOW)) \
        == {"at": "申请时间不能晚于当前时间"}
    assert supply_requests.add_request(db, "瑞安市", "医用防护服", 10, "甲", at=AHEAD_OK, now=NOW).status == "requested"


def test_a_stock_list_row_has_the_dialogs_tolerance(db, tmp_path):
    """A movement typed minutes ahead of this workstation's clock is taken from a file as from the dialog."""
    supplies.add_item(db, "医用防护服", "套", "值班员")
    supplies.add_site(db, "市应急物资储备库", "值班员")
    book = Workbook()
    book.active.append(["存放点", "物资名称", "计量单位", "数量", "批号", "有效期至", "发放对象", "调入存放点", "日期"])
    book.active.append(["市应急物资储备库", "医用防护服", "套", 100, "B1", "2027-06-30", "", "", "2026-11-30 10:05"])
    book.save(tmp_path / "进出.xlsx")
    stock_io.import_stock(db, tmp_path / "进出.xlsx", "值班员", now=NOW)
    assert [m.quantity for m in supplies.list_moves(db)] == [100]


def test_the_rule_is_written_once():
    """Every service asks clock.check_time; nobody else compares with FUTURE_TOLERANCE or words the refusal."""
    root = Path(clock.__file__).parent
    elsewhere = [str(p.relative_to(root)) for p in root.rglob("*.py") if p.name != "clock.py"
                 and re.search(r"FUTURE_TOLERANCE|不能晚于当前时间(?!三日)", p.read_text(encoding="utf-8"))]
    assert elsewhere == []
