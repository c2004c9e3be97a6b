"""requisition add|return|list|compensate|export and print compensation: the register through the
command line, the response end showing what is not yet returned, the list totalled per owner as a
PDF (with the chain mark) and as .xlsx; refusals exit 2 and write nothing."""
import json
import re
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from level_support import switch

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def responding(dbfile):
    from wzcommand.storage.database import open_database

    db = open_database(dbfile)
    switch(db, "IV", T0)
    db.close()
    return dbfile


def audit_count(run, dbfile) -> int:
    return len(json.loads(run("audit", "--db", dbfile, "--json")[1]))


def add(run, dbfile, *extra, what="大客车", owner="温州某某客运有限公司", kind="vehicle", owner_kind="enterprise"):
    code, out, err = run("requisition", "add", "--kind", kind, "--what", what, "--qty", "2辆", "--owner", owner,
                         "--owner-kind", owner_kind, "--by", "温州市人民政府", "--ref", "温政征〔2026〕1号",
                         "--condition", "完好", "--at", "2026-11-03T10:00", *extra, "--db", dbfile, "--json")
    assert code == 0, err
    return json.loads(out)


def pdf_text(path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
                   .stdout.split())


def test_register_return_end_and_the_compensation_list(run, responding, tmp_path):
    db = responding
    bus = add(run, db, "--contact", "林调度 0577-88880000")
    hotel = add(run, db, what="某某酒店主楼", owner="温州某某酒店有限公司", kind="房屋", owner_kind="企业")
    add(run, db, what="转运车辆驾驶", owner="张三", kind="service", owner_kind="person")
    assert bus["owner_kind"] == "enterprise" and hotel["kind"] == "building" and bus["response"] is not None
    code, out, err = run("requisition", "return", bus["id"], "--condition", "完好，已消毒", "--at", "2026-11-08T10:00",
                         "--db", db, "--json")
    assert code == 0 and json.loads(out)["condition_returned"] == "完好，已消毒", err
    listed = json.loads(run("requisition", "list", "--unreturned", "--db", db, "--json")[1])
    assert [r["description"] for r in listed] == ["某某酒店主楼", "转运车辆驾驶"]
    code, _, err = run("requisition", "compensate", "--owner", "张三", "--amount", "3600", "--assessment", "按日工资",
                       "--db", db)
    assert code == 2 and "应急响应尚未终止" in err
    code, out, err = run("measure", "add", "--kind", "停工停业停课", "--area", "鹿城区五马街道", "--by", "鹿城区政府",
                         "--basis", "鹿城区政府通告第1号", "--at", "2026-11-08T09:00", "--db", db, "--json")
    assert code == 0, err
    school = json.loads(out)["id"]
    code, out, err = run("level", "set", "none", "--by", "市卫生健康主管部门", "--basis", "疫情得到控制",
                         "--at", "2026-11-15T09:00", "--assessment", "建议终止", "--assessed-on", "2026-11-15",
                         "--filed-with", "市政府", "--filing-ref", "备案第9号", "--filed-at", "2026-11-15T09:00",
                         "--db", db, "--json")
    assert code == 0, err
    assert json.loads(out)["measures_not_lifted"] == [{"id": school, "kind": "停工停业停课", "area": "鹿城区五马街道",
                                                       "status": "in_force"}]
    flagged = json.loads(out)["unreturned_requisitions"]
    assert [r["id"] for r in flagged] == [hotel["id"], hotel["id"] + 1] and "某某酒店主楼" in flagged[0]["text"]
    for owner, amount in (("温州某某客运有限公司", "12,800.50"), ("张三", "3600"), ("温州某某客运有限公司", "12,000")):
        code, out, err = run("requisition", "compensate", "--owner", owner, "--amount", amount,
                             "--assessment", "按市场价评估", "--db", db, "--json")
        assert code == 0, err
    listing = json.loads(out)
    assert [(o["name"], o["amount"]) for o in listing["owners"]] == [
        ("温州某某客运有限公司", "12,000.00元"), ("温州某某酒店有限公司", None), ("张三", "3,600.00元")]
    assert listing["total"] == "15,600.00元" and listing["unassessed"] == ["温州某某酒店有限公司"]
    pdf = tmp_path / "补偿.pdf"
    code, _, err = run("print", "compensation", "--out", pdf, "--db", db)
    assert code == 0, err
    text = pdf_text(pdf)
    assert "应急处置期间征用物资和劳务补偿清单" in text and "2026年11月2日至2026年11月15日应急响应期间" in text
    assert "补偿金额合计15,600.00元（大写：壹万伍仟陆佰元整），其中温州某某酒店有限公司尚待评估" in text
    assert text.count("温州某某客运有限公司") == 2  # its heading and the summary row, not once per item
    assert re.search(r"审计链第\d+条·[0-9a-f]{64}", text)
    xlsx = tmp_path / "补偿.xlsx"
    code, out, err = run("requisition", "export", xlsx, "--db", db)
    assert code == 0 and "合计 15,600.00元" in out, err
    from openpyxl import load_workbook

    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[-1][1] == "合计" and rows[-1][-1] == 15600
    assert [r[-1] for r in rows[1:-1]] == [12000, "待评估", 3600]


