"""The warning procedure: the steps a warning decision must follow, from the plans' words.

phe 5.4.4: 各级卫生健康主管部门在接到疾病预防控制机构的预警建议后，组织专家咨询委员会评估，报同级政府
备案后发布预警 …… 预警发布后，应根据事件发展趋势和变化以及疾病预防控制机构建议，对原发布的预警信息及时
进行调整。事件得到有效控制，应及时解除预警。 The annex (三、四) says the same for the respiratory plan,
adds the merge rule (several situations: one warning at the highest) and what a published warning
contains (情形、级别、范围、措施). So: issuing needs the CDC's proposal, the committee's assessment and
filing with the 市政府; adjusting needs the CDC's proposal (the plans ask no new assessment or filing
for it: recorded when given); lifting needs none of them. Pure stdlib.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .warning import (
    COLOUR_NAMES,
    COLOURS,
    ILI_THRESHOLDS,
    LOCAL_QUOTE,
    PRINCIPLE_QUOTE,
    SITUATIONS_BY_ID,
    colour_rank,
    highest,
    local_warning_allowed,
)

ISSUE_QUOTE = ("phe:5.4.4", "各级卫生健康主管部门在接到疾病预防控制机构的预警建议后，组织专家咨询委员会评估，报同级政府备案后"
                            "发布预警，预警信息发布范围根据事件防控实际需要确定。")
ADJUST_QUOTE = ("phe:5.4.4", "预警发布后，应根据事件发展趋势和变化以及疾病预防控制机构建议，对原发布的预警信息及时进行调整。")
LIFT_QUOTE = ("phe:5.4.4", "事件得到有效控制，应及时解除预警。")
ANNEX_QUOTE = ("ari:附件 三", "由市疾病预防控制机构核实后向市卫生健康主管部门提出预警建议。市卫生健康主管部门组织专家咨询委员会"
                             "评估，报市政府备案后，作出预警决定，发布相应级别（颜色）的全市预警")
CONTENT_QUOTE = ("ari:附件 四", "内容包括预警的情形、预警级别、预警范围、预警措施等，可以文字、预警地图等形式展示。")
QUOTES = {"issue": ISSUE_QUOTE, "adjust": ADJUST_QUOTE, "lift": LIFT_QUOTE}
PROPOSER = "市疾病预防控制机构"
DECIDER = "市卫生健康主管部门"
FILED_WITH = "市政府"
STEP_NAMES = {"proposal": "疾病预防控制机构预警建议", "assessment": "专家咨询委员会评估", "filing": "报市政府备案",
              "decision": "作出预警决定", "publication": "发布"}
ILI_IDS = {t.id: t for t in ILI_THRESHOLDS}


class ProcedureError(ValueError):
    """A step the plan requires is missing; the message quotes the clause."""


@dataclass(frozen=True)
class Steps:
    """What was recorded of a warning decision's procedure."""

    proposal: bool
    assessment: bool
    filing: bool


def required(action: str) -> tuple[str, ...]:
    return {"issue": ("proposal", "assessment", "filing"), "adjust": ("proposal",), "lift": ()}[action]


def check(action: str, steps: Steps) -> None:
    missing = [STEP_NAMES[s] for s in required(action) if not getattr(steps, s)]
    if missing:
        source, quote = QUOTES[action]
        raise ProcedureError(f"{'发布' if action == 'issue' else '调整'}预警须先有：{'、'.join(missing)}"
                             f"（{source.split(':')[1]}：“{quote}”）")


def situation_colour(situation: str) -> str:
    if situation in SITUATIONS_BY_ID:
        return SITUATIONS_BY_ID[situation].colour
    if situation in ILI_IDS:
        return ILI_IDS[situation].level
    raise ProcedureError(f"未知的预警情形编号：{situation}")


def situation_text(situation: str) -> str:
    item = SITUATIONS_BY_ID.get(situation)
    return item.text if item else ILI_IDS[situation].text


def merged_colour(colour: str, situations: Iterable[str], *, edition: str) -> None:
    """Several situations: one warning at the highest colour (annex 三); the colour chosen must be it."""
    situations = list(situations)
    if not situations:
        return
    top = highest((situation_colour(s) for s in situations), edition=edition)
    if colour_rank(colour) != colour_rank(top):
        source, quote = PRINCIPLE_QUOTE
        raise ProcedureError(f"所列情形中最高为{COLOUR_NAMES[top]}，合并发布的预警应为{COLOUR_NAMES[top]}"
                             f"（{source.split(':')[1]}：“{quote}”）")


def trigger_sites(city_colour: str, sites: Iterable[tuple[str, str]], *, edition: str) -> tuple[tuple[str, str], ...]:
    """预警触发地（市、县） warned with the city's warning (annex 三 "并可同时对预警触发地（市、县）发布预警"):
    each a 县（市、区） once, at a colour not below the city's ("预警触发地的预警级别须不低于全市预警级别")."""
    from .counties import parse_county

    found: dict[str, str] = {}
    for county, colour in sites:
        try:
            name = parse_county(county)
        except ValueError as exc:
            raise ProcedureError(str(exc)) from None
        if colour not in COLOURS:
            raise ProcedureError(f"预警触发地{name}的预警级别应为：{'、'.join(COLOUR_NAMES[c] for c in COLOURS)}")
        if name in found:
            raise ProcedureError(f"预警触发地{name}重复列出")
        if not local_warning_allowed(city_colour, colour, edition=edition):
            source, quote = LOCAL_QUOTE
            raise ProcedureError(f"预警触发地{name}的{COLOUR_NAMES[colour]}低于全市{COLOUR_NAMES[city_colour]}"
                                 f"（{source.split(':')[1]}：“{quote}”）")
        found[name] = colour
    return tuple(found.items())


def sites_in_force(decisions: Iterable[tuple[int, str, Iterable[tuple[str, str]]]]) -> dict[str, tuple[str, int]]:
    """The 预警触发地 warned now, from the city's decisions oldest first, each (its id, the city's colour, the sites
    it named): {county: (colour, id of the decision that set it)}.  A site stays warned until the city's warning is
    lifted or a later decision names the county again: the city adjusting its own colour does not lift it, so an
    older site may then be below the city's colour (annex 三 "须不低于", shown by :func:`site_below_city`)."""
    found: dict[str, tuple[str, int]] = {}
    for ident, colour, sites in decisions:
        if colour == "none":
            found.clear()
        for county, site_colour in sites:
            found[county] = (site_colour, ident)
    return found


def site_below_city(city_colour: str, site_colour: str, *, edition: str) -> bool:
    """预警触发地的预警级别须不低于全市预警级别: True when a site in force breaks it."""
    return city_colour != "none" and not local_warning_allowed(city_colour, site_colour, edition=edition)
