"""Control measures (管控措施) the plans name, their legal basis and the approvals each one needs.

phe 6.3.1 (4)(5)(7) gives the measures every level of government may take and their conditions:
疫区 are 划定并宣布 by a 县级以上政府 and 封锁 is carried out by 公安、交通运输等部门 (so a 疫区封锁 rests on
the government that declared the 疫区); "采取影响其他行政区域人流、物流、商流的措施……必要时请示上一级政府同意";
"中断交通干道的，应经省政府批准". The respiratory plan (ari 6.2.1–6.2.4 (4)) names its measures by level
and, at Ⅱ, by risk area (高/中/低风险地区); 县域 and 全市区域封锁 need the 省领导小组's approval.

An approval the plan requires is a condition: a measure needing one is pending until it is recorded
(who, reference, time). ``必要时`` (when necessary) is read as required: the office records the
approval or, where it judged none necessary, does not mark the measure as affecting other divisions.
Texts verbatim from the gazette (``shared/seeds/000_acf93dc6e7de9179.txt``: phe 6.3.1 lines 2130–2216,
ari 6.2.1–6.2.4 lines 4655–5080). Pure stdlib.
"""
from __future__ import annotations

from dataclasses import dataclass

from .counties import COUNTY_NAMES, parse_county

# ---------------------------------------------------------------------------- the plans' words

_PHE_4 = "phe:6.3.1(4)"
_PHE_5 = "phe:6.3.1(5)"
DECLARE_QUOTE = (_PHE_4, "发生甲、乙类传染病暴发、流行，县级以上政府根据《中华人民共和国传染病防治法》的规定划定并宣布"
                         "疫区范围，由公安、交通运输等部门实施疫区封锁措施")
CONTROL_ZONE_QUOTE = (_PHE_4, "发生群体性不明原因疾病或我国尚未发现的新发传染病时，应快速通过大数据技术确定患者活动轨迹及其接触"
                              "范围，评估事件影响后划定控制区域；发生重大职业中毒事故时，根据危害因素波及的范围划定控制区域；"
                              "发生水灾、地震、泥石流、山体滑坡等重大自然灾害且可能引起事件时，根据自然灾害波及的范围划定控制区域。")
RESTRICT_QUOTE = (_PHE_5, "事件发生地县级以上政府应开展区域风险评估，动态编制风险等级地图，根据评估结果在本行政区域采取和调整"
                          "限制措施，包括停止集市、集会等人群聚集活动，停工停业停课和指导复工复产复学等")
SEAL_QUOTE = (_PHE_5, "根据事件处置需要，采取封闭或封存被传染病病原体或化学毒物污染的公共饮用水水源、食品以及相关物品等紧急措施")
FLOWS_QUOTE = (_PHE_5, "采取影响其他行政区域人流、物流、商流的措施，应依法实施并明确实施主体和相应工作权限，"
                       "必要时请示上一级政府同意。")
TRUNK_QUOTE = (_PHE_5, "中断交通干道的，应经省政府批准。")
QUARANTINE_QUOTE = ("phe:6.3.1(7)", "组织铁路、交通、民航、海关等部门在交通站点、干线公路和口岸设置临时交通卫生检疫站，或利用"
                                    "现有的卫生检疫场所对出入境、进出疫区和运行中的交通工具及其乘运人员和物资、病媒生物进行检疫"
                                    "查验，严防疫情跨区域传播。")
ARI_DECLARE_QUOTE = ("ari:6.2.2(4)", "必要时，各级政府根据《中华人民共和国传染病防治法》等有关法律规定，划定并宣布疫区范围，"
                                     "实施封锁措施。")
