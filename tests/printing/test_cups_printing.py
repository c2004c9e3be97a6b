"""Printing through a real CUPS queue (a throwaway cupsd with a cups-pdf queue whose default
paper is Letter): what comes out is the document itself on A4 at 100 % — text, embedded fonts,
the GB/T 9704 margins — whatever the queue's paper; a printer without A4 is refused, a stopped
queue's own message is reported, and the issued record never changes."""

import pytest
from cups_support import page_facts
from doc_support import issued_first_report

from wzcommand import clock
from wzcommand.printing import cups, paper
from wzcommand.services import reports

NOW = clock.now().replace(second=0, microsecond=0)
ISSUER = "温州市突发公共卫生事件应急指挥部"


@pytest.fixture
def issued(db):
    return issued_first_report(db, NOW)


def assert_official_a4(path, title_words=("首次报告",)):
    facts = page_facts(path)
    assert facts["width_mm"] == pytest.approx(210, abs=1) and facts["height_mm"] == pytest.approx(297, abs=1)
    assert facts["left_mm"] == pytest.approx(28, abs=1)
    assert facts["body_top_mm"] == pytest.approx(72, abs=1)
    assert ISSUER in facts["text"]
    assert all(word in facts["all_text"] for word in title_words)
    assert facts["fonts"] and all(facts["embedded"])
    return facts


def test_pwg_and_ppd_paper_names_are_understood():
    assert paper.is_a4("iso_a4_210x297mm") and paper.is_a4("A4") and not paper.is_a4("na_letter_8.5x11in")
    assert paper.size_mm("na_letter_8.5x11in") == pytest.approx((215.9, 279.4))
    assert paper.listed(["na_letter_8.5x11in", "iso_a4_210x297mm", "custom_min_3x5in", "iso_a3_297x420mm"]) \
        == ["Letter", "A4", "A3"]


def test_the_lp_command_keeps_a4_and_100_percent():
    printer = cups.Printer("办公室", papers=("na_letter_8.5x11in", "iso_a4_210x297mm"))
    command = cups.lp_command("/tmp/x.pdf", printer, copies=3, title="温应指〔2026〕1号", pages=(2, 3))
    assert command[:5] == ["lp", "-d", "办公室", "-n", "3"]
    for option in ("media=iso_a4_210x297mm", "fit-to-page=false", "print-scaling=none", "page-ranges=2-3"):
        assert command[command.index(option) - 1] == "-o"
    assert command[-2:] == ["--", "/tmp/x.pdf"]
    with pytest.raises(cups.PrintError, match="份数"):
        cups.lp_command("/tmp/x.pdf", printer, copies=0)


def test_the_queue_list_shows_each_default_paper(letter_queue):
    found = {p.name: p for p in cups.list_printers()}
    assert letter_queue in found
    queue = found[letter_queue]
    assert paper.label(queue.default_paper) == "Letter" and queue.a4 == "iso_a4_210x297mm"
    assert "A4" in queue.paper_labels() and queue.state_text() == "空闲"


def test_an_issued_report_prints_on_a4_at_100_percent_on_a_letter_queue(cups_server, letter_queue, issued):
    seen = []
    job = cups.print_pdf(issued.pdf, letter_queue, copies=1, title=issued.doc_no,
                         progress=lambda done, total: seen.append(done), timeout=60)
    assert seen[0] == cups.SENT and seen[-1] == cups.DONE
    assert_official_a4(cups_server.output(job.number))


def test_without_our_options_the_same_queue_gives_letter(cups_server, letter_queue, issued, tmp_path):
    """The control: the queue really defaults to Letter, so A4 above came from the program."""
    source = tmp_path / "plain.pdf"
    source.write_bytes(issued.pdf)
    answer = cups_server.run("lp", "-d", letter_queue, str(source))
    number = int(answer.split("request id is ")[1].split()[0].rsplit("-", 1)[1])
    facts = page_facts(cups_server.output(number))
    assert facts["width_mm"] == pytest.approx(215.9, abs=1) and facts["height_mm"] == pytest.approx(279.4, abs=1)


def test_a_printer_without_a4_is_refused_naming_it_and_its_papers(cups_server, tmp_path, issued):
    ppd = tmp_path / "no-a4.ppd"
    lines = [line for line in open(cups_server_ppd(), encoding="latin-1") if "A4" not in line]
    ppd.write_text("".join(lines) + "*DefaultPageSize: Letter\n", encoding="latin-1")
    cups_server.add_queue("wz-no-a4", ppd=str(ppd))
    with pytest.raises(cups.PrintError) as refused:
        cups.print_pdf(issued.pdf, "wz-no-a4")
    assert "“wz-no-a4”没有 A4 纸" in refused.value.message and "Letter" in refused.value.message
    with pytest.raises(cups.PrintError, match="没有名为“不存在”的打印机"):
        cups.find_printer("不存在")


def test_a_stopped_queue_is_reported_with_its_own_message_and_the_record_is_untouched(
        cups_server, db, issued):
    queue = cups_server.add_queue("wz-stopped")
    cups_server.run("cupsdisable", "-r", "硒鼓更换中，请稍候", queue)
    before = reports.get_report_pdf(db, issued.id)
    with pytest.raises(cups.PrintError) as failed:
        cups.print_pdf(issued.pdf, queue, title=issued.doc_no, timeout=30)
    assert "“wz-stopped”已停止" in failed.value.message and "硒鼓更换中，请稍候" in failed.value.message
    assert "已撤销" in failed.value.message
    assert reports.get_report_pdf(db, issued.id) == before
    assert [r.doc_no for r in reports.list_reports(db)] == [issued.doc_no]


def cups_server_ppd() -> str:
    from cups_support import PPD

    return PPD


def test_the_print_module_imports_no_qt():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, wzcommand.printing, wzcommand.printing.cups;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6')];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
