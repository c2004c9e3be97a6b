"""--printer / --copies on the commands that make documents, and `wzcommand printers`, against
the throwaway CUPS server's cups-pdf queue whose own default paper is Letter."""
import json
import re

import pytest
from cups_support import page_facts
from test_cli_events import ADD

ISSUER = "温州市突发公共卫生事件应急指挥部"


@pytest.fixture
def event(run, dbfile):
    """An event registered, the office's default 签发人 set."""
    from doc_support import ensure_signer

    from wzcommand.storage.database import open_database

    db = open_database(dbfile)
    ensure_signer(db)
    db.close()
    code, out, err = run(*ADD, "--db", dbfile, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


def output(cups_server, job: str):
    return page_facts(cups_server.output(int(job.rsplit("-", 1)[1])))


def test_printers_lists_each_queue_with_its_default_paper(run, letter_queue):
    code, out, err = run("printers", "--json")
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["name"] == letter_queue)
    assert row["default_paper"] == "Letter" and row["a4"] is True and row["state"] == "空闲"
    code, text, _ = run("printers")
    assert code == 0 and re.search(rf"{letter_queue}\s+Letter\s+有\s+空闲", text)


def test_an_issued_report_goes_to_the_printer_on_a4(run, dbfile, event, cups_server, letter_queue):
    code, out, err = run("report", "first", "--event", event, "--issue", "--printer", letter_queue, "--copies", "2",
                         "--db", dbfile, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["doc_no"] == "温应指〔2026〕1号" and data["file"] is None and data["copies"] == 2
    facts = output(cups_server, data["job"])
    assert facts["width_mm"] == pytest.approx(210, abs=1) and facts["height_mm"] == pytest.approx(297, abs=1)
    assert facts["left_mm"] == pytest.approx(28, abs=1) and facts["body_top_mm"] == pytest.approx(72, abs=1)
    assert ISSUER in facts["text"] and "首次报告" in facts["all_text"] and all(facts["embedded"])
    code, text, err = run("report", "export", "1", "--printer", letter_queue, "--db", dbfile)
    assert code == 0 and f"已打印到“{letter_queue}”" in text and "A4 · 100 %" in text, err


def test_the_agenda_documents_print_too(run, dbfile, cups_server, letter_queue, tmp_path):
    assert run("task", "add", "--content", "落实隔离点位", "--lead", "市卫生健康委", "--db", dbfile)[0] == 0
    code, out, err = run("print", "task", "1", "--printer", letter_queue, "--out", tmp_path / "t.pdf", "--db", dbfile,
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (tmp_path / "t.pdf").read_bytes()[:4] == b"%PDF"
    facts = output(cups_server, data["job"])
    assert facts["width_mm"] == pytest.approx(210, abs=1) and "交办单" in facts["all_text"]


def test_an_unknown_printer_is_refused_before_anything_is_issued(run, dbfile, event, letter_queue):
    code, out, err = run("report", "first", "--event", event, "--issue", "--printer", "不存在", "--db", dbfile)
    assert code == 2 and "没有名为“不存在”的打印机" in err and letter_queue in err and err.count("\n") == 1
    assert json.loads(run("reports", "--db", dbfile, "--json")[1]) == []
    code, _, err = run("report", "first", "--event", event, "--db", dbfile)
    assert code == 2 and "--out" in err and "--printer" in err
    code, _, err = run("paper-kit", "--printer", letter_queue, "--copies", "0", "--db", dbfile)
    assert code == 2 and "份数" in err


def test_a_print_failure_after_issuing_keeps_the_report(run, dbfile, event, cups_server):
    queue = cups_server.add_queue("wz-cli-stopped")
    cups_server.run("cupsdisable", "-r", "打印机脱机", queue)
    code, _, err = run("report", "first", "--event", event, "--issue", "--printer", queue, "--db", dbfile)
    assert code == 2 and "已签发 温应指〔2026〕1号" in err and "打印机脱机" in err and "report export 1" in err
    assert [r["doc_no"] for r in json.loads(run("reports", "--db", dbfile, "--json")[1])] == ["温应指〔2026〕1号"]
