"""print riskmap: the A4 landscape risk map with every division a vector path and its name as text."""
import json
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pdfplumber
import pytest

from wzcommand.plan.counties import COUNTY_NAMES

TITLE = "温州市乡镇（街道）疫情风险等级地图"
CST = timezone(timedelta(hours=8))


def page_content(path) -> str:
    """The first page's content stream, decoded (reportlab writes it ASCII85 + Flate)."""
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(path) as pdf:
        return b"".join(resolve1(s).get_data() for s in pdf.pages[0].page_obj.contents).decode("latin-1")


def painted_paths(stream: str) -> list[int]:
    """The number of line segments of each painted path (fill, stroke or both)."""
    counts, segments = [], 0
    for op in stream.split():
        if op == "l":
            segments += 1
        elif op in ("f", "f*", "B", "B*", "S", "s", "b", "b*"):
            counts.append(segments)
            segments = 0
        elif op == "n":
            segments = 0
    return counts


def test_districts_only_map_has_twelve_vector_divisions_named_as_text(run, dbfile, tmp_path):
    out = tmp_path / "map.pdf"
    code, stdout, err = run("print", "riskmap", "--date", "2026-11-28", "--out", out, "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(stdout)["date"] == "2026-11-28"
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height  # A4 landscape
        assert (round(page.width), round(page.height)) == (842, 595)
        text = page.extract_text()
    assert TITLE in text.replace(" ", "") and "2026年11月28日" in text.replace(" ", "")
    assert "温州市突发公共卫生事件应急指挥部" in text.replace(" ", "")
    for name in COUNTY_NAMES:
        assert name in text.replace(" ", ""), name
    assert "尚未登记乡镇（街道）" in text.replace(" ", "")
    assert "审计链第" in text.replace(" ", "")
    # boundaries as paths: each division filled once and outlined once, each with many segments
    paths = painted_paths(page_content(out))
    assert sum(1 for n in paths if n >= 100) >= 12
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 2  # the header only: no raster picture of the map


def test_public_png_and_pdf_leave_out_the_internal_marks(run, dbfile, tmp_path):
    pdf, png = tmp_path / "public.pdf", tmp_path / "public.png"
    code, stdout, err = run("print", "riskmap", "--date", "2026-11-28", "--out", pdf, "--public", "--png", png,
                            "--db", dbfile)
    assert code == 0, err
    assert "公开版图片" in stdout
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text().replace(" ", "")
    assert TITLE in text and "审计链" not in text
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1754, 1240)


def test_png_alone_needs_no_pdf_and_a_bad_date_is_refused(run, dbfile, tmp_path):
    png = tmp_path / "only.png"
    code, _, err = run("print", "riskmap", "--png", png, "--db", dbfile)
    assert code == 0, err and png.exists()
    code, out, err = run("print", "riskmap", "--date", "2026-13-01", "--out", tmp_path / "x.pdf", "--db", dbfile)
    assert code == 2 and out == "" and "日期格式不正确" in err
    code, _, err = run("print", "riskmap", "--db", dbfile)
    assert code == 2 and "--out" in err


