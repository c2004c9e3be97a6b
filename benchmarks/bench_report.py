"""Time the official-document engine against bare reportlab.

    python benchmarks/bench_report.py [--runs 9]

Prints the median of N runs for: a first report of about two pages, a 30-page document,
and, for each, a bare reportlab canvas drawing the same characters with the same fonts
(28 characters a line, 22 lines a page, no layout rules) — the ratio shows what the
layout engine costs on top of reportlab's own text drawing and font embedding.
The very first render in a process (font lookup, parsing and registration) is shown once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.pdfgen import canvas  # noqa: E402

from wzcommand.reports.document import (Heading1, Heading2, OfficialDocument, Paragraph,  # noqa: E402
                                        Table, document_text, render)
from wzcommand.reports.fonts import resolve_fonts  # noqa: E402
from wzcommand.reports.layout import BOTTOM, LEFT, PAGE_H, PITCH, TOP  # noqa: E402

PARA = ("2026年11月28日16时30分，鹿城区疾病预防控制中心接到辖区某小学报告，该校三年级、四年级部分"
        "学生自11月27日起陆续出现呕吐、腹泻、腹痛等症状，累计报告病例47例，均为轻症。")


def first_report() -> OfficialDocument:
    body = [Heading1("一、基本情况"), Paragraph(PARA * 2), Heading2("（一）病例分布"), Paragraph(PARA),
            Table([["类别", "病例数", "住院", "死亡"], ["学生", "45", "3", "0"], ["教职工", "2", "0", "0"]]),
            Heading1("二、已采取的措施"), Paragraph(PARA), Heading1("三、下一步工作"), Paragraph(PARA)]
    return OfficialDocument(doc_no="温应指〔2026〕3号", title="关于鹿城区某学校诺如病毒感染聚集性疫情的首次报告",
                            addressee="温州市人民政府：", body=body,
                            signature="温州市突发公共卫生事件应急指挥部", date=dt.date(2026, 11, 29),
                            cc=["省卫生健康委"], printer="温州市突发公共卫生事件应急指挥部办公室")


def thirty_pages() -> OfficialDocument:
    doc = first_report()
    doc.title = "关于全市突发公共卫生事件应急处置工作情况的报告"
    doc.body = []
    for i in range(33):
        doc.body += [Heading1(f"{'一二三四五六七八九十'[i % 10]}、第{i + 1}部分"),
                     *(Paragraph(PARA * 2) for _ in range(3))]
    return doc


def bare_reportlab(doc: OfficialDocument, fonts) -> bytes:
    """The same characters in the body font, 28 a line, 22 lines a page, nothing else."""
    text = "".join(ch for ch in document_text(doc) if not ch.isspace())
    buf = io.BytesIO()
    c = canvas.Canvas(buf, initialFontName=fonts.name("body"))
    line = 0
    for start in range(0, len(text), 28):
        if line == 22:
            c.showPage()
            line = 0
        c.setFont(fonts.name("body"), 16)
        c.drawString(LEFT, PAGE_H - TOP - (line + 1) * PITCH + 8, text[start:start + 28])
        line += 1
    c.drawString(LEFT, BOTTOM / 2, "— 1 —")
    c.save()
    return buf.getvalue()


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    report, long_doc = first_report(), thirty_pages()
    started = time.perf_counter()
    pdf = render(report)                    # cold: finds, checks and registers the fonts
    cold = time.perf_counter() - started
    fonts = resolve_fonts(document_text(report) + document_text(long_doc))
    print(f"cold first render (font lookup + registration): {cold * 1000:7.1f} ms, {pages(pdf)} pages")
    print("fonts:\n  " + fonts.describe().replace("\n", "\n  "))
    for label, doc in (("first report", report), ("30-page document", long_doc)):
        pdf = render(doc, fonts)
        engine = median_seconds(lambda: render(doc, fonts), args.runs)
        bare = median_seconds(lambda: bare_reportlab(doc, fonts), args.runs)
        print(f"{label:17s} {pages(pdf):3d} pages {len(pdf) / 1024:7.1f} KiB  engine {engine * 1000:7.1f} ms"
              f"  bare reportlab {bare * 1000:7.1f} ms  ratio {engine / bare:4.2f}  (median of {args.runs})")


if __name__ == "__main__":
    main()
