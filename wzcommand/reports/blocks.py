"""An official document as plain data: the blocks of its body and its fields.

No reportlab layout here; :mod:`wzcommand.reports.document` renders these to PDF.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from reportlab.platypus import Flowable

__all__ = ["OfficialDocument", "Heading1", "Heading2", "Heading3", "Heading4", "Paragraph",
           "Table", "Image", "FlowableBlock", "PageBreak", "Signature", "Block", "format_date",
           "document_text", "DEFAULT_ISSUER"]

DEFAULT_ISSUER = "温州市突发公共卫生事件应急指挥部"


@dataclass
class Heading1:
    """一级标题 ``一、……`` in 黑体."""
    text: str


@dataclass
class Heading2:
    """二级标题 ``（一）……`` in 楷体."""
    text: str


@dataclass
class Heading3:
    """三级标题 ``1.……`` in 仿宋."""
    text: str


@dataclass
class Heading4:
    """四级标题 ``（1）……`` in 仿宋."""
    text: str


@dataclass
class Paragraph:
    """A body paragraph, first line indented two characters.  ``\\n`` starts a new paragraph."""
    text: str


@dataclass
class Table:
    """A simple grid (counts, lists) as wide as the text block; ``widths`` are relative."""
    rows: list[list[str]]
    header_rows: int = 1
    widths: list[float] | None = None
    caption: str | None = None
    font_size: float = 14.0


@dataclass
class Image:
    """A picture (e.g. a chart PNG) from a path or bytes, centred, at most the block wide."""
    source: Union[str, Path, bytes]
    width_mm: float | None = None
    caption: str | None = None
    max_lines: int = 14


@dataclass
class FlowableBlock:
    """Any reportlab flowable; it is snapped to the line grid."""
    flowable: Flowable


@dataclass
class PageBreak:
    pass


@dataclass
class Signature:
    """署名 and 成文日期 inside the body (a 交办单 signs its kept part above the cut line)."""
    issuer: str
    day: _dt.date


Block = Union[Heading1, Heading2, Heading3, Heading4, Paragraph, Table, Image, FlowableBlock,
              PageBreak, Signature]


@dataclass
class OfficialDocument:
    issuer: str | None = DEFAULT_ISSUER           # 发文机关标志 (None: no 版头)
    doc_no: str | None = None                     # 发文字号, e.g. 温应指〔2026〕3号
    signer: str | None = None                     # 签发人 → 上行文 layout
    copy_no: str | int | None = None              # 份号
    secrecy: str | None = None                    # 密级和保密期限, e.g. 秘密★1年
    urgency: str | None = None                    # 紧急程度: 特急 / 加急
    title: str = ""
    addressee: str | None = None                  # 主送机关, ends with ：
    body: list[Block] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str | None = None                  # 署名
    date: _dt.date | None = field(default_factory=_dt.date.today)   # 成文日期 (None: signed in the body)
    note: str | None = None                       # 附注
    cc: list[str] = field(default_factory=list)   # 抄送
    printer: str | None = None                    # 印发机关
    print_date: _dt.date | None = None            # 印发日期, defaults to ``date``
    draft: bool = False                           # 草稿 watermark on every page
    exercise: bool = False                        # 演练 mark on every page and under the title
    chain: str | None = None                      # audit chain position and head digest (small: above the 版记, or after the last line)


def format_date(d: _dt.date) -> str:
    """``2026年11月29日``: Arabic numerals, full year, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


def document_text(doc: OfficialDocument) -> str:
    """Every character the document will print (for font coverage checks)."""
    parts = [doc.issuer or "", doc.doc_no or "", "签发人：", doc.signer or "", str(doc.copy_no or ""),
             doc.secrecy or "", doc.urgency or "", doc.title, doc.addressee or "", "：",
             "附件：", *doc.attachments, doc.signature or "", format_date(doc.date) if doc.date else "",
             doc.note or "",
             "（）抄送：，。", *doc.cc, doc.printer or "", "印发", "— 0123456789 —", doc.chain or ""]
    if doc.print_date:
        parts.append(format_date(doc.print_date))
    if doc.draft:
        parts.append("草稿")
    if doc.exercise:
        parts.append("演练（）")
    for block in doc.body:
        if isinstance(block, Table):
            parts += [c for row in block.rows for c in row] + [block.caption or ""]
        elif isinstance(block, Image):
            parts.append(block.caption or "")
        elif isinstance(block, Signature):
            parts += [block.issuer, format_date(block.day)]
        elif hasattr(block, "text"):
            parts.append(block.text)
    return "".join(map(str, parts))
