"""A warning decision with the procedure the plan requires (for tests that are not about the procedure):
the CDC's proposal, the committee's assessment and filing with the 市政府 (phe 5.4.4)."""
from __future__ import annotations

from wzcommand.services.warnings import Procedure

STEPS = Procedure(proposal="市疾控中心预警建议（温疾控〔2026〕1号）", assessment="专家咨询委员会评估：建议按监测结果发布预警",
                  filed_with="市政府", filing_ref="温卫备〔2026〕1号")
