"""Hostile or odd command lines get exit status 2 and one line, never "internal error" or SQL."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from wzcommand.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_ids_beyond_a_database_integer_are_a_usage_error(run, dbfile):
    code, out, err = run("event", "update", str(2 ** 63), "--ill", "3", "--db", dbfile)
    assert code == 2 and "超出范围" in err and "internal" not in err
    code, out, err = run("task", "update", str(-2 ** 70), "--status", "done", "--db", dbfile)
    assert code == 2 and "超出范围" in err


def test_arguments_that_are_not_utf8_are_refused(capsys):
    bad = b"\xff\xfe".decode("utf-8", "surrogateescape")
    assert main(["people", "set", "市长", "--name", bad]) == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and err.count("\n") == 1


def test_closed_output_pipe_is_one_line_not_a_traceback(tmp_path):
    db = tmp_path / "p.sqlite3"
    assert main(["init", "--db", str(db)]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (`head -5`) is already gone
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "wzcommand", "units", "--db", str(db)], stdout=write_end,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    os.close(write_end)
    assert done.returncode == 2 and "管道" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_check_names_a_forged_level_and_exits_2(run, dbfile):
    assert run("level", "set", "IV", "--by", "市卫生健康主管部门", "--basis", "评估", "--at", "2026-11-20T09:00",
               "--assessment", "建议启动Ⅳ级", "--assessed-on", "2026-11-20", "--approved-by", "市政府",
               "--approval-ref", "温政函〔2026〕1号", "--approved-at", "2026-11-20T10:00", "--db", dbfile)[0] == 0
    conn = sqlite3.connect(dbfile)
    conn.execute("UPDATE level_decision SET to_level = 'I'")
    conn.commit()
    conn.close()
    code, out, err = run("check", "--db", dbfile)
    assert code == 2 and "level_decision" in err and "被直接修改" in err and err.count("\n") == 1


def test_out_never_replaces_a_device_or_a_pipe(run, dbfile, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/null")
    for target in (fifo, link):
        code, out, err = run("roster", "export", str(target), "--db", dbfile)
        assert code == 2 and "不是普通文件" in err
    assert fifo.is_fifo() and link.is_symlink() and Path(os.readlink(link)) == Path("/dev/null")
