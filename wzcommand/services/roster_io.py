"""Import and export of the liaison 通讯录 as .xlsx or .csv (UTF-8 with BOM)."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock
from ..fileio import atomic_write_bytes, os_error_text
from ..storage.models import Unit
from .changes import NO_CHANGES, ROSTER, Changes
from .errors import ImportRejected, RowError, ServiceError, ValidationError
from .roster import CONTACT_FIELDS, apply_contact, clean_contact, list_units, plan_of

UNIT_COLUMN = "单位名称"
UNIT_COLUMN_ALIASES = {"单位名称", "单位", "成员单位"}
# Columns our own export adds; ignored on import so an exported file imports back unchanged.
INFO_COLUMNS = {"所属工作组": "groups", "职责条目": "duties", "更新时间": "updated_at", "更新人": "updated_by"}
LABEL_TO_FIELD = {label: key for key, label in CONTACT_FIELDS.items()} | {"值班电话": "duty_phone", "24小时值班": "duty_phone"}
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 30                      # the export has 11; a sheet claiming more is refused
MAX_CELL = 2000                       # characters in one cell
MAX_UNPACKED = 64 * 1024 * 1024       # all parts of an .xlsx together, uncompressed
MAX_RATIO = 100                       # uncompressed / compressed for a part above 1 MB
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")   # a spreadsheet reads these as a formula (OWASP)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    updated: int
    unchanged: int
    updated_units: tuple[str, ...]
    changes: Changes = field(default=NO_CHANGES, compare=False)  # ROSTER when any contact changed


def export_contacts(db, path: Path | str) -> int:
    path = Path(path)
    header = [UNIT_COLUMN, *CONTACT_FIELDS.values(), *INFO_COLUMNS]
    rows = [[u.name, *(u.contact[f] for f in CONTACT_FIELDS), "、".join(u.groups),
             "、".join(str(n) for n in u.duties),
             clock.local(u.updated_at).strftime("%Y-%m-%d %H:%M") if u.updated_at else "", u.updated_by]
            for u in list_units(db)]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx_bytes(header, rows)
    elif suffix == ".csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows([[_csv_safe(c) for c in r] for r in [header, *rows]])
        data = buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8
    else:
        raise ServiceError(f"不支持的导出格式“{path.suffix or '（无扩展名）'}”：请使用 .xlsx 或 .csv。")
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}") from exc
    return len(rows)


def _csv_safe(value) -> str:
    """OWASP's rule for CSV: a cell a spreadsheet would run as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(UNSAFE_START) else text


