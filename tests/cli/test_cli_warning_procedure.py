"""warning set with its procedure, warning lift, warning show --json with the steps, warning print."""
import json
import subprocess


def test_set_show_lift_and_print(run, dbfile, tmp_path):
    code, _, err = run("warning", "set", "yellow", "--by", "市卫生健康委", "--basis", "监测", "--db", dbfile)
    assert code == 2 and "发布预警须先有：疾病预防控制机构预警建议、专家咨询委员会评估、报市政府备案" in err
    code, out, err = run("warning", "set", "orange", "--by", "市卫生健康委", "--basis", "监测",
                         "--proposal", "温疾控〔2026〕3号", "--assessment", "建议发布橙色预警", "--filed-with", "市政府",
                         "--situation", "yellow-1", "--situation", "orange-2", "--scope", "全市",
                         "--measures", "加强发热门诊监测", "--db", dbfile, "--json")
    assert code == 0, err
    shown = json.loads(run("warning", "show", "--db", dbfile, "--json")[1])
    assert shown["colour"] == "orange"
    assert [s["step"] for s in shown["steps"]] == ["proposal", "assessment", "filing", "decision", "publication"]
    assert all(s["done"] for s in shown["steps"])
    assert shown["history"][-1]["situations"] == ["yellow-1", "orange-2"]
    pdf = tmp_path / "notice.pdf"
    code, _, err = run("warning", "print", "--out", pdf, "--db", dbfile)
    assert code == 0, err
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "预警信息发布稿" in text and "发布全市橙色预警" in text and "经专家咨询委员会评估" in text
    assert "省内出现传染性非典型肺炎病例。" in text and "加强发热门诊监测" in text and "（重大级别预警）" in text
    assert run("warning", "lift", "--by", "市卫生健康委", "--basis", "疫情得到有效控制", "--db", dbfile)[0] == 0
    assert json.loads(run("warning", "show", "--db", dbfile, "--json")[1])["colour"] == "none"


def test_warning_adjust_raises_and_lowers_the_warning_in_force(run, dbfile):
    by = ("--by", "市卫生健康委", "--db", dbfile)
    code, _, err = run("warning", "adjust", "orange", "--basis", "监测", "--proposal", "温疾控〔2026〕4号", *by)
    assert code == 2 and "当前没有预警，无可调整" in err
    assert run("warning", "set", "yellow", "--basis", "监测", "--proposal", "温疾控〔2026〕3号", "--assessment",
               "建议发布黄色预警", "--filed-with", "市政府", *by)[0] == 0
    code, _, err = run("warning", "adjust", "orange", "--basis", "疫情上升", *by)
    assert code == 2 and "调整预警须先有：疾病预防控制机构预警建议" in err and "5.4.4" in err
    code, _, err = run("warning", "adjust", "yellow", "--basis", "x", "--proposal", "p", *by)
    assert code == 2 and "当前已是黄色预警，无需调整" in err
    code, out, err = run("warning", "adjust", "orange", "--basis", "疫情上升", "--proposal", "温疾控〔2026〕4号",
                         "--situation", "orange-2", "--scope", "全市", "--json", *by)
    assert code == 0, err
    raised = json.loads(out)
    assert (raised["action"], raised["colour"]) == ("adjust", "orange")
    assert run("warning", "adjust", "blue", "--basis", "疫情回落", "--proposal", "温疾控〔2026〕5号", *by)[0] == 0
    history = json.loads(run("warning", "show", "--db", dbfile, "--json")[1])["history"]
    assert [(h["action"], h["colour"]) for h in history] == [("issue", "yellow"), ("adjust", "orange"),
                                                              ("adjust", "blue")]
    code, _, err = run("warning", "adjust", "none", "--basis", "x", "--proposal", "p", *by)
    assert code == 2 and "invalid choice" in err  # lifting is `warning lift`


