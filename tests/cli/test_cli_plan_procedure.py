"""`level set` follows the plan's procedure (issue 11); walks of whole responses through the CLI.

Clauses quoted with their line in ../shared/seeds/000_acf93dc6e7de9179.txt."""
import json

import pytest

DAY = "2026-11-20"
ASSESS = ["--assessment", "专家咨询委员会建议调整", "--assessed-on", DAY]


def at(hour):
    return f"{DAY}T{hour:02d}:00:00+08:00"


def steps(run, dbfile):
    entries = json.loads(run("audit", "--db", dbfile, "--json")[1])
    return [json.loads(e["after"])["steps"] for e in entries if e["action"] == "level.switch"]


def test_by_refuses_a_body_the_plan_does_not_name_and_lists_the_allowed(run, dbfile):
    assert run("level", "set", "II", "--by", "市政府", "--basis", "x", "--at", at(8), *ASSESS, "--db", dbfile)[0] == 0
    # phe 6.4.3(2), lines 2470-2472: "降低应急响应级别或终止响应由市政府发布实施"
    code, _, err = run("level", "set", "none", "--by", "张三", "--basis", "x", "--at", at(9), *ASSESS, "--db", dbfile)
    assert code == 2 and "应由市政府决定" in err and "“张三”不是预案规定的决定机关" in err
    assert json.loads(run("level", "show", "--db", dbfile, "--json")[1])["level"] == "II"


def test_no_assessment_is_refused_with_the_clause(run, dbfile):
    # phe 6.1.3, lines 1928-1930: "由市卫生健康主管部门组织专家咨询委员会评估后提出是否启动应急响应的建议"
    code, _, err = run("level", "set", "III", "--by", "市政府", "--basis", "x", "--db", dbfile)
    assert code == 2 and "6.1.3" in err and "组织专家咨询委员会评估后提出是否启动应急响应的建议" in err
    assert err.count("\n") == 1


def test_province_directed_is_refused_for_levels_other_than_i(run, dbfile):
    # phe 6.1, lines 1900-1902: "国务院、省政府启动Ⅰ级应急响应或者省政府要求我市启动Ⅰ级应急响应，则直接启动。"
    code, _, err = run("level", "set", "III", "--by", "省政府", "--basis", "x", "--province-directed", "--db", dbfile)
    assert code == 2 and "只适用于Ⅰ级" in err
    assert json.loads(run("level", "show", "--db", dbfile, "--json")[1])["level"] == "none"


def test_province_decision_is_refused_for_a_city_started_response(run, dbfile):
    assert run("level", "set", "III", "--by", "市政府", "--basis", "x", "--at", at(8), *ASSESS, "--db", dbfile)[0] == 0
    code, _, err = run("level", "set", "none", "--by", "省政府", "--basis", "x", "--at", at(9),
                       "--province-decision", "浙政发〔2026〕3号", "--db", dbfile)
    assert code == 2 and "由市级启动" in err


def test_walk_a_province_started_level_i_from_start_to_end(run, dbfile):
    code, out, err = run("level", "set", "I", "--by", "省政府", "--basis", "省政府要求我市启动Ⅰ级",
                         "--province-directed", "--at", at(8), "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["initiator"] == "province"
    shown = json.loads(run("level", "show", "--db", dbfile, "--json")[1])
    assert (shown["level"], shown["plan"]) == ("I", "public_health")
    # phe 6.4.2, line 2447: "按照谁启动谁调整、谁启动谁终止的原则" — the city may not lower it itself …
    code, _, err = run("level", "set", "II", "--by", "市政府", "--basis", "x", "--at", at(9), *ASSESS,
                       "--province-record", "已报告", "--db", dbfile)
    assert code == 2 and "谁启动谁调整" in err
    # … and records the province's own decisions instead
    code, out, err = run("level", "set", "II", "--by", "省政府", "--basis", "省政府降低响应级别",
                         "--province-decision", "浙政发〔2026〕3号", "--at", at(10), "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["province_decision"] == "浙政发〔2026〕3号"
    code, _, err = run("level", "set", "none", "--by", "省政府", "--basis", "省政府终止响应",
                       "--province-decision", "浙政发〔2026〕5号", "--at", at(11), "--db", dbfile)
    assert code == 0, err
    assert json.loads(run("level", "show", "--db", dbfile, "--json")[1])["level"] == "none"
    walked = steps(run, dbfile)
    assert walked[0][0].startswith("省级启动或要求我市启动Ⅰ级，直接启动：省政府")
    assert walked[1][0].startswith("省级决定：省政府（浙政发〔2026〕3号")
    assert walked[2][0].startswith("省级决定：省政府（浙政发〔2026〕5号")


@pytest.mark.parametrize("category,plan,closing,flags", [
    # phe 6.4.3(3), lines 2476-2479: "终止响应的，报市政府备案后发布实施"
    ("职业中毒", "public_health", "报市政府备案", ["--filed-with", "市政府", "--filing-ref", "备案第2号"]),
    # ari 6.3.3, lines 5194-5198: "得出终止应急响应结论后，报市政府批准后发布实施"
    ("突发急性呼吸道传染病疫情", "respiratory", "报市政府批准",
     ["--approved-by", "市政府", "--approval-ref", "温政函〔2026〕2号"]),
])
def test_walk_a_level_iv_response_under_each_plan(run, dbfile, category, plan, closing, flags):
    code, out, err = run("event", "add", "--name", "某事件", "--category", category, "--district", "鹿城区",
                         "--occurred", at(6), "--received", at(7), "--grade", "一般",
                         "--db", dbfile, "--json")
    assert code == 0, err
    event = json.loads(out)["id"]
    # phe 6.1.4 lines 1939-1943 / ari 6.1.1 lines 4580-4584: 市卫生健康主管部门决定, 报市政府批准
    code, _, err = run("level", "set", "IV", "--by", "市卫生健康主管部门", "--basis", "x", "--at", at(8), *ASSESS,
                       "--event", event, "--db", dbfile)
    assert code == 2 and "须报市政府批准" in err
    assert run("level", "set", "IV", "--by", "市卫生健康主管部门", "--basis", "x", "--at", at(8), *ASSESS,
               "--event", event, "--approved-by", "市政府", "--approval-ref", "温政函〔2026〕1号",
               "--approved-at", at(9), "--db", dbfile)[0] == 0
    shown = json.loads(run("level", "show", "--db", dbfile, "--json")[1])
    assert (shown["level"], shown["plan"]) == ("IV", plan)
    code, _, err = run("level", "set", "none", "--by", "市卫生健康主管部门", "--basis", "x", "--at", at(12),
                       *ASSESS, *flags, "--db", dbfile)
    assert code == 2 and "时间" in err  # the approval/filing needs its time
    code, out, err = run("level", "set", "none", "--by", "市卫生健康主管部门", "--basis", "x", "--at", at(12),
                         *ASSESS, *flags, f"--{flags[0][2:].split('-')[0]}-at", at(13), "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["plan"] == plan
    walked = steps(run, dbfile)
    assert [s.split("：")[0] for s in walked[0]] == ["专家评估", "决定启动", "报市政府批准", "发布实施"]
    assert [s.split("：")[0] for s in walked[1]] == ["专家评估", "决定终止", closing, "发布实施"]
