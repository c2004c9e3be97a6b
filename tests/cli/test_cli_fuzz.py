"""Fuzzed input to every command and to the importer: no traceback, a one-line error, nothing written
(the database is compared row by row before and after every refused command)."""
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wzcommand.cli import build_parser, main
from wzcommand.services.errors import ImportRejected
from wzcommand.services.roster_io import import_contacts

WEIRD = st.one_of(st.text(max_size=30), st.sampled_from(["", "-1", "1e999", "nan", "2026-02-30T25:61", "\x00",
                                                         "市没有局", "9" * 400, "--json", "none", "Ⅰ"]))


def commands():
    """Every leaf command as its word list, from the parser itself (new commands are fuzzed too)."""
    parser = build_parser()
    leaves = []

    def walk(p, words):
        subs = [a for a in p._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not subs:
            leaves.append(words)
            return
        for name, child in subs[0].choices.items():
            walk(child, words + [name])

    walk(parser, [])
    return [w for w in leaves if w[0] not in ("gui", "board")]


COMMANDS = commands()


def snapshot(path):
    """Every row of every table, as SQL text: equal snapshots mean nothing was written."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def dbfile(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "f.sqlite3"
    assert main(["init", "--db", str(path)]) == 0
    return str(path)


@pytest.fixture(autouse=True)
def in_a_scratch_folder(tmp_path_factory, monkeypatch):
    """Fuzzed --out values are relative paths: keep whatever they write out of the checkout."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.sampled_from(COMMANDS), extra=st.lists(WEIRD, max_size=4),
       flags=st.lists(st.sampled_from(["--at", "--name", "--start", "--end", "--deadline", "--ili", "--from",
                                       "--event", "--lead", "--kind", "--status", "--out", "--grade", "--ill"]),
                      max_size=3))
def test_no_traceback_and_no_write_on_error(dbfile, capsys, words, extra, flags, tmp_path_factory):
    args = list(words)
    for i, flag in enumerate(flags):
        args += [flag, extra[i] if i < len(extra) else ""]
    args += extra[len(flags):]
    if "restore" in words or ("archive" in words and "import" in words):
        args = args[:1] + [str(tmp_path_factory.mktemp("x") / "missing.zip")] + args[1:]
    before = snapshot(dbfile)
    code = main(args + ["--db", dbfile])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and code in (0, 2), (args, err)
    if code == 2:  # refused: one line, and the database exactly as it was
        assert err.count("\n") == 1 and err.startswith("wzcommand")
        after = snapshot(dbfile)
        assert after == before, (args, [line for line in after if line not in before][:5])


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=2000),
                         st.text(max_size=400).map(lambda t: ("单位名称,手机\n" + t).encode("utf-8")),
                         st.text(max_size=200).map(lambda t: ("单位名称,手机\n" + t).encode("gbk", "ignore"))),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
def test_importer_never_crashes_and_never_half_writes(db, tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("imp") / f"f{suffix}"
    path.write_bytes(content)
    before = stored_contacts(db)
    try:
        import_contacts(db, path, "fuzz")
    except ImportRejected as exc:
        assert exc.errors and all(str(e) for e in exc.errors)
        assert stored_contacts(db) == before  # refused as a whole: not one contact, not one audit entry


def stored_contacts(db):
    from wzcommand.services import audit_log, roster

    return [(u.name, dict(u.contact)) for u in roster.list_units(db)], len(audit_log.entries(db))
