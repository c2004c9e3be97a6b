"""experts / expert add / assessment add / assessments, and level set … --assessment-id."""
import json


def test_committee_assessment_and_a_level_set_on_it(run, dbfile):
    assert run("experts", "--db", dbfile, "--json")[1].strip() == "[]"
    code, out, err = run("expert", "add", "王教授", "--specialty", "流行病学", "--employer", "市疾控中心",
                         "--mobile", "13900000011", "--from", "2026-01-01", "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["from"] == "2026-01-01"
    assert run("expert", "add", "李主任", "--specialty", "临床医学", "--from", "2026-01-01", "--db", dbfile)[0] == 0
    members = json.loads(run("experts", "--db", dbfile, "--json")[1])
    assert [(m["name"], m["mobile"]) for m in members] == [("王教授", "13900000011"), ("李主任", "")]
    code, out, err = run("assessment", "add", "--question", "level.start", "--recommendation", "建议启动Ⅲ级应急响应",
                         "--at", "2026-11-29T07:00", "--members", "王教授", "李主任", "--db", dbfile, "--json")
    assert code == 0, err
    ident = json.loads(out)["id"]
    listed = json.loads(run("assessments", "--db", dbfile, "--json")[1])
    assert listed[0]["id"] == ident and listed[0]["members"] == ["王教授", "李主任"]
    assert listed[0]["question_name"] == "启动应急响应"
    code, out, err = run("level", "set", "III", "--by", "市政府", "--basis", "专家评估", "--at", "2026-11-29T08:00",
                         "--assessment-id", ident, "--db", dbfile, "--json")
    assert code == 0, err
    decided = json.loads(out)
    assert decided["assessment_id"] == ident and decided["assessment"].startswith(f"第{ident}号评估")
    shown = json.loads(run("level", "show", "--db", dbfile, "--json")[1])
    assert shown["assessment"] == decided["assessment"]
    assert json.loads(run("level", "history", "--db", dbfile, "--json")[1])[-1]["assessment_id"] == ident


def test_refusals_exit_2_and_write_nothing(run, dbfile):
    before = len(json.loads(run("audit", "--db", dbfile, "--json")[1]))
    for args, needle in ((["assessment", "add", "--question", "开会", "--recommendation", "x", "--members", "某"],
                          "未知的评估事项“开会”"),
                         (["assessment", "add", "--question", "risk", "--recommendation", "x", "--members", "某"],
                          "某在"),
                         (["expert", "add", "钱医生", "--specialty", "x", "--mobile", "12"], "手机号码"),
                         (["level", "set", "III", "--by", "市政府", "--basis", "x", "--assessment-id", "99"],
                          "没有编号为 99 的专家评估")):
        code, out, err = run(*args, "--db", dbfile)
        assert code == 2 and needle in err and out == "", (args, err)
    assert len(json.loads(run("audit", "--db", dbfile, "--json")[1])) == before


def test_assessment_print_and_the_paper_kit_phone_list(run, dbfile, tmp_path):
    import subprocess

    from wzcommand import clock

    today = clock.local(clock.now()).date().isoformat()
    assert run("expert", "add", "王教授", "--specialty", "流行病学", "--mobile", "13900000011", "--from", "2026-01-01",
               "--db", dbfile)[0] == 0
    ident = json.loads(run("assessment", "add", "--question", "risk", "--recommendation", "维持当前响应级别",
                           "--text", "疫情总体平稳。\n建议继续监测。", "--members", "王教授", "--at", f"{today}T00:01",
                           "--db", dbfile, "--json")[1])["id"]
    out = tmp_path / "opinion.pdf"
    code, _, err = run("assessment", "print", ident, "--out", out, "--db", dbfile)
    assert code == 0, err
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert f"专家咨询委员会评估意见（第{ident}号）" in text and "就“风险评估”进行评估，1名委员出席" in text
    assert "疫情总体平稳。" in text and "王教授" in text and "流行病学" in text and "审计链第" in text
    kit = tmp_path / "kit.pdf"
    assert run("paper-kit", "--out", kit, "--db", dbfile)[0] == 0
    kit_text = "".join(subprocess.run(["pdftotext", str(kit), "-"], capture_output=True, text=True).stdout.split())
    assert "专家咨询委员会委员通讯录" in kit_text and "13900000011" in kit_text


def test_expert_edit_and_end_by_name_or_number(run, dbfile):
    assert run("expert", "add", "王教授", "--specialty", "流行病学", "--from", "2026-01-01", "--db", dbfile)[0] == 0
    code, out, err = run("expert", "edit", "王教授", "--mobile", "13900000033", "--employer", "市疾控中心",
                         "--db", dbfile, "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["mobile"], edited["employer"], edited["specialty"]) == ("13900000033", "市疾控中心", "流行病学")
    code, out, err = run("expert", "end", str(edited["id"]), "--on", "2026-06-30", "--db", dbfile)
    assert code == 0 and "王教授的聘期至2026-06-30结束" in out, err
    assert json.loads(run("experts", "--db", dbfile, "--json")[1])[0]["to"] == "2026-06-30"
    assert "2026-01-01至2026-06-30" in run("experts", "--db", dbfile)[1]
    before = len(json.loads(run("audit", "--db", dbfile, "--json")[1]))
    for args, needle in ((["expert", "end", "王教授", "--on", "2026-07-31"], "聘期已于2026-06-30结束"),
                         (["expert", "edit", "王教授", "--mobile", "12"], "手机号码"),
                         (["expert", "edit", "钱医生", "--title", "x"], "没有名为“钱医生”"),
                         (["expert", "end", "王教授", "--on", "30/6"], "日期格式不正确")):
        code, out, err = run(*args, "--db", dbfile)
        assert code == 2 and needle in err and out == "", (args, err)
    assert len(json.loads(run("audit", "--db", dbfile, "--json")[1])) == before


def test_a_scheduled_risk_assessment_recorded_shows_held_and_the_others_missed(run, dbfile):
    from datetime import timedelta

    from wzcommand import clock

    now = clock.now()
    start = (now - timedelta(days=3)).isoformat(timespec="minutes")
    code, _, err = run("level", "set", "II", "--plan", "respiratory", "--by", "市政府", "--basis", "疫情上升",
                       "--at", start, "--assessment", "建议启动Ⅱ级", "--assessed-on", start[:10],
                       "--province-record", "已报省政府备案", "--db", dbfile)
    assert code == 0, err
    day_from = (now - timedelta(days=3)).date().isoformat()
    listed = json.loads(run("schedule", "--from", day_from, "--kind", "expert_assessment", "--db", dbfile,
                            "--json")[1])
    past = [i for i in listed if i["start"][:10] < clock.local(now).date().isoformat()]
    assert len(past) >= 2 and all(i["missed"] for i in past)
    assert run("expert", "add", "王教授", "--specialty", "流行病学", "--from", "2020-01-01", "--db", dbfile)[0] == 0
    at = past[0]["start"][:11] + "15:30"
    code, out, err = run("assessment", "add", "--question", "risk", "--recommendation", "维持Ⅱ级响应", "--at", at,
                         "--members", "王教授", "--schedule-item", past[0]["id"], "--db", dbfile, "--json")
    assert code == 0, err
    ident = json.loads(out)["id"]
    listed = {i["id"]: i for i in json.loads(run("schedule", "--from", day_from, "--kind", "expert_assessment",
                                                 "--db", dbfile, "--json")[1])}
    assert listed[past[0]["id"]]["assessment_id"] == ident and not listed[past[0]["id"]]["missed"]
    assert listed[past[0]["id"]]["status"] == "held" and listed[past[1]["id"]]["missed"]
    text = run("schedule", "--from", day_from, "--kind", "expert_assessment", "--db", dbfile)[1]
    assert f"[已评估（第{ident}号）]" in text and "[未评估（无评估记录）]" in text
    code, out, err = run("assessment", "add", "--question", "risk", "--recommendation", "x", "--at", at,
                         "--members", "王教授", "--schedule-item", past[0]["id"], "--db", dbfile)
    assert code == 2 and f"已登记为第{ident}号评估" in err
