"""Every row of an audited table is tied to the audit log, centrally, for every writer.

A mapped table is audited unless its model says `__audited__ = False` (only the audit log
itself). The ORM's flush events note each inserted, updated or deleted row of an audited
table; just before the transaction commits, those rows are read back and the SHA-256 of each
row's full content (None for a deleted row) goes into the transaction's audit entry
(`row_hashes`, covered by the entry's own hash). A transaction that changed rows without
recording an entry gets one (`data.write`). After a schema upgrade a baseline entry records
every row. `verify_state` replays the log and compares it with every row in the tables, so an
insert, edit or delete made with sqlite3/psql is named.

Bulk `update()`/`delete()` statements on audited tables are refused: change or delete the
objects through the session, or delete many rows at once with `delete_rows`, which notes
them (and the rows the database cascades to) first.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone

from sqlalchemy import event, select
from sqlalchemy.orm import Session, object_session

from .models import Base, load_all

TOUCHED = "wz_touched_rows"


def _mapped_audited():
    """The audited tables of the models mapped so far in this process, by name."""
    found = {}
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__audited__", True):
            found[mapper.local_table.name] = mapper.local_table
    return found


def audited_tables():
    """Every audited table (the field registers are mapped first if this process has not yet)."""
    load_all()
    found = _mapped_audited()
    return [found[name] for name in sorted(found)]


def _is_audited(table) -> bool:
    return any(t.name == table.name for t in audited_tables())


def _value(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "sha256:" + hashlib.sha256(bytes(v)).hexdigest()
    if isinstance(v, float):
        return repr(v)
    return str(v)


# One encoder for every row and key: json.dumps with these options builds a new one per call, which
# was most of the cost of hashing a level switch's few hundred rows. The text is byte-identical.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _pk_names(table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _hash_rows(table, rows) -> dict[str, str]:
    names = [c.name for c in table.columns]
    pk = _pk_names(table)
    out = {}
    for row in rows:
        data = dict(zip(names, (_value(v) for v in row), strict=True))
        out[_dumps([data[k] for k in pk])] = hashlib.sha256(_dumps(data).encode("utf-8")).hexdigest()
    return out


def _select(session: Session, table, where: str = "", params=()) -> list:
    """The table's columns as the driver gives them: plain SQL, no type processing (a garbage value
    written by hand is hashed, not a crash) and nothing to compile on a fresh connection."""
    conn = session.connection()
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(c.name) for c in table.columns)
    sql = f"SELECT {columns} FROM {quote(table.name)}" + (f" WHERE {where}" if where else "")
    return list(conn.exec_driver_sql(sql, tuple(params)).all())


def table_hashes(session: Session, table) -> dict[str, str]:
    """{primary key (JSON list): row hash} for every row now in `table`."""
    return _hash_rows(table, _select(session, table))


def _hashes_of(session: Session, table, keys: set[tuple]) -> dict[str, str | None]:
    conn = session.connection()
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    pk = _pk_names(table)
    found: dict[str, str] = {}
    ordered = list(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        if len(pk) == 1:
            where = f"{quote(pk[0])} IN ({', '.join([mark] * len(chunk))})"
            found.update(_hash_rows(table, _select(session, table, where, [k[0] for k in chunk])))
        else:
            where = " AND ".join(f"{quote(name)} = {mark}" for name in pk)
            for key in chunk:
                found.update(_hash_rows(table, _select(session, table, where, key)))
    texts = (_dumps([_value(v) for v in key]) for key in keys)
    return {text: found.get(text) for text in texts}


def take_changes(session: Session) -> dict:
    """The touched rows' hashes ({table: {pk: hash or None}}), clearing the list; {} if none."""
    touched = session.info.pop(TOUCHED, None)
    if not touched:
        return {}
    tables = _mapped_audited()  # a touched table's model is mapped: no need to map every register
    if not touched.keys() <= tables.keys():
        tables = {t.name: t for t in audited_tables()}
    return {name: _hashes_of(session, tables[name], keys) for name, keys in sorted(touched.items())}


def baseline(session: Session) -> dict:
    return {t.name: table_hashes(session, t) for t in audited_tables()}


def _track(mapper, _connection, target) -> None:
    if not getattr(mapper.class_, "__audited__", True):
        return
    session = object_session(target)
    if session is None:
        return
    key = tuple(mapper.primary_key_from_instance(target))
    session.info.setdefault(TOUCHED, {}).setdefault(mapper.local_table.name, set()).add(key)


