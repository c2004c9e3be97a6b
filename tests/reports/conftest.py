"""Fixtures for the official-document tests: sample documents, rendered PDFs, fake fonts."""
from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from wzcommand.reports.document import (Heading1, Heading2, Heading3, Heading4, OfficialDocument,
                                        Paragraph, Table, render)
from wzcommand.reports.fonts import FontsMissingError, resolve_fonts

MM = 72 / 25.4
LONG_TITLE = "温州市突发公共卫生事件应急指挥部关于鹿城区某学校诺如病毒感染聚集性疫情的首次报告"
UNBROKEN = "这是一段很长的没有任何标点符号的中文文字用于测试长段落能否正确换行而不越过版心的右边界" * 4


def sample_document(**changes) -> OfficialDocument:
    """A first report with every field filled in."""
    body = [
        Heading1("一、基本情况"),
        Paragraph("2026年11月28日16时30分，鹿城区疾病预防控制中心接到辖区某小学报告，该校三年级、"
                  "四年级部分学生自11月27日起陆续出现呕吐、腹泻等症状。截至11月29日8时，累计报告"
                  "病例47例，其中学生45例、教职工2例，均为轻症，无重症和死亡病例。"),
        Heading2("（一）病例分布"),
        Paragraph("病例分布于8个班级，以三年级（2）班最多，共12例。"),
        Table([["类别", "病例数", "住院", "死亡"], ["学生", "45", "3", "0"],
               ["教职工", "2", "0", "0"], ["合计", "47", "3", "0"]], caption="表1　病例构成"),
        Heading1("二、已采取的措施"),
        Heading3("1.病例救治。"),
        Paragraph("辖区医疗机构已开通绿色通道，目前3名住院学生病情稳定。"),
        Heading4("（1）环境消毒。"),
        Paragraph(UNBROKEN),
    ]
    fields = dict(
        doc_no="温应指〔2026〕3号", title=LONG_TITLE, addressee="温州市人民政府：", body=body,
        attachments=["病例一览表", "流行病学调查报告（初稿）"],
        signature="温州市突发公共卫生事件应急指挥部", date=dt.date(2026, 11, 29),
        note="联系人：张三，电话：0577-88888888", cc=["省卫生健康委", "市委办公室", "市政府办公室"],
        printer="温州市突发公共卫生事件应急指挥部办公室", copy_no=12, secrecy="秘密★1年",
        urgency="特急")
    fields.update(changes)
    return OfficialDocument(**fields)


def long_document(pages_of_text: int = 30, **changes) -> OfficialDocument:
    para = ("各县（市、区）要严格落实属地责任，加强对学校、托幼机构、养老机构等重点场所的健康监测，"
            "发现聚集性病例及时报告，做到早发现、早报告、早隔离、早治疗。")
    body = []
    for i in range(1, pages_of_text + 1):
        body.append(Heading1(f"{'一二三四五六七八九十'[(i - 1) % 10]}、第{i}部分"))
        body += [Paragraph(para * 3) for _ in range(3)]
    return sample_document(body=body, **changes)


@pytest.fixture(scope="session")
def fonts():
    try:
        return resolve_fonts(sample_document().title + UNBROKEN)
    except FontsMissingError as exc:
        pytest.skip(f"no Chinese TrueType fonts on this machine: {exc}")


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="session")
def make_pdf(fonts, pdf_dir):
    """Render a document to a file once per distinct name; returns the path."""
    made: dict[str, Path] = {}

    def make(name: str, doc: OfficialDocument) -> Path:
        if name not in made:
            path = pdf_dir / f"{name}.pdf"
            path.write_bytes(render(doc))
            made[name] = path
        return made[name]
    return make


@pytest.fixture(scope="session")
def sample_pdf(make_pdf):
    return make_pdf("sample", sample_document())


def need_poppler(tool: str = "pdffonts") -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = [need_poppler("pdftotext"), "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def make_fake_font(path: Path, *, cff: bool = False, fs_type: int = 0, chars: str = "温州",
                   num_glyphs: int = 300, family: str = "Fake Song") -> Path:
    """A tiny sfnt file with just the tables the resolver reads (never a renderable font)."""
    codes = sorted({ord(c) for c in chars} | {0xFFFF})
    seg2 = 2 * len(codes)
    deltas = [((k + 1) - c) & 0xFFFF if c != 0xFFFF else 1 for k, c in enumerate(codes)]
    fmt4 = struct.pack(">HHHHHHH", 4, 16 + 4 * seg2, 0, seg2, 0, 0, 0)
    fmt4 += struct.pack(f">{len(codes)}H", *codes) + b"\0\0"
    fmt4 += struct.pack(f">{len(codes)}H", *codes)
    fmt4 += struct.pack(f">{len(codes)}H", *deltas) + b"\0\0" * len(codes)
    cmap = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + fmt4
    name_bytes = family.encode("utf-16-be")
    name = struct.pack(">HHH", 0, 1, 18) + struct.pack(">6H", 3, 1, 0x409, 1, len(name_bytes), 0)
    name += name_bytes
    tables = {b"cmap": cmap, b"maxp": struct.pack(">IH", 0x5000, num_glyphs),
              b"OS/2": struct.pack(">HhHHH", 1, 500, 400, 5, fs_type) + b"\0" * 80,
              b"name": name}
    tables.update({b"CFF ": b"\0" * 16} if cff else {b"glyf": b"\0" * 16, b"loca": b"\0" * 8})
    offset = 12 + 16 * len(tables)
    head, body = struct.pack(">IHHHH", 0x4F54544F if cff else 0x00010000, len(tables), 0, 0, 0), b""
    for tag, data in sorted(tables.items()):
        head += struct.pack(">4sIII", tag, 0, offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    path.write_bytes(head + body)
    return path


@pytest.fixture(scope="session")
def helpers():
    """The module's helpers, for test modules (conftest modules cannot be imported by name)."""
    import types
    return types.SimpleNamespace(
        sample_document=sample_document, long_document=long_document, need_poppler=need_poppler,
        pdftotext=pdftotext, make_fake_font=make_fake_font, LONG_TITLE=LONG_TITLE,
        UNBROKEN=UNBROKEN, MM=MM)
