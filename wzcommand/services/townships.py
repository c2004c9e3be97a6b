"""Townships (乡镇、街道): the office's own list, imported from .xlsx/.csv (division, township, code) or
from GeoJSON (their boundaries). All or nothing, like the roster: every row's or feature's error is
named and nothing is written while one is wrong. A township whose boundary lies outside its
division's (plan.geo.lies_within) is an error.

A township is known by its code (统计用区划代码, 9 or 12 digits, beginning with its division's adcode);
importing again updates the name or division of a code already registered, and a GeoJSON feature
adds or replaces the boundary. Townships are never deleted: their risk history stays.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..fileio import os_error_text
from ..plan import geo
from ..plan.counties import COUNTY_NAMES, parse_county
from ..storage import audit
from ..storage.locks import serialise
from ..storage.models import Township, utcnow
from .accounts import require
from .changes import NO_CHANGES, RISKMAP, Changes
from .errors import ImportRejected, RowError, ServiceError

DIVISION_COLUMNS = {"县（市、区）", "县(市、区)", "县市区", "县区", "区县", "所属县（市、区）", "division"}
TOWNSHIP_COLUMNS = {"乡镇（街道）", "乡镇(街道)", "乡镇街道", "乡镇", "街道", "名称", "township", "name"}
CODE_COLUMNS = {"代码", "区划代码", "统计用区划代码", "编码", "code"}
MAX_GEOJSON = 50 * 1024 * 1024
MAX_FEATURES = 2000
ADCODES = {name: code for code, name in geo.DIVISION_CODES.items()}


class FeatureError(RowError):
    def __str__(self) -> str:
        where = f"第{self.row}个要素" if self.row else "文件"
        return where + (f"“{self.column}”" if self.column else "") + f"：{self.message}"


@dataclass(frozen=True)
class TownshipInfo:
    id: int
    division: str
    name: str
    code: str
    has_boundary: bool


@dataclass(frozen=True)
class TownshipImport:
    added: int
    updated: int
    unchanged: int
    boundaries: int
    changes: Changes = field(default=NO_CHANGES, compare=False)


@dataclass
class _Entry:
    where: int
    division: str
    name: str
    code: str
    boundary: str | None = None  # GeoJSON geometry text, for a feature


def info(row: Township) -> TownshipInfo:
    return TownshipInfo(row.id, row.division, row.name, row.code, bool(row.boundary))


def ordered(rows):
    return sorted(rows, key=lambda t: (COUNTY_NAMES.index(t.division), t.code, t.name))


def list_townships(db) -> list[TownshipInfo]:
    with db.read() as session:
        return [info(t) for t in ordered(session.scalars(select(Township)))]


def import_townships(db, path: Path | str, operator: str) -> TownshipImport:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        entries, errors = _features(path)
    elif suffix in (".xlsx", ".csv"):
        entries, errors = _rows(path)
    else:
        raise ImportRejected([RowError(0, "", f"不支持的文件类型“{path.suffix or '（无扩展名）'}”："
                                              "乡镇（街道）名单请用 .xlsx 或 .csv，边界请用 .geojson")])
    if errors:
        raise ImportRejected(errors)
    with db.write() as session:
        require(session, operator, "riskmap.edit")
        serialise(session, "township")
        result = _apply(session, entries, operator, features=suffix in (".geojson", ".json"))
        audit.record(session, operator, "township.import", path.name,
                     after={"added": result.added, "updated": result.updated, "boundaries": result.boundaries})
        return result


def _apply(session, entries: list[_Entry], operator: str, *, features: bool) -> TownshipImport:
    existing = list(session.scalars(select(Township)))
    by_code = {t.code: t for t in existing}
    by_name = {(t.division, t.name): t for t in existing}
    error_type = FeatureError if features else RowError
    errors: list[RowError] = []
    added = updated = unchanged = boundaries = 0
    now = utcnow()
    for e in entries:
        row = by_code.get(e.code) if e.code else by_name.get((e.division, e.name))
        other = by_name.get((e.division, e.name))
        if row is None and not e.code:
            errors.append(error_type(e.where, "代码", f"{e.division}{e.name}尚未登记，新的乡镇（街道）须填写代码"))
            continue
        if other is not None and other is not row:
            errors.append(error_type(e.where, "乡镇（街道）", f"{e.division}{e.name}已登记，代码为{other.code}，"
                                                          f"与本文件的{e.code}不同"))
            continue
        if row is None:
            row = Township(division=e.division, name=e.name, code=e.code, boundary=e.boundary or "",
                           imported_at=now, imported_by=operator)
            session.add(row)
            by_code[e.code] = row
            added += 1
        else:
            before = (row.division, row.name, row.boundary)
            by_name.pop((row.division, row.name), None)
            row.division, row.name = e.division, e.name
            if e.boundary is not None:
                row.boundary = e.boundary
            if (row.division, row.name, row.boundary) != before:
                row.imported_at, row.imported_by = now, operator
                updated += 1
            else:
                unchanged += 1
        by_name[(e.division, e.name)] = row
        boundaries += e.boundary is not None
    if errors:
        raise ImportRejected(errors)
    session.flush()
    return TownshipImport(added, updated, unchanged, boundaries, Changes.of(RISKMAP) if added or updated else NO_CHANGES)


# ------------------------------------------------------------------------------------ checking
def _check(entry: _Entry, seen_names: dict, seen_codes: dict, error_type, division_text: str,
           errors: list[RowError]) -> bool:
    ok = True
    try:
        entry.division = parse_county(division_text)
    except ValueError as exc:
        errors.append(error_type(entry.where, "县（市、区）", str(exc)))
        ok = False
    if not entry.name:
        errors.append(error_type(entry.where, "乡镇（街道）", "名称为空"))
        ok = False
    elif len(entry.name) > 64:
        errors.append(error_type(entry.where, "乡镇（街道）", "名称过长（不应超过 64 字）"))
        ok = False
    if entry.code:
        if not re.fullmatch(r"\d{9}|\d{12}", entry.code):
            errors.append(error_type(entry.where, "代码", f"代码“{entry.code}”应为 9 位或 12 位数字（统计用区划代码）"))
            ok = False
        elif ok and not entry.code.startswith(ADCODES[entry.division]):
            errors.append(error_type(entry.where, "代码", f"代码“{entry.code}”不以{entry.division}的区划代码"
                                                        f"{ADCODES[entry.division]}开头"))
            ok = False
    if ok:
        key = (entry.division, entry.name)
        if key in seen_names:
            errors.append(error_type(entry.where, "乡镇（街道）", f"{entry.division}{entry.name}重复，已在"
                                                              f"{_where(error_type, seen_names[key])}出现"))
            ok = False
        elif entry.code and entry.code in seen_codes:
            errors.append(error_type(entry.where, "代码", f"代码{entry.code}重复，已在{_where(error_type, seen_codes[entry.code])}出现"))
            ok = False
        seen_names.setdefault(key, entry.where)
        if entry.code:
            seen_codes.setdefault(entry.code, entry.where)
    return ok


def _where(error_type, n: int) -> str:
    return f"第{n}个要素" if error_type is FeatureError else f"第{n}行"


def _column(header: list[str], names: set[str], label: str, errors: list[RowError], required: bool = True) -> int:
    found = [i for i, h in enumerate(header) if h.strip() in names]
    if not found and required:
        errors.append(RowError(1, label, f"缺少“{label}”列（第一行应为表头：县（市、区）、乡镇（街道）、代码）"))
    return found[0] if found else -1


def _rows(path: Path) -> tuple[list[_Entry], list[RowError]]:
    from .roster_io import read_table

    rows = read_table(path)
    header, body = rows[0], rows[1:]
    errors: list[RowError] = []
    columns = [_column(header, DIVISION_COLUMNS, "县（市、区）", errors), _column(header, TOWNSHIP_COLUMNS, "乡镇（街道）", errors),
               _column(header, CODE_COLUMNS, "代码", errors)]
    if errors:
        return [], errors
    if not body:
        return [], [RowError(0, "", "文件中只有表头，没有乡镇（街道）")]
    entries: list[_Entry] = []
    seen_names: dict[tuple[str, str], int] = {}
    seen_codes: dict[str, int] = {}
    for offset, row in enumerate(body):
        row = row + [""] * (len(header) - len(row))
        division, name, code = (row[c].strip() for c in columns)
        entry = _Entry(offset + 2, "", name, code)
        if not code:
            errors.append(RowError(entry.where, "代码", "代码为空"))
        if _check(entry, seen_names, seen_codes, RowError, division, errors) and code:
            entries.append(entry)
    return entries, errors


def _features(path: Path) -> tuple[list[_Entry], list[RowError]]:
    from ..fileio import check_input_file

    def refuse(message: str):
        return [], [FeatureError(0, "", message)]

    try:
        check_input_file(path, "GeoJSON 文件")
        with open(path, "rb") as fh:
            data = fh.read(MAX_GEOJSON + 1)
    except ServiceError as exc:
        return refuse(exc.message)
    except OSError as exc:
        return refuse(f"无法读取文件：{os_error_text(exc)}")
    if len(data) > MAX_GEOJSON:
        return refuse(f"文件过大，边界文件不应超过 {MAX_GEOJSON // 1024 // 1024} MB")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return refuse("文件不是 UTF-8 编码的 GeoJSON")
    except ValueError as exc:
        return refuse(f"不是有效的 JSON：{exc}")
    features = doc.get("features") if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        return refuse("不是 GeoJSON 要素集合（FeatureCollection）")
    if not features:
        return refuse("要素集合中没有要素")
    if len(features) > MAX_FEATURES:
        return refuse(f"要素过多：不应超过 {MAX_FEATURES} 个")
    entries: list[_Entry] = []
    errors: list[RowError] = []
    seen_names: dict[tuple[str, str], int] = {}
    seen_codes: dict[str, int] = {}
    for n, feature in enumerate(features, 1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        division = _prop(props, DIVISION_COLUMNS)
        entry = _Entry(n, "", _prop(props, TOWNSHIP_COLUMNS), _prop(props, CODE_COLUMNS))
        ok = _check(entry, seen_names, seen_codes, FeatureError, division, errors)
        try:
            geometry = feature.get("geometry") if isinstance(feature, dict) else None
            shape = geo.parse_geometry(geometry)
        except geo.GeometryError as exc:
            errors.append(FeatureError(n, "边界", str(exc)))
            continue
        if not ok:
            continue
        if not geo.lies_within(shape, geo.division(entry.division).shape):
            inside = [a.name for a in geo.divisions() if geo.contains(a.shape, geo.representative_point(shape))]
            where = f"（其范围在{'、'.join(inside)}）" if inside else "（其范围不在温州市内）"
            errors.append(FeatureError(n, "边界", f"{entry.name}的边界不在{entry.division}范围内{where}"))
            continue
        entry.boundary = json.dumps(geometry, ensure_ascii=False, separators=(",", ":"))
        entries.append(entry)
    return entries, errors


def _prop(props: dict, names: set[str]) -> str:
    for key, value in props.items():
        if str(key).strip() in names and value is not None:
            return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
    return ""


def boundary_shape(row_boundary: str) -> geo.Shape | None:
    """The stored boundary, projected (None without one)."""
    return geo.parse_geometry(json.loads(row_boundary)) if row_boundary else None
