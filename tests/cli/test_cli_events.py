"""Event, deadline, report and paper-kit commands as documented: JSON shapes, exit 2, one line, nothing written."""
import json
import sqlite3
from pathlib import Path

import pytest

from wzcommand.reports.fonts import FontsMissingError, resolve_fonts

ADD = ["event", "add", "--name", "鹿城区某学校诺如病毒感染聚集性疫情", "--category", "infectious", "--district", "鹿城区",
       "--occurred", "2026-11-20T08:00:00+08:00", "--received", "2026-11-20T09:00:00+08:00", "--grade", "较大",
       "--township", "五马街道", "--place", "某小学", "--place-kind", "学校", "--ill", "23", "--dead", "0",
       "--severe", "1", "--hospitalised", "3", "--close-contacts", "40", "--observed", "38",
       "--symptoms", "呕吐、腹泻", "--cause", "疑似诺如病毒感染", "--measures", "停课消毒",
       "--reporting-unit", "鹿城区疾病预防控制中心", "--reporter", "张三", "--reporter-phone", "0577-88888888"]




@pytest.fixture
def fonts_present():
    try:
        resolve_fonts("鹿城区某学校诺如病毒感染聚集性疫情")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


@pytest.fixture
def event(run, capsys, dbfile):
    from doc_support import ensure_signer
    from wzcommand.storage.database import open_database

    db = open_database(dbfile)
    ensure_signer(db)                 # the office has set its default 签发人 (公文设置)
    db.close()
    code, out, err = run(*ADD, "--db", dbfile, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


def state(dbfile):
    """Every row the commands can write, to prove an error wrote nothing."""
    conn = sqlite3.connect(dbfile)
    try:
        return [conn.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("audit_entry", "event", "event_count", "phone_report", "issued_report", "doc_counter")]
    finally:
        conn.close()


def test_event_add_list_update_phone_end(run, capsys, dbfile, event):
    assert event == 1
    rows = json.loads(run("event", "list", "--db", dbfile, "--json")[1])
    assert rows[0]["name"] == "鹿城区某学校诺如病毒感染聚集性疫情" and rows[0]["grade"] == "较大"
    assert rows[0]["counts"] == {"ill": 23, "dead": 0, "severe": 1, "hospitalised": 3, "close_contacts": 40,
                                 "observed": 38}
    code, out, err = run("event", "update", "1", "--ill", "30", "--grade", "重大", "--measures", "全校停课",
                         "--at", "2026-11-20T12:00:00+08:00", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out) == {"id": 1}, err
    rows = json.loads(run("event", "list", "--db", dbfile, "--json")[1])
    assert rows[0]["counts"]["ill"] == 30 and rows[0]["counts"]["severe"] == 1 and rows[0]["grade"] == "重大"
    code, out, _ = run("event", "phone", "1", "--at", "2026-11-20T09:20:00+08:00", "--to", "市委市政府总值班室",
                       "--by", "李四", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["to"] == "市委市政府总值班室"
    code, out, _ = run("event", "end", "1", "--at", "2026-11-22T09:00:00+08:00", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["ended_at"].startswith("2026-11-2")
    code, text, _ = run("event", "list", "--db", dbfile)
    assert code == 0 and "已结束" in text
    actions = [e["action"] for e in json.loads(run("audit", "--db", dbfile, "--json")[1])]
    assert actions[-4:] == ["event.register", "event.update", "event.phone_report", "event.end"]


def test_deadlines_json_at_the_edges(run, capsys, dbfile, event):
    code, out, _ = run("deadlines", "--db", dbfile, "--now", "2026-11-20T10:00:00+08:00", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["kind"] for r in rows] == ["phone", "written"]
    assert set(rows[0]) == {"event", "kind", "due", "aim", "done", "overdue", "missed", "overdue_minutes", "rule",
                            "office_setting"}
    assert rows[0]["event"] == 1 and rows[0]["overdue"] is False and rows[0]["done"] is None
    assert rows[0]["due"].startswith("2026-11-20") and rows[0]["aim"] is not None
    late = json.loads(run("deadlines", "--event", "1", "--db", dbfile, "--now",
                          "2026-11-20T10:00:01+08:00", "--json")[1])
    assert [r["overdue"] for r in late] == [True, False]
    run("event", "phone", "1", "--at", "2026-11-20T10:00:00+08:00", "--to", "市委市政府总值班室", "--by", "李四",
        "--db", dbfile)
    done = json.loads(run("deadlines", "--db", dbfile, "--now", "2026-11-21T10:00:00+08:00", "--json")[1])
    assert done[0]["done"] is not None and done[0]["overdue"] is False and done[1]["overdue"] is True
    code, text, _ = run("deadlines", "--db", dbfile, "--now", "2026-11-21T10:00:00+08:00")
    assert code == 0 and "按时完成" in text and "已超时" in text


def test_deadlines_after_the_event_ended_show_the_missed_clocks_as_a_record(run, capsys, dbfile, event):
    """No phone report and no written report logged, then the event ended: both are 逾期未报 with how late they
    were at the end (not a clock still counting), and only the closing report is still to do."""
    code, _, err = run("event", "end", "1", "--at", "2026-11-24T09:30:00+08:00", "--db", dbfile)
    assert code == 0, err
    for now in ("2026-11-25T10:00:00+08:00", "2026-12-20T10:00:00+08:00"):  # frozen at the end
        rows = json.loads(run("deadlines", "--db", dbfile, "--now", now, "--json")[1])
        assert [(r["kind"], r["missed"], r["overdue"], r["overdue_minutes"]) for r in rows[:2]] == [
            ("phone", True, True, 4 * 24 * 60 - 30), ("written", True, True, 4 * 24 * 60 - 90)]
        assert rows[2]["kind"] == "closing" and rows[2]["missed"] is False and rows[2]["done"] is None
    code, text, _ = run("deadlines", "--db", dbfile, "--now", "2026-12-20T10:00:00+08:00")
    assert code == 0 and "电话报告：时限 2026-11-20 10:00，逾期未报（事件于 2026-11-24 09:30 结束时已超时 3天23小时30分钟）" in text


def test_reports_draft_issue_list_export(run, capsys, dbfile, event, tmp_path, fonts_present):
    draft_pdf, issued_pdf = tmp_path / "draft.pdf", tmp_path / "first.pdf"
    code, out, err = run("report", "first", "--event", "1", "--out", str(draft_pdf), "--db", dbfile, "--json")
    data = json.loads(out)
    assert code == 0 and data["issued"] is False and data["doc_no"] is None and draft_pdf.read_bytes()[:4] == b"%PDF"
    assert state(dbfile)[4:] == [0, 0]
    code, out, err = run("report", "first", "--event", "1", "--out", str(issued_pdf), "--issue", "--db",
                         dbfile, "--json")
    data = json.loads(out)
    assert code == 0 and data["doc_no"] == "温应指〔2026〕1号" and data["id"] == 1, err
    listed = json.loads(run("reports", "--db", dbfile, "--json")[1])
    assert [(r["doc_no"], r["kind"], r["event"]) for r in listed] == [("温应指〔2026〕1号", "first", 1)]
    assert listed[0]["sha256"] == data["sha256"]
    exported = tmp_path / "again.pdf"
    assert run("report", "export", "1", "--out", str(exported), "--db", dbfile)[0] == 0
    assert exported.read_bytes() == issued_pdf.read_bytes()
    code, out, _ = run("report", "progress", "--event", "1", "--out", str(tmp_path / "p.pdf"), "--db", dbfile,
                       "--json")
    saved = json.loads(out)
    for section in saved["draft"]["sections"]:       # 形势研判, 下一步工作: the office writes them
        section["text"] = section["text"] or "经研判，疫情处于平稳期，继续落实各项防控措施。"
    edited = tmp_path / "progress.json"
    edited.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("report", "progress", "--event", "1", "--draft", str(edited), "--out",
                         str(tmp_path / "p.pdf"), "--issue", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["title"].endswith("（续报一）"), err
    assert run("reports", "--event", "2", "--db", dbfile, "--json")[1].strip() == "[]"


def test_closing_report_with_an_edited_draft(run, capsys, dbfile, event, tmp_path, fonts_present):
    code, _, err = run("report", "closing", "--event", "1", "--out", str(tmp_path / "c.pdf"), "--db", dbfile)
    assert code == 2 and "尚未结束" in err and err.count("\n") == 1 and not (tmp_path / "c.pdf").exists()
    run("event", "end", "1", "--at", "2026-11-22T09:00:00+08:00", "--db", dbfile)
    code, out, _ = run("report", "closing", "--event", "1", "--out", str(tmp_path / "c.pdf"), "--db", dbfile,
                       "--json")
    saved = json.loads(out)
    assert code == 0 and "卫生学评价" in saved["missing"]
    before = state(dbfile)
    code, _, err = run("report", "closing", "--event", "1", "--out", str(tmp_path / "c2.pdf"), "--issue",
                       "--db", dbfile)
    assert code == 2 and "卫生学评价" in err and err.count("\n") == 1 and state(dbfile) == before
    for section in saved["draft"]["sections"]:
        section["text"] = section["text"] or "经评估，措施有效。"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("report", "closing", "--event", "1", "--draft", str(edited), "--out",
                         str(tmp_path / "c2.pdf"), "--issue", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["doc_no"] == "温应指〔2026〕1号", err
    code, _, err = run("report", "progress", "--event", "1", "--draft", str(edited), "--out",
                       str(tmp_path / "p.pdf"), "--db", dbfile)
    assert code == 2 and "不符" in err


def test_paper_kit(run, capsys, dbfile, tmp_path, fonts_present):
    out = tmp_path / "kit.pdf"
    code, stdout, err = run("paper-kit", "--out", str(out), "--db", dbfile, "--json")
    assert code == 0 and json.loads(stdout) == {"file": str(out)} and out.read_bytes()[:4] == b"%PDF", err


@pytest.mark.parametrize("args,needle", [
    (["event", "add", "--name", "x", "--category", "infectious", "--district", "鹿城区", "--occurred",
      "2026-11-20T09:00", "--received", "2026-11-20T08:00"], "接报时间不能早于发生时间"),
    (["event", "add", "--name", "x", "--category", "infectious", "--district", "杭州市", "--occurred",
      "2026-11-20T08:00", "--received", "2026-11-20T09:00"], "未知的县（市、区）"),
    (["event", "add", "--name", "x", "--category", "infectious", "--district", "鹿城区", "--occurred",
      "2026-11-20T08:00", "--received", "2026-11-20T09:00", "--ill", "-1"], "不能为负数"),
    (["event", "add", "--name", "x", "--category", "infectious", "--district", "鹿城区", "--occurred",
      "yesterday", "--received", "2026-11-20T09:00"], "时间格式"),
    (["event", "add", "--name", "x", "--category", "infectious", "--district", "鹿城区", "--occurred",
      "2026-11-20T08:00", "--received", "2026-11-20T09:00", "--grade", "很大"], "invalid choice"),
    (["event", "update", "1", "--dead", "-2"], "不能为负数"),
    (["event", "update", "9", "--ill", "2"], "没有编号为 9 的事件"),
    (["event", "phone", "1", "--at", "2026-11-20T08:30:00+08:00", "--to", "市委市政府总值班室", "--by", "李四"],
     "不能早于接报时间"),
    (["event", "end", "1", "--at", "2026-11-19T08:00:00+08:00"], "结束时间"),
    (["deadlines", "--event", "9"], "没有编号为 9 的事件"),
    (["report", "closing", "--event", "1", "--out", "OUT"], "尚未结束"),
    (["report", "progress", "--event", "1", "--out", "OUT"], "尚未签发首次报告"),
    (["report", "first", "--event", "1", "--out", "MISSING/x.pdf", "--issue"], "无法写入"),
    (["report", "first", "--event", "1", "--out", "TMP", "--issue"], "文件夹"),
    (["report", "first", "--event", "1", "--out", "OUT", "--draft", "MISSING/d.json"], "无法读取草稿"),
    (["report", "export", "5", "--out", "OUT"], "没有编号为 5 的已签发报告"),
    (["paper-kit", "--out", "MISSING/kit.pdf"], "无法写入"),
    (["report", "first", "--out", "OUT"], "--event"),
])
def test_errors_exit_2_one_line_nothing_written(run, capsys, dbfile, event, tmp_path, args, needle):
    out = tmp_path / "out.pdf"
    args = [str(out) if a == "OUT" else str(tmp_path) if a == "TMP" else
            str(tmp_path / "missing" / a.split("/")[1]) if a.startswith("MISSING/") else a for a in args]
    before = state(dbfile)
    code, stdout, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and err.count("\n") == 1 and stdout == ""
    assert state(dbfile) == before and not out.exists()
    name = Path(dbfile).name
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != f"{name}.chain-head.log")  # the audit anchor
    assert left in ([name, f"{name}-shm", f"{name}-wal"], [name])


def test_no_chinese_font_exits_2_with_the_install_hint(run, capsys, dbfile, event, tmp_path, monkeypatch):
    from wzcommand.reports import fonts

    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [])
    monkeypatch.setattr(fonts, "program_font_dirs", lambda: [])
    fonts.clear_cache()
    try:
        before = state(dbfile)
        out = tmp_path / "first.pdf"
        for extra in ([], ["--issue"]):
            code, _, err = run("report", "first", "--event", "1", "--out", str(out), *extra, "--db", dbfile)
            assert code == 2 and "找不到能嵌入 PDF 并显示全部文字的中文字体" in err and err.count("\n") == 1
        code, _, err = run("paper-kit", "--out", str(out), "--db", dbfile)
        assert code == 2 and "fonts-arphic-uming" in err
        assert state(dbfile) == before and not out.exists()
    finally:
        fonts.clear_cache()


def test_signer_office_settings_fonts_and_word_draft_from_the_command_line(run, capsys, dbfile, tmp_path,
                                                                           fonts_present):
    import docx

    code, out, err = run(*ADD, "--db", dbfile, "--json")
    assert code == 0, err
    code, _, err = run("report", "first", "--event", "1", "--out", str(tmp_path / "f.pdf"), "--issue", "--db", dbfile)
    assert code == 2 and "必须有签发人" in err and "--signer" in err and err.count("\n") == 1
    assert json.loads(run("office", "show", "--db", dbfile, "--json")[1])["doc_prefix"] == "温应指"
    code, out, err = run("office", "set", "notice_prefix", "温应指办", "--db", dbfile)
    assert code == 0 and "温应指办" in out, err
    code, _, err = run("office", "set", "colour", "red", "--db", dbfile)
    assert code == 2 and "没有名为“colour”的公文设置" in err
    code, out, err = run("report", "first", "--event", "1", "--out", str(tmp_path / "f.pdf"), "--docx",
                         str(tmp_path / "f.docx"), "--signer", "陈华", "--issue", "--db", dbfile, "--json")
    data = json.loads(out)
    assert code == 0 and data["signer"] == "陈华" and any(line.startswith("仿宋：") for line in data["fonts"]), err
    listed = json.loads(run("reports", "--db", dbfile, "--json")[1])
    assert listed[0]["signer"] == "陈华" and listed[0]["issued_by"] != "陈华"
    word = docx.Document(str(tmp_path / "f.docx"))
    assert word.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)
    assert word.sections[0].left_margin.mm == pytest.approx(28, abs=0.1)
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "正文"} <= styles
    assert any(p.text == "一、基本情况" and p.style.name == "Heading 1" for p in word.paragraphs)
    code, out, _ = run("fonts", "--db", dbfile, "--json")
    fonts = json.loads(out)
    assert code == 0 and [r["role"] for r in fonts["roles"]] == ["仿宋", "小标宋", "黑体", "楷体"]
    assert fonts["found"] and all("file" in f for f in fonts["found"])
    assert word.styles["正文"].font.name == fonts["roles"][0]["face"]          # named as in the PDF
    assert word.styles["Title"].font.name == fonts["roles"][1]["face"]