ARI_STOP_WORK_QUOTE = ("ari:6.2.1(4)", "根据疫情防控需要，可对涉及疫情的企事业单位、公共场所、学校等采取停工停业停学措施")
COMMUNITY_QUOTE = ("ari:6.2.1(4)", "可对发生疫情的社区采取限制人员聚集性活动、封闭式管理等措施")
TRADE_QUOTE = ("ari:6.2.1(4)", "可对禽类、野生动物、冷冻水产品等交易进行必要的限制，在疫情涉及的市场等场所禁止交易。")
CROWD_LIMIT_QUOTE = ("ari:6.2.2(4)", "重点落实好企业、生产经营单位、公共场所防控措施，对公共场所实施必要的限流限客措施。")
HIGH_RISK_QUOTE = ("ari:6.2.3(4)", "高风险地区可采取除保障疫情防控、群众生活必需物资生产供应外的全面停工停业停学措施，关闭"
                                   "公共场所，停止集市、集会等人群聚集活动；严格限制人员流动、物流、商流，实施严格交通运输管制，"
                                   "可采取除保障疫情防控、群众生活必需物资和人员运输外（开通绿色通道），全面或局部区域内停止"
                                   "客运、市区交通和物流运输，实施市际交界口岸、交通卡点管控。")
MEDIUM_RISK_QUOTE = ("ari:6.2.3(4)", "中风险地区建立全市统一的企业、生产经营单位开工和公共场所开放开业负面清单，并及时调整，对"
                                     "列入负面清单的单位和场所采取停工停业措施")
LOW_RISK_QUOTE = ("ari:6.2.3(4)", "低风险地区在落实好防控措施的前提下可开工开业开学；停止集市、集会等人群聚集活动。")
COMMUNITY_RISK_QUOTE = ("ari:6.2.3(4)", "强化社区管控措施，高风险地区禁止非居住人员进入、限制居住人员进出，中风险地区禁止非居住"
                                        "人员进入，低风险地区人员进入须测温亮码。")
ARI_FLOWS_QUOTE = ("ari:6.2.3(4)", "对人员流动、物流、商流采取必要的限制措施，实施市际交界口岸、交通卡点管控。")
COUNTY_LOCKDOWN_QUOTE = ("ari:6.2.3(4)", "划定控制区域，根据疫情防控需要和《中华人民共和国传染病防治法》等有关法律规定，报省领导"
                                         "小组批准，市应急指挥部可决定是否实行县域或多个县域封锁。")
CITY_LOCKDOWN_QUOTE = ("ari:6.2.4(4)", "划定控制区域，根据疫情防控需要和《中华人民共和国传染病防治法》等有关法律规定，报省领导"
                                       "小组批准，市应急指挥部可决定是否实行全市区域封锁。")
CLOSE_PLACES_QUOTE = ("ari:6.2.4(4)", "市应急指挥部根据风险评估结果，可在全市范围内采取全面停工停业停学、关闭公共场所、停止人群"
                                      "聚集活动等措施；在全市或局部区域内采取严格交通运输管制措施。")

# ---------------------------------------------------------------------------- approvals

PROVINCE = "province"  # 省政府批准 (中断交通干道)
UPPER = "upper"  # 上一级政府同意 (measures affecting other divisions' flows)
DECLARING = "declaring"  # the 县级以上政府 that declared the 疫区 (疫区封锁)
PROVINCE_GROUP = "province_group"  # 省领导小组批准 (ari 县域/全市区域封锁)


@dataclass(frozen=True)
class Need:
    key: str
    name: str  # what the register shows as needed, e.g. 省政府批准
    source: str
    quote: str


NEEDS: dict[str, Need] = {
    PROVINCE: Need(PROVINCE, "省政府批准", *TRUNK_QUOTE),
    UPPER: Need(UPPER, "上一级政府同意", *FLOWS_QUOTE),
    DECLARING: Need(DECLARING, "宣布疫区的县级以上政府决定", *DECLARE_QUOTE),
    PROVINCE_GROUP: Need(PROVINCE_GROUP, "省领导小组批准", *COUNTY_LOCKDOWN_QUOTE),
}

