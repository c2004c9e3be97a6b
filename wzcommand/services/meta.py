"""Facts about the database as a whole: exercise (演练) marking."""
from __future__ import annotations

from sqlalchemy import func, select

from ..storage import audit
from ..storage.models import AppMeta, AuditEntry
from .errors import ServiceError

EXERCISE_KEY = "exercise"


def is_exercise(db) -> bool:
    with db.read() as session:
        return exercise_in(session)


def exercise_in(session) -> bool:
    meta = session.get(AppMeta, EXERCISE_KEY)
    return bool(meta and meta.value == "1")


def mark_exercise(db, operator: str) -> None:
    """Mark a new database as an exercise (plan 8.2.4); a database in real use cannot become one."""
    with db.write() as session:
        if exercise_in(session):
            return
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
        if entries > 1:  # more than the reference-data seed: real work is recorded here
            raise ServiceError("演练必须使用单独的新数据库文件（--db 演练.sqlite3）；已在使用的数据库不能改为演练库。")
        session.add(AppMeta(key=EXERCISE_KEY, value="1"))
        audit.record(session, operator, "database.exercise", "演练数据库")
