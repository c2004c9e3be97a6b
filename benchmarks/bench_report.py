"""Time the official-document engine against bare reportlab.

    python benchmarks/bench_report.py [--runs 9]

Prints the median of N runs for: a first report of about two pages, a 30-page document,
and, for each, a bare reportlab canvas drawing the same characters with the same fonts, each
part in the font the program prints it in (28 characters a line, 22 lines a page, no layout rules) — the ratio shows what the
layout engine costs on top of reportlab's own text drawing and font embedding.
The very first render in a process (font lookup, parsing and registration) is shown once.

Then the real event reports, through the services on a temporary database, fonts looked up
on every call as the program does: a first report drafted from a registered event and
rendered, the same issued (number, PDF, archive, audit; with the time the write lock is
held), and a closing report of 30+ pages (75 days of counts, long evaluation sections, the
epidemic curve and the daily table) drafted and rendered, then issued.
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


def _parts_by_role(doc: OfficialDocument) -> dict[str, str]:
    """The document's characters grouped by the font role the program prints them in: the issuer
    and title in 小标宋, 一级标题 in 黑体, 二级标题 and 签发人 in 楷体, page numbers in 宋体,
    everything else in 仿宋."""
    from wzcommand.reports.blocks import Heading1, Heading2

    title = (doc.issuer or "") + doc.title
    hei = "".join(b.text for b in doc.body if isinstance(b, Heading1))
    kai = "".join(b.text for b in doc.body if isinstance(b, Heading2)) + ("签发人：" + doc.signer if doc.signer else "")
    rest = document_text(doc)
    for part in (doc.issuer or "", doc.title, hei, kai):
        rest = rest.replace(part, "", 1) if part else rest
    return {"title": title, "hei": hei, "kai": kai, "body": rest, "song": "— 1 —"}


def bare_reportlab(doc: OfficialDocument, fonts) -> bytes:
    """The same characters in the same fonts (each part in the font the program prints it in),
    28 a line, 22 lines a page, nothing else: what reportlab itself costs for this text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, initialFontName=fonts.name("body"))
    line = 0
    for role, part in _parts_by_role(doc).items():
        text = "".join(ch for ch in part if not ch.isspace())
        for start in range(0, len(text), 28):
            if line == 22:
                c.showPage()
                line = 0
            c.setFont(fonts.name(role), 16)
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
    event_reports(args.runs)


def event_reports(runs: int) -> None:
    import contextlib
    import os
    import tempfile
    from datetime import datetime, timedelta, timezone

    os.environ["WZCOMMAND_DATA_DIR"] = tempfile.mkdtemp(prefix="wz-bench-")   # default settings
    from wzcommand.services import events, reports
    from wzcommand.storage.database import open_database

    tz = timezone(timedelta(hours=8))
    occurred = datetime(2026, 11, 20, 8, 0, tzinfo=tz)
    received, now = occurred + timedelta(hours=1), occurred + timedelta(days=120)
    db = open_database(Path(tempfile.mkdtemp(prefix="wz-bench-")) / "bench.sqlite3")
    locked: list[float] = []
    plain_write = db.write

    @contextlib.contextmanager
    def timed_write():
        started = time.perf_counter()
        with plain_write() as session:
            yield session
        locked.append(time.perf_counter() - started)

    db.write = timed_write

    def register(n: int):
        return events.register_event(db, events.EventInput(
            name=f"鹿城区某学校诺如病毒感染聚集性疫情{n}", category="infectious", district="鹿城区", township="五马街道",
            place="广场路小学", place_kind="学校", occurred_at=occurred, received_at=received, grade="较大",
            area="三年级至五年级共8个班级", symptoms="呕吐、腹泻、腹痛", cause="疑似经桶装水传播",
            measures="停课消毒、病例隔离、流行病学调查", reporting_unit="鹿城区疾病预防控制中心", reporter="张三",
            reporter_phone="0577-88888888", counts={"ill": 47, "dead": 0, "close_contacts": 40}), "基准", now=now)

    first = register(0)
    draft = reports.draft_first(db, first.id)
    pdf = reports.render_pdf(draft, doc_no="温应指〔2026〕1号")
    t_first = median_seconds(lambda: reports.render_pdf(reports.draft_first(db, first.id), doc_no="温应指〔2026〕1号"),
                             runs)
    spare = [register(n) for n in range(1, runs + 1)]
    issue_times, lock_times = [], []
    for e in spare:
        d = reports.draft_first(db, e.id)
        locked.clear()
        started = time.perf_counter()
        reports.issue_report(db, d, "基准", now=received + timedelta(minutes=50))
        issue_times.append(time.perf_counter() - started)
        lock_times.append(locked[-1])
    print(f"first report (draft + render)  {pages(pdf):3d} pages {len(pdf) / 1024:7.1f} KiB  "
          f"{t_first * 1000:7.1f} ms  (median of {runs})")
    print(f"first report issued           total {statistics.median(issue_times) * 1000:7.1f} ms, write lock held "
          f"{statistics.median(lock_times) * 1000:5.1f} ms  (median of {runs})")

    closing = register(999)
    total = 47
    for day in range(1, 75):
        total += day % 7
        events.update_event(db, closing.id, "基准", counts={"ill": total, "dead": day // 20},
                            at=received + timedelta(days=day), now=now)
    events.end_event(db, closing.id, received + timedelta(days=74, hours=2), "基准", now=now)
    text = ("现场调查组对全校师生开展逐一排查，采集环境样本和桶装水样本送检，对病例的发病时间、临床表现、饮水饮食史"
            "进行了详细的流行病学调查，并对学校食堂和供水设施进行了卫生学评价。") * 4

    def closing_draft():
        d = reports.draft_closing(db, closing.id)
        for section in d.sections:
            section.text = (section.text + "\n" if section.text else "") + "\n".join([text] * 7)
        return d

    pdf = reports.render_pdf(closing_draft(), doc_no="温应指〔2026〕99号")
    t_closing = median_seconds(lambda: reports.render_pdf(closing_draft(), doc_no="温应指〔2026〕99号"), runs)
    print(f"closing report (draft + render){pages(pdf):3d} pages {len(pdf) / 1024:7.1f} KiB  "
          f"{t_closing * 1000:7.1f} ms  (median of {runs})")
    locked.clear()
    started = time.perf_counter()
    reports.issue_report(db, closing_draft(), "基准", now=now)
    print(f"closing report issued         total {(time.perf_counter() - started) * 1000:7.1f} ms, write lock held "
          f"{locked[-1] * 1000:5.1f} ms  (once)")
    db.close()


if __name__ == "__main__":
    main()
