"""schedule, meeting and task commands: JSON shapes, one-line errors, nothing changed on error."""
import json
from datetime import date, timedelta

import pytest





def test_schedule_follows_level(run, capsys, dbfile):
    assert run("level", "set", "II", "--by", "市政府", "--basis", "x", "--assessment", "建议启动Ⅱ级",
               "--assessed-on", str(date.today()), "--db", dbfile)[0] == 0
    today = date.today()
    code, out, _ = run("schedule", "--from", str(today + timedelta(days=1)),
                       "--to", str(today + timedelta(days=1)), "--db", dbfile, "--json")
    items = json.loads(out)
    assert code == 0
    kinds = {i["kind"] for i in items}
    # no event: the public-health plan, whose Ⅱ has daily briefings and the daily work report (6.3.1(8),
    # 6.2.3(1)) but no dispatch meetings or risk assessments (those are the respiratory plan's 6.2.3(2))
    assert {"press_briefing", "report_due"} <= kinds and not kinds & {"dispatch", "expert_assessment"}
    assert all(set(i) >= {"kind", "title", "start", "end", "place", "status", "origin"} for i in items)
    assert {i["origin"] for i in items} == {"cadence"} and {i["status"] for i in items} == {"planned"}


def test_meeting_add_record_and_task_from_it(run, capsys, dbfile):
    code, out, err = run("meeting", "add", "--kind", "press_briefing", "--title", "第1场新闻发布会",
                         "--start", "2026-12-01T10:00+08:00", "--end", "2026-12-01T11:00+08:00",
                         "--place", "市新闻发布厅", "--organiser", "市委宣传部",
                         "--speaker", "李四|市卫生健康委|疫情通报", "--db", dbfile, "--json")
    assert code == 0, err
    mid = json.loads(out)["id"]
    code, _, err = run("meeting", "record", str(mid), "--present", "市卫生健康委", "--now",
                       "2026-12-01T09:59+08:00", "--db", dbfile)
    assert code == 2 and "尚未召开" in err                    # not held before its start
    code, out, _ = run("meeting", "record", str(mid), "--present", "市卫生健康委", "--now", "2026-12-01T11:05+08:00",
                       "--substitute", "市公安局=王五", "--decisions", "加强舆情", "--db", dbfile, "--json")
    rec = json.loads(out)
    assert rec["status"] == "held"
    assert {"unit": "市公安局", "attendance": "substitute", "substitute": "王五"} in rec["attendees"]
    code, out, _ = run("task", "add", "--content", "回应舆情", "--lead", "市委宣传部", "--meeting", str(mid),
                       "--deadline", "2026-12-31T18:00+08:00", "--now", "2026-12-01T12:00+08:00",
                       "--db", dbfile, "--json")
    task = json.loads(out)
    assert task["doc_no"] == "交办〔2026〕1号" and task["source"] == "meeting" and task["status"] == "assigned"
    assert run("task", "update", str(task["id"]), "--status", "in_progress", "--db", dbfile)[0] == 0
    late = json.loads(run("task", "list", "--overdue", "--now", "2027-01-01T00:00+08:00",
                          "--db", dbfile, "--json")[1])
    assert [t["doc_no"] for t in late] == ["交办〔2026〕1号"] and late[0]["status"] == "overdue"


@pytest.mark.parametrize("args,needle", [
    (["meeting", "add", "--kind", "other", "--title", "x", "--start", "2026-12-01T10:00", "--end",
      "2026-12-01T09:00"], "结束时间"),
    (["task", "add", "--content", "x", "--lead", "市没有局"], "未知"),
    (["task", "add", "--content", "x", "--lead", "市公安局", "--deadline", "2020-01-01T00:00"], "时限"),
    (["task", "update", "1", "--status", "bogus"], "invalid choice"),
    (["schedule", "--from", "2026-13-01"], "日期格式"),
])
def test_errors(run, capsys, dbfile, args, needle):
    run("init", "--db", dbfile)
    code, _, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and err.count("\n") == 1
    assert json.loads(run("task", "list", "--db", dbfile, "--json")[1]) == []


def test_status_change_the_workflow_forbids(run, capsys, dbfile):
    out = run("task", "add", "--content", "x", "--lead", "市公安局", "--db", dbfile, "--json")[1]
    tid = str(json.loads(out)["id"])
    assert run("task", "update", tid, "--status", "done", "--db", dbfile)[0] == 0
    code, _, err = run("task", "update", tid, "--status", "in_progress", "--db", dbfile)
    assert code == 2 and "不能改为" in err


def test_a_refused_schedule_query_plans_nothing(run, dbfile):
    import sqlite3

    assert run("level", "set", "II", "--by", "市政府", "--basis", "评估", "--assessment", "建议启动Ⅱ级",
               "--assessed-on", str(date.today()), "--db", dbfile)[0] == 0
    conn = sqlite3.connect(dbfile)
    conn.execute("DELETE FROM schedule_item")  # as if the cadence had not been planned ahead yet
    conn.commit()
    conn.close()
    code, _, err = run("schedule", "--from", "2026-12-01", "--to", "2026-11-01", "--db", dbfile)
    assert code == 2 and "截止日期不能早于起始日期" in err
    conn = sqlite3.connect(dbfile)
    assert conn.execute("SELECT count(*) FROM schedule_item").fetchone()[0] == 0
    conn.close()
