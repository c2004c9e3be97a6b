"""counties / county set|instruct|contact|history|print as the README documents them."""
import json

import pytest


def audit_count(run, dbfile):
    return len(json.loads(run("audit", "--db", dbfile, "--json")[1]))


def test_counties_json_has_the_documented_shape_and_flags(run, dbfile):
    code, out, err = run("counties", "--db", dbfile, "--json")
    rows = json.loads(out)
    assert code == 0, err
    assert [r["county"] for r in rows][:4] == ["鹿城区", "龙湾区", "瓯海区", "洞头区"] and len(rows) == 12
    assert rows[0]["level"] == "none" and rows[0]["warning"] is None and rows[0]["instructed"] is None
    assert rows[0]["flags"] == []
    assert {"county", "level", "since", "warning", "instructed", "flags"} <= set(rows[0])
    assert run("warning", "set", "yellow", "--by", "市卫生健康委", "--basis", "监测", "--proposal", "市疾控中心建议",
               "--assessment", "专家评估：建议发布", "--filed-with", "市政府", "--db", dbfile)[0] == 0
    code, out, err = run("county", "set", "鹿城", "--level", "III", "--warning", "blue", "--by", "鹿城区政府",
                         "--basis", "电话报告", "--at", "2026-11-29T09:00", "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["county"] == "鹿城区"
    assert run("county", "instruct", "龙湾区", "瓯海区", "--level", "III", "--ref", "温政办〔2026〕1号",
               "--at", "2026-11-29T08:00", "--db", dbfile)[0] == 0
    rows = {r["county"]: r for r in json.loads(run("counties", "--db", dbfile, "--json")[1])}
    lucheng = rows["鹿城区"]
    assert (lucheng["level"], lucheng["warning"], lucheng["since"]) == ("III", "blue", "2026-11-29T09:00:00+08:00")
    assert [f["kind"] for f in lucheng["flags"]] == ["warning_below_city"]
    assert lucheng["flags"][0]["quote"].endswith("预警级别应不低于市级预警级别。")
    longwan = rows["龙湾区"]
    assert longwan["instructed"]["level"] == "III" and longwan["instructed"]["at"] == "2026-11-29T08:00:00+08:00"
    assert longwan["instructed"]["due"] == "2026-11-30T08:00:00+08:00"
    assert [f["kind"] for f in longwan["flags"]] == ["instruction_overdue"]  # the test runs after that time
    assert longwan["warning"] is None  # nothing reported: unknown, not flagged as below the city's
    code, out, _ = run("counties", "--db", dbfile)
    assert "低于全市黄色预警" in out and "必须启动相应级别的应急响应" in out
    history = json.loads(run("county", "history", "鹿城区", "--db", dbfile, "--json")[1])
    assert [(h["level"], h["warning"]) for h in history] == [("III", "blue")]


@pytest.mark.parametrize("args,needle", [
    (["county", "set", "月亮县", "--level", "III", "--by", "x", "--basis", "y"], "没有名为“月亮县”的县（市、区）"),
    (["county", "set", "鹿城区", "--by", "x", "--basis", "y"], "请填写该县（市、区）的响应级别或预警"),
    (["county", "set", "鹿城区", "--level", "V", "--by", "x", "--basis", "y"], "invalid choice"),
    (["county", "set", "鹿城区", "--level", "III", "--by", "x", "--basis", "y", "--at", "2099-01-01T00:00"],
     "不能晚于当前时间"),
    (["county", "instruct", "鹿城区", "--level", "none", "--ref", "x"], "invalid choice"),
    (["county", "instruct", "鹿城区", "--level", "III", "--ref", " "], "请填写文号"),
    (["county", "contact", "鹿城区", "--duty-phone", "abc"], "电话号码格式不正确"),
])
def test_errors_exit_2_with_one_line_and_write_nothing(run, dbfile, args, needle):
    before = audit_count(run, dbfile)
    code, out, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and err.count("\n") == 1 and out == ""
    assert audit_count(run, dbfile) == before


def test_county_print_writes_the_board(run, dbfile, tmp_path):
    out = tmp_path / "board.pdf"
    code, _, err = run("county", "print", "--out", out, "--db", dbfile)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