GOVERNMENT = "government"  # the deciding body must be a 县级以上政府


@dataclass(frozen=True)
class MeasureKind:
    name: str  # the plan's words, also the command line's KIND
    basis: tuple[tuple[str, str], ...]  # (clause, verbatim text) — the first is the main basis
    needs: tuple[str, ...] = ()
    decider: str = ""  # GOVERNMENT: only a 县级以上政府 may decide it
    aliases: tuple[str, ...] = ()
    lifting: str = "解除"  # what lifting it is called
    crosses: bool = False  # it affects other divisions' flows by its nature (UPPER is among its needs)

    @property
    def source(self) -> str:
        return self.basis[0][0]


_KINDS_2021: tuple[MeasureKind, ...] = (
    MeasureKind("划定疫区", (DECLARE_QUOTE, ARI_DECLARE_QUOTE), decider=GOVERNMENT, aliases=("宣布疫区",)),
    MeasureKind("疫区封锁", (DECLARE_QUOTE, ARI_DECLARE_QUOTE), needs=(DECLARING,), aliases=("封锁疫区",)),
    MeasureKind("划定控制区域", (CONTROL_ZONE_QUOTE,), decider=GOVERNMENT, aliases=("控制区域",)),
    MeasureKind("县域封锁", (COUNTY_LOCKDOWN_QUOTE,), needs=(PROVINCE_GROUP,), aliases=("多个县域封锁",)),
    MeasureKind("全市区域封锁", (CITY_LOCKDOWN_QUOTE,), needs=(PROVINCE_GROUP,), aliases=("全市封锁",)),
    MeasureKind("停止人群聚集活动", (RESTRICT_QUOTE,), aliases=("停止集市集会", "停止集市、集会等人群聚集活动")),
    MeasureKind("停工停业停课", (RESTRICT_QUOTE, ARI_STOP_WORK_QUOTE), aliases=("停工停业停学",),
                lifting="指导复工复产复学"),
    MeasureKind("封闭封存污染的饮用水源和食品", (SEAL_QUOTE,), aliases=("封闭水源", "封存食品", "封闭封存饮用水源食品")),
    MeasureKind("限制跨区域人流物流商流", (FLOWS_QUOTE, ARI_FLOWS_QUOTE), needs=(UPPER,), crosses=True,
                aliases=("限制人流物流商流",)),
    MeasureKind("交通运输管制", (HIGH_RISK_QUOTE, CLOSE_PLACES_QUOTE), needs=(UPPER,), crosses=True,
                aliases=("严格交通运输管制",)),
    MeasureKind("中断交通干道", (TRUNK_QUOTE,), needs=(PROVINCE,)),
    MeasureKind("交通卫生检疫", (QUARANTINE_QUOTE,), aliases=("设置临时交通卫生检疫站",)),
    MeasureKind("社区封闭式管理", (COMMUNITY_QUOTE, COMMUNITY_RISK_QUOTE), aliases=("封闭式管理",)),
    MeasureKind("公共场所限流限客", (CROWD_LIMIT_QUOTE,), aliases=("限流限客",)),
    MeasureKind("关闭公共场所", (CLOSE_PLACES_QUOTE, HIGH_RISK_QUOTE)),
    MeasureKind("限制或禁止交易", (TRADE_QUOTE,), aliases=("禁止交易", "限制交易")),
    MeasureKind("高风险地区管控", (HIGH_RISK_QUOTE, COMMUNITY_RISK_QUOTE), aliases=("高风险地区",)),
    MeasureKind("中风险地区管控", (MEDIUM_RISK_QUOTE, COMMUNITY_RISK_QUOTE), aliases=("中风险地区",)),
    MeasureKind("低风险地区管控", (LOW_RISK_QUOTE, COMMUNITY_RISK_QUOTE), aliases=("低风险地区",)),
)
_BOOKS: dict[str, tuple[MeasureKind, ...]] = {"2021": _KINDS_2021}


