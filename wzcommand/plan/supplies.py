"""Supplies (物资保障): what the plan gives the 物资保障组 to do, the stock rules and the clocks of a
request. Texts verbatim from the public-health plan (4.2.2 (5), 8.3.2); pure stdlib.

The plan names the group and its duties but no stock rule and no time limit. What the program adds
is said as its own choice wherever it is shown:
- a movement never leaves a negative quantity at a site (per item and batch);
- issues take the batch that expires first (expired batches are never issued);
- the issue rate is the average daily quantity issued over the last ``RATE_DAYS`` days (issues
  only: transfers between sites and receipts do not count), and days of cover = stock / rate;
- a request is approved within ``APPROVE_WITHIN``, issued by the day it is needed, and its
  receipt confirmed within ``RECEIVE_WITHIN`` of the issue.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .deadlines import Clock
from .numbers import grouped, quantity_text

GROUP_QUOTE = ("phe:4.2.2(5)", "全面掌握疫情防控物资和生产生活物资供需情况，协调各类物资生产、采购、捐赠、"
               "储备、调配与进口事宜")
RESERVE_QUOTE = ("phe:8.3.2", "按照集中管理、统一调拨、平时服务、灾时应急、智能管理、节约高效的原则，"
                 "建立健全应急物资保障指挥调度、日常储备、应急生产、物流配送等机制，提高战时紧急扩容和自主保障能力。")

# Suggestions offered when the office adds an item (name, unit of measure); the list is the office's.
COMMON_ITEMS: tuple[tuple[str, str], ...] = (
    ("医用外科口罩", "只"), ("医用防护口罩（N95）", "只"), ("医用防护服", "套"), ("隔离衣", "件"),
    ("护目镜", "副"), ("医用手套", "副"), ("核酸检测试剂", "人份"), ("抗原检测试剂", "人份"),
    ("采样管", "支"), ("含氯消毒剂", "千克"), ("酒精（75%）", "升"), ("病床", "张"), ("负压救护车", "辆"),
)

KINDS = {"receive": "入库", "issue": "发放", "transfer": "调拨", "adjust": "盘点调整"}

RATE_DAYS = 7
RATE_TEXT = f"本程序设定：发放速率为近{RATE_DAYS}日（含今日）发放总量÷{RATE_DAYS}；可用天数=现有未过期库存÷发放速率。"
EXPIRY_WARN_DAYS = 30  # a batch expiring within this many days is flagged (the program's choice)

STATUSES = {"requested": "待审批", "approved": "已批准", "issued": "已发放", "received": "已签收",
            "rejected": "未批准", "overdue": "逾期"}
NEXT = {"requested": ("approved", "rejected"), "approved": ("issued",), "issued": ("received",),
        "received": (), "rejected": ()}
APPROVE_WITHIN = timedelta(hours=4)
RECEIVE_WITHIN = timedelta(hours=24)
CLOCK_SETTING = ("本程序设定（预案未规定时限）：申请后4小时内审批，需用时间前发放，发放后24小时内签收确认。")
CLOCK_KINDS = {"requested": "supply_approve", "approved": "supply_issue", "issued": "supply_receive"}
WAITING_ON = {"requested": "物资保障组审批", "approved": "物资保障组发放", "issued": "申请单位签收确认"}


@dataclass(frozen=True)
class Batch:
    """Stock of one item at one site from one batch: what FEFO allocation sees."""

    batch: str
    expires_on: date | None
    quantity: int


def allocate(batches: list[Batch], quantity: int, today: date, unit: str = "") -> list[tuple[Batch, int]] | str:
    """Take `quantity` from the batches, the one expiring first first (no expiry last); expired
    batches are never taken. Returns [(batch, taken)], or a Chinese reason it cannot."""
    usable = sorted((b for b in batches if b.quantity > 0 and not expired(b.expires_on, today)),
                    key=lambda b: (b.expires_on is None, b.expires_on or date.max, b.batch))
    available = sum(b.quantity for b in usable)
    if quantity > available:
        stale = sum(b.quantity for b in batches if b.quantity > 0 and expired(b.expires_on, today))
        extra = f"（另有{quantity_text(stale, unit)}已过期，不能发放）" if stale else ""
        return f"现有可用库存{quantity_text(available, unit)}{extra}，不足{quantity_text(quantity, unit)}，结存不能为负数"
    taken, left = [], quantity
    for b in usable:
        if left == 0:
            break
        part = min(left, b.quantity)
        taken.append((b, part))
        left -= part
    return taken


def expired(expires_on: date | None, today: date) -> bool:
    return expires_on is not None and expires_on < today


def expiring_soon(expires_on: date | None, today: date) -> bool:
    return expires_on is not None and today <= expires_on <= today + timedelta(days=EXPIRY_WARN_DAYS)


def daily_rate(issued: int) -> float:
    """Average daily issues over the rate window."""
    return issued / RATE_DAYS


def days_of_cover(stock: int, issued: int) -> float | None:
    """How many days the stock lasts at the current rate; None when nothing was issued."""
    rate = daily_rate(issued)
    return stock / rate if rate > 0 else None


def cover_text(stock: int, issued: int) -> str:
    days = days_of_cover(stock, issued)
    if days is None:
        return f"—（近{RATE_DAYS}日无发放）"
    return f"{grouped(days, 1)}天"


@dataclass(frozen=True)
class RequestTimes:
    status: str  # requested|approved|issued|received|rejected
    requested_at: datetime
    needed_by: datetime
    approved_at: datetime | None = None
    issued_at: datetime | None = None
    received_at: datetime | None = None


def request_clocks(r: RequestTimes) -> list[Clock]:
    """One clock per step of a request: approve, issue, confirm receipt (the program's time limits)."""
    clocks = [Clock("supply_approve", r.requested_at + APPROVE_WITHIN, done=r.approved_at, setting=CLOCK_SETTING)]
    if r.status == "rejected":
        return clocks
    clocks.append(Clock("supply_issue", r.needed_by, done=r.issued_at, setting=CLOCK_SETTING))
    if r.issued_at is not None:
        clocks.append(Clock("supply_receive", r.issued_at + RECEIVE_WITHIN, done=r.received_at,
                            setting=CLOCK_SETTING))
    return clocks


def current_clock(r: RequestTimes) -> Clock | None:
    """The clock of the step the request waits for (None once received or rejected)."""
    kind = CLOCK_KINDS.get(r.status)
    return next((c for c in request_clocks(r) if c.kind == kind), None)


def display_status(r: RequestTimes, now: datetime) -> str:
    clock = current_clock(r)
    return "overdue" if clock is not None and clock.overdue(now) else r.status
