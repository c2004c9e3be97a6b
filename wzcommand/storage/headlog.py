"""The audit chain's head, anchored outside the database.

After every commit that appends to the audit log, one line `id<TAB>hash<TAB>time` is appended to
a head log: beside a SQLite file (`NAME.chain-head.log`), or for a server database in this
workstation's data folder (`chain-heads/SERVER-DB.log`). Every backup carries a copy
(`BACKUP.chain-head.log`). `check` compares each line with the entry at that position: a
chain that was cut short or rewritten as a whole no longer matches what was written here.
The file is kept small: above MAX_BYTES the older lines are thinned to every 1000th position.
"""
from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

SUFFIX = ".chain-head.log"
RESTORED = "#restored"
MAX_BYTES = 2_000_000
KEEP_RECENT = 5000


def path_for_url(url) -> Path | None:
    """Where the head log of the database at `url` (an SQLAlchemy URL) lives."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        db = Path(url.database)
        return db.with_name(db.name + SUFFIX) if not db.name.endswith(SUFFIX) else None
    from ..paths import data_dir

    key = url.set(password=None).render_as_string(hide_password=True)
    return data_dir() / "chain-heads" / (hashlib.sha256(key.encode()).hexdigest()[:16] + ".log")


def path_beside(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + SUFFIX)


def append(path: Path, position: int, digest: str) -> None:
    # The newline goes first: a line torn by a kill is ended by the next one, never joined to it.
    line = f"\n{position}\t{digest}\t{datetime.now(timezone.utc).isoformat(timespec='seconds')}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
        if path.stat().st_size > MAX_BYTES:
            _thin(path)
    except OSError:
        pass  # the database change is committed; a missing anchor line is not a reason to fail it


def restored_line(source: str) -> str:
    """The first line of a head log installed by a restore (backups before it are not compared)."""
    clean = source.replace("\t", " ").replace("\n", " ")
    return f"{RESTORED}\t{datetime.now(timezone.utc).isoformat(timespec='seconds')}\t{clean}\n"


def last_restored(path: Path) -> float | None:
    """When the database beside this head log was last restored (epoch seconds), if ever."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        if line.startswith(RESTORED):
            try:
                return datetime.fromisoformat(line.split("\t")[1]).timestamp()
            except (IndexError, ValueError):
                return None
    return None


def _thin(path: Path) -> None:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    old, recent = lines[:-KEEP_RECENT], lines[-KEEP_RECENT:]
    kept = [ln for ln in old if ln.startswith("#") or ln.split("\t", 1)[0].isdigit()
            and int(ln.split("\t", 1)[0]) % 1000 == 0]
    tmp = path.with_name(path.name + ".tmp-wzcommand")
    tmp.write_text("".join(kept + recent), encoding="utf-8")
    os.replace(tmp, path)


def read(path: Path) -> list[tuple[int, str]]:
    """(position, digest) lines; a torn last line is ignored."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: list[tuple[int, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isdigit() and len(parts[1]) == 64:
            found.append((int(parts[0]), parts[1]))
    return found


def compare(lines: list[tuple[int, str]], head: int, hash_at, where: str) -> list[str]:
    """Problems between a head log's lines and the chain (`hash_at(id)` gives an entry's hash)."""
    if not lines:
        return []
    last = max(p for p, _ in lines)
    if last > head:
        return [f"{where}记载审计链已到第 {last} 条，数据库中只有 {head} 条（记录被截去）"]
    for position, digest in lines:
        if hash_at(position) != digest:
            return [f"{where}第 {position} 条的摘要与数据库不符（审计链被改写）"]
    return []
