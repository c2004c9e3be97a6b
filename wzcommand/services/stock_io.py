"""Stock lists as .xlsx: export the stock by site, item and batch; import either a list of movements
(a 数量 column: positive received, negative issued or transferred) or a stock-taking list (a 结存数量
column, as the export writes it: each batch's quantity is set to the figure, by an adjustment).

The same checks as the roster's import (services.roster_io: sizes, formulas, DTDs): every row is
checked first, against the stock as the earlier rows leave it; any error lists row and column and
nothing is written. A movement list already imported (the same file, by its SHA-256) is refused."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from .. import clock
from ..fileio import atomic_write_bytes, os_error_text
from ..plan import supplies as rules
from ..plan.numbers import grouped
from ..storage import audit
from ..storage.models import StockLine, StockMove, utcnow
from .accounts import require
from .changes import NO_CHANGES, SUPPLIES, Changes
from .errors import ImportRejected, RowError, ServiceError, ValidationError
from .roster_io import MAX_ROWS, Progress, _file_error, _xlsx_bytes, read_table
from .supplies import MoveSpec, _batches, _item, _site, apply_move, stock

WHAT = "物资清单"
COLUMNS = {"存放点": "site", "物资名称": "item", "物资": "item", "计量单位": "unit", "数量": "qty",
           "结存数量": "balance", "批号": "batch", "有效期至": "expires_on", "发放对象": "to_unit",
           "调入存放点": "to_site", "来源": "party", "日期": "at", "备注": "note"}
INFO_COLUMNS = {"状态", "近7日发放", "可用天数"}  # the export's own; ignored on import
EXPORT_HEADER = ["存放点", "物资名称", "计量单位", "批号", "有效期至", "结存数量", "状态", "近7日发放", "可用天数"]
# Which field each error of services.supplies names, as the sheet's column.
FIELD_COLUMN = {"item": "物资名称", "site": "存放点", "qty": "数量", "to": "发放对象", "to_site": "调入存放点",
                "batch": "批号", "note": "备注", "party": "来源", "at": "日期", "unit": "计量单位"}


@dataclass(frozen=True)
class StockImportResult:
    kind: str  # moves | stocktake
    moves: int
    unchanged: int
    changes: Changes = field(default=NO_CHANGES, compare=False)


def export_stock(db, path: Path | str, now: datetime | None = None) -> int:
    """The stock list (one row per site, item and batch held) as .xlsx; returns the rows written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(f"不支持的导出格式“{path.suffix or '（无扩展名）'}”：物资清单请使用 .xlsx。")
    now = now or clock.now()
    today = clock.local(now).date()
    rows = []
    for r in stock(db, now):
        for b in r.batches:
            state = "已过期" if rules.expired(b.expires_on, today) else \
                "30天内到期" if rules.expiring_soon(b.expires_on, today) else ""
            rows.append([r.site, r.item, r.unit, b.batch, b.expires_on.isoformat() if b.expires_on else "",
                         b.quantity, state, r.issued, r.cover_text])
    data = _xlsx_bytes(EXPORT_HEADER, rows, title="物资库存清单", widths=(22, 22, 8, 14, 12, 10, 10, 10, 16))
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ServiceError(f"无法写入“{path}”：{os_error_text(exc)}") from exc
    return len(rows)


def _header(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    columns: dict[str, int] = {}
    errors = []
    for index, raw in enumerate(header):
        label = raw.strip()
        if not label or label in INFO_COLUMNS:
            continue
        key = COLUMNS.get(label)
        if key is None:
            errors.append(RowError(1, label, "无法识别的列名（可用：" + "、".join(dict.fromkeys(COLUMNS)) + "）"))
        elif key in columns:
            errors.append(RowError(1, label, "列重复"))
        else:
            columns[key] = index
    for need in ("site", "item"):
        if need not in columns:
            errors.append(RowError(1, "存放点" if need == "site" else "物资名称", "缺少此列（第一行应为表头）"))
    if ("qty" in columns) == ("balance" in columns):
        errors.append(RowError(1, "数量", "应有“数量”列（进出清单）或“结存数量”列（盘点清单），且只有其中一列"))
    return columns, errors


def _integer(text: str) -> int | None:
    try:
        return int(text.replace(",", "")) if text.strip() else None
    except ValueError:
        return None


def _day(text: str) -> date | None:
    text = text.strip()
    if text.endswith(" 00:00:00"):  # a date cell comes back as a datetime
        text = text[:10]
    return date.fromisoformat(text)


def _moment(text: str, now: datetime) -> datetime:
    """A date alone is noon of that day (now, for today); a time is taken as given."""
    text = text.strip()
    if text.endswith(" 00:00:00"):
        text = text[:10]
    if len(text) <= 10:
        day = date.fromisoformat(text)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=clock.zone())
        return min(noon, now) if day == clock.local(now).date() else noon
    return clock.parse_iso(text.replace(" ", "T"))


