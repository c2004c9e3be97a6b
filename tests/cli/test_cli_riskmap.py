"""print riskmap: the A4 landscape risk map with every division a vector path and its name as text."""
import json
import subprocess

import pdfplumber

from wzcommand.plan.counties import COUNTY_NAMES

TITLE = "温州市乡镇（街道）疫情风险等级地图"


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
