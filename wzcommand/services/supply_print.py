"""The 物资申请催办单: the supply requests past their time limit, by requester with the liaison's phone, each
saying who acts next (物资保障组 approves or issues, the requester confirms receipt) — printed like the tasks'
催办单 (reports/schedule_docs.chase_list, the office's letterhead, the audit chain's mark)."""
from __future__ import annotations

from datetime import datetime

from .. import clock
from ..plan import supplies as rules
from ..plan.numbers import quantity_text
from ..reports import schedule_docs as docs
from .office import office_settings
from .schedule_print import _render
from .supply_requests import ChaseGroup, chase_list

WORDS = docs.ChaseWords(
    title="物资申请催办单",
    intro=("以下物资申请已超过办理时限，请物资保障组和有关单位按“待办”所列环节抓紧办理。", rules.CLOCK_SETTING),
    closing="请于当日向{office}反馈办理情况；不能按时办理的，请说明原因及办理时间。",
    empty="目前没有超过办理时限的物资申请。",
    headers=("编号", "物资及数量", "时限", "待办"),
    widths=(1.2, 3.4, 1.6, 2.2))


def overdue_groups(db, now: datetime | None = None) -> list[ChaseGroup]:
    """The chase list cut to the requests past their time limit (requesters with none left out)."""
    now = now or clock.now()
    groups = [ChaseGroup(g.requester, g.liaison, g.phone,
                         tuple(r for r in g.requests if r.shown_status(now) == "overdue")) for g in chase_list(db, now)]
    return [g for g in groups if g.requests]


def supply_chase_pdf(db, now: datetime | None = None) -> bytes:
    now = now or clock.now()
    entries = []
    for g in overdue_groups(db, now):
        rows = []
        for r in g.requests:
            c = r.clock()
            assert c is not None  # overdue: a clock runs
            rows.append((f"第{r.id}号", f"{r.item} {quantity_text(r.approved_quantity or r.quantity, r.unit)}"
                         + (f"（{r.purpose}）" if r.purpose else ""), c.due, rules.WAITING_ON[r.status]))
        entries.append(docs.ChaseEntry(g.requester, g.liaison, g.phone, rows))
    return _render(docs.chase_list(entries, today=clock.local(now).date(), office=office_settings(db).office,
                                   words=WORDS), db)
