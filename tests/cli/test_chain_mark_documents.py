"""Every document the office issues carries the audit chain mark (position and head digest) in small
type, as reports do: the paper kit, meeting notices, 交办单, 催办单 and the week schedule. The mark
read back from the PDF (pdftotext) is the head `check` reports."""
import json
import re
import subprocess

import pytest

MARK = re.compile(r"审计链第(\d+)条·([0-9a-f]{64})")


def mark_in(path) -> tuple[int, str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    found = MARK.findall(re.sub(r"\s+", "", text))
    assert len(found) == 1, text[-400:]
    return int(found[0][0]), found[0][1]


def head(run, dbfile) -> tuple[int, str]:
    code, out, err = run("check", "--db", dbfile, "--json")
    assert code == 0, err
    data = json.loads(out)["head"]
    return data["position"], data["sha256"]


@pytest.fixture
def office(run, dbfile):
    assert run("task", "add", "--content", "落实隔离点位", "--lead", "市卫生健康委", "--db", dbfile)[0] == 0
    code, out, err = run("meeting", "add", "--kind", "press_briefing", "--title", "第1场新闻发布会",
                         "--start", "2026-12-01T10:00+08:00", "--end", "2026-12-01T11:00+08:00",
                         "--place", "市新闻发布厅", "--organiser", "市委宣传部", "--db", dbfile, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


@pytest.mark.parametrize("command", [["paper-kit"], ["print", "notice", "MEETING"], ["print", "task", "1"],
                                     ["print", "chase"], ["print", "week", "--from", "2026-11-30"], ["print", "supply-chase"]])
def test_each_document_prints_the_chain_head_check_reports(run, dbfile, office, tmp_path, command):
    target = tmp_path / "doc.pdf"
    args = [str(office) if a == "MEETING" else a for a in command]
    code, _, err = run(*args, "--out", target, "--db", dbfile)
    assert code == 0, err
    assert mark_in(target) == head(run, dbfile)  # the notice's number is taken (and audited) before it prints


def test_the_mark_moves_with_the_chain(run, dbfile, office, tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run("print", "task", "1", "--out", first, "--db", dbfile)[0] == 0
    assert run("task", "add", "--content", "核查密接", "--lead", "市公安局", "--db", dbfile)[0] == 0
    assert run("print", "task", "1", "--out", second, "--db", dbfile)[0] == 0
    (p1, h1), (p2, h2) = mark_in(first), mark_in(second)
    assert p2 == p1 + 1 and h1 != h2 and (p2, h2) == head(run, dbfile)
