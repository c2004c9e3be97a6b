"""Backup use cases: take one now (checked, rotated), list them, restore one, carry an archive."""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..fileio import os_error_text
from ..storage import audit
from ..storage import backup as store
from ..storage.database import Database, open_database
from ..storage.errors import DatabaseOpenError
from .changes import BACKUPS, NO_CHANGES, Changes
from .errors import ServiceError

MIN_INTERVAL_SECONDS = 300  # automatic backups after changes: at most one per five minutes


@dataclass(frozen=True)
class Backup:
    """One backup file: where, when it was taken, its size, and whether a person asked for it (kept apart)."""
    path: Path
    taken_at: datetime
    size: int
    manual: bool = False
    changes: Changes = NO_CHANGES  # a backup just taken changed the list of backups

    @classmethod
    def of(cls, info: store.BackupInfo, changes: Changes = NO_CHANGES) -> Backup:
        return cls(info.path, info.taken_at, info.size, info.manual, changes)


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise ServiceError("服务器数据库（PostgreSQL）请使用服务器的备份工具（pg_dump）备份。")
    return db.path


def _require_copy_out(db: Database, operator: str | None) -> None:
    """A copy that leaves the protected backups folder carries every password hash: a director
    or administrator only (once accounts exist)."""
    from .accounts import require

    with db.read() as session:
        require(session, operator or "", "copy.out")


def backup_now(db: Database, now: datetime | None = None, folder: Path | None = None,
               operator: str | None = None, manual: bool = False) -> Backup:
    """A checked backup, then the rotation of the automatic ones. `folder` other than the database's
    own backups folder is a copy that leaves the protected folder: `operator` must be a director or
    administrator. `manual`: asked for by a person (立即备份, `wzcommand backup`), kept apart and never
    removed by the rotation."""
    path = _sqlite_path(db)
    if folder is not None and Path(folder).absolute() != store.backup_folder(path):
        _require_copy_out(db, operator)
        from ..fileio import check_output_folder

        check_output_folder(Path(folder))
    info = store.make_backup(path, now, folder, manual=manual)
    store.rotate(path, now, folder)
    return Backup.of(info, Changes.of(BACKUPS))


def backup_if_due(db: Database, now: datetime | None = None) -> Backup | None:
    """The automatic backup: only if the newest is older than the minimum interval."""
    if db.path is None or db.read_only:
        return None
    now = now or datetime.now()
    newest = next((b for b in store.list_backups(db.path) if not b.manual), None)
    if newest and (now - newest.taken_at).total_seconds() < MIN_INTERVAL_SECONDS:
        return None
    return backup_now(db, now)


def list_backups(db: Database) -> list[Backup]:
    return [Backup.of(info) for info in store.list_backups(_sqlite_path(db))]


def backup_folder(db: Database) -> Path:
    """Where this database's checked backups are kept (beside it, protected)."""
    return store.backup_folder(_sqlite_path(db))


def reopen(db: Database) -> Database:
    """Open the database's file again, after a failed swap closed it (the same refusals as opening)."""
    return open_database(_sqlite_path(db))


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


def verify_file(path: Path, head_log: Path | None = None) -> None:
    """Run `check` on a database file (a staged backup or archive) and refuse it if anything fails:
    a broken or forged audit chain, missing triggers, tables that differ from the log."""
    from .audit_log import check

    try:
        staged = open_database(path, seed=False)
    except DatabaseOpenError as exc:
        raise ServiceError(f"该文件无法作为数据库打开：{exc}，未做任何改动。") from exc
    try:
        logs = [(head_log, "随附的链头记录")] if head_log is not None and head_log.exists() else []
        report = check(staged, head_logs=logs)
    finally:
        staged.close()
    if not report.ok:
        raise ServiceError("该文件未通过校验，不能用于恢复，未做任何改动：" + report.message())


