"""The quick read path (cli/quick.py): `level show`, `units` and `deadlines` answered with sqlite3
say exactly what the full path says, refuse what opening refuses, never write, and step aside
whenever the full path has more to do."""
import hashlib
import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from wzcommand.cli import main, quick

ADD = ["event", "add", "--category", "infectious", "--district", "鹿城区", "--grade", "较大",
       "--township", "五马街道", "--place", "某小学", "--place-kind", "学校", "--ill", "23",
       "--reporting-unit", "鹿城区疾病预防控制中心", "--reporter", "张三", "--reporter-phone", "0577-88888888"]
READS = [["level", "show"], ["units"], ["deadlines"], ["deadlines", "--event", "2"],
         ["deadlines", "--now", "2026-11-21T10:00:00+08:00"], ["deadlines", "--event", "1", "--now", "2026-11-20T10:00"]]


def both(capsys, monkeypatch, argv):
    """(quick path's (status, stdout), full path's (status, stdout, stderr)) for the same words."""
    status = quick.run(argv)
    fast = (status, capsys.readouterr().out)
    monkeypatch.setenv("WZCOMMAND_NO_QUICK", "1")
    code = main(argv)
    out, err = capsys.readouterr()
    monkeypatch.delenv("WZCOMMAND_NO_QUICK")
    return fast, (code, out, err)


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def busy_db(tmp_path, capsys):
    """A file with people, a Ⅲ response under the special office arrangement, an office in another
    time zone with its own report interval, events with phone reports, an issued report and an end."""
    from doc_support import ensure_signer
    from wzcommand.services import office
    from wzcommand.storage.database import open_database

    path = tmp_path / "busy.sqlite3"
    db = open_database(path)
    ensure_signer(db)
    current = office.office_settings(db)
    office.save_office_settings(db, replace(current, time_zone="Asia/Tokyo", progress_hours=12, closing_days=7),
                                "值班员")
    db.close()
    d = ["--db", str(path)]
    for args in (["people", "set", "市政府分管副市长", "--name", "李四", "--mobile", "13900000002"],
                 ["people", "set", "市政府联系工作副秘书长", "--name", "王五", "--office-phone", "0577-88880000"],
                 ["level", "set", "III", "--by", "市政府", "--basis", "专家评估", "--at", "2026-11-19T08:00:00+08:00",
                  "--assessment", "专家咨询委员会建议启动Ⅲ级", "--assessed-on", "2026-11-19",
                  "--office-alternative", "--office-reason", "市卫健委无法履职"],
                 [*ADD, "--name", "鹿城区某学校诺如病毒感染聚集性疫情", "--occurred", "2026-11-20T08:00:00+08:00",
                  "--received", "2026-11-20T09:00:00+08:00"],
                 [*ADD, "--name", "瓯海区某工厂食物中毒事件", "--occurred", "2026-11-21T08:00:00+08:00",
                  "--received", "2026-11-21T09:30:00+08:00"],
                 ["event", "phone", "1", "--at", "2026-11-20T09:20:00+08:00", "--to", "市委市政府总值班室", "--by", "李四"],
                 ["report", "first", "--event", "1", "--out", str(tmp_path / "first.pdf"), "--issue"],
                 ["event", "end", "1", "--at", "2026-11-22T09:00:00+08:00"]):
        assert main([*args, *d]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return path


@pytest.mark.parametrize("words", READS, ids=[" ".join(w) for w in READS])
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_quick_path_says_what_the_full_path_says(busy_db, capsys, monkeypatch, words, as_json):
    argv = [*words, "--db", str(busy_db), *(["--json"] if as_json else [])]
    (status, fast), (code, full, err) = both(capsys, monkeypatch, argv)
    assert code == 0, err
    assert status == 0 and fast == full and full.strip()


def test_busy_file_shows_what_was_recorded(busy_db, capsys):
    assert quick.run(["level", "show", "--db", str(busy_db), "--json"]) == 0
    out = capsys.readouterr().out
    shown = json.loads(out)
    assert shown["level"] == "III" and shown["since"].startswith("2026-11-19T09:00")  # Tokyo time
    assert shown["plan"] == "public_health" and shown["plan_name"] == "温州市突发公共卫生事件应急预案"
    assert "李四" in out and "13900000002" in out  # the register's people and phones
    assert quick.run(["deadlines", "--db", str(busy_db), "--json", "--now", "2026-11-21T10:00:00+08:00"]) == 0
    clocks = json.loads(capsys.readouterr().out)
    assert {c["event"] for c in clocks} == {1, 2} and any(c["overdue"] for c in clocks)
    assert all(c["rule"] for c in clocks)  # the plan's words of every clock
    assert any("7日" in (c["office_setting"] or "") for c in clocks)  # the office's own 7-day closing setting


# Every level state, under both plans: (target, the event it is for, office alternative).
WALK = [("IV", None, False), ("III", None, True), ("II", None, False), ("I", None, False), ("none", None, False),
        ("III", "respiratory", False), ("II", "respiratory", False), ("none", "respiratory", False)]


def test_every_level_state_reads_the_same_both_ways(tmp_path, capsys, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from level_support import switch
    from wzcommand.services import events, office
    from wzcommand.storage.database import open_database

    path = tmp_path / "walk.sqlite3"
    db = open_database(path)
    office.save_office_settings(db, replace(office.office_settings(db), time_zone="America/New_York"), "值班员")
    event = events.register_event(db, events.EventInput(
        name="某地急性呼吸道传染病聚集性疫情", category="respiratory", district="鹿城区", township="五马街道",
        place="某小学", place_kind="学校", grade="较大", counts={"ill": 12}, reporting_unit="鹿城区疾病预防控制中心",
        reporter="张三", reporter_phone="0577-88888888",
        occurred_at=datetime(2026, 11, 1, tzinfo=timezone.utc), received_at=datetime(2026, 11, 1, 1, tzinfo=timezone.utc)),
        "值班员")
    db.close()
    argv = ["level", "show", "--db", str(path)]
    seen = set()
    start = datetime(2026, 11, 2, 8, tzinfo=timezone.utc)
    for step, (target, category, alternative) in enumerate([("none", None, False), *WALK]):
        if step:
            db = open_database(path)
            switch(db, target, start + timedelta(hours=step), event_id=event.id if category else None,
                   office_alternative=alternative, office_reason="市卫健委无法履职" if alternative else "")
            db.close()
        for as_json in ([], ["--json"]):
            (status, fast), (code, full, err) = both(capsys, monkeypatch, [*argv, *as_json])
            assert code == 0, err
            assert status == 0 and fast == full, (target, category)
        shown = json.loads(full)
        assert shown["level"] == target
        assert shown["plan"] == (None if target == "none" else "respiratory" if category else "public_health")
        seen.add((shown["level"], shown["plan"]))
    assert len(seen) == 7  # none; Ⅳ–Ⅰ under the public-health plan; Ⅲ, Ⅱ under the respiratory plan


def test_quick_path_reads_without_sqlalchemy_and_writes_nothing(busy_db, tmp_path):
    before = fingerprint(busy_db)
    code = ("import sys; from wzcommand.cli import main; status = main(sys.argv[1:]); "
            "assert 'sqlalchemy' not in sys.modules, 'imported SQLAlchemy'; raise SystemExit(status)")
    for words in (["level", "show"], ["units"], ["deadlines"]):
        proc = subprocess.run([sys.executable, "-c", code, *words, "--db", str(busy_db), "--json"],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)
    assert fingerprint(busy_db) == before


@pytest.mark.parametrize("argv", [
    ["level", "history"], ["level", "show", "--help"], ["units", "--db-url", "sqlite:///x.sqlite3"],
    ["units", "--event", "1"], ["deadlines", "--event", "x"], ["deadlines", "--event", "9"],
    ["deadlines", "--now", "soon"], ["people"],
], ids=lambda a: " ".join(a))
def test_anything_else_takes_the_full_path(busy_db, capsys, argv):
    assert quick.run([*argv, "--db", str(busy_db)]) is None
    assert capsys.readouterr().out == ""


def test_new_or_outdated_files_and_accounts_take_the_full_path(tmp_path, busy_db, capsys):
    new = tmp_path / "new.sqlite3"
    assert quick.run(["units", "--db", str(new)]) is None and not new.exists()  # the full path creates it
    conn = sqlite3.connect(busy_db)
    conn.execute("DELETE FROM unit WHERE id = (SELECT max(id) FROM unit)")  # opening would seed it again
    conn.commit()
    conn.close()
    assert quick.run(["units", "--db", str(busy_db)]) is None
    assert main(["units", "--db", str(busy_db)]) == 0  # seeded by the full path; then quick again
    capsys.readouterr()
    assert quick.run(["units", "--db", str(busy_db)]) == 0
    from wzcommand.services.accounts import create_account
    from wzcommand.storage.database import open_database

    db = open_database(busy_db)
    create_account(db, "甲", "admin", "口令-123456", "值班员")
    db.close()
    assert quick.run(["units", "--db", str(busy_db)]) is None  # signing in is the full path's


@pytest.mark.parametrize("damage", ["foreign", "not_sqlite", "newer", "corrupt"])
def test_refused_files_are_refused_by_the_full_path_and_never_written(tmp_path, capsys, damage):
    path = tmp_path / "bad.sqlite3"
    if damage == "not_sqlite":
        path.write_bytes(b"hello, this is not a database" * 100)
    else:
        assert main(["units", "--db", str(path)]) == 0
        capsys.readouterr()
        conn = sqlite3.connect(path)
        if damage == "foreign":
            conn.execute("DROP TABLE alembic_version")
        elif damage == "newer":
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        if damage == "corrupt":
            data = bytearray(path.read_bytes())
            data[4096 * 2:4096 * 2 + 400] = b"\xff" * 400  # a b-tree page overwritten
            path.write_bytes(bytes(data))
    before = fingerprint(path)
    assert quick.run(["units", "--db", str(path)]) is None
    assert main(["units", "--db", str(path)]) == 2
    assert "未被改动" in capsys.readouterr().err or damage == "corrupt"
    assert fingerprint(path) == before
    # a write, whose checks run on their own thread while SQLAlchemy loads, is refused the same way
    assert main(["people", "set", "市长", "--name", "张明", "--db", str(path)]) == 2
    assert "未被改动" in capsys.readouterr().err or damage == "corrupt"
    assert fingerprint(path) == before
