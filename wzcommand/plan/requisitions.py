"""Temporary requisitions (临时征用) during a response and their compensation (征用补偿): the plans'
words, the kinds of property and owners, the responses a requisition falls in, and amounts in 元.

Quotes are verbatim from the gazette (``shared/seeds/000_acf93dc6e7de9179.txt``): phe 6.3.1 (5)
lines 2154–2174 and 7.3 lines 2516–2524; ari 6.2.3 (9) lines 4988–5002, 6.2.4 (9) 5101–5111 and 7.3
lines 5256–5264. Pure stdlib: no Qt, no SQLAlchemy.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from .numbers import grouped

# What may be requisitioned. The plans name 房屋、交通工具、（相关）设施设备 (6.3.1 (5)) and, for the
# compensation, 物资和劳务 (7.3): buildings, vehicles, equipment, goods, services.
KINDS: dict[str, str] = {"building": "房屋", "vehicle": "交通工具", "equipment": "设施设备", "goods": "物资",
                         "service": "劳务"}
# From whom (7.3: 有关单位、企业、个人).
OWNER_KINDS: dict[str, str] = {"unit": "单位", "enterprise": "企业", "person": "个人"}

# (clause, words) per plan key, as levels_<edition>.json names the plans.
REQUISITION_QUOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "public_health": (("phe:6.3.1（5）", "临时征用有关房屋、交通工具以及设施设备。"),),
    "respiratory": (("ari:6.2.3（9）", "中高风险地区政府可在本行政区域内紧急调集人员和调用储备物资，临时征用房屋、交通工具以及"
                                     "相关设施设备。"),
                    ("ari:6.2.4（9）", "必要时可临时征用房屋、交通工具、相关设施设备等。")),
}
COMPENSATION_QUOTES: dict[str, tuple[str, str]] = {
    "public_health": ("phe:7.3", "事件应急处置结束后,各级政府应组织有关部门，对在应急处置期间紧急调集、征用的有关单位、"
                                 "企业、个人的物资和劳务进行评估并给予合理补偿。"),
    "respiratory": ("ari:7.3", "事件应急处置结束后，各级政府应组织有关部门对应急处置期间紧急调集、征用的有关单位、企业、"
                               "个人的物资和劳务进行评估并给予合理补偿。"),
}

MAX_AMOUNT_FEN = 10 ** 13  # 1000 亿元: a typing error, not a compensation


def parse_kind(text: str, names: dict[str, str], what: str) -> str:
    """A key or its Chinese name → the key; anything else is a ValueError listing the choices."""
    value = (text or "").strip()
    if value in names:
        return value
    for key, name in names.items():
        if value == name:
            return key
    raise ValueError(f"{what}应为：{'、'.join(f'{name}（{key}）' for key, name in names.items())}")


def parse_amount(text: str) -> int:
    """'12,345.6', '12345.60元', '1.5万元' → fen (integer). Negative, more than two decimals or not a
    number: ValueError with the reason."""
    raw = re.sub(r"[\s,，]", "", str(text or "")).removesuffix("元")
    scale = Decimal(1)
    if raw.endswith("万"):
        raw, scale = raw[:-1], Decimal(10000)
    try:
        value = Decimal(raw) * scale
    except InvalidOperation:
        raise ValueError(f"金额“{text}”不是数字（应为元，如 12345.60 或 1.5万）") from None
    if not value.is_finite() or value < 0:
        raise ValueError("金额不能为负数")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise ValueError("金额最多精确到分（两位小数）")
    if fen >= MAX_AMOUNT_FEN:
        raise ValueError("金额过大，请核对（单位为元）")
    return int(fen)


def yuan(fen: int | None) -> str:
    """12345600 → '123,456.00元'; None → '' (not yet assessed)."""
    if fen is None:
        return ""
    return f"{grouped(fen // 100)}.{fen % 100:02d}元"


DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿")


def _four(n: int) -> str:
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10 ** i % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + DIGITS[d] + SMALL_UNITS[i]
            zero = False
    return out


def capital_yuan(fen: int) -> str:
    """The amount in capital figures as finance writes it: 12345600 → '壹拾贰万叁仟肆佰伍拾陆元整'."""
    whole, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    text = ""
    if whole:
        groups = []
        n = whole
        while n:
            groups.append(n % 10000)
            n //= 10000
        pending_zero = False
        for i in range(len(groups) - 1, -1, -1):
            g = groups[i]
            if g == 0:
                pending_zero = bool(text)
                continue
            if text and (pending_zero or g < 1000):
                text += "零"
            text += _four(g) + BIG_UNITS[i]
            pending_zero = False
        text += "元"
    if not jiao and not cent:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if cent:
        text += DIGITS[cent] + "分"
    return text


@dataclass(frozen=True)
class Response:
    """One response, from the decision that started it to the one that ended it (None: in force)."""

    start_id: int
    started: datetime
    ended: datetime | None
    end_id: int | None = None
    plan: str = "public_health"

    def covers(self, at: datetime) -> bool:
        return self.started <= at and (self.ended is None or at < self.ended)


def responses(decisions: Iterable[tuple[int, str, datetime, str]]) -> list[Response]:
    """(id, kind, decided_at, plan) in decision order → the responses they make up, oldest first."""
    out: list[Response] = []
    current: tuple[int, datetime, str] | None = None
    for ident, kind, at, plan in decisions:
        if kind == "start":
            current = (ident, at, plan)
        elif kind == "end" and current is not None:
            out.append(Response(current[0], current[1], at, ident, current[2]))
            current = None
        elif current is not None:
            current = (current[0], current[1], plan or current[2])
    if current is not None:
        out.append(Response(current[0], current[1], None, None, current[2]))
    return out


def response_at(found: list[Response], at: datetime) -> Response | None:
    """The response in force at ``at`` (None between responses)."""
    return next((r for r in found if r.covers(at)), None)


def response_of(found: list[Response], taken_at: datetime) -> Response | None:
    """The response a requisition belongs to: the latest one started by ``taken_at`` (so one taken in
    force stays with it even when the end is later recorded with an earlier time)."""
    return next((r for r in reversed(found) if r.started <= taken_at), None)