def restore(db_path: Path, backup_file: Path, operator: str, head_log: Path | None = None) -> Path:
    """Swap in a checked copy of the backup; the caller has closed the database. Returns the kept file."""
    check_may_restore(db_path, operator)
    aside = store.restore(db_path, Path(backup_file), verify=verify_file, head_log=head_log)
    db = open_database(db_path)
    try:
        with db.write() as session:
            audit.record(session, operator, "database.restore", str(backup_file), after={"previous_file_kept": str(aside)})
    finally:
        db.close()
    return aside


ARCHIVE_DB = "wzcommand.sqlite3"
ARCHIVE_HEAD = "chain-head.log"
MAX_MANIFEST = 10 * 1024 * 1024
MAX_MEMBER = 4 * 1024 ** 3        # one file in an archive, uncompressed
MAX_TOTAL = 8 * 1024 ** 3         # all files together
MAX_RATIO = 200                   # uncompressed / compressed, above RATIO_FLOOR
RATIO_FLOOR = 64 * 1024 * 1024
CHUNK = 1024 * 1024


def replace_database(db: Database, source: Path, operator: str, *, archive: bool = False,
                     own_window: bool = False) -> tuple[Path, Database]:
    """The one restore / archive-import path, for the window and the command line alike: check
    the operator may, refuse while a window uses the file, close it, verify the backup or
    archive and swap it in, reopen. Returns (where the old file was kept, the reopened database).
    `own_window`: the caller is the window that holds the file (it has stopped using it)."""
    from ..storage import instance

    if db.path is None:
        raise ServiceError("服务器数据库（PostgreSQL）请使用服务器的恢复工具（pg_restore），"
                           "恢复后运行 wzcommand check 校验。")
    path = db.path
    if not db.read_only:
        from .accounts import require

        with db.read() as session:
            require(session, operator, "restore")
    if not own_window and instance.held_elsewhere(path):
        raise ServiceError("程序窗口正在使用该数据库，请先关闭窗口再恢复。")
    db.close()
    kept = (import_archive if archive else restore)(path, Path(source), operator)
    return kept, open_database(path)


def archive_text(target: Path | str, count: int) -> str:
    """What the clerk reads after an archive export; never "含 0 份"."""
    issued = f"含 {count} 份已签发报告" if count else "尚无已签发报告"
    return f"已导出档案包：{target}（{issued}）"


def export_archive(db: Database, target: Path, now: datetime | None = None, operator: str | None = None) -> int:
    """A zip to carry on a USB stick: a checked copy of the database, its chain-head log and
    every issued PDF. Written through a temporary file; memory stays bounded."""
    from sqlalchemy import select

    from ..fileio import check_output_path
    from ..storage.models import IssuedReport

    path = _sqlite_path(db)
    _require_copy_out(db, operator)
    check_output_path(target)
    manifest: dict[str, Any] = {"created": (now or datetime.now()).isoformat(timespec="seconds"), "reports": []}
    tmp = store.temporary(Path(target).absolute(), "export")
    copy = store.temporary(path, "export")  # beside the database: removed on the next start if killed
    try:
        store.copy_database(path, copy)
        store.write_head_log(path, copy)
        manifest["database_sha256"] = _file_sha256(copy)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.write(copy, ARCHIVE_DB)
            zf.write(store.sidecar(copy), ARCHIVE_HEAD)
            with db.read() as session:
                for report in session.scalars(select(IssuedReport).order_by(IssuedReport.id)):
                    name = f"reports/{report.id:05d}-{report.doc_no}.pdf"
                    zf.writestr(name, report.pdf)
                    manifest["reports"].append({"file": name, "sha256": report.sha256})
                    session.expunge(report)
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise ServiceError(f"无法写入“{target}”：{os_error_text(exc)}") from exc
    finally:
        for leftover in (tmp, copy, store.sidecar(copy)):
            Path(leftover).unlink(missing_ok=True)
    return len(manifest["reports"])


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse(archive: Path, why: str) -> ServiceError:
    return ServiceError(f"“{archive}”不是本程序导出的完整档案包（{why}），未做任何改动。")


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, archive: Path) -> str:
    """Stream one member to `target`, never past its declared size; return its SHA-256."""
    digest, written = hashlib.sha256(), 0
    with zf.open(info) as src, open(target, "wb") as out:
        for block in iter(lambda: src.read(CHUNK), b""):
            written += len(block)
            if written > info.file_size:
                raise _refuse(archive, f"{info.filename} 的实际大小超过声明")
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _check_members(zf: zipfile.ZipFile, archive: Path) -> dict[str, zipfile.ZipInfo]:
    members, total = {}, 0
    for info in zf.infolist():
        if info.file_size > MAX_MEMBER:
            raise _refuse(archive, f"{info.filename} 解压后 {info.file_size} 字节，超过上限")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(archive, f"{info.filename} 的压缩比异常（可能是“压缩炸弹”）")
        total += info.file_size
        members[info.filename] = info
    if total > MAX_TOTAL:
        raise _refuse(archive, "解压后总大小超过上限")
    for name in ("manifest.json", ARCHIVE_DB):
        if name not in members:
            raise _refuse(archive, f"缺少 {name}")
    if members["manifest.json"].file_size > MAX_MANIFEST:
        raise _refuse(archive, "manifest.json 过大")
    return members


