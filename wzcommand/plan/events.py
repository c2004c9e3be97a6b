"""Event kinds, grades and places as the plans name them; the 12 divisions come from the plan data."""
from __future__ import annotations

from .warning import DISEASES

# Kinds of event the two plans cover (public-health plan 1.3 and 3.x; respiratory plan 1.3).
CATEGORIES: dict[str, str] = {
    "infectious": "传染病疫情",
    "unexplained": "群体性不明原因疾病",
    "food": "食物中毒",
    "occupational": "职业中毒",
    "vaccination": "预防接种或群体预防性服药群体不良反应",
    "respiratory": "突发急性呼吸道传染病疫情",
    "nosocomial": "医源性感染事件",
    "other": "其他严重影响公众健康的事件",
}
RESPIRATORY_DISEASES: tuple[str, ...] = DISEASES

GRADES: tuple[str, ...] = ("一般", "较大", "重大", "特别重大")  # low -> high

# 发生场所, as on the national public-health event report card.
PLACE_KINDS: tuple[str, ...] = (
    "学校", "托幼机构", "医疗机构", "养老机构", "工地", "企业", "餐饮单位", "农贸市场",
    "宾馆饭店", "交通工具", "机关事业单位", "社区（村）", "家庭", "公共场所", "其他",
)

# Counts kept over time; ill and dead always apply, the rest where they apply.
COUNT_FIELDS: dict[str, str] = {
    "ill": "发病",
    "dead": "死亡",
    "severe": "重症",
    "hospitalised": "住院",
    "close_contacts": "密切接触者",
    "observed": "医学观察",
}


def grade_rank(grade: str | None) -> int:
    """0 for ungraded; 1..4 from 一般 to 特别重大."""
    return GRADES.index(grade) + 1 if grade in GRADES else 0


def category_key(value: str) -> str | None:
    """A category from its key or its Chinese name."""
    if value in CATEGORIES:
        return value
    return next((k for k, v in CATEGORIES.items() if v == value), None)
