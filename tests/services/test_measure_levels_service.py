"""A control measure against the response level in force where and when it starts: one the plan lists only
at a higher level (or with no response at all) is registered only with the reason it was decided all the
same, and the register, the audit entry and `as_json` say what the plan lists."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from level_support import switch
from sqlalchemy import func, select

from wzcommand.services import counties, measures
from wzcommand.services.errors import ValidationError
from wzcommand.storage.models import AuditEntry, Measure

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=2)
ARI = "《温州市突发急性呼吸道传染病事件应急预案》"


def add(db, kind="县域封锁", area="鹿城区", by="市应急指挥部", hours=0, **kw):
    return measures.add_measure(db, kind, area, by, "温应指〔2026〕7号", "值班员", started_at=T0 + timedelta(hours=hours),
                                now=NOW, **kw)


def measure_count(db):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Measure))


def last_after(db) -> dict:
    with db.read() as s:
        return json.loads(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first().after)


def test_a_county_lockdown_under_a_level_iii_response_needs_a_reason_and_says_so(db):
    switch(db, "III", T0 - timedelta(days=1), plan="respiratory", now=NOW)
    with pytest.raises(ValidationError) as err:
        add(db)
    said = f"县域封锁是{ARI}6.2.3(4)所列的Ⅱ级应急响应措施，实施时全市为Ⅲ级应急响应"
    assert err.value.fields["level_reason"].startswith(said + "。如确经依法决定，请填写理由")
    assert measure_count(db) == 0
    m = add(db, level_reason="市政府依《传染病防治法》第四十三条决定")
    assert (m.level_note, m.level_reason, m.status) == (said, "市政府依《传染病防治法》第四十三条决定", "pending_approval")
    after = last_after(db)
    assert after["level_in_force"] == {"level": "III", "plan": "respiratory", "where": "全市"}
    assert after["level_note"] == said and after["level_reason"] == "市政府依《传染病防治法》第四十三条决定"
    row = measures.register(db, NOW).rows[0]
    assert (row.level_note, row.level_reason) == (said, m.level_reason)
    assert measures.as_json(row, NOW.date())["level_note"] == said
    # a Ⅲ measure at Ⅲ is what the plan lists: nothing to say, no reason asked
    limit = add(db, "公共场所限流限客", "全市", hours=1)
    assert (limit.level_note, limit.level_reason) == ("", "")
    assert last_after(db)["level_note"] is None


def test_after_the_raise_to_level_ii_the_same_measure_is_what_the_plan_lists(db):
    switch(db, "III", T0 - timedelta(days=2), plan="respiratory", now=NOW)
    switch(db, "II", T0 - timedelta(hours=1), now=NOW)
    assert add(db).level_note == ""
    # checked at its own start time, not now: started before the raise, it was a Ⅲ-time measure
    with pytest.raises(ValidationError, match="实施时全市为Ⅲ级应急响应"):
        add(db, hours=-2)


def test_no_response_in_force_is_said_for_every_measure(db):
    with pytest.raises(ValidationError, match="实施时全市未启动应急响应，而停工停业停课是《温州市突发公共卫生事件应急预案》"
                                              r"6\.3\.1\(5\)所列的应急响应措施"):
        add(db, "停工停业停课", "瑞安市", "瑞安市政府")
    assert measure_count(db) == 0


def test_a_county_running_a_higher_level_of_its_own_counts_at_that_level(db):
    switch(db, "III", T0 - timedelta(days=1), plan="respiratory", now=NOW)
    counties.record_county(db, "鹿城区", T0 - timedelta(hours=2), "鹿城区政府", "鹿政发〔2026〕1号", "值班员", level="II",
                           now=NOW)
    assert add(db, area="鹿城区五马街道").level_note == ""
    with pytest.raises(ValidationError, match="实施时全市为Ⅲ级"):  # 龙湾区 did not raise its own
        add(db, area="鹿城区、龙湾区")


def test_a_measure_only_the_respiratory_plan_names_under_a_public_health_response(db):
    switch(db, "I", T0 - timedelta(days=1), now=NOW)
    with pytest.raises(ValidationError, match="依《温州市突发公共卫生事件应急预案》；该预案未列县域封锁"):
        add(db)
    assert add(db, "疫区封锁", "鹿城区", "鹿城区政府").level_note == ""
