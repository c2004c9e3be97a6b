"""The generic names the plans use for member units ("市卫生健康主管部门" for 市卫生健康委), so a
search by the plan's wording finds the unit. Search only: these are not aliases (the same words
also mean county or provincial bodies elsewhere in the text), and imports never match on them.
Every name is verbatim from the plans (seed lines 400-5751). Pure data.
"""
from __future__ import annotations

from types import MappingProxyType

GENERIC_NAMES = MappingProxyType({
    # throughout both plans; "市级卫生健康主管部门" at seed lines 810, 825
    "市卫生健康委": ("市卫生健康主管部门", "市级卫生健康主管部门", "卫生健康主管部门"),
    # ari 5.4 (line 4505) and its annex (line 5690); "疾病预防控制机构" e.g. phe 4.4.3 (line 1449)
    "市疾控中心": ("市疾病预防控制机构", "疾病预防控制机构"),
    # ari 5.2 (line 4424): "市卫生健康主管部门、市公安主管部门和市级主管单位"
    "市公安局": ("市公安主管部门",),
    # phe 8.5.2 (line 2725): "市司法行政、卫生健康主管部门等"
    "市司法局": ("市司法行政",),
    # phe 8.4.1 (line 2693): "通信管理部门组织协调各通信运营企业"
    "市通信发展办公室": ("通信管理部门",),
    # phe 8.4.2 (line 2699): "公安、交通运输部门优先安排"
    "市交通运输局": ("交通运输部门",),
    # ari 8.3 (line 5402): "财政部门要及时拨付"
    "市财政局": ("财政部门",),
    # the plans: "配合商务部门开展到岸进……"
    "市商务局": ("商务部门",),
})


def generic_names(unit: str) -> tuple[str, ...]:
    return GENERIC_NAMES.get(unit, ())