def test_a_trigger_site_is_warned_with_the_city_never_below_it(run, dbfile, tmp_path):
    issue = ("warning", "set", "orange", "--by", "市卫生健康委", "--basis", "监测", "--proposal", "温疾控〔2026〕3号",
             "--assessment", "建议发布橙色预警", "--filed-with", "市政府", "--db", dbfile)
    code, out, err = run(*issue, "--trigger-site", "鹿城区:yellow")
    assert code == 2 and "预警触发地鹿城区的黄色预警低于全市橙色预警" in err and "预警触发地的预警级别须不低于全市预警级别" in err
    code, _, err = run(*issue, "--trigger-site", "杭州:red")
    assert code == 2 and "没有名为“杭州”的县（市、区）" in err
    assert json.loads(run("warning", "show", "--db", dbfile, "--json")[1])["history"] == []
    code, out, err = run(*issue, "--trigger-site", "鹿城:红色", "--trigger-site", "瑞安市:orange", "--json",
                         "--at", "2026-11-20T08:30")
    assert code == 0, err
    shown = json.loads(run("warning", "show", "--db", dbfile, "--json")[1])
    assert shown["history"][-1]["trigger_sites"] == [{"county": "鹿城区", "colour": "red"},
                                                     {"county": "瑞安市", "colour": "orange"}]
    publication = next(s for s in shown["steps"] if s["step"] == "publication")
    assert "预警触发地：鹿城区红色预警、瑞安市橙色预警" in publication["text"]
    pdf = tmp_path / "notice.pdf"
    assert run("warning", "print", "--out", pdf, "--db", dbfile)[0] == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "三、预警范围全市。同时对预警触发地发布预警：鹿城区红色预警、瑞安市橙色预警。" in text
    assert "决定自2026年11月20日8时30分起发布全市橙色预警" in text  # an official document's 时分, not 08:30
    code, _, err = run("warning", "adjust", "red", "--by", "市卫生健康委", "--basis", "上升", "--proposal", "p",
                       "--trigger-site", "瑞安市:orange", "--db", dbfile)
    assert code == 2 and "瑞安市的橙色预警低于全市红色预警" in err


def test_an_older_trigger_site_left_below_a_raised_city_warning_is_flagged_and_adjusted_alone(run, dbfile, tmp_path):
    by = ("--by", "市卫生健康委", "--db", dbfile)
    assert run("warning", "set", "yellow", "--basis", "监测", "--proposal", "温疾控〔2026〕3号", "--assessment",
               "建议发布黄色预警", "--filed-with", "市政府", "--trigger-site", "鹿城区:orange", *by)[0] == 0
    code, _, err = run("warning", "adjust", "red", "--basis", "疫情上升", "--proposal", "温疾控〔2026〕4号", *by)
    assert code == 0, err
    code, text, _ = run("warning", "show", "--db", dbfile)
    assert code == 0 and text.splitlines()[:3] == [
        "当前：红色预警", "预警触发地：鹿城区橙色预警（低于全市红色预警，须调整）",
        "（《温州市突发急性呼吸道传染病事件应急预案》附件 三：“预警触发地的预警级别须不低于全市预警级别。”）"], text
    shown = json.loads(run("warning", "show", "--db", dbfile, "--json")[1])
    assert [(s["county"], s["colour"], s["below_city"]) for s in shown["trigger_sites"]] == [("鹿城区", "orange", True)]
    code, text, _ = run("counties", "--db", dbfile)
    line = next(x for x in text.splitlines() if x.startswith("鹿城区"))
    assert code == 0 and "橙色预警" in line and "预警触发地鹿城区橙色预警，低于全市红色预警" in line
    assert "预警触发地" in text.splitlines()[0]
    code, _, err = run("warning", "adjust", "red", "--basis", "x", "--proposal", "温疾控〔2026〕5号", *by)
    assert code == 2 and "当前已是红色预警，无需调整（只调整预警触发地的，请列出预警触发地）" in err
    code, _, err = run("warning", "adjust", "red", "--basis", "鹿城区疫情上升", "--proposal", "温疾控〔2026〕5号",
                       "--trigger-site", "鹿城区:red", *by)
    assert code == 0, err
    shown = json.loads(run("warning", "show", "--db", dbfile, "--json")[1])
    assert [(s["county"], s["colour"], s["below_city"]) for s in shown["trigger_sites"]] == [("鹿城区", "red", False)]
    assert "须调整" not in run("warning", "show", "--db", dbfile)[1]
    pdf = tmp_path / "notice.pdf"
    assert run("warning", "print", "--out", pdf, "--db", dbfile)[0] == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "起调整预警触发地的预警，全市红色预警不变。" in text and "同时对预警触发地发布预警：鹿城区红色预警。" in text