# ari 6.2.1–6.2.4 are the measures of Ⅳ, Ⅲ, Ⅱ and Ⅰ (each 在…基础上 the one below).
_ARI_LEVELS = {"6.2.1": "Ⅳ级", "6.2.2": "Ⅲ级", "6.2.3": "Ⅱ级", "6.2.4": "Ⅰ级"}


def clause_level(source: str) -> str:
    """'ari:6.2.3(4)' → 'Ⅱ级' (the response level whose measures the clause lists); '' for other clauses."""
    plan, _, clause = source.partition(":")
    return _ARI_LEVELS.get(clause.split("(")[0], "") if plan == "ari" else ""


def kinds(edition: str) -> tuple[MeasureKind, ...]:
    """The measure kinds of a plan edition, in the order the plans give them."""
    try:
        return _BOOKS[edition]
    except KeyError:
        raise ValueError(f"no control-measure data for edition {edition!r}") from None


def kind_names(edition: str) -> tuple[str, ...]:
    return tuple(k.name for k in kinds(edition))


def parse_kind(text: str, edition: str) -> MeasureKind:
    """A kind by its name or one of its aliases; ValueError listing every kind otherwise."""
    value = (text or "").strip()
    for kind in kinds(edition):
        if value == kind.name or value in kind.aliases:
            return kind
    raise ValueError(f"未知的措施类别“{value}”（可选：{'、'.join(kind_names(edition))}）")


# ---------------------------------------------------------------------------- bodies and areas

CITY = "全市"
_STATE = ("国务院",)
_PROVINCE_GOV = ("省政府", "省人民政府", "浙江省政府", "浙江省人民政府")
_CITY_GOV = ("市政府", "市人民政府", "温州市政府", "温州市人民政府")
_PROVINCE_GROUP_WORDS = ("省领导小组",)


def _compact(text: str) -> str:
    return "".join((text or "").split())


def government_level(body: str) -> str | None:
    """'state' | 'province' | 'city' | 'county' when ``body`` names a 县级以上政府, else None
    (a department, a 指挥部, a 乡镇 or 街道 is not a government in this sense)."""
    value = _compact(body)
    if value in _STATE:
        return "state"
    if value in _PROVINCE_GOV:
        return "province"
    if value in _CITY_GOV:
        return "city"
    for suffix in ("人民政府", "政府"):
        if value.endswith(suffix) and value != suffix:
            try:
                parse_county(value.removeprefix("温州市")[: -len(suffix)])
            except ValueError:
                continue
            return "county"
    return None


def division_of(body: str) -> str | None:
    """The level of the division a body belongs to: 'county' (鹿城区卫生健康局, 鹿城区政府), 'city' (市政府,
    市应急指挥部, 市卫生健康委), 'province'; None when the text does not say."""
    value = _compact(body).removeprefix("温州")
    level = government_level(value)
    if level is not None:
        return level
    for name in COUNTY_NAMES:
        if value.startswith(name) or value.startswith(name[:-1]):
            return "county"
    if value.startswith("市"):
        return "city"
    if value.startswith("省") or value.startswith("浙江省"):
        return "province"
    return None


_UPPER = {"county": ("city", "温州市政府"), "city": ("province", "浙江省政府"),
          "province": ("state", "国务院")}


def upper_government(decider: str) -> str:
    """Who the 上一级政府 of the deciding body is, in words (市政府 for a county's body, 省政府 for the city's)."""
    level = division_of(decider)
    return _UPPER[level][1] if level in _UPPER else "决定机关的上一级政府"


