"""Restore and archive import verify the file before the swap; hostile archives and odd files are refused."""
import hashlib
import json
import os
import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from wzcommand.services import audit_log, backups, levels, roster
from wzcommand.services.errors import ServiceError
from wzcommand.services.levels import SwitchRequest
from wzcommand.storage import backup as store
from wzcommand.storage.database import open_database
from level_support import complete

pytestmark = pytest.mark.sqlite_only
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _work(db):
    roster.update_contact(db, "市公安局", {"liaison": "甲"}, "甲")
    levels.switch_level(db, complete(db, SwitchRequest(target="IV", decided_at=T0, decided_by="市政府", basis="评估")), "甲",
                        now=T0 + timedelta(days=1))


def _edit(path, sql):
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()


def test_restore_refuses_a_backup_whose_tables_were_edited(db):
    _work(db)
    info = backups.backup_now(db)
    _edit(info.path, "UPDATE level_decision SET to_level = 'I'")
    path = db.path
    db.close()
    before = path.read_bytes()
    with pytest.raises(ServiceError, match="未通过校验.*level_decision"):
        backups.restore(path, info.path, "管理员")
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if "replaced" in p.name or "wzcommand-tmp" in p.name]


def test_restore_refuses_a_backup_with_a_cut_chain(db):
    _work(db)
    info = backups.backup_now(db)
    _edit(info.path, "DROP TRIGGER audit_entry_no_delete; DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)")
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="未通过校验"):
        backups.restore(path, info.path, "管理员")


def test_good_restore_carries_the_backups_head_log_and_checks_clean(db):
    _work(db)
    info = backups.backup_now(db)
    assert store.sidecar(info.path).exists()
    roster.update_contact(db, "市公安局", {"liaison": "乙"}, "甲")
    path = db.path
    db.close()
    backups.restore(path, info.path, "管理员")
    again = open_database(path)
    try:
        report = audit_log.check(again)
        assert report.ok, report.message()
        assert report.anchors >= 1
    finally:
        again.close()


def _rewrite_archive(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        files = {i.filename: zin.read(i) for i in zin.infolist()}
        change(files)
        for name, data in files.items():
            zout.writestr(name, data)


def test_archive_with_edited_database_is_refused_even_with_a_matching_manifest(db, tmp_path):
    _work(db)
    archive = tmp_path / "a.zip"
    backups.export_archive(db, archive)

    def forge(files):
        staged = tmp_path / "x.sqlite3"
        staged.write_bytes(files["wzcommand.sqlite3"])
        _edit(staged, "UPDATE contact SET liaison = '冒名'")
        files["wzcommand.sqlite3"] = staged.read_bytes()
        manifest = json.loads(files["manifest.json"])
        manifest["database_sha256"] = hashlib.sha256(files["wzcommand.sqlite3"]).hexdigest()
        files["manifest.json"] = json.dumps(manifest).encode()

    forged = tmp_path / "forged.zip"
    _rewrite_archive(archive, forged, forge)
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="未通过校验.*contact"):
        backups.import_archive(path, forged, "管理员")


def test_archive_report_file_is_checked_against_its_recorded_hash(db, tmp_path):
    _work(db)
    archive = tmp_path / "a.zip"
    backups.export_archive(db, archive)
    with db.write() as s:  # a stored report, as issuing leaves it
        from wzcommand.storage import audit
        from wzcommand.storage.models import IssuedReport

        pdf = b"%PDF-1.4 original"
        s.add(IssuedReport(kind="first", doc_no="温应指〔2026〕1号", year=2026, number=1, title="首次报告", pdf=pdf,
                           sha256=hashlib.sha256(pdf).hexdigest(), issued_at=T0, issued_by="甲"))
        audit.record(s, "甲", "report.issue", "温应指〔2026〕1号")
    backups.export_archive(db, archive)

    def swap_pdf(files):
        name = next(n for n in files if n.startswith("reports/"))
        files[name] = b"%PDF-1.4 forged"
        manifest = json.loads(files["manifest.json"])
        manifest["reports"][0]["sha256"] = hashlib.sha256(b"%PDF-1.4 forged").hexdigest()
        files["manifest.json"] = json.dumps(manifest).encode()

    forged = tmp_path / "forged.zip"
    _rewrite_archive(archive, forged, swap_pdf)
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="报告文件"):
        backups.import_archive(path, forged, "管理员")


@pytest.mark.parametrize("manifest", [b"[1, 2]", b"\"text\"", b"\xff\xfe", b"{\"reports\": 5}"])
def test_manifest_that_is_not_an_object_is_a_clear_refusal(db, tmp_path, manifest):
    archive = tmp_path / "a.zip"
    backups.export_archive(db, archive)
    forged = tmp_path / "forged.zip"
    _rewrite_archive(archive, forged, lambda files: files.__setitem__("manifest.json", manifest))
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="档案包"):
        backups.import_archive(path, forged, "管理员")


def test_zip_bomb_is_refused_before_it_is_unpacked(db, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", "{}")
        with zf.open("wzcommand.sqlite3", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros: about 300 KB compressed
                member.write(block)
    assert bomb.stat().st_size < 2_000_000
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="压缩比"):
        backups.import_archive(path, bomb, "管理员")
    assert not [p for p in path.parent.iterdir() if "wzcommand-tmp" in p.name]


@pytest.mark.parametrize("kind", ["dev-zero", "symlink", "fifo", "folder"])
def test_archive_import_reads_only_regular_files(db, tmp_path, kind):
    target = tmp_path / "a.zip"
    if kind == "dev-zero":
        target = "/dev/zero"
    elif kind == "symlink":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    path = db.path
    db.close()
    with pytest.raises(ServiceError, match="不是普通文件"):
        backups.import_archive(path, target, "管理员")


def test_temporaries_of_a_killed_restore_are_recognisable_and_removed_on_next_start(db):
    path = db.path
    db.close()
    dead = 2 ** 22 + 12345  # above any pid_max default: no such process
    left = [path.with_name(f".{path.name}.wzcommand-tmp-restore-{dead}"),
            path.with_name(f".{path.stem}.replaced-x{path.suffix}.wzcommand-tmp-aside-{dead}"),
            store.backup_folder(path) / f".{path.stem}-x.sqlite3.wzcommand-tmp-copy-{dead}"]
    for p in left:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"partial")
    mine = path.with_name(f".{path.name}.wzcommand-tmp-restore-{os.getpid()}")  # still being written
    mine.write_bytes(b"in progress")
    assert not store.list_backups(path)  # never taken for a kept copy
    open_database(path).close()
    assert not any(p.exists() for p in left) and mine.exists()


def test_interrupted_restore_never_leaves_a_half_copy_named_like_a_kept_one(db, monkeypatch):
    _work(db)
    info = backups.backup_now(db)
    path = db.path
    db.close()
    import shutil

    real = shutil.copy2

    def killed_midway(src, dst, *a, **k):
        if ".replaced-" in str(dst):
            with open(dst, "wb") as fh:
                fh.write(b"half")
            raise KeyboardInterrupt  # as if the process died here
        return real(src, dst, *a, **k)

    monkeypatch.setattr(shutil, "copy2", killed_midway)
    with pytest.raises(KeyboardInterrupt):
        backups.restore(path, info.path, "管理员")
    assert not list(path.parent.glob(f"{path.stem}.replaced-*{path.suffix}"))