def test_refusals_exit_2_and_write_nothing(run, responding, tmp_path):
    db = responding
    add(run, db)
    before = audit_count(run, db)
    for args, needle in ((["requisition", "add", "--kind", "飞机", "--what", "x", "--qty", "1", "--owner", "某",
                           "--owner-kind", "企业", "--by", "x", "--ref", "x", "--condition", "完好"], "征用类别应为"),
                         (["requisition", "add", "--kind", "goods", "--what", "口罩", "--qty", "1", "--owner", "某",
                           "--owner-kind", "企业", "--by", "x", "--ref", "x", "--condition", "完好",
                           "--at", "2026-10-01T08:00"], "不在应急响应期间"),
                         (["requisition", "return", "99", "--condition", "完好"], "没有编号为 99 的征用登记"),
                         (["requisition", "compensate", "--owner", "x", "--amount", "-1", "--assessment", "x"],
                          "金额不能为负数"),
                         (["requisition", "export", tmp_path / "a.csv"], "请使用 .xlsx"),
                         (["print", "compensation", "--response", "99", "--out", tmp_path / "b.pdf"],
                          "没有以第99号决定启动的应急响应")):
        code, out, err = run(*args, "--db", db)
        assert code == 2 and needle in err and out == "", (args, err)
    assert audit_count(run, db) == before
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "b.pdf").exists()


def test_a_requisition_is_corrected_with_its_reason_until_its_owner_is_compensated(run, responding):
    db = responding
    bus = add(run, db)
    code, out, err = run("requisition", "edit", bus["id"], "--qty", "3辆", "--what", "大型客车", "--db", db)
    assert code == 2 and "--reason" in err  # the reason is required
    code, out, err = run("requisition", "edit", bus["id"], "--qty", "3辆", "--what", "大型客车",
                         "--reason", "数量笔误（以温政征〔2026〕1号为准）", "--db", db)
    assert code == 0 and out.strip() == (f"已更正第{bus['id']}号征用（理由：数量笔误（以温政征〔2026〕1号为准））："
                                         "财物或劳务 大客车 → 大型客车；数量 2辆 → 3辆"), err
    entry = json.loads(run("audit", "--db", db, "--json")[1])[-1]
    assert entry["action"] == "requisition.correct"
    assert (json.loads(entry["before"]), json.loads(entry["after"])) == (
        {"description": "大客车", "quantity": "2辆"},
        {"description": "大型客车", "quantity": "3辆", "reason": "数量笔误（以温政征〔2026〕1号为准）"})
    code, _, err = run("requisition", "edit", bus["id"], "--qty", "3辆", "--reason", "x", "--db", db)
    assert code == 2 and "登记内容没有变化" in err
    assert json.loads(run("requisition", "list", "--db", db, "--json")[1])[0]["quantity"] == "3辆"
