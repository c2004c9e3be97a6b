"""专家咨询委员会评估意见: one assessment as the committee signs it — when, the question, the members
present (with a column for each one's signature), the opinion and the recommendation. GB/T 9704
page, no red 版头 (the committee is not an issuing body of the 指挥部); the audit chain's head is
printed above the 版记. Plain data in, no database, no Qt."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from .blocks import Block, Heading1, OfficialDocument, Paragraph, Table

COMMITTEE = "专家咨询委员会"
SIGN_HERE = "\u3000" * 5  # room for a handwritten name: the table gives a column its text's width


@dataclass(frozen=True)
class AssessmentData:
    number: int
    held_at: datetime
    question: str  # 启动应急响应 …
    recommendation: str
    text: str
    members: list[tuple[str, str, str, str]]  # name, specialty, employer, title


def assessment_opinion(a: AssessmentData, *, organiser: str, office: str, exercise: bool = False,
                       chain: str | None = None, today: date | None = None) -> OfficialDocument:
    local = clock.local(a.held_at)
    body: list[Block] = [
        Paragraph(f"{local.year}年{local.month}月{local.day}日{local:%H:%M}，{organiser}组织{COMMITTEE}"
                  f"就“{a.question}”进行评估，{len(a.members)}名委员出席。评估意见如下："),
        Heading1("一、评估意见"),
        *[Paragraph(p.strip()) for p in (a.text or a.recommendation).splitlines() if p.strip()],
        Heading1("二、建议"),
        Paragraph(a.recommendation if a.recommendation.endswith(("。", "！", "；")) else a.recommendation + "。"),
        Heading1("三、出席委员"),
        Table([["姓名", "专业", "工作单位", "职称", "本人签名"], *[[*m, SIGN_HERE] for m in a.members]],
              widths=[1.6, 2.6, 4.0, 2.0, 2.6], font_size=12.0),
    ]
    return OfficialDocument(issuer=None, title=f"{COMMITTEE}评估意见（第{a.number}号）", body=body,
                            signature=COMMITTEE, date=today or local.date(), printer=office, exercise=exercise,
                            chain=chain)
