"""预警信息发布稿: the text a warning is published with (ari annex 四: 情形、级别、范围、措施), from the
recorded decision and its procedure. GB/T 9704 page without a red 版头 (the 市卫生健康主管部门 publishes
it; the office prepares the text), the audit chain's head above the 版记. Plain data in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from ..plan.numbers import cn_number
from .blocks import Block, Heading1, OfficialDocument, Paragraph
from .event_reports import cn_datetime

TITLE = "预警信息发布稿"


@dataclass(frozen=True)
class NoticeData:
    action: str  # issue|adjust|lift
    colour_name: str  # 黄色预警
    level_name: str  # 较大 (phe 5.4.1), "" when lifted
    previous_name: str  # the colour before (adjust/lift)
    decided_at: datetime
    decided_by: str
    basis: str
    proposed_by: str
    assessed: bool
    filed_with: str
    situations: list[tuple[str, str]]  # (colour name, text)
    scope: str
    measures: str
    trigger_sites: str = ""  # 鹿城区红色预警、瑞安市橙色预警 (ari annex 三), "" when none


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "；", "！", "？")) else f"{text}。"


def warning_notice(n: NoticeData, *, office: str, exercise: bool = False, chain: str | None = None,
                   today: date | None = None) -> OfficialDocument:
    steps = "、".join(x for x in (f"根据{n.proposed_by}的预警建议" if n.proposed_by else "",
                                 "经专家咨询委员会评估" if n.assessed else "",
                                 f"报{n.filed_with}备案" if n.filed_with else "") if x)
    lead = f"{steps}，" if steps else f"根据{n.basis}，"
    if n.action == "lift":
        body: list[Block] = [Paragraph(f"{lead}{n.decided_by}决定自{cn_datetime(n.decided_at)}起解除全市{n.previous_name}。"),
                             Paragraph(f"解除依据：{n.basis}")]
    else:
        verb = "发布全市" if n.action == "issue" else f"将全市{n.previous_name}调整为"
        said = (f"调整预警触发地的预警，全市{n.colour_name}不变" if n.previous_name == n.colour_name  # annex 三
                else f"{verb}{n.colour_name}")
        body = [Paragraph(f"{lead}{n.decided_by}决定自{cn_datetime(n.decided_at)}起{said}。")]
        parts = [("预警情形", [f"{c}：{t}" for c, t in n.situations] or [n.basis]),
                 ("预警级别", [f"{n.colour_name}（{n.level_name}级别预警）。" if n.level_name else f"{n.colour_name}。"]),
                 ("预警范围", [_sentence(n.scope or "全市"),
                           *([f"同时对预警触发地发布预警：{n.trigger_sites}。"] if n.trigger_sites else [])]),
                 ("预警措施", [line for line in n.measures.splitlines() if line.strip()] or ["（待填写）"])]
        for number, (heading, lines) in enumerate(parts, 1):
            body.append(Heading1(f"{cn_number(number)}、{heading}"))
            body += [Paragraph(line.strip()) for line in lines]
    return OfficialDocument(issuer=None, title=TITLE, body=body, signature=n.decided_by,
                            date=today or clock.local(n.decided_at).date(), printer=office, exercise=exercise,
                            chain=chain)
