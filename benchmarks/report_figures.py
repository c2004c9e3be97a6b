"""Report figures for benchmarks/run.py: the program's reports against bare reportlab.

Uses benchmarks/bench_report.py's documents and bare-reportlab baseline (the same characters in
the body font, 28 a line, 22 lines a page, no layout rules), and times the real reports through
the services on a private database, as the program makes them:

* first report: drafted from a registered event and rendered (fonts looked up on every call);
* closing report of 30+ pages: 75 days of counts, the epidemic curve and daily table, long
  evaluation sections, drafted and rendered.

Each is compared with bare reportlab drawing the same document's characters with the same fonts.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EVALUATION = ("现场调查组对全校师生开展逐一排查，采集环境样本和桶装水样本送检，对病例的发病时间、临床表现、饮水饮食史"
              "进行了详细的流行病学调查，并对学校食堂和供水设施进行了卫生学评价。") * 4


def _paired(engine, bare, runs: int) -> tuple[float, float]:
    """Median seconds of `engine` and of `bare`, run alternately (each at least 3 times a round, the
    round's fastest kept), so a change of load on the machine hits both alike."""
    import statistics

    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, out in ((engine, times[0]), (bare, times[1])):
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                fn()
                best = min(best, time.perf_counter() - started)
            out.append(best)
    return statistics.median(times[0]), statistics.median(times[1])


def measure(runs: int, workdir: Path | None = None) -> dict:
    from bench_report import bare_reportlab, first_report, pages, thirty_pages

    from wzcommand.reports.document import document_text, render
    from wzcommand.reports.fonts import resolve_fonts

    out: dict = {}
    report, long_doc = first_report(), thirty_pages()
    started = time.perf_counter()
    render(report)  # cold: finds, checks and registers the fonts
    out["cold_first_render_ms"] = (time.perf_counter() - started) * 1000
    fonts = resolve_fonts(document_text(report) + document_text(long_doc))
    out["fonts"] = fonts.describe()
    for key, doc in (("engine_first", report), ("engine_30_pages", long_doc)):
        pdf = render(doc, fonts)
        engine, bare = _paired(lambda: render(doc, fonts), lambda: bare_reportlab(doc, fonts), runs)
        out[key] = {"pages": pages(pdf), "engine_ms": engine * 1000, "bare_ms": bare * 1000}
    out.update(_service_reports(runs, workdir, bare_reportlab, pages))
    return out


def _service_reports(runs: int, workdir: Path | None, bare_reportlab, pages) -> dict:
    workdir = Path(workdir or tempfile.mkdtemp(prefix="wz-bench-reports-"))
    os.environ["WZCOMMAND_DATA_DIR"] = str(workdir)  # default settings, nothing of the user's
    from wzcommand.services import events, reports
    from wzcommand.storage.database import open_database

    tz = timezone(timedelta(hours=8))
    occurred = datetime(2026, 8, 20, 8, 0, tzinfo=tz)
    received, now = occurred + timedelta(hours=1), occurred + timedelta(days=90)
    db = open_database(workdir / "reports.sqlite3")
    from dataclasses import replace

    from wzcommand.services import office

    # an office set up as the program asks before issuing: its default 签发人 is filled in
    office.save_office_settings(db, replace(office.office_settings(db), signer="张明"), "基准")

    def register(n: int):
        return events.register_event(db, events.EventInput(
            name=f"鹿城区某学校诺如病毒感染聚集性疫情{n}", category="infectious", district="鹿城区", township="五马街道",
            place="广场路小学", place_kind="学校", occurred_at=occurred, received_at=received, grade="较大",
            area="三年级至五年级共8个班级", symptoms="呕吐、腹泻、腹痛", cause="疑似经桶装水传播",
            measures="停课消毒、病例隔离、流行病学调查", reporting_unit="鹿城区疾病预防控制中心", reporter="张三",
            reporter_phone="0577-88888888", counts={"ill": 47, "dead": 0, "close_contacts": 40}), "基准", now=now)

    def compare(make_draft, doc_no: str) -> dict:
        draft = make_draft()
        pdf = reports.render_pdf(draft, doc_no=doc_no)
        doc, fonts = reports.report_document(draft, doc_no=doc_no)  # exactly what render_pdf prints
        total, bare = _paired(lambda: reports.render_pdf(make_draft(), doc_no=doc_no),
                              lambda: bare_reportlab(doc, fonts), runs)
        render_only, _ = _paired(lambda: reports.render_pdf(draft, doc_no=doc_no), lambda: None, runs)
        return {"pages": pages(pdf), "kib": len(pdf) / 1024, "engine_ms": total * 1000, "bare_ms": bare * 1000,
                "render_ms": render_only * 1000}

    try:
        first = register(0)
        out = {"service_first": compare(lambda: reports.draft_first(db, first.id), "温应指〔2026〕1号")}
        closing = register(1)
        total = 47
        for day in range(1, 75):
            total += day % 7
            events.update_event(db, closing.id, "基准", counts={"ill": total, "dead": day // 20},
                                at=received + timedelta(days=day), now=now)
        events.end_event(db, closing.id, received + timedelta(days=74, hours=2), "基准", now=now)

        def closing_draft():
            d = reports.draft_closing(db, closing.id)
            for section in d.sections:
                section.text = (section.text + "\n" if section.text else "") + "\n".join([EVALUATION] * 7)
            return d

        out["service_closing"] = compare(closing_draft, "温应指〔2026〕99号")
        return out
    finally:
        db.close()


if __name__ == "__main__":
    import json

    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5), ensure_ascii=False, indent=1))
