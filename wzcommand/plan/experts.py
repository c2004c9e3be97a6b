"""The expert advisory committee (专家咨询委员会): what the plans give it to do, and the questions an
assessment answers. Texts verbatim from the plans (phe 4.3, ari 4.3, the warning annex 三); pure stdlib.

Every level decision the city takes rests on the committee's assessment (phe 6.1.1–6.1.4, 6.4.1–6.4.3;
ari 6.1.1, 6.3.1–6.3.3; see :mod:`.transitions`); a warning decision too (ari annex 三). An assessment
is recorded once and linked from the decision it supports; its question must match that decision.
"""
from __future__ import annotations

from dataclasses import dataclass

from .sources import require_rules

DUTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "public_health": (
        ("phe:4.3", "各级卫生健康主管部门负责组建公共卫生事件咨询委员会，专家咨询委员会主要职责："),
        ("phe:4.3(1)", "对日常应急准备提出意见建议，参与制订应急预案和技术方案。"),
        ("phe:4.3(2)", "对相关信息进行分析研判和风险评估，提出应对措施意见建议。"),
        ("phe:4.3(3)", "提出应急响应启动、调整、终止及事后评估的意见建议。"),
        ("phe:4.3(4)", "对应急处置工作提供专家咨询和技术指导。"),
        ("phe:4.3(5)", "承担应急组织体系和日常管理机构交办的其他工作。"),
    ),
    "respiratory": (
        ("ari:4.3", "各级卫生健康主管部门负责组建专家咨询委员会，专家咨询委员会主要职责："),
        ("ari:4.3(1)", "对日常应急准备提出意见建议，参与制订应急预案和技术方案。"),
        ("ari:4.3(2)", "对事件相关信息进行分析评估，提出应对措施建议。"),
        ("ari:4.3(3)", "提出应急响应启动、调整、终止的意见建议，参与事后评估。"),
        ("ari:4.3(4)", "对应急处置工作提供专业咨询和技术指导。"),
    ),
}
EDITION = "2021"  # the edition whose clauses on the committee this module quotes
WHAT = "专家咨询委员会评估事项"
WARNING_QUOTE = ("ari:附件 三", "市卫生健康主管部门组织专家咨询委员会评估，报市政府备案后，作出预警决定")


@dataclass(frozen=True)
class Question:
    key: str
    name: str
    source: str  # the clause that gives the committee this question


QUESTIONS: tuple[Question, ...] = (
    Question("level.start", "启动应急响应", "phe:4.3(3)"),
    Question("level.raise", "提高应急响应级别", "phe:4.3(3)"),
    Question("level.lower", "降低应急响应级别", "phe:4.3(3)"),
    Question("level.end", "终止应急响应", "phe:4.3(3)"),
    Question("warning.issue", "发布预警", "ari:附件 三"),
    Question("warning.adjust", "调整预警", "ari:附件 三"),
    Question("warning.lift", "解除预警", "ari:附件 三"),
    Question("risk", "风险评估", "phe:4.3(2)"),
    Question("after_action", "事后评估", "phe:4.3(3)"),
)
QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}


def parse_question(text: str) -> str:
    """A question's key from its key or its Chinese name (启动应急响应 → level.start)."""
    value = (text or "").strip()
    for q in QUESTIONS:
        if value in (q.key, q.name):
            return q.key
    names = "、".join(f"{q.name}（{q.key}）" for q in QUESTIONS)
    raise ValueError(f"未知的评估事项“{value}”（可选：{names}）")


def question_name(key: str) -> str:
    return QUESTIONS_BY_KEY[key].name if key in QUESTIONS_BY_KEY else key


def fits_level_change(question: str, kind: str, *, edition: str) -> bool:
    """An assessment supports a level change of its own kind (start|raise|lower|end)."""
    require_rules(edition, EDITION, WHAT)
    return question == f"level.{kind}"


def fits_warning(question: str, action: str, *, edition: str) -> bool:
    """An assessment supports a warning decision of its own action (issue|adjust|lift)."""
    require_rules(edition, EDITION, WHAT)
    return question == f"warning.{action}"
