"""通讯录 import and export: every row checked first, any error writes nothing."""
import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from wzcommand.services import roster
from wzcommand.services.errors import ImportRejected
from wzcommand.services.roster_io import export_contacts, import_contacts
from wzcommand.storage.models import AuditEntry, Unit

HEADER = ["单位名称", "联络员", "职务", "办公电话", "手机", "24小时值班电话", "传真"]


def write_csv(path, rows, encoding="utf-8-sig"):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def snapshot(db):
    with db.read() as s:
        return ([(u.name, tuple(sorted(u.contact.items()))) for u in roster.list_units(db)],
                s.scalar(select(func.count()).select_from(AuditEntry)),
                s.scalar(select(func.count()).select_from(Unit)))


def test_xlsx_export_opens_back_and_imports_unchanged(db, tmp_path):
    roster.update_contact(db, "市卫生健康委", {"liaison": "赵六", "mobile": "13712345678"}, "甲")
    path = tmp_path / "通讯录.xlsx"
    assert export_contacts(db, path) == 77
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:7]) == HEADER
    health = next(r for r in rows if r[0] == "市卫生健康委")
    assert health[1] == "赵六" and health[4] == "13712345678"
    assert len(rows) == 78
    result = import_contacts(db, path, "甲")
    assert (result.updated, result.unchanged) == (0, 77)


def test_csv_import_updates_only_what_changed(db, tmp_path):
    path = write_csv(tmp_path / "c.csv", [HEADER,
                                          ["市公安局", "张三", "科长", "0577-88881234", "13812345678", "0577-88880000", ""],
                                          ["市委办", "李四", "", "", "", "", ""]])
    result = import_contacts(db, path, "导入员")
    assert (result.updated, result.unchanged) == (2, 0)
    assert roster.get_unit(db, "市委办公室").contact["liaison"] == "李四"
    assert roster.get_unit(db, "市公安局").updated_by == "导入员"
    again = import_contacts(db, path, "导入员")
    assert (again.updated, again.unchanged) == (0, 2)


def test_numbers_typed_as_numbers_in_excel_are_read_as_text(db, tmp_path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["市教育局", "钱七", "", 88881234, 13912345678, None, None])
    book.save(tmp_path / "n.xlsx")
    import_contacts(db, tmp_path / "n.xlsx", "甲")
    assert roster.get_unit(db, "市教育局").contact["mobile"] == "13912345678"


def rejected(db, path):
    before = snapshot(db)
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert snapshot(db) == before, "a refused import must write nothing"
    return err.value.errors


def test_truncated_xlsx(db, tmp_path):
    good = tmp_path / "good.xlsx"
    export_contacts(db, good)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    errors = rejected(db, bad)
    assert "损坏" in errors[0].message or "不完整" in errors[0].message


def test_gbk_csv(db, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", [HEADER, ["市公安局", "张三", "", "", "", "", ""]], encoding="gbk")
    assert "GBK" in rejected(db, path)[0].message


def test_duplicate_unknown_and_bad_phone_rows_are_all_reported(db, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [HEADER,
                                            ["市公安局", "张三", "", "", "13812345678", "", ""],
                                            ["市新设局", "李四", "", "", "", "", ""],
                                            ["市公安局", "王五", "", "", "", "", ""],
                                            ["市教育局", "赵六", "", "", "12345", "", ""],
                                            ["市财政局", "孙七", "", "", "13812345679", "", ""]])
    errors = rejected(db, path)
    found = {(e.row, e.column) for e in errors}
    assert (3, "单位名称") in found          # unknown unit, not created
    assert (4, "单位名称") in found          # duplicate of row 2
    assert (5, "手机") in found              # bad mobile
    assert "第4行" in str(next(e for e in errors if e.row == 4)) and "第2行" in next(e for e in errors if e.row == 4).message
    assert roster.get_unit(db, "市财政局").contact["liaison"] == ""  # the good row was not written either


@pytest.mark.parametrize("content,needle", [
    (b"", "空"), ("单位名称,手机号\n市公安局,1\n".encode("utf-8-sig"), "无法识别"),
    ("联络员,手机\n张三,13812345678\n".encode("utf-8-sig"), "单位名称"),
])
def test_bad_files(db, tmp_path, content, needle):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert any(needle in str(e) for e in rejected(db, path))


def test_wrong_extension(db, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x")
    assert "不支持" in rejected(db, path)[0].message
