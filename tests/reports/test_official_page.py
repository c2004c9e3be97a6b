"""The official-document page measured on real PDFs (pdfplumber, pdffonts, pdftotext)."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from wzcommand.reports.document import (Heading1, Image, OfficialDocument, Paragraph, Table,
                                        format_date, render, write_pdf)
from wzcommand.reports.layout import CHAR_PITCH, MIDLINE, NO_START, PITCH
from shared_files import shared_file

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM
TOL = 1 * MM
PDF_LAYOUT = shared_file("tools", "pdf-layout")


def chars(page):
    return [c for c in page.chars if c["text"].strip() and c["upright"]]


def lines_of(cs):
    """Characters grouped into lines by their top."""
    rows = defaultdict(list)
    for c in cs:
        rows[(c.get("page_number", 0), round(c["top"], 0))].append(c)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def text_of(cs) -> str:
    return "".join(c["text"] for c in cs)


def assert_within_text_block(path: Path):
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            body = [c for c in chars(page) if c["top"] < BOTTOM]
            marks = [c for c in body if c["top"] < TOP - TOL]
            assert n > 1 or not marks, "page 1 prints above the text block"
            assert set(text_of(marks)) <= set("演练草稿"), f"page {n}: {text_of(marks)} above the block"
            body = [c for c in body if c not in marks]
            for line in lines_of(body):
                assert line[0]["x0"] >= LEFT - TOL, f"page {n}: {text_of(line)} starts left of 28 mm"
                over = [c for c in line if c["x1"] > RIGHT + TOL]
                assert len(over) <= 1, f"page {n}: {text_of(line)} crosses the right margin"
                if over:                                  # one hanging punctuation mark at most
                    assert over[0]["text"] in NO_START and over[0]["x1"] <= RIGHT + 16
                assert line[-1]["bottom"] <= BOTTOM + TOL


def page_number_chars(page):
    return [c for c in chars(page) if c["top"] > BOTTOM]


# ---------------------------------------------------------------- fonts


def test_fonts_embedded_subset_unicode(sample_pdf, helpers):
    out = subprocess.run([helpers.need_poppler("pdffonts"), str(sample_pdf)], capture_output=True,
                         text=True, check=True).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for row in out:
        cols = row.split()
        name, (emb, sub, uni) = cols[0], cols[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", name), row
        assert "STSong" not in name and "Helvetica" not in name


# ---------------------------------------------------------------- 版头


def test_issuer_red_centred_35mm_below_block_top(sample_pdf):
    with pdfplumber.open(sample_pdf) as pdf:
        big = [c for c in chars(pdf.pages[0]) if c["size"] > 21 and c["top"] < 90 * MM]
    assert text_of(big) == "温州市突发公共卫生事件应急指挥部"
    for c in big:
        assert c["non_stroking_color"] == pytest.approx((1, 0, 0), abs=0.05)
    assert min(c["top"] for c in big) == pytest.approx(TOP + 35 * MM, abs=TOL)
    centre = (big[0]["x0"] + big[-1]["x1"]) / 2
    assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=TOL)
    assert big[-1]["x1"] - big[0]["x0"] <= RIGHT - LEFT


def test_doc_number_red_line_and_title_spacing(sample_pdf):
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        cs = chars(page)
        red_lines = [ln for ln in page.lines if ln["stroking_color"] == pytest.approx((1, 0, 0))]
    issuer_bottom = max(c["bottom"] for c in cs if c["size"] > 23)
    doc_no = next(line for line in lines_of(cs) if text_of(line) == "温应指〔2026〕3号")
    assert (doc_no[0]["x0"] + doc_no[-1]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=TOL)
    assert 1.4 * PITCH <= doc_no[0]["top"] - issuer_bottom <= 2.6 * PITCH
    assert len(red_lines) == 1
    red = red_lines[0]
    assert red["x0"] == pytest.approx(LEFT, abs=0.5) and red["x1"] == pytest.approx(RIGHT, abs=0.5)
    assert red["top"] - doc_no[0]["bottom"] == pytest.approx(4 * MM, abs=0.5 * MM)
    title = [line for line in lines_of(cs) if abs(line[0]["size"] - 22) < 0.5]
    assert "".join(text_of(t) for t in title) == "温州市突发公共卫生事件应急指挥部关于鹿城区某学校诺如病毒感染聚集性疫情的首次报告"
    assert 1.4 * PITCH <= title[0][0]["top"] - red["top"] <= 2.6 * PITCH
    for line in title:
        assert (line[0]["x0"] + line[-1]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=TOL)


def test_copy_number_secrecy_urgency_flush_left(sample_pdf):
    with pdfplumber.open(sample_pdf) as pdf:
        top = lines_of([c for c in chars(pdf.pages[0]) if c["top"] < TOP + 3 * PITCH])
    assert [text_of(line) for line in top] == ["000012", "秘密★1年", "特急"]
    assert all(line[0]["x0"] == pytest.approx(LEFT, abs=0.5) for line in top)
    assert "Hei" in top[1][0]["fontname"] or "hei" in top[1][0]["fontname"].lower()


def test_signer_layout(make_pdf, helpers, fonts):
    path = make_pdf("signer", helpers.sample_document(signer="张三", copy_no=None))
    with pdfplumber.open(path) as pdf:
        line = next(ln for ln in lines_of(chars(pdf.pages[0])) if "签发人" in text_of(ln))
    assert text_of(line) == "温应指〔2026〕3号签发人：张三"
    assert line[0]["x0"] == pytest.approx(LEFT + CHAR_PITCH, abs=0.5)
    assert line[-1]["x1"] == pytest.approx(RIGHT - CHAR_PITCH, abs=TOL)
    kai = fonts["kai"].path
    assert line[-1]["fontname"].split("+")[-1].lower().startswith(kai.stem[:3].lower()) or \
        line[-1]["fontname"] != line[0]["fontname"]


# ---------------------------------------------------------------- text block


def test_sample_within_text_block(sample_pdf):
    assert_within_text_block(sample_pdf)


def test_body_on_28_character_grid(make_pdf, helpers):
    path = make_pdf("unbroken", helpers.sample_document(body=[Paragraph(helpers.UNBROKEN)],
                                                        attachments=[], note=None, cc=[],
                                                        printer=None))
    assert_within_text_block(path)
    with pdfplumber.open(path) as pdf:
        cs = [c for p in pdf.pages for c in chars(p)]
    rows = [line for line in lines_of(cs) if text_of(line) and text_of(line)[0] in helpers.UNBROKEN
            and text_of(line) in helpers.UNBROKEN]
    counts = [len(line) for line in rows]
    assert sum(counts) == len(helpers.UNBROKEN)
    assert counts[0] == 26 and all(n == 28 for n in counts[1:-1])


def test_a_long_date_near_the_line_end_never_stretches_the_line(make_pdf, helpers):
    """A line followed by 2026年11月30日14时15分 was justified with up to 4 pt between characters."""
    text = "于2026年11月30日14时15分召开紧急会议，部署下一步防控工作，要求各单位严格落实各项措施。"
    body = [Paragraph("各地" * k + text) for k in range(4, 14)]
    path = make_pdf("long_dates", helpers.sample_document(body=body, attachments=[], note=None,
                                                          cc=[], printer=None))
    assert_within_text_block(path)
    with pdfplumber.open(path) as pdf:
        cs = [c for p in pdf.pages for c in chars(p) if abs(c["size"] - 16) < 0.5]
    rows = [line for line in lines_of(cs) if "各地" in text_of(line) or "措施" in text_of(line)
            or "召开" in text_of(line)]
    assert len(rows) >= 25
    nominal = CHAR_PITCH - 16                     # the grid's spacing between 3号 characters
    for line in rows:
        gaps = [b["x0"] - a["x1"] for a, b in zip(line, line[1:])]
        assert max(gaps) - nominal <= 2.05, f"{text_of(line)} spread by {max(gaps) - nominal:.1f} pt"
    dated = [text_of(line) for line in rows if "2026年11月30日" in text_of(line)]
    assert any(s.endswith("2026年11月30日") for s in dated), "a date and its time may part at 日"
    assert all("14时15分" in s or s.endswith("日") for s in dated)


def test_forty_character_title_fits(make_pdf, helpers):
    title = "关于" + "全市学校和托幼机构诺如病毒感染" * 2 + "疫情防控工作的报告"
    title = title[:40]
    path = make_pdf("title40", helpers.sample_document(title=title))
    assert_within_text_block(path)
    with pdfplumber.open(path) as pdf:
        rows = [line for line in lines_of(chars(pdf.pages[0])) if abs(line[0]["size"] - 22) < .5]
    assert "".join(text_of(r) for r in rows) == title
    assert 2 <= len(rows) <= 3


def test_thirty_pages_fast_and_within_margins(helpers, fonts, tmp_path):
    doc = helpers.long_document(30)
    render(doc, fonts)                       # fonts registered; time a normal render
    started = time.perf_counter()
    path = write_pdf(doc, tmp_path / "long.pdf", fonts)
    assert time.perf_counter() - started < 3.0
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 30
    assert_within_text_block(path)


def test_text_stays_on_grid_after_table_and_image(make_pdf, helpers):
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (800, 400), (200, 60, 60)).save(buf, "PNG")
    body = [Heading1("一、趋势"), Paragraph("图1为每日新增病例。"),
            Table([["日期", "新增"], ["11月28日", "12"], ["11月29日", "35"]], caption="表1　新增病例"),
            Image(buf.getvalue(), caption="图1　每日新增病例"), Paragraph(helpers.UNBROKEN)]
    path = make_pdf("grid", helpers.sample_document(issuer=None, doc_no=None, copy_no=None,
                                                    secrecy=None, urgency=None, body=body,
                                                    draft=True, exercise=True))
    assert_within_text_block(path)
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].images, "the picture is missing"
        for page in pdf.pages:
            for c in chars(page):
                if abs(c["size"] - 16) < 0.1 and TOP - TOL < c["top"] < BOTTOM:
                    offset = (c["top"] - TOP - (MIDLINE - 8)) / PITCH
                    assert offset == pytest.approx(round(offset), abs=0.01), text_of([c])


# ---------------------------------------------------------------- page numbers, 版记


def test_page_numbers_alternate_sides(make_pdf, helpers):
    path = make_pdf("long", helpers.long_document(3))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3
        for n, page in enumerate(pdf.pages, 1):
            num = page_number_chars(page)
            assert text_of(num) == f"—{n}—"
            assert all(c["size"] == pytest.approx(14, abs=0.1) for c in num)
            assert num[0]["top"] == pytest.approx(BOTTOM + 7 * MM, abs=TOL)
            if n % 2:
                assert num[-1]["x1"] == pytest.approx(RIGHT - 14, abs=TOL)
            else:
                assert num[0]["x0"] == pytest.approx(LEFT + 14, abs=TOL)


def test_imprint_rules_and_rows(sample_pdf):
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[-1]
        rules = sorted((ln for ln in page.lines if ln["stroking_color"] == pytest.approx((0, 0, 0))
                        and ln["x1"] - ln["x0"] > 150 * MM), key=lambda ln: ln["top"])
        cs = chars(page)
    assert len(rules) == 3
    assert [round(r["linewidth"] / MM, 2) for r in rules] == [0.35, 0.25, 0.35]
    assert rules[-1]["top"] == pytest.approx(BOTTOM, abs=0.3)
    assert all(r["x0"] == pytest.approx(LEFT, abs=.5) and r["x1"] == pytest.approx(RIGHT, abs=.5)
               for r in rules)
    cc = next(line for line in lines_of(cs) if text_of(line).startswith("抄送"))
    assert cc[0]["size"] == pytest.approx(14, abs=0.1)
    assert cc[0]["x0"] == pytest.approx(LEFT + 14, abs=0.5)
    assert rules[0]["top"] < cc[0]["top"] < rules[1]["top"]
    printed = next(line for line in lines_of(cs) if text_of(line).endswith("印发"))
    assert rules[1]["top"] < printed[0]["top"] < rules[2]["top"]
    assert printed[-1]["x1"] == pytest.approx(RIGHT - 14, abs=0.5)


def test_imprint_alone_has_no_page_number(helpers, fonts):
    """Grow the body line by line until the 版记 is pushed onto a page of its own."""
    for extra in range(24):
        doc = helpers.sample_document(body=[Paragraph("测试") for _ in range(extra)],
                                      attachments=[], note=None, copy_no=None, secrecy=None,
                                      urgency=None, title="关于测试的报告")
        with pdfplumber.open(io.BytesIO(render(doc, fonts))) as pdf:
            if len(pdf.pages) < 2:
                continue
            rows = [text_of(line) for line in lines_of(chars(pdf.pages[-1]))]
            if all(r.startswith(("抄送", "—")) or r.endswith("印发") for r in rows):
                assert not page_number_chars(pdf.pages[-1])
                assert text_of(page_number_chars(pdf.pages[-2])) == f"—{len(pdf.pages) - 1}—"
                return
            assert page_number_chars(pdf.pages[-1])
    pytest.fail("no layout put the 版记 on a page of its own")


# ---------------------------------------------------------------- text and marks


def test_pdftotext_finds_every_field(sample_pdf, helpers):
    text = re.sub(r"—\d+—", "", re.sub(r"\s+", "", helpers.pdftotext(sample_pdf)))
    doc = helpers.sample_document()
    fields = [doc.issuer, doc.doc_no, doc.title, doc.addressee, "一、基本情况", "（一）病例分布",
              "1.病例救治。", "（1）环境消毒。", "教职工", "附件：1.病例一览表",
              "2.流行病学调查报告（初稿）", doc.signature, "2026年11月29日",
              "（联系人：张三，电话：0577-88888888）", "抄送：省卫生健康委，市委办公室，市政府办公室。",
              doc.printer, "2026年11月29日印发", "000012", "秘密★1年", "特急", helpers.UNBROKEN]
    for field in fields:
        assert re.sub(r"\s+", "", field) in text, field


def test_draft_and_exercise_marked_on_every_page(make_pdf, helpers):
    path = make_pdf("marked", helpers.long_document(2, draft=True, exercise=True))
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        assert pages >= 2
        first = lines_of(chars(pdf.pages[0]))
    title_rows = [i for i, line in enumerate(first) if abs(line[0]["size"] - 22) < .5]
    assert text_of(first[title_rows[-1] + 1]) == "（演练）"
    for n in range(1, pages + 1):
        text = helpers.pdftotext(path, n)
        assert "草稿" in text and "演练" in text, f"page {n}"
    assert_within_text_block(path)


def test_format_date_has_no_leading_zeros():
    import datetime as dt
    assert format_date(dt.date(2026, 3, 5)) == "2026年3月5日"


def test_title_required():
    with pytest.raises(ValueError):
        render(OfficialDocument(title=" "))


def test_write_pdf_is_atomic(tmp_path, helpers, fonts):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    assert write_pdf(helpers.sample_document(), target, fonts) == target
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(os.listdir(tmp_path)) == ["out.pdf"]


def test_pdf_layout_checker_passes(make_pdf, sample_pdf, helpers):
    if not PDF_LAYOUT.exists():
        pytest.skip("the shared pdf-layout checker is not available")
    helpers.need_poppler("pdffonts")
    marked = make_pdf("marked", helpers.long_document(2, draft=True, exercise=True))
    bare = make_pdf("bare", helpers.sample_document(issuer=None, doc_no=None, copy_no=None,
                                                    secrecy=None, urgency=None, exercise=True))
    for path in (sample_pdf, marked, bare):
        run = subprocess.run([sys.executable, str(PDF_LAYOUT), str(path)], capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_reports_import_no_qt():
    code = ("import sys, wzcommand.reports.document, wzcommand.reports.fonts;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6')];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parents[2])
