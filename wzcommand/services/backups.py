"""Backup use cases: take one now (checked, rotated), list them, restore one, carry an archive."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from ..fileio import atomic_write_bytes, os_error_text
from ..storage import audit
from ..storage import backup as store
from ..storage.database import Database, open_database
from .errors import ServiceError

MIN_INTERVAL_SECONDS = 300  # automatic backups after changes: at most one per five minutes


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise ServiceError("服务器数据库（PostgreSQL）请使用服务器的备份工具（pg_dump）备份。")
    return db.path


def backup_now(db: Database, now: datetime | None = None, folder: Path | None = None,
               manual: bool = False) -> store.BackupInfo:
    """A checked backup, then the rotation of the automatic ones. `manual`: asked for by a person
    (立即备份, `wzcommand backup`), kept apart and never removed by the rotation."""
    path = _sqlite_path(db)
    info = store.make_backup(path, now, folder, manual=manual)
    store.rotate(path, now, folder)
    return info


def backup_if_due(db: Database, now: datetime | None = None) -> store.BackupInfo | None:
    """The automatic backup: only if the newest is older than the minimum interval."""
    if db.path is None or db.read_only:
        return None
    now = now or datetime.now()
    newest = next((b for b in store.list_backups(db.path) if not b.manual), None)
    if newest and (now - newest.taken_at).total_seconds() < MIN_INTERVAL_SECONDS:
        return None
    return backup_now(db, now)


def list_backups(db: Database) -> list[store.BackupInfo]:
    return store.list_backups(_sqlite_path(db))


def check_may_restore(db_path: Path, operator: str) -> None:
    """Restore replaces everything: only an administrator may, once accounts exist. A file that
    cannot be opened (damaged) is being recovered from, so its accounts cannot be asked."""
    from ..storage.errors import DatabaseOpenError
    from .accounts import require

    try:
        current = open_database(db_path, read_only=True, seed=False)
    except DatabaseOpenError:
        return
    try:
        with current.read() as session:
            require(session, operator, "restore")
    finally:
        current.close()


def restore(db_path: Path, backup_file: Path, operator: str) -> Path:
    """Swap in a checked copy of the backup; the caller has closed the database. Returns the kept file."""
    check_may_restore(db_path, operator)
    aside = store.restore(db_path, Path(backup_file))
    db = open_database(db_path)
    try:
        with db.write() as session:
            audit.record(session, operator, "database.restore", str(backup_file), after={"previous_file_kept": str(aside)})
    finally:
        db.close()
    return aside


def export_archive(db: Database, target: Path, now: datetime | None = None) -> int:
    """A zip to carry on a USB stick: a checked copy of the database and every issued PDF."""
    import tempfile

    from sqlalchemy import select

    from ..storage.models import IssuedReport

    path = _sqlite_path(db)
    with tempfile.TemporaryDirectory() as tmp:
        copy = store.copy_database(path, Path(tmp) / "wzcommand.sqlite3")
        data = copy.read_bytes()
    buf = io.BytesIO()
    manifest = {"created": (now or datetime.now()).isoformat(timespec="seconds"),
                "database_sha256": hashlib.sha256(data).hexdigest(), "reports": []}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("wzcommand.sqlite3", data)
        with db.read() as session:
            for report in session.scalars(select(IssuedReport).order_by(IssuedReport.id)):
                name = f"reports/{report.id:05d}-{report.doc_no}.pdf"
                zf.writestr(name, report.pdf)
                manifest["reports"].append({"file": name, "sha256": report.sha256})
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    try:
        atomic_write_bytes(target, buf.getvalue())
    except OSError as exc:
        raise ServiceError(f"无法写入“{target}”：{os_error_text(exc)}") from exc
    return len(manifest["reports"])


def import_archive(db_path: Path, archive: Path, operator: str) -> Path:
    """Replace this workstation's database with the archive's (checked first); returns the kept file."""
    import tempfile

    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            data = zf.read("wzcommand.sqlite3")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ServiceError(f"“{archive}”不是本程序导出的完整档案包（{exc.__class__.__name__}），未做任何改动。") from exc
    if hashlib.sha256(data).hexdigest() != manifest.get("database_sha256"):
        raise ServiceError("档案包中的数据库与校验值不符（文件可能损坏），未做任何改动。")
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "archive.sqlite3"
        staged.write_bytes(data)
        return restore(db_path, staged, operator)
