"""measure add|approve|lift|list as the README documents them."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from level_support import switch

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def respond(dbfile, level, at, **kw):
    from wzcommand.storage.database import open_database

    db = open_database(dbfile)
    switch(db, level, at, **kw)
    db.close()


@pytest.fixture
def responding(dbfile):
    """A respiratory Ⅰ response in force since the day before (the plan lists every measure at Ⅰ)."""
    respond(dbfile, "I", T0 - timedelta(days=1), plan="respiratory")
    return dbfile


def audit_count(run, dbfile):
    return len(json.loads(run("audit", "--db", dbfile, "--json")[1]))


def test_a_trunk_road_cut_is_pending_until_the_province_approves(run, responding):
    dbfile = responding
    code, out, err = run("measure", "add", "--kind", "中断交通干道", "--area", "鹿城区五马街道", "--by", "市应急指挥部",
                         "--basis", "温应指〔2026〕5号", "--at", "2026-11-29T09:00", "--review", "2026-11-29",
                         "--db", dbfile, "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added == {"id": added["id"], "status": "pending_approval", "needs": ["省政府批准"]}
    code, out, _ = run("measure", "list", "--db", dbfile)
    assert "中断交通干道" in out and "待批准：尚需省政府批准" in out
    listed = json.loads(run("measure", "list", "--db", dbfile, "--json")[1])
    assert [(m["kind"], m["status"], m["area"], m["open_needs"]) for m in listed] == [
        ("中断交通干道", "pending_approval", "鹿城区五马街道", ["省政府批准"])]
    assert listed[0]["review_overdue"] is True  # the test runs after 2026-11-29
    code, _, err = run("measure", "approve", added["id"], "--by", "市政府", "--ref", "x", "--db", dbfile)
    assert code == 2 and "“市政府”不是本措施所需的批准机关" in err
    code, out, err = run("measure", "approve", added["id"], "--by", "浙江省政府", "--ref", "浙政函〔2026〕9号",
                         "--at", "2026-11-29T12:00", "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out) == {"id": added["id"], "status": "in_force", "needs": []}
    code, out, err = run("measure", "lift", added["id"], "--at", "2026-11-30T12:00", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["status"] == "lifted", err
    assert json.loads(run("measure", "list", "--db", dbfile, "--json")[1])[0]["lifted_at"] == "2026-11-30T12:00:00+08:00"


@pytest.mark.parametrize("args,needle", [
    (["measure", "add", "--kind", "封城", "--area", "全市", "--by", "市政府", "--basis", "x"],
     "未知的措施类别“封城”（可选：划定疫区、疫区封锁、划定控制区域"),
    (["measure", "add", "--kind", "划定疫区", "--area", "全市", "--by", "市卫生健康委", "--basis", "x"],
     "划定疫区须由县级以上政府决定"),
    (["measure", "add", "--kind", "停工停业停课", "--area", "五马街道", "--by", "市政府", "--basis", "x"],
     "请以县（市、区）开头写明区域"),
    (["measure", "add", "--kind", "停工停业停课", "--area", "全市", "--by", "市政府", "--basis", "x", "--at", "yesterday"],
     "时间格式不正确"),
    (["measure", "lift", "7", "--at", "2026-11-29T09:00"], "没有编号为 7 的管控措施"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(run, dbfile, args, needle):
    before = audit_count(run, dbfile)
    code, out, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and out == ""
    assert len(err.strip().splitlines()) == 1
    assert audit_count(run, dbfile) == before


def test_review_moves_the_date_and_clears_the_flag(run, responding):
    dbfile = responding
    added = json.loads(run("measure", "add", "--kind", "停工停业停学", "--area", "瑞安市", "--by", "瑞安市政府",
                           "--basis", "瑞政发〔2026〕3号", "--at", "2026-11-29T09:00", "--review", "2026-11-29",
                           "--db", dbfile, "--json")[1])
    assert json.loads(run("measure", "list", "--db", dbfile, "--json")[1])[0]["review_overdue"] is True
    code, out, err = run("measure", "review", added["id"], "--date", "2099-01-01", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["review_on"] == "2099-01-01", err
    assert json.loads(run("measure", "list", "--db", dbfile, "--json")[1])[0]["review_overdue"] is False
    code, _, err = run("measure", "review", added["id"], "--date", "2026-11-01", "--db", dbfile)
    assert code == 2 and "复核日期不能早于实施日期" in err


def test_a_pending_measure_lifted_is_withdrawn_never_in_force(run, responding):
    dbfile = responding
    added = json.loads(run("measure", "add", "--kind", "疫区封锁", "--area", "龙湾区永中街道", "--by", "市公安局",
                           "--basis", "温公〔2026〕12号", "--at", "2026-11-29T09:00", "--db", dbfile, "--json")[1])
    code, out, err = run("measure", "lift", added["id"], "--at", "2026-11-29T10:00", "--db", dbfile)
    assert code == 0 and out.startswith("已登记撤销："), err
    code, out, _ = run("measure", "list", "--db", dbfile)
    assert "已撤销（未经批准）" in out and "尚需" not in out


def test_a_county_lockdown_at_level_iii_is_refused_without_a_reason_and_listed_with_it(run, dbfile):
    respond(dbfile, "III", T0 - timedelta(days=1), plan="respiratory")
    add = ("measure", "add", "--kind", "县域封锁", "--area", "乐清市", "--by", "市应急指挥部", "--basis", "温应指〔2026〕8号",
           "--at", "2026-11-29T09:00", "--db", dbfile)
    before = audit_count(run, dbfile)
    code, out, err = run(*add)
    said = "县域封锁是《温州市突发急性呼吸道传染病事件应急预案》6.2.3(4)所列的Ⅱ级应急响应措施，实施时全市为Ⅲ级应急响应"
    assert code == 2 and said in err and "请填写理由" in err and "（--level-reason 理由）" in err and out == ""
    assert audit_count(run, dbfile) == before
    code, out, err = run(*add, "--level-reason", "市政府专题会议决定（温政纪〔2026〕3号）")
    assert code == 0, err
    assert out.splitlines()[-1] == f"超出响应级别：{said}；理由：市政府专题会议决定（温政纪〔2026〕3号）"
    code, out, _ = run("measure", "list", "--db", dbfile)
    assert "（超出响应级别）" in out and f"第1号：{said}；理由：市政府专题会议决定" in out
    listed = json.loads(run("measure", "list", "--db", dbfile, "--json")[1])
    assert listed[0]["level_note"] == said and listed[0]["level_reason"].startswith("市政府专题会议决定")
