"""Roster service: units with plan duties and groups; contact edits validated, audited, versioned."""
import json

import pytest
from sqlalchemy import select

from wzcommand.services import roster
from wzcommand.services.errors import ConflictError, NotFoundError, ValidationError
from wzcommand.storage.models import AuditEntry


def audit(db):
    with db.read() as s:
        return s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_units_carry_groups_duties_and_aliases(db):
    units = {u.name: u for u in roster.list_units(db)}
    assert len(units) == 77
    health = units["市卫生健康委"]
    assert set(health.groups) == {"办公室", "管控服务组", "医疗组", "宣传组", "物资保障组", "督查组"}
    assert health.duties  # the health commission has its own numbered item
    assert "市委宣传部" in units["市委宣传部（市新闻办）"].aliases
    assert units["市统计局"].groups == ("管控服务组",)  # named only in a group list
    assert list(units)[0] == "市纪委市监委机关"  # plan order


def test_edit_is_saved_with_who_and_when_and_audited(db):
    row = roster.update_contact(db, "市委宣传部", {"liaison": "李四", "title": "副主任",
                                                   "office_phone": "0577-88961234", "mobile": "13905771234",
                                                   "duty_phone": "0577-88960000-8", "fax": "(0577)88961235"}, "值班员甲")
    assert row.name == "市委宣传部（市新闻办）"  # the short form resolves to the one unit
    assert row.contact["liaison"] == "李四" and row.updated_by == "值班员甲" and row.updated_at is not None
    entry = audit(db)[-1]
    assert entry.action == "contact.update" and entry.target == "市委宣传部（市新闻办）"
    assert json.loads(entry.after)["mobile"] == "13905771234"
    assert json.loads(entry.before)["mobile"] == ""


@pytest.mark.parametrize("field,value", [
    ("mobile", "12345"), ("mobile", "1380000000"), ("mobile", "0577-88888888"), ("mobile", "23800000000"),
    ("office_phone", "12"), ("office_phone", "abc"), ("fax", "13800000000"), ("duty_phone", "0577-8888"),
    ("liaison", "名" * 51),
])
def test_invalid_values_are_refused_and_old_value_kept(db, field, value):
    roster.update_contact(db, "市公安局", {field: "", "mobile": "13800000000"}, "甲")
    before = roster.get_unit(db, "市公安局")
    count = len(audit(db))
    with pytest.raises(ValidationError) as err:
        roster.update_contact(db, "市公安局", {field: value}, "甲")
    assert field in err.value.fields and roster.CONTACT_FIELDS[field] in err.value.fields[field]
    assert roster.get_unit(db, "市公安局").contact == before.contact
    assert len(audit(db)) == count


@pytest.mark.parametrize("value", ["0577-88888888", "88888888", "0577-88888888-123", "(0577)88888888",
                                   "０５７７－８８８８８８８８", "0577 8888 8888", "057788888888转6",
                                   "13812345678", "0577-88888888、13812345678"])
def test_landline_and_mobile_forms_are_accepted(db, value):
    row = roster.update_contact(db, "市公安局", {"duty_phone": value}, "甲")
    assert row.contact["duty_phone"]


def test_unchanged_save_writes_nothing(db):
    roster.update_contact(db, "市公安局", {"liaison": "张三"}, "甲")
    count = len(audit(db))
    roster.update_contact(db, "市公安局", {"liaison": " 张三 "}, "乙")
    assert len(audit(db)) == count
    assert roster.get_unit(db, "市公安局").updated_by == "甲"


def test_stale_edit_is_refused(db):
    first = roster.update_contact(db, "市公安局", {"liaison": "张三"}, "甲")
    roster.update_contact(db, "市公安局", {"liaison": "李四"}, "乙", expected_version=first.version)
    with pytest.raises(ConflictError, match="他人修改"):
        roster.update_contact(db, "市公安局", {"liaison": "王五"}, "丙", expected_version=first.version)
    assert roster.get_unit(db, "市公安局").contact["liaison"] == "李四"


def test_unknown_unit_is_refused(db):
    with pytest.raises(NotFoundError, match="未知单位"):
        roster.update_contact(db, "市不存在局", {"liaison": "张三"}, "甲")
