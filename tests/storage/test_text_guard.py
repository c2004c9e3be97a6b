"""Control characters, NUL, bidi overrides are refused for every field of every table; zero-width
characters are stripped. Checked once, before any row is written, on both back ends."""
import pytest

from wzcommand.services import people, tasks
from wzcommand.services.errors import ValidationError


@pytest.mark.parametrize("bad, says", [("张\x00三", "NUL"), ("张\x1b[31m三", "控制字符"),
                                       ("‮价格001", "方向"), ("张\u2066三", "方向")])
def test_bad_characters_are_refused_in_any_field(db, bad, says):
    with pytest.raises(ValidationError, match=says):
        people.set_person(db, "市长", bad, "甲")
    with pytest.raises(ValidationError, match=says):
        tasks.add_task(db, f"核查{bad}", "市公安局", "甲")
    assert tasks.list_tasks(db) == []


def test_zero_width_characters_are_stripped(db):
    task = tasks.add_task(db, "核\u200b查\ufeff密接", "市公安局", "甲")
    assert task.content == "核查密接"
    assert tasks.list_tasks(db)[0].content == "核查密接"


def test_rows_inserted_in_bulk_are_checked_the_same_way(db):
    """The level switch plans its items in one statement (rowstate.insert_rows), not through a flush."""
    from datetime import datetime, timezone

    from sqlalchemy import func, select

    from wzcommand.storage.models import ScheduleItem
    from wzcommand.storage.rowstate import insert_rows

    at = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)
    row = {"kind": "work_meeting", "start": at, "end": at, "origin": "cadence", "level": "IV"}
    with pytest.raises(ValidationError, match="方向"):
        with db.write() as session:
            insert_rows(session, ScheduleItem, [{**row, "title": "工作例会"}, {**row, "title": "‮工作例会"}])
    with db.write() as session:
        ids = insert_rows(session, ScheduleItem, [{**row, "title": "工作\u200b例会"}])
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ScheduleItem)) == 1
        assert session.get(ScheduleItem, ids[0]).title == "工作例会"