def _xlsx_bytes(header: list[str], rows: Sequence[Sequence[object]], title: str = "成员单位通讯录",
                widths: tuple[int, ...] = (34, 10, 14, 18, 16, 18, 16, 30, 20, 18, 10)) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows():
        for cell in line:
            if cell.data_type == "f":  # every value is written as text, never as a live formula
                cell.data_type = "s"
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(path: Path | str, what: str = "通讯录") -> list[list[str]]:
    """The file's rows as text cells; ImportRejected with a file-level error if unreadable."""
    from ..fileio import check_input_file

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise _file_error(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：请选择 .xlsx 或 .csv 文件。")
    try:
        check_input_file(path, f"{what}文件")  # a device, a pipe or a link to one is never read
    except ServiceError as exc:
        raise _file_error(exc.message) from exc
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _file_error(f"无法读取文件：{os_error_text(exc)}") from exc
    if len(data) > MAX_BYTES:
        raise _file_error(f"文件过大，{what}文件不应超过 {MAX_BYTES // 1024 // 1024} MB。")
    if not data.strip():
        raise _file_error("文件是空的。")
    rows = _read_xlsx(data, what) if suffix == ".xlsx" else _read_csv(data)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise _file_error("文件中没有任何数据。")
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        hint = "（看起来是 GBK 编码）" if _looks_gbk(data) else ""
        raise _file_error(f"文件不是 UTF-8 编码{hint}。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入。") from None
    if "\x00" in text:
        raise _file_error("文件含有二进制内容，不是文本格式的 CSV。")
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise _file_error(f"CSV 格式错误：{exc}") from exc


def _looks_gbk(data: bytes) -> bool:
    try:
        data.decode("gbk")
        return True
    except UnicodeDecodeError:
        return False


def _check_parts(data: bytes, what: str) -> None:
    """Sizes from the zip directory, before anything is unpacked: a bomb is refused here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            if sum(p.file_size for p in parts) > MAX_UNPACKED:
                raise _file_error(f"Excel 文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像是{what}，未导入。")
            for part in parts:
                if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                    raise _file_error(f"Excel 文件中的 {part.filename} 压缩比异常（可能是“压缩炸弹”），未导入。")
            for part in parts:
                if _declares_dtd(zf, part):
                    raise _file_error(f"Excel 文件中的 {part.filename} 含有 DTD 声明（Excel 从不写入），未导入。")
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise _file_error("无法打开 Excel 文件：文件已损坏、不完整或不是 .xlsx 格式。") from exc


def _declares_dtd(zf: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Stream the part (sizes already capped) looking for <!DOCTYPE or <!ENTITY."""
    tail = b""
    with zf.open(part) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            window = (tail + block).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = block[-16:]
    return False


def _read_xlsx(data: bytes, what: str = "通讯录") -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _check_parts(data, what)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # hostile input: any parser failure is a refusal, never a crash
        raise _file_error("无法打开 Excel 文件：文件已损坏、不完整、含有不允许的内容（如 DTD）或不是 .xlsx 格式。") from exc
    try:
        sheet = book.worksheets[0]
        if (sheet.max_column or 0) > MAX_COLUMNS or (sheet.max_row or 0) > MAX_ROWS + 1:
            raise _file_error(f"工作表范围过大（{sheet.max_row} 行 × {sheet.max_column} 列）："
                              f"{what}不应超过 {MAX_ROWS} 行、{MAX_COLUMNS} 列。")
        rows, formulas = [], []
        for number, line in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            row = []
            for index, cell in enumerate(line, start=1):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(RowError(number, f"{get_column_letter(index)}{number}",
                                             f"单元格 {get_column_letter(index)}{number} 是公式（{str(value)[:40]}），"
                                             f"{what}只接受文字；请把它改为公式的结果（粘贴为值）后再导入"))
                    value = None
                text = _cell_text(value)
                if len(text) > MAX_CELL:
                    raise _file_error(f"单元格 {get_column_letter(index)}{number} 过长（{len(text)} 字），未导入。")
                row.append(text)
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise _file_error(f"行数过多：{what}不应超过 {MAX_ROWS} 行。")
        if formulas:
            raise ImportRejected(formulas[:50])
        return rows
    except ImportRejected:
        raise
    except Exception as exc:  # hostile input, as above
        raise _file_error("Excel 文件内容损坏或不完整，无法读取。") from exc
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phones typed as numbers come back as floats
    return str(value).strip()


def _file_error(message: str) -> ImportRejected:
    return ImportRejected([RowError(0, "", message)])


def import_contacts(db, path: Path | str, operator: str, progress: Progress | None = None) -> ImportResult:
    """Check every row first; write all in one transaction only if none is wrong."""
    rows = read_table(path)
    if len(rows) - 1 > MAX_ROWS:
        raise _file_error(f"行数过多：通讯录不应超过 {MAX_ROWS} 行。")
    plan = plan_of(db)
    header, body = rows[0], rows[1:]
    columns, errors = _map_header(header)
    if errors:
        raise ImportRejected(errors)
    parsed: dict[str, tuple[int, dict[str, str]]] = {}
    for offset, row in enumerate(body):
        number = offset + 2
        row = row + [""] * (len(header) - len(row))
        name = row[columns[UNIT_COLUMN]].strip()
        canonical = plan.resolve(name) if name else None
        if not name:
            errors.append(RowError(number, UNIT_COLUMN, "单位名称为空"))
        elif canonical is None:
            errors.append(RowError(number, UNIT_COLUMN, f"未知单位“{name}”（预案中没有，导入不会新增单位）"))
        elif canonical in parsed:
            errors.append(RowError(number, UNIT_COLUMN, f"“{canonical}”重复，已在第{parsed[canonical][0]}行出现"))
        values = {key: row[index] for key, index in columns.items() if key != UNIT_COLUMN}
        try:
            values = clean_contact(values)
        except ValidationError as exc:
            errors.extend(RowError(number, CONTACT_FIELDS[k], _lost_zero(k, values.get(k, "")) or m.split("：", 1)[-1])
                          for k, m in exc.fields.items())
        if canonical and canonical not in parsed:
            parsed[canonical] = (number, values)
        if progress:
            progress(offset + 1, len(body) * 2)
    if errors:
        raise ImportRejected(errors)
    updated = []
    with db.write() as session:
        units = {u.name: u for u in session.scalars(
            select(Unit).options(selectinload(Unit.contact)).where(Unit.name.in_(parsed)))}
        for index, (name, (_, values)) in enumerate(parsed.items()):
            if apply_contact(session, units[name], values, operator):
                updated.append(name)
            if progress:
                progress(len(body) + index + 1, len(body) * 2)
    return ImportResult(len(updated), len(parsed) - len(updated), tuple(updated),
                        Changes.of(ROSTER) if updated else NO_CHANGES)


def _lost_zero(key: str, value: str) -> str | None:
    """A number a spreadsheet stored as a number loses its leading 0 (057788123456 → 57788123456):
    say so, and how to keep it."""
    from . import phones
    from .roster import PHONE_KINDS

    digits = value.strip()
    if key in PHONE_KINDS and digits.isdigit() and not phones.check(PHONE_KINDS[key], "0" + digits):
        return (f"“{digits}”开头的 0 丢失了（表格软件把号码当成了数字），应为“0{digits}”。"
                "请把该列设置为“文本”格式，重新输入号码后再导入")
    return None


def _map_header(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, raw in enumerate(header):
        label = raw.strip()
        key = UNIT_COLUMN if label in UNIT_COLUMN_ALIASES else LABEL_TO_FIELD.get(label)
        if not label or label in INFO_COLUMNS:
            continue
        if key is None:
            errors.append(RowError(1, label, "无法识别的列名（可用：单位名称、" + "、".join(CONTACT_FIELDS.values()) + "）"))
        elif key in columns:
            errors.append(RowError(1, label, "列重复"))
        else:
            columns[key] = index
    if UNIT_COLUMN not in columns and not errors:
        errors.append(RowError(1, UNIT_COLUMN, "缺少“单位名称”列（第一行应为表头）"))
    elif UNIT_COLUMN not in columns:
        errors.append(RowError(1, UNIT_COLUMN, "缺少“单位名称”列"))
    return columns, errors