def fits(need: str, approver: str, decider: str) -> bool:
    """Whether ``approver`` is the body the plan names for ``need`` on a measure decided by ``decider``."""
    level = government_level(approver)
    if need == PROVINCE:
        return level == "province"
    if need == DECLARING:
        return level is not None
    if need == PROVINCE_GROUP:
        return any(w in _compact(approver) for w in _PROVINCE_GROUP_WORDS)
    if need == UPPER:
        mine = division_of(decider)
        if mine in _UPPER:
            return level == _UPPER[mine][0]
        return level in ("city", "province", "state")
    raise ValueError(f"unknown approval {need!r}")


def who_for(need: str, decider: str) -> str:
    """The approving body in words: 浙江省政府, 宣布疫区的县级以上政府, 省领导小组, or the decider's 上一级政府."""
    return {PROVINCE: "浙江省政府", DECLARING: "宣布疫区的县级以上政府", PROVINCE_GROUP: "省领导小组",
            UPPER: upper_government(decider)}[need]


def need_text(need: str, decider: str) -> str:
    """What a measure still needs, as the register says it: 省政府批准, 上一级政府同意（温州市政府）."""
    return f"{NEEDS[need].name}（{who_for(need, decider)}）" if need == UPPER else NEEDS[need].name


def needs_of(kind: MeasureKind, decider: str, affects_others: bool) -> tuple[str, ...]:
    """The approvals a measure needs: its kind's, 上一级政府同意 when it affects other divisions' flows,
    and none for 疫区封锁 decided by a 县级以上政府 itself (that government's decision is the condition)."""
    needs = list(kind.needs)
    if affects_others and UPPER not in needs:
        needs.append(UPPER)
    if DECLARING in needs and government_level(decider) is not None:
        needs.remove(DECLARING)
    return tuple(needs)


def decider_problem(kind: MeasureKind, decider: str) -> str | None:
    """Why ``decider`` may not decide a measure of ``kind`` (quoting the clause), or None."""
    if kind.decider == GOVERNMENT and government_level(decider) is None:
        source, quote = kind.basis[0]
        return (f"{kind.name}须由县级以上政府决定（如 市政府、鹿城区政府）；“{decider.strip()}”不是县级以上政府"
                f"（{source.split(':')[1]}：“{quote}”）")
    return None


def approval_problem(needs: tuple[str, ...], approver: str, decider: str) -> str | None:
    """Why ``approver`` meets none of the open ``needs``, or None."""
    if any(fits(n, approver, decider) for n in needs):
        return None
    wanted = "；".join(need_text(n, decider) for n in needs)
    return f"“{approver.strip()}”不是本措施所需的批准机关。尚需：{wanted}"


def parse_area(text: str) -> tuple[str, str]:
    """(division, place): '鹿城区五马街道' → ('鹿城区', '五马街道'); '全市' → ('全市', ''); several
    divisions '鹿城区、龙湾区' → ('鹿城区、龙湾区', ''). ValueError naming the divisions otherwise."""
    value = (text or "").strip()
    compact = _compact(value).removeprefix("温州市").removeprefix("温州")
    if compact in (CITY, "全市范围", "全市域", "市域"):
        return CITY, ""
    if compact.startswith(CITY):
        return CITY, compact.removeprefix(CITY).lstrip("，,、 ")
    parts = [p for p in compact.replace("，", "、").replace(",", "、").split("、") if p]
    names: list[str] = []
    for part in parts:
        try:
            names.append(parse_county(part))
            continue
        except ValueError:
            pass
        if len(parts) == 1:
            for name in COUNTY_NAMES:
                for prefix in (name, name[:-1]):
                    if part.startswith(prefix) and len(part) > len(prefix):
                        return name, value[value.find(prefix) + len(prefix):].strip(" ，,、")
        names = []
        break
    if names:
        return "、".join(dict.fromkeys(names)), ""
    raise ValueError(f"请以县（市、区）开头写明区域，如“鹿城区五马街道”，或写“全市”（县（市、区）：{'、'.join(COUNTY_NAMES)}）")


def area_text(division: str, place: str) -> str:
    return f"{division}{place}" if division != CITY or not place else f"{CITY}（{place}）"
