"""kill -9 in the middle of a backup, a restore and an archive import, as a real process: what it
leaves is named as a temporary (never like a kept copy or a backup), is never listed as one, and
the next start removes it. The child stops itself at the moment named (its temporary is on disk)
and the test kills it there with SIGKILL."""
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wzcommand.services import backups
from wzcommand.storage import backup as store
from wzcommand.storage.database import open_database

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[2]

CHILD = r'''
import shutil, sys, time
from pathlib import Path

from wzcommand.services import backups
from wzcommand.storage import checks
from wzcommand.storage.database import open_database

kind, path, source = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

def stop_here():
    print("stopped", flush=True)
    time.sleep(600)

real_check, real_copy = checks.integrity_check, shutil.copy2

def checking(target):  # a copy is complete under its temporary name
    if kind in ("backup", "import") and ".wzcommand-tmp-copy" in str(target):
        stop_here()
    return real_check(target)

def copying(src, dst, *a, **k):  # the current file is being kept aside: half written
    if kind == "restore" and ".wzcommand-tmp-aside" in str(dst):
        with open(src, "rb") as fh, open(dst, "wb") as out:
            out.write(fh.read(8192))
        stop_here()
    return real_copy(src, dst, *a, **k)

checks.integrity_check, shutil.copy2 = checking, copying
if kind == "backup":
    backups.backup_now(open_database(path), manual=True)
elif kind == "restore":
    backups.restore(path, Path(source), "管理员")
else:
    backups.import_archive(path, Path(source), "管理员")
'''


def stopped(child, seconds: float = 60) -> bool:
    chooser = selectors.DefaultSelector()
    chooser.register(child.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if chooser.select(timeout=deadline - time.monotonic()):
            return child.stdout.readline().strip() == "stopped"
    return False


def kill_midway(kind: str, path: Path, source: Path | str = "") -> list[Path]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, kind, str(path), str(source)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert stopped(child), child.stderr.read() if child.poll() is not None else "no answer"
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return [p for folder in (path.parent, store.backup_folder(path)) if folder.is_dir()
            for p in folder.iterdir() if store.TMP_MARK in p.name]


def work(path: Path) -> None:
    from wzcommand.services import roster

    db = open_database(path)
    roster.update_contact(db, "市公安局", {"liaison": "第一次"}, "甲")
    db.close()


def kept_names(path: Path) -> set[str]:
    """Database files a person would take for a database or a kept copy (*.replaced-*.sqlite3)."""
    return {p.name for p in path.parent.iterdir() if p.name.endswith(path.suffix) and not p.name.startswith(".")}


@pytest.mark.parametrize("kind", ["backup", "restore", "import"])
def test_a_process_killed_midway_leaves_only_named_temporaries_which_the_next_start_removes(db, tmp_path, kind):
    path = db.path
    work(path)
    db.close()
    source: Path | str = ""
    if kind == "restore":
        reopened = open_database(path)
        source = backups.backup_now(reopened).path
        reopened.close()
    elif kind == "import":
        reopened = open_database(path)
        source = tmp_path / "handover.zip"
        backups.export_archive(reopened, source, operator="管理员")
        reopened.close()
    backups_before = {b.path for b in store.list_backups(path)}
    names_before = kept_names(path)
    left = kill_midway(kind, path, source)
    assert left, "the kill came while a temporary was on disk"
    assert {b.path for b in store.list_backups(path)} == backups_before  # never taken for a backup
    assert kept_names(path) == names_before  # nothing named like a kept copy (*.replaced-*) appeared
    open_database(path).close()  # the next start
    assert not [p for p in left if p.exists()]