for _name in ("after_insert", "after_update", "after_delete"):
    event.listen(Base, _name, _track, propagate=True)


def _touch(session: Session, table, keys) -> None:
    session.info.setdefault(TOUCHED, {}).setdefault(table.name, set()).update(tuple(k) for k in keys)


def insert_rows(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert many `model` rows in one statement (a level switch plans dozens of items with hundreds of
    attendance rows), each text checked as every flush checks it (textguard) and each row noted for the
    audit, which hashes them as stored, like rows the ORM flushed. Returns the new primary keys in order."""
    from sqlalchemy import String

    from ..errors import ValidationError
    from .textguard import clean

    if not rows:
        return []
    table = model.__table__
    texts = {c.name for c in table.columns if isinstance(c.type, String)}
    checked, errors = [], {}
    for row in rows:
        values = dict(row)
        for name in texts & values.keys():
            if isinstance(values[name], str):
                try:
                    values[name] = clean(values[name])
                except ValueError as exc:
                    errors[name] = str(exc)
        checked.append(values)
    if errors:
        raise ValidationError(errors)
    pk = list(table.primary_key.columns)
    result = session.connection().execute(table.insert().returning(*pk, sort_by_parameter_order=True), checked)
    keys = [tuple(r) for r in result]
    _touch(session, table, keys)
    return [k[0] for k in keys]


def delete_rows(session: Session, model, where) -> int:
    """Delete `model` rows matching `where` in one statement, noting each deleted row, and each row
    the database deletes with it (ON DELETE CASCADE), for the audit."""
    table = model.__table__
    pk = table.primary_key.columns
    keys = [tuple(r) for r in session.execute(select(*pk).where(where))]
    if not keys:
        return 0
    ids = [k[0] for k in keys]
    _touch(session, table, keys)
    for child in audited_tables():
        for fk in child.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == "CASCADE" and len(pk) == 1:
                for start in range(0, len(ids), 500):
                    rows = session.execute(select(*child.primary_key.columns)
                                           .where(fk.parent.in_(ids[start:start + 500])))
                    _touch(session, child, rows)
    result = session.connection().execute(table.delete().where(where))  # noted above: not refused below
    return result.rowcount


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    entity = state.statement.table if hasattr(state.statement, "table") else None
    if entity is not None and _is_audited(entity):
        raise RuntimeError(f"bulk {('update' if state.is_update else 'delete')} of audited table {entity.name}: "
                           "change the objects through the session so the audit sees each row")


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, _previous) -> None:
    session.info.pop(TOUCHED, None)


def replay(entries) -> dict:
    """The state the log says the tables hold: {table: {pk: hash}}. A database created by this
    version starts from empty tables; an older one from the baseline written when it was
    upgraded. `entries` yields (id, row_hashes text) in id order."""
    state: dict = {}
    for _id, text in entries:
        if not text:
            continue
        data = json.loads(text)
        if "baseline" in data:
            state = {name: dict(rows) for name, rows in data["baseline"].items()}
        else:
            for name, rows in data.get("change", {}).items():
                current = state.setdefault(name, {})
                for pk, digest in rows.items():
                    if digest is None:
                        current.pop(pk, None)
                    else:
                        current[pk] = digest
    return state


def differences(session: Session, state: dict, limit: int = 20, tables=None) -> list[str]:
    """What differs between the tables and the log's state, named row by row (at most `limit`).
    `tables`: the audited tables as an older schema has them (before an upgrade); default the models'."""
    problems: list[str] = []
    for table in (audited_tables() if tables is None else tables):
        expected = state.get(table.name, {})
        actual = table_hashes(session, table)
        for pk in sorted(actual.keys() - expected.keys()):
            problems.append(f"表 {table.name} 主键 {pk}：审计记录中没有这一行（被直接插入）")
        for pk in sorted(expected.keys() - actual.keys()):
            problems.append(f"表 {table.name} 主键 {pk}：这一行已不在（被直接删除）")
        for pk in sorted(k for k in actual.keys() & expected.keys() if actual[k] != expected[k]):
            problems.append(f"表 {table.name} 主键 {pk}：内容与审计记录不符（被直接修改）")
    return problems[:limit] + ([f"……另有 {len(problems) - limit} 处不符"] if len(problems) > limit else [])
