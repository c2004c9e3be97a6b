"""Registering and updating events: validation, dated counts and grades, audit."""
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand.services import events
from wzcommand.services.audit_log import entries
from wzcommand.services.errors import NotFoundError, ValidationError

TZ = timezone(timedelta(hours=8))
OCC = datetime(2026, 11, 29, 8, 0, tzinfo=TZ)
REC = OCC + timedelta(hours=1)
NOW = OCC + timedelta(days=1)


def new(db, **kw):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区",
                occurred_at=OCC, received_at=REC, grade="较大", counts={"ill": 23, "dead": 0, "close_contacts": 40})
    data.update(kw)
    return events.register_event(db, events.EventInput(**data), "值班员甲", now=NOW)


def test_register_keeps_counts_and_grade_history(db):
    e = new(db)
    events.update_event(db, e.id, "值班员乙", counts={"ill": 30}, at=REC + timedelta(hours=3), now=NOW)
    events.update_event(db, e.id, "值班员乙", grade="重大", at=REC + timedelta(hours=4), now=NOW)
    events.update_event(db, e.id, "值班员乙", fields={"measures": "停课"}, now=NOW)
    history = events.count_history(db, e.id)
    assert [(c.ill, c.close_contacts) for c in history] == [(23, 40), (30, 40)]
    assert [g.grade for g in events.grade_history(db, e.id)] == ["较大", "重大"]
    assert events.get_event(db, e.id).measures == "停课"
    assert [x.action for x in entries(db)][-4:] == ["event.register", "event.update", "event.update", "event.update"]


def test_category_by_chinese_name(db):
    assert new(db, category="食物中毒").category == "food"


@pytest.mark.parametrize("kw,field", [
    ({"received_at": OCC - timedelta(minutes=1)}, "received_at"),
    ({"district": "杭州市"}, "district"),
    ({"counts": {"ill": -1}}, "ill"),
    ({"counts": {"dead": "三"}}, "dead"),
    ({"name": " "}, "name"),
    ({"category": "地震"}, "category"),
    ({"grade": "很大"}, "grade"),
    ({"occurred_at": NOW + timedelta(days=1), "received_at": NOW + timedelta(days=1)}, "occurred_at"),
    ({"reporter_phone": "12"}, "reporter_phone"),
])
def test_bad_input_is_refused_and_nothing_written(db, kw, field):
    count = len(entries(db))
    with pytest.raises(ValidationError) as err:
        new(db, **kw)
    assert field in err.value.fields
    assert len(entries(db)) == count and events.list_events(db) == []


def test_unknown_event(db):
    with pytest.raises(NotFoundError):
        events.update_event(db, 99, "甲", counts={"ill": 1})


def test_latest_counts_of_every_event_follow_the_history_order(db):
    a, b = new(db), new(db, name="第二起")
    events.update_event(db, a.id, "乙", counts={"ill": 40}, at=REC + timedelta(hours=5), now=NOW)
    events.update_event(db, a.id, "乙", counts={"ill": 35}, at=REC + timedelta(hours=2), now=NOW)  # a late entry
    latest = events.latest_ill_dead(db)
    assert latest[a.id] == (events.count_history(db, a.id)[-1].ill, 0) == (40, 0)
    assert latest[b.id] == (23, 0)
