"""征用补偿清单 (phe 7.3): per owner, what was requisitioned during the response (when taken and
returned, in what condition), the office's assessment and the amount; a summary table with each
owner's amount and the grand total, in figures and in capitals.

The 指挥部办公室's working document (its red letterhead, signed by the office, the audit chain's head
above the 版记), laid out like the 催办单. Plain data in, no database, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from ..plan.numbers import cn_number
from ..plan.requisitions import capital_yuan, yuan
from .blocks import Block, Heading1, Heading2, OfficialDocument, Paragraph, Table, format_date

OFFICE = "温州市突发公共卫生事件应急指挥部办公室"
TITLE = "应急处置期间征用物资和劳务补偿清单"
ITEM_HEADERS = ["序号", "征用财物或劳务", "数量", "征用时间", "征用时状况", "归还时间", "归还时状况"]
SIZE = 10.5  # 五号: four columns of dates and conditions on one line each where they fit


@dataclass(frozen=True)
class ItemLine:
    what: str  # 交通工具：大客车
    quantity: str
    taken_at: datetime
    condition_taken: str
    decision: str  # 温州市人民政府 温政发〔2026〕8号
    returned_at: datetime | None
    condition_returned: str


@dataclass(frozen=True)
class OwnerBlock:
    kind: str  # 单位 / 企业 / 个人
    name: str
    contact: str
    items: list[ItemLine]
    assessment: str
    amount_fen: int | None


def _when(value: datetime, one_year: bool) -> str:
    """Month-day and time when the whole response lies in one year (the lead gives the year)."""
    return clock.local_text(value, "%m-%d %H:%M" if one_year else "%Y-%m-%d %H:%M")


def _period(started: datetime, ended: datetime | None, at: datetime) -> str:
    start = format_date(clock.local(started).date())
    if ended is None:
        return f"{start}启动的应急响应尚未终止，本清单为截至{format_date(clock.local(at).date())}{clock.local(at):%H:%M}的登记"
    return f"{start}至{format_date(clock.local(ended).date())}应急响应期间"


def _inline(quote: str) -> str:
    """A quoted sentence inside ours drops its own full stop: “……设施设备”，共……"""
    return quote.removesuffix("。")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "；", "）")) else text + "。"


def compensation_list(owners: list[OwnerBlock], *, started: datetime, ended: datetime | None, at: datetime,
                      basis: tuple[str, str], compensation: tuple[str, str], office: str = OFFICE,
                      exercise: bool = False, chain: str | None = None, today: date | None = None) -> OfficialDocument:
    """``basis`` and ``compensation``: (the clause as cited, its words) of the plan the response ran under."""
    items = sum(len(o.items) for o in owners)
    total = sum(o.amount_fen or 0 for o in owners)
    pending = [o.name for o in owners if o.amount_fen is None]
    unreturned = sum(1 for o in owners for i in o.items if i.returned_at is None)
    lead = (f"{_period(started, ended, at)}，依据{basis[0]}“{_inline(basis[1])}”，共临时征用{len(owners)}个单位、企业或个人的"
            f"物资和劳务{items}项。" if owners else f"{_period(started, ended, at)}，未登记临时征用。")
    body: list[Block] = [Paragraph(lead)]
    one_year = clock.local(started).year == clock.local(ended or at).year
    if owners:
        summary = f"根据{compensation[0]}“{_inline(compensation[1])}”，"
        if len(pending) == len(owners):
            summary += "各被征用方的补偿尚待评估。"
        else:
            summary += f"经评估，补偿金额合计{yuan(total)}（大写：{capital_yuan(total)}）"
            summary += f"，其中{'、'.join(pending)}尚待评估。" if pending else "。"
        if unreturned:
            summary += f"尚有{unreturned}项未归还（表中注明）。"
        body.append(Paragraph(summary + "明细如下："))
        body.append(Heading1("一、征用和评估明细"))
    for n, o in enumerate(owners, 1):
        body.append(Heading2(f"（{cn_number(n)}）{o.name}（{o.kind}）"))
        rows = [ITEM_HEADERS]
        for k, i in enumerate(o.items, 1):
            rows.append([str(k), i.what, i.quantity, _when(i.taken_at, one_year), i.condition_taken,
                         _when(i.returned_at, one_year) if i.returned_at else "未归还",
                         i.condition_returned if i.returned_at else "—"])
        body.append(Table(rows, widths=[0.7, 3.6, 1.2, 2.0, 2.4, 2.0, 2.4], font_size=SIZE))
        decisions = list(dict.fromkeys(i.decision for i in o.items))
        body.append(Paragraph(f"征用决定：{'；'.join(decisions)}。" + (f"联系方式：{o.contact}。" if o.contact else "")))
        if o.amount_fen is None:
            body.append(Paragraph("评估意见：尚待评估。"))
        else:
            body.append(Paragraph(f"评估意见：{_sentence(o.assessment)}补偿金额：{yuan(o.amount_fen)}。"))
    if owners:
        body.append(Heading1("二、补偿金额汇总"))
        rows = [["序号", "被征用方", "类别", "征用项数", "补偿金额（元）"]]
        rows += [[str(n), o.name, o.kind, str(len(o.items)), yuan(o.amount_fen).removesuffix("元") or "待评估"]
                 for n, o in enumerate(owners, 1)]
        rows.append(["", "合计", "", str(items), yuan(total).removesuffix("元") if len(pending) < len(owners) else "待评估"])
        body.append(Table(rows, widths=[0.8, 5.0, 1.2, 1.6, 3.2], font_size=SIZE))
    return OfficialDocument(issuer=office, title=TITLE, body=body, signature=office,
                            date=today or clock.local(at).date(), printer=office, exercise=exercise, chain=chain)
