"""Level, people, warning and audit commands as documented in the README."""
import json

import pytest





def test_level_show_set_and_audit(run, capsys, dbfile):
    code, out, _ = run("level", "show", "--db", dbfile, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["level"] == "none" and shown["since"] is None and shown["commander"] is None
    assert run("people", "set", "市政府常务副市长", "--name", "李四", "--mobile", "13900000002",
               "--db", dbfile)[0] == 0
    code, _, err = run("level", "set", "II", "--by", "市政府", "--basis", "专家评估", "--at",
                       "2026-11-29T08:00:00+08:00", "--assessment", "专家咨询委员会建议启动Ⅱ级",
                       "--assessed-on", "2026-11-29", "--db", dbfile)
    assert code == 0, err
    shown = json.loads(run("level", "show", "--db", dbfile, "--json")[1])
    assert shown["level"] == "II" and shown["since"].startswith("2026-11-29")
    assert shown["commander"] == {"post": "市政府常务副市长", "person": "李四", "phone": "13900000002"}
    assert shown["office"]["location"] == "市政府办公室"
    assert shown["office"]["director"]["post"] == "市政府联系工作副秘书长"
    assert shown["office"]["director"]["person"] is None
    supplies = next(g for g in shown["groups"] if g["name"] == "物资保障组")
    assert supplies["active"] and [l["post"] for l in supplies["leads"]] == ["市政府相关副秘书长", "主要成员单位主要负责人"]
    assert set(shown["cadence"]) == {"press_briefing", "reporting", "risk_assessment", "risk_map"}
    assert "每日" in shown["cadence"]["press_briefing"]
    entries = json.loads(run("audit", "--db", dbfile, "--json")[1])
    assert [e["action"] for e in entries] == ["reference.seed", "people.set", "level.switch"]
    assert run("check", "--db", dbfile)[0] == 0


@pytest.mark.parametrize("args,needle", [
    (["level", "set", "I", "--by", "市政府", "--basis", "x", "--at", "2026-11-29T08:00", "--assessment", "建议",
      "--assessed-on", "2026-11-29"], "省政府"),
    (["level", "set", "none", "--by", "市政府", "--basis", "x"], "相同"),
    (["level", "set", "III", "--by", "市政府", "--basis", "x", "--at", "yesterday"], "时间格式"),
    (["level", "set", "V", "--by", "市政府", "--basis", "x"], "invalid choice"),
    (["level", "set", "III", "--basis", "x"], "--by"),
    (["people", "set", "市长", "--name", "张", "--mobile", "555"], "手机"),
    (["warning", "suggest", "--ili", "abc", "--ili-baseline", "1", "--positive", "1", "--positive-baseline", "1"], "number"),
])
def test_errors_exit_2_one_line_nothing_changed(run, capsys, dbfile, args, needle):
    run("init", "--db", dbfile)
    code, out, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and err.count("\n") == 1
    entries = json.loads(run("audit", "--db", dbfile, "--json")[1])
    assert len(entries) == 1


@pytest.mark.parametrize("ili,pos,expected", [
    ("3.5", "15", "none"),       # exactly 1.5 points over: not above
    ("3.51", "15.01", "blue"),
    ("5.0", "25", "blue"),       # 3.0 over is not above the yellow 3 points
    ("5.01", "25.01", "yellow"),
    ("8.01", "40.01", "orange"),
])
def test_warning_suggest_edges(run, capsys, ili, pos, expected):
    code, out, _ = run("warning", "suggest", "--ili", ili, "--ili-baseline", "2.0",
                       "--positive", pos, "--positive-baseline", "10", "--json")
    data = json.loads(out)
    assert code == 0 and data["warning"] == expected
    assert set(data) == {"warning", "warning_name", "reasons", "grade", "grade_plan", "grade_reasons"}


@pytest.mark.parametrize("ili,pos,grade,clause", [
    # ari 3.4(3), lines 4031-4036 "超过基线水平2个百分点……超过基线水平10个百分点": exactly 2/10 is no grade
    ("4.0", "20", None, None),
    ("4.01", "20.01", "一般", "3.4(3)"),
    # ari 3.3(4), lines 3990-3994: 4 and 20 points; ari 3.2(5), lines 3944-3948: 8 and 40 points
    ("6.01", "30.01", "较大", "3.3(4)"),
    ("10.01", "50.01", "重大", "3.2(5)"),
])
def test_warning_suggest_gives_the_respiratory_plans_ili_grade(run, capsys, ili, pos, grade, clause):
    code, out, _ = run("warning", "suggest", "--ili", ili, "--ili-baseline", "2.0",
                       "--positive", pos, "--positive-baseline", "10", "--json")
    data = json.loads(out)
    assert code == 0 and data["grade"] == grade
    if grade:
        assert data["grade_plan"] == "respiratory" and len(data["grade_reasons"]) == 1
        assert data["grade_reasons"][0].startswith(f"《温州市突发急性呼吸道传染病事件应急预案》{clause}：流感哨点监测")
    else:
        assert data["grade_reasons"] == []
    # the colour is named alone: "橙色预警", never "橙色预警（重大）"
    assert data["warning_name"] in (None, "蓝色预警", "黄色预警", "橙色预警", "红色预警")
    text = run("warning", "suggest", "--ili", ili, "--ili-baseline", "2.0", "--positive", pos,
               "--positive-baseline", "10")[1]
    assert "预警（" not in text


def test_people_json_lists_vacant_posts(run, capsys, dbfile):
    data = json.loads(run("people", "--db", dbfile, "--json")[1])
    mayor = next(p for p in data if p["post"] == "市长")
    assert mayor["person"] is None
    assert {p["group"] for p in data if p["post"] == "市政府相关副市长"} == {"管控服务组", "宣传组", "物资保障组", "督查组"}
