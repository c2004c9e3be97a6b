"""The county board through the services: reports, contacts, the city's instructions, the flags the
plans' rules raise, one transaction with its audit entry, refusals that write nothing."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from warning_support import STEPS
from wzcommand.services import accounts, counties, warnings
from wzcommand.services.accounts import PermissionDenied
from wzcommand.services.changes import COUNTIES
from wzcommand.services.errors import ValidationError
from wzcommand.services.levels import RefusedError
from wzcommand.storage.models import AuditEntry, CountyContact, CountyInstruction, CountyReport

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(hours=2)


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (CountyReport, CountyContact, CountyInstruction, AuditEntry))


def report(db, county, hours=0, **kw):
    return counties.record_county(db, county, T0 + timedelta(hours=hours), "县政府", "该县电话报告", "值班员",
                                  now=NOW + timedelta(days=2), **kw)


def test_a_report_is_recorded_with_its_audit_entry_and_shows_on_the_board(db):
    before = counts(db)
    row = report(db, "鹿城", level="III", warning="yellow")
    assert (row.county, row.level, row.warning) == ("鹿城区", "III", "yellow") and COUNTIES in row.changes
    assert counts(db) == (before[0] + 1, before[1], before[2], before[3] + 1)
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "county.report" and entry.target == "鹿城区"
    assert json.loads(entry.after)["level"] == "III" and json.loads(entry.before) == {"level": "none", "warning": ""}
    line = counties.county_board(db, NOW).row("鹿城区")
    assert (line.level, line.since, line.decided_by, line.warning) == ("III", T0, "县政府", "yellow")
    assert [r.county for r in counties.county_board(db, NOW).rows][:3] == ["鹿城区", "龙湾区", "瓯海区"]


def test_a_warning_only_report_keeps_the_level_and_its_since(db):
    report(db, "瑞安市", level="IV", warning="blue")
    report(db, "瑞安市", 5, warning="yellow")
    line = counties.county_board(db, NOW + timedelta(hours=5)).row("瑞安")
    assert (line.level, line.since, line.warning, line.warning_since) == ("IV", T0, "yellow", T0 + timedelta(hours=5))
    assert [(r.level, r.warning) for r in counties.county_history(db, "瑞安市")] == [("IV", "blue"), ("IV", "yellow")]


def test_a_county_warning_below_the_citys_is_flagged_quoting_the_annex(db):
    warnings.record_warning(db, "orange", T0, "市卫生健康委", "监测数据", "主任", steps=STEPS)
    report(db, "乐清市", warning="yellow")
    report(db, "平阳县", warning="red")
    report(db, "泰顺县", warning="none")
    report(db, "文成县", level="IV")  # a level alone: its warning is still unknown, never taken for "none"
    board = counties.county_board(db, NOW)
    flagged = {r.county for r in board.rows if r.flags}
    assert flagged == {"乐清市", "泰顺县"}  # the ones that reported nothing are 未报告, not below
    assert board.row("文成县").warning == "" and counties.colour_name(board.row("文成县").warning) == "未报告"
    flag = board.row("乐清市").flags[0]
    assert flag.text == "乐清市黄色预警，低于全市橙色预警" and "预警级别应不低于市级预警级别" in flag.quote
    warnings.record_warning(db, "none", T0 + timedelta(hours=1), "市卫生健康委", "解除", "主任", steps=STEPS)
    assert not counties.county_board(db, NOW).flags


def test_an_instruction_not_followed_shows_as_overdue_and_clears_once_started(db):
    ins = counties.instruct_counties(db, ["龙湾区", "瓯海", "龙湾区"], "III", "温政办〔2026〕1号", T0, "主任",
                                     now=NOW)
    assert ins.counties == ("龙湾区", "瓯海区") and ins.due == T0 + timedelta(hours=24)
    board = counties.county_board(db, T0 + timedelta(hours=23))
    open_ = board.row("龙湾区").instructed
    assert open_ is not None and open_.done is None and not open_.overdue and not board.row("龙湾区").flags
    assert "剩余 1小时" in open_.status(board.at)
    assert board.row("鹿城区").instructed is None
    report(db, "瓯海区", 3, level="II")  # a higher level complies too
    late = counties.county_board(db, T0 + timedelta(hours=25))
    assert late.row("瓯海区").instructed.done == T0 + timedelta(hours=3) and not late.row("瓯海区").flags
    flag = late.row("龙湾区").flags[0]
    assert flag.kind == "instruction_overdue" and flag.source == "phe:6.1.5" and "温政办〔2026〕1号" in flag.text
    report(db, "龙湾区", 26, level="III")
    after = counties.county_board(db, T0 + timedelta(hours=27)).row("龙湾区")
    assert not after.flags and after.instructed.overdue and "超时" in after.instructed.status(T0)


def test_contact_is_validated_and_audited(db):
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        counties.set_county_contact(db, "洞头区", "值班员", duty_phone="12345")
    assert "duty_phone" in err.value.fields and counts(db) == before
    info = counties.set_county_contact(db, "洞头区", "值班员", duty_phone="０５７７－６３４８８８８８", liaison=" 陈一 ",
                                       liaison_phone="13800001111")
    assert (info.duty_phone, info.liaison) == ("0577-63488888", "陈一")
    line = counties.county_board(db, NOW).row("洞头区")
    assert line.contact.liaison_phone == "13800001111"
    with pytest.raises(RefusedError):
        counties.set_county_contact(db, "洞头区", "值班员", duty_phone="0577-63488888", liaison="陈一",
                                    liaison_phone="13800001111")


@pytest.mark.parametrize("kwargs,field", [
    ({"county": "温州市", "level": "III"}, "county"),
    ({"county": "鹿城区", "level": "V"}, "level"),
    ({"county": "鹿城区", "warning": "purple"}, "warning"),
    ({"county": "鹿城区"}, "level"),
    ({"county": "鹿城区", "level": "III", "decided_by": " "}, "decided_by"),
    ({"county": "鹿城区", "level": "III", "basis": ""}, "basis"),
    ({"county": "鹿城区", "level": "III", "decided_at": T0 + timedelta(days=30)}, "decided_at"),
])
def test_bad_reports_are_refused_and_write_nothing(db, kwargs, field):
    before = counts(db)
    args = {"decided_at": T0, "decided_by": "县政府", "basis": "电话", **kwargs}
    county = args.pop("county")
    with pytest.raises(ValidationError) as err:
        counties.record_county(db, county, args.pop("decided_at"), args.pop("decided_by"), args.pop("basis"),
                               "值班员", now=NOW, **args)
    assert field in err.value.fields and counts(db) == before


def test_no_change_and_out_of_order_reports_are_refused(db):
    report(db, "文成县", 2, level="IV")
    before = counts(db)
    with pytest.raises(RefusedError, match="无需登记"):
        report(db, "文成县", 3, level="IV")
    with pytest.raises(RefusedError, match="时间早于文成县上一次"):
        report(db, "文成县", 1, level="III")
    assert counts(db) == before


def test_instructions_need_counties_an_active_level_and_a_reference(db):
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        counties.instruct_counties(db, [], "none", "", T0, "主任", now=NOW)
    assert set(err.value.fields) == {"county", "level", "ref"} and counts(db) == before


def test_duty_officers_record_reports_and_only_directors_record_instructions(db):
    accounts.create_account(db, "管理员", "admin", "admin-pass-1", "系统")
    accounts.create_account(db, "值班甲", "duty", "duty-pass-01", "管理员")
    counties.record_county(db, "苍南县", T0, "苍南县政府", "电话", "值班甲", level="IV", now=NOW)
    before = counts(db)
    with pytest.raises(PermissionDenied, match="记录市级要求县（市、区）启动应急响应"):
        counties.instruct_counties(db, ["苍南县"], "III", "文号", T0, "值班甲", now=NOW)
    assert counts(db) == before
    assert counties.instruct_counties(db, ["苍南县"], "III", "文号", T0, "管理员", now=NOW).id