def import_archive(db_path: Path, archive: Path, operator: str) -> Path:
    """Replace this workstation's database with the archive's (checked first); returns the kept file."""
    import shutil

    from ..fileio import check_input_file

    archive = Path(archive)
    check_input_file(archive, "档案包")
    folder = store.temporary(Path(db_path).absolute(), "import")  # removed on the next start if killed
    folder.mkdir(parents=True, exist_ok=True)
    try:
        staged = Path(folder) / "archive.sqlite3"
        head_log = store.sidecar(staged)
        try:
            with zipfile.ZipFile(archive) as zf:
                members = _check_members(zf, archive)
                manifest = json.loads(zf.read(members["manifest.json"]).decode("utf-8"))
                if not isinstance(manifest, dict) or not isinstance(manifest.get("reports", []), list):
                    raise _refuse(archive, "manifest.json 不是预期的格式")
                if _extract(zf, members[ARCHIVE_DB], staged, archive) != manifest.get("database_sha256"):
                    raise ServiceError("档案包中的数据库与校验值不符（文件可能损坏），未做任何改动。")
                if ARCHIVE_HEAD in members:
                    _extract(zf, members[ARCHIVE_HEAD], head_log, archive)
                _check_reports(zf, members, manifest, staged, Path(folder) / "report.pdf", archive)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise _refuse(archive, exc.__class__.__name__) from exc
        return restore(db_path, staged, operator, head_log=head_log if head_log.exists() else None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_reports(zf, members, manifest, staged: Path, scratch: Path, archive: Path) -> None:
    """Every report file matches the SHA-256 the manifest and the database recorded for it."""
    import sqlite3

    conn = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
    try:
        recorded = {f"reports/{i:05d}-{no}.pdf": h for i, no, h in
                    conn.execute("SELECT id, doc_no, sha256 FROM issued_report")}
    except sqlite3.Error as exc:
        raise _refuse(archive, "数据库中没有报告表") from exc
    finally:
        conn.close()
    listed = {}
    for item in manifest.get("reports", []):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            raise _refuse(archive, "manifest.json 的报告清单格式不符")
        listed[item["file"]] = item.get("sha256")
    for name, digest in recorded.items():
        if listed.get(name) != digest or name not in members:
            raise ServiceError(f"档案包中缺少报告文件 {name} 或其校验值与数据库记录不符，未做任何改动。")
        if _extract(zf, members[name], scratch, archive) != digest:
            raise ServiceError(f"档案包中的报告文件 {name} 与记录的 SHA-256 不符（被改动或损坏），未做任何改动。")