def test_townships_and_risk_levels_through_the_command_line(run, dbfile, tmp_path):
    from riskmap_support import write_csv, write_geojson

    code, out, err = run("townships", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = run("townships", "import", write_csv(tmp_path / "t.csv"), "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 12
    assert run("townships", "import", write_geojson(tmp_path / "b.geojson"), "--db", dbfile)[0] == 0
    towns = json.loads(run("townships", "--db", dbfile, "--json")[1])
    assert towns[0] == {"division": "鹿城区", "township": "五马街道", "code": "330302001000", "boundary": True}
    code, out, err = run("risk", "set", "五马街道", "龙湾区永中街道", "--level", "高", "--at", "2026-11-20T09:00",
                         "--basis", "11月19日风险评估", "--db", dbfile, "--json")
    assert code == 0, err
    assert json.loads(out)["set"] == ["鹿城区五马街道", "龙湾区永中街道"]
    assert run("risk", "set", "五马街道", "--level", "低", "--at", "2026-11-23T09:00", "--basis", "解除",
               "--db", dbfile)[0] == 0
    shown = json.loads(run("risk", "show", "--date", "2026-11-21", "--db", dbfile, "--json")[1])
    assert shown[0] == {"division": "鹿城区", "township": "五马街道", "level": "高", "since": "2026-11-20T09:00:00+08:00"}
    assert {"division", "township", "level", "since"} == set(shown[0])
    later = {r["township"]: r for r in json.loads(run("risk", "show", "--date", "2026-11-24", "--db", dbfile,
                                                      "--json")[1])}
    assert later["五马街道"]["level"] == "低" and later["永中街道"]["level"] == "高"
    assert later["泽雅镇"] == {"division": "瓯海区", "township": "泽雅镇", "level": "无", "since": None}
    # the map of the 21st shows the 21st's levels; townships with boundaries are drawn as paths
    out_pdf = tmp_path / "m21.pdf"
    assert run("print", "riskmap", "--date", "2026-11-21", "--out", out_pdf, "--db", dbfile)[0] == 0
    with pdfplumber.open(out_pdf) as pdf:
        text = pdf.pages[0].extract_text().replace(" ", "")
    assert "高风险地区2个" in text and "五马街道" in text and "永中街道" in text
    paths = painted_paths(page_content(out_pdf))
    assert sum(1 for n in paths if n >= 4) >= 12 + 12


@pytest.mark.parametrize("args,needle", [
    (["risk", "set", "月亮镇", "--level", "高", "--basis", "x"], "没有登记名为“月亮镇”的乡镇（街道）"),
    (["risk", "set", "五马街道", "--level", "特高", "--basis", "x"], "未知的风险等级“特高”"),
    (["risk", "set", "五马街道", "--level", "高", "--basis", " "], "请填写依据"),
    (["risk", "show", "--date", "11/21"], "日期格式不正确"),
    (["townships", "import", "/nonexistent/x.csv"], "无法读取"),
])
def test_riskmap_errors_exit_2_with_one_line_and_write_nothing(run, dbfile, tmp_path, args, needle):
    from riskmap_support import write_csv

    assert run("townships", "import", write_csv(tmp_path / "t.csv"), "--db", dbfile)[0] == 0
    before = len(json.loads(run("audit", "--db", dbfile, "--json")[1]))
    code, out, err = run(*args, "--db", dbfile)
    assert code == 2 and needle in err and err.count("\n") == 1 and out == ""
    assert len(json.loads(run("audit", "--db", dbfile, "--json")[1])) == before


@dataclass
class _Item:
    id: int
    start: datetime
    kind: str = "risk_map"
    status: str = "planned"


def test_the_schedule_links_its_risk_map_item_to_the_map_issued_that_day(run, dbfile, tmp_path):
    from wzcommand.services import riskmap_print
    from wzcommand.storage.database import open_database

    assert run("print", "riskmap", "--date", "2026-11-20", "--png", tmp_path / "p.png", "--db", dbfile)[0] == 0
    items = [_Item(n, datetime(2026, 11, day, 18, 0, tzinfo=CST)) for n, day in enumerate((20, 23, 26, 29), 1)]
    items.append(_Item(5, datetime(2026, 11, 23, 18, 0, tzinfo=CST), status="cancelled"))
    db = open_database(dbfile)
    try:
        links = riskmap_print.schedule_links(db, items, now=datetime(2026, 11, 26, 19, 0, tzinfo=CST))
    finally:
        db.close()
    assert links[1].startswith("已发布（") and "公开版" in links[1]
    assert links == {1: links[1], 2: "已错过（当日未发布地图）", 3: "已到时，尚未发布", 4: "待发布"}


def test_schedule_shows_the_risk_map_items_as_issued_or_missed(run, dbfile, tmp_path):
    from wzcommand import clock

    today = clock.local(clock.now()).date()
    start = today - timedelta(days=7)
    code, _, err = run("level", "set", "II", "--plan", "respiratory", "--by", "市政府", "--basis", "疫情研判",
                       "--at", f"{start.isoformat()}T08:00", "--assessment", "专家评估建议启动Ⅱ级",
                       "--assessed-on", start.isoformat(), "--db", dbfile)
    assert code == 0, err
    issued_day = start + timedelta(days=3)  # every third day from the decision (ari, Ⅱ)
    assert run("print", "riskmap", "--date", issued_day.isoformat(), "--out", tmp_path / "m.pdf", "--db", dbfile)[0] == 0
    code, out, err = run("schedule", "--from", start.isoformat(), "--to", today.isoformat(), "--db", dbfile, "--json")
    assert code == 0, err
    maps = [i for i in json.loads(out) if i["kind"] == "risk_map"]
    assert [i["start"][:10] for i in maps] == [issued_day.isoformat(), (issued_day + timedelta(days=3)).isoformat()]
    assert maps[0]["risk_map"].startswith("已发布（") and maps[1]["risk_map"] == "已错过（当日未发布地图）"
    code, text, _ = run("schedule", "--from", start.isoformat(), "--to", today.isoformat(), "--db", dbfile)
    assert "[已错过（当日未发布地图）]" in text
