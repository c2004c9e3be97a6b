"""One level change as asked (SwitchRequest) and the plan's procedure for it, as words: the preview's
notes and the audit's steps."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from ..plan import levels as rules

KIND_NAMES = {"start": "启动", "raise": "提高", "lower": "降低", "end": "终止"}


@dataclass
class SwitchRequest:
    target: str
    decided_at: datetime
    decided_by: str
    basis: str
    announced_at: datetime | None = None
    assessment: str = ""
    assessed_on: date | None = None
    event_id: int | None = None
    office_alternative: bool = False
    office_reason: str = ""
    office_director: str = ""
    province_record: str = ""
    province_directed: bool = False
    expected_from: str | None = None  # the level the preview was made from
    assessed_by: str = ""  # default: the body the plan names for the assessment
    approved_by: str = ""  # 报…批准: the approving body, its document and time
    approval_ref: str = ""
    approved_at: datetime | None = None
    filed_with: str = ""  # 报…备案
    filing_ref: str = ""
    filed_at: datetime | None = None
    province_decision: str = ""  # the province's document lowering/ending a response it started
    plan: str | None = None  # at a start: default from the event's category; later: a change of plan
    assessment_id: int | None = None  # the committee's recorded assessment (fills assessment, assessed_on/by)


def rule_notes(rule: rules.DecisionRule, plan: str, *, edition: str) -> list[str]:
    """Who does what in this change, as the plan names it."""
    notes = [f"所依预案：《{rules.plan_name(plan, edition=edition)}》"]
    if rule.assessment:
        notes.append(f"专家评估：{rule.assessment}")
    if rule.proposer:
        notes.append(f"建议：{rule.proposer}")
    notes.append(f"决定：{'或'.join(rule.deciders)}")
    if rule.approver:
        notes.append(f"批准：{rule.approver}")
    if rule.filed_with:
        notes.append(f"备案：{rule.filed_with}")
    if rule.report_to:
        notes.append(f"报告/备案：{'、'.join(rule.report_to)}")
    return notes


def procedure_steps(rule: rules.DecisionRule, req: SwitchRequest, kind: str) -> list[str]:
    """The plan's procedure for this change, step by step, as recorded (for the audit and the preview)."""
    def when(at) -> str:
        return clock.local_text(at) if at else ""

    steps = []
    if req.province_decision.strip():
        steps.append(f"省级决定：{req.decided_by}（{req.province_decision.strip()}，{when(req.decided_at)}）")
    elif req.province_directed:
        steps.append(f"省级启动或要求我市启动Ⅰ级，直接启动：{req.decided_by}（{when(req.decided_at)}）")
    else:
        if rule.assessment:
            steps.append(f"专家评估：{(req.assessed_by or '').strip() or rule.assessment}"
                         f"（{req.assessed_on or '未填写'}）：{req.assessment.strip()}")
        if rule.proposer:
            steps.append(f"提出建议：{rule.proposer}")
        steps.append(f"决定{KIND_NAMES[kind]}：{req.decided_by}（{when(req.decided_at)}）")
    if req.approved_by.strip():
        steps.append(f"报{req.approved_by}批准：{req.approval_ref.strip()}（{when(req.approved_at)}）")
    if req.filed_with.strip():
        steps.append(f"报{req.filed_with}备案：{req.filing_ref.strip()}（{when(req.filed_at)}）")
    if req.province_record.strip():
        steps.append(f"向省政府报告（备案）：{req.province_record.strip()}")
    steps.append(f"发布实施：{when(req.announced_at) or '（未填写发布时间）'}")
    return steps
