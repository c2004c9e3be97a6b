"""The command line, as a script or a person uses it: exit codes, one-line errors, JSON shapes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]




def test_init_twice_changes_nothing(run, capsys, tmp_path):
    dbfile = str(tmp_path / "new.sqlite3")  # init creates it
    assert run("init", "--db", dbfile)[0] == 0
    data = Path(dbfile).read_bytes()
    code, out, _ = run("init", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["units"] == 77
    assert run("units", "--db", dbfile, "--json")[0] == 0
    import sqlite3
    conn = sqlite3.connect(dbfile)
    assert conn.execute("select count(*) from audit_entry").fetchone()[0] == 1
    conn.close()


def test_units_json_shape(run, capsys, dbfile):
    code, out, _ = run("units", "--db", dbfile, "--json")
    units = json.loads(out)
    assert code == 0 and len(units) == 77
    first = units[0]
    assert set(first) == {"name", "aliases", "groups", "duties", "contact"}
    assert set(first["contact"]) == {"liaison", "title", "office_phone", "mobile", "duty_phone", "fax"}
    publicity = next(u for u in units if u["name"] == "市委宣传部（市新闻办）")
    assert "市委宣传部" in publicity["aliases"] and "宣传组" in publicity["groups"]
    assert all(isinstance(n, int) for u in units for n in u["duties"])


def test_duties_and_groups_json(run, capsys, dbfile):
    duties = json.loads(run("duties", "--db", dbfile, "--json")[1])
    assert [d["no"] for d in duties] == list(range(1, 63))
    assert duties[61]["units"] == [] and len(duties[46]["units"]) == 2
    assert not duties[0]["text"].startswith("市纪委")  # the wording after the colon only
    groups = json.loads(run("groups", "--db", dbfile, "--json")[1])
    assert [g["name"] for g in groups] == ["办公室", "管控服务组", "医疗组", "宣传组", "物资保障组", "督查组"]
    code, text, _ = run("units", "--db", dbfile)
    assert code == 0 and "市卫生健康委" in text and "联络员" in text


def test_roster_export_then_import(run, capsys, dbfile, tmp_path):
    out = tmp_path / "book.csv"
    assert run("roster", "export", str(out), "--db", dbfile)[0] == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    text = out.read_text(encoding="utf-8-sig").replace("市公安局,,", "市公安局,张三,", 1)
    out.write_text(text, encoding="utf-8-sig")
    code, stdout, _ = run("roster", "import", str(out), "--db", dbfile, "--json")
    assert code == 0 and json.loads(stdout) == {"updated": 1, "unchanged": 76, "updated_units": ["市公安局"]}


def test_bad_import_exits_2_with_one_line_and_writes_nothing(run, capsys, dbfile, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("单位名称,手机\n市公安局,123\n市没有局,13812345678\n", encoding="utf-8-sig")
    run("init", "--db", dbfile)
    before = Path(dbfile).read_bytes()
    code, out, err = run("roster", "import", str(bad), "--db", dbfile)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "第2行" in err and "第3行" in err
    units = json.loads(run("units", "--db", dbfile, "--json")[1])
    assert next(u for u in units if u["name"] == "市公安局")["contact"]["mobile"] == ""


@pytest.mark.parametrize("args", [["units", "--bogus"], ["roster"], ["nosuch"], ["roster", "import"]])
def test_usage_errors_exit_2_with_one_line(run, capsys, args, dbfile):
    code, out, err = run(*args, "--db", dbfile)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_not_a_database_exits_2_and_leaves_file(run, capsys, tmp_path):
    path = tmp_path / "x.sqlite3"
    path.write_text("hello")
    code, _, err = run("units", "--db", str(path))
    assert code == 2 and "不是数据库" in err and err.count("\n") == 1
    assert path.read_text() == "hello"


def test_python_dash_m_and_default_database(run, tmp_path):
    env = {**os.environ, "WZCOMMAND_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "wzcommand", "init"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "wzcommand.sqlite3").exists()


def test_global_options_before_the_command(run, dbfile):
    assert run("--db", dbfile, "init")[0] == 0
    code, out, err = run("--json", "--db", dbfile, "level", "show")
    assert code == 0, err
    assert json.loads(out)["level"] == "none"
    # given before and after: the value after the command word is used, the one before is kept otherwise
    code, out, _ = run("--db", dbfile, "units", "--json")
    assert code == 0 and len(json.loads(out)) == 77
    code, out, _ = run("--db", dbfile, "level", "--json", "history")
    assert code == 0 and json.loads(out) == []


def test_global_options_alone_open_the_window_on_that_database(run, dbfile, monkeypatch):
    import wzcommand.app

    opened = []
    monkeypatch.setattr(wzcommand.app, "run_gui", lambda db_path=None, db_url=None: opened.append((db_path, db_url)) or 0)
    assert run("--db", dbfile)[0] == 0
    assert run("--db-url", "postgresql+psycopg://x/y", "gui")[0] == 0
    assert run("gui", "--db", dbfile)[0] == 0
    assert opened == [(dbfile, None), (None, "postgresql+psycopg://x/y"), (dbfile, None)]


def test_bad_times_and_dates_share_one_message(run, dbfile):
    run("init", "--db", dbfile)
    for args in (["task", "list", "--now", "soon"], ["deadlines", "--now", "soon"],
                 ["warning", "set", "blue", "--by", "x", "--basis", "y", "--at", "soon"]):
        code, out, err = run(*args, "--db", dbfile)
        assert code == 2 and err.count("\n") == 1 and "时间格式不正确：'soon'（应为 ISO 8601" in err, (args, err)
    code, _, err = run("schedule", "--from", "soon", "--db", dbfile)
    assert code == 2 and "日期格式不正确：'soon'（应为 YYYY-MM-DD）" in err