def import_stock(db, path: Path | str, operator: str, progress: Progress | None = None,
                 now: datetime | None = None) -> StockImportResult:
    """Check every row (against the stock as the earlier rows leave it); write all or nothing."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise _file_error(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：物资清单请选择 .xlsx 文件。")
    rows = read_table(path, WHAT)
    if len(rows) - 1 > MAX_ROWS:
        raise _file_error(f"行数过多：{WHAT}不应超过 {MAX_ROWS} 行。")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    header, body = rows[0], rows[1:]
    columns, errors = _header(header)
    if errors:
        raise ImportRejected(errors)
    if not body:
        raise _file_error("文件只有表头，没有任何物资行。")
    now = now or clock.now()
    stocktake = "balance" in columns
    ref = f"导入{WHAT} {digest[:16]}"
    done = unchanged = 0
    with db.write() as session:
        require(session, operator, "supplies.edit")
        if not stocktake and session.scalars(select(StockMove.id).where(StockMove.ref == ref)).first():
            raise _file_error("这个文件已经导入过（内容完全相同），再次导入会重复入库或发放，未导入。")
        for offset, raw in enumerate(body):
            number = offset + 2
            cells = {key: (raw[i] if i < len(raw) else "").strip() for key, i in columns.items()}
            try:
                moved = _apply_row(session, cells, stocktake, operator, now, ref)
            except ValidationError as exc:
                errors.extend(RowError(number, "结存数量" if stocktake and k == "qty" else FIELD_COLUMN.get(k, k), m)
                              for k, m in exc.fields.items())
                moved = None
            if moved:
                done += 1
            elif moved is False:
                unchanged += 1
            if progress:
                progress(offset + 1, len(body))
        if errors:
            raise ImportRejected(errors[:200])
        audit.record(session, operator, "stock.import", path.name,
                     after={"sha256": digest, "kind": "stocktake" if stocktake else "moves", "moves": done})
    return StockImportResult("stocktake" if stocktake else "moves", done, unchanged,
                             Changes.of(SUPPLIES) if done else NO_CHANGES)


def _apply_row(session, cells: dict[str, str], stocktake: bool, operator: str, now: datetime, ref: str) -> bool | None:
    """One row inside the import's transaction: True if it moved stock, False if nothing changed."""
    errors = {}
    if not cells.get("site"):
        errors["site"] = "存放点为空"
    if not cells.get("item"):
        errors["item"] = "物资名称为空"
    key = "balance" if stocktake else "qty"
    number = _integer(cells.get(key, ""))
    if number is None:
        errors["qty"] = f"“{cells.get(key, '')}”不是整数" if cells.get(key) else "数量为空"
    expires = None
    try:
        expires = _day(cells["expires_on"]) if cells.get("expires_on") else None
    except ValueError:
        errors["batch"] = f"有效期“{cells['expires_on']}”应为日期（YYYY-MM-DD）"
    at = now
    try:
        at = _moment(cells["at"], now) if cells.get("at") else now
    except ValueError:
        errors["at"] = f"日期“{cells['at']}”应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM"
    clock.check_time(errors, "at", at, "日期", now)
    if errors:
        raise ValidationError(errors)
    item = _item(session, cells["item"])
    unit = cells.get("unit")
    wrong_unit = {"unit": f"计量单位“{unit}”与物资目录中“{item.name}”的单位“{item.unit}”不同"} \
        if unit and unit != item.unit else {}
    assert number is not None
    try:  # checked against the stock even when the unit is wrong: every problem of the row at once
        if stocktake:
            moved = _stocktake_row(session, cells, number, expires, operator, at, ref)
        else:
            apply_move(session, MoveSpec(item.name, cells["site"], number, to_unit=cells.get("to_unit", ""),
                                         to_site=cells.get("to_site", ""), batch=cells.get("batch", ""),
                                         expires_on=expires, party=cells.get("party", ""), note=cells.get("note", ""),
                                         ref=ref), operator, at)
            moved = True
    except ValidationError as exc:
        raise ValidationError({**wrong_unit, **exc.fields}) from exc
    if wrong_unit:
        raise ValidationError(wrong_unit)
    return moved


def _stocktake_row(session, cells, balance: int, expires: date | None, operator: str, at: datetime, ref: str) -> bool:
    if balance < 0:
        raise ValidationError({"qty": f"结存数量{grouped(balance)}为负数：结存不能为负数"})
    site, item = _site(session, cells["site"]), _item(session, cells["item"])
    batch = cells.get("batch", "")
    held = sum(b.quantity for b in _batches(session, site.id, item.id) if b.batch == batch and b.expires_on == expires)
    if held == balance:
        return False
    move = StockMove(kind="adjust", item_id=item.id, site_id=site.id, quantity=abs(balance - held), party="",
                     ref=ref, note=cells.get("note", "") or f"盘点：{held} → {balance}", moved_at=at,
                     operator=operator, recorded_at=utcnow())
    move.lines.append(StockLine(site_id=site.id, item_id=item.id, batch=batch, expires_on=expires,
                                quantity=balance - held))
    session.add(move)
    session.flush()
    return True
