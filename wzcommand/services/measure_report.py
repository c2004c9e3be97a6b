"""What the event reports say about control measures, from the register (:mod:`.measures`).

进程报告: measures taken, approved and lifted since the previous report, those still awaiting an approval,
and how many are in force — the progress report is also the daily report from Ⅱ on (phe 6.2.3 启动每日工作日报告
机制; a progress report is due at least daily for 重大/特别重大), so it carries the register's state.
结案报告: every measure of the event under 所采取措施 (phe 7.1 evaluates 所采取措施的效果; the evaluation
itself stays the office's). A measure belongs to an event when it is linked to it, or when it is linked to
none and was in force during the event.
"""
from __future__ import annotations

from datetime import datetime

from ..plan import measures as rules
from ..reports.event_reports import Section, cn_datetime
from ..storage.models import Event
from ..storage.seeding import plan_edition
from .measures import Approval, MeasureRecord, measures_in

HEADING = "所采取措施"
NONE_TAKEN = "事件处置期间未登记管控措施。"


def _of_event(rows: list[MeasureRecord], event: Event, until: datetime) -> list[MeasureRecord]:
    start = event.occurred_at
    return [m for m in rows if m.event_id == event.id or (
        m.event_id is None and m.started_at <= until and (m.lifted_at is None or m.lifted_at >= start))]


def _lifting(m: MeasureRecord, edition: str) -> str:
    """What follows lifting in the plan's words: 停工停业停课 → "，指导复工复产复学"; else nothing."""
    try:
        word = rules.parse_kind(m.kind, edition).lifting
    except ValueError:
        return ""
    return f"，{word}" if word != "解除" else ""


def _decided(m: MeasureRecord) -> str:
    """市应急指挥部决定在鹿城区五马街道实施中断交通干道（温应指〔2026〕5号）"""
    return f"{m.decided_by}决定在{m.area}实施{m.kind}（{m.basis.strip().rstrip('。')}）"


def _given(m: MeasureRecord, until: datetime | None = None) -> list[Approval]:
    """The approvals as given: one document meeting two needs (省政府 for a city measure) is said once."""
    out: dict[tuple, Approval] = {}
    for a in m.approvals:
        if until is None or a.approved_at <= until:
            out.setdefault((a.approved_by, a.ref, a.approved_at), a)
    return list(out.values())


def _approvals(m: MeasureRecord, until: datetime | None = None) -> str:
    return "，".join(f"{cn_datetime(a.approved_at)}经{a.approved_by}批准（{a.ref}）" for a in _given(m, until))


def _beyond(m: MeasureRecord) -> str:
    """What the register says of a measure the plan does not list at the level then in force, and why it was
    decided all the same ('' for the others)."""
    return f"{m.level_note}，决定理由：{m.level_reason or '未登记'}" if m.level_note else ""


def _pending(m: MeasureRecord) -> str:
    return f"{m.kind}（{m.area}），尚需{m.needs_text()}"


def progress_lines(session, event: Event, since: datetime, now: datetime) -> list[str]:
    """The lines the 进程报告's 处置进展及防控措施 gains from the register (none when nothing concerns it)."""
    rows = _of_event(measures_in(session), event, now)
    edition = plan_edition(session)
    out: list[str] = []
    for m in rows:
        if since < m.started_at <= now:
            line = f"{cn_datetime(m.started_at)}，{_decided(m)}"
            if m.needs and not m.open_needs:
                line += f"，{_approvals(m, now)}"
            elif m.open_needs:
                line += f"，须{m.needs_text()}，尚待批准"
            out.append(line + (f"；{_beyond(m)}" if m.level_note else "") + "。")
        elif m.started_at <= since:
            for a in _given(m, now):
                if since < a.approved_at:
                    out.append(f"{cn_datetime(a.approved_at)}，{a.approved_by}批准{m.area}{m.kind}措施（{a.ref}）。")
        if m.lifted_at is not None and since < m.lifted_at <= now:
            by = f"{m.lifted_by}决定" if m.lifted_by else ""
            if m.withdrawn:
                out.append(f"{cn_datetime(m.lifted_at)}，{by}撤销{m.area}{m.kind}措施（未取得{m.needs_text()}）。")
            else:
                out.append(f"{cn_datetime(m.lifted_at)}，{by}解除{m.area}{m.kind}措施{_lifting(m, edition)}。")
    in_force = [m for m in rows if m.status == "in_force"]
    pending = [m for m in rows if m.status == "pending_approval"]
    if in_force:
        out.append(f"目前实施中的管控措施{len(in_force)}项：" + "；".join(f"{m.kind}（{m.area}）" for m in in_force) + "。")
    if pending:
        out.append(f"尚待批准的管控措施{len(pending)}项：" + "；".join(_pending(m) for m in pending) + "。")
    return out


def _course(m: MeasureRecord, edition: str) -> list[str]:
    """Decision, approvals, coming into force, lifting — as the closing report tells each measure."""
    basis = m.basis.strip().rstrip("。")
    if not m.needs:
        parts = [f"{m.decided_by}决定（{basis}），{cn_datetime(m.started_at)}起实施"]
    else:
        parts = [f"{m.decided_by}于{cn_datetime(m.started_at)}决定（{basis}）"]
        if m.approvals:
            parts.append(_approvals(m) + ("" if m.open_needs else "后实施"))
        if m.open_needs:
            parts.append(f"未取得{m.needs_text()}")
    if m.level_note:
        parts.insert(1, _beyond(m))
    if m.lifted_at is not None:
        parts.append(f"{cn_datetime(m.lifted_at)}撤销" if m.withdrawn
                     else f"{cn_datetime(m.lifted_at)}解除{_lifting(m, edition)}")
    elif not m.open_needs:
        parts.append("尚未解除")
    return parts


def closing_section(session, event: Event, until: datetime) -> Section:
    """结案报告's 所采取措施: each measure of the event with its decision, approvals and lifting."""
    rows = _of_event(measures_in(session), event, until)
    edition = plan_edition(session)
    lines = [f"{i}. {m.kind}（{m.area}）：" + "，".join(_course(m, edition)) + "。" for i, m in enumerate(rows, 1)]
    return Section(HEADING, "\n".join(lines) or NONE_TAKEN)


def progress_measures(db, event: Event, since: datetime, now: datetime) -> list[str]:
    with db.read() as session:
        return progress_lines(session, event, since, now)


def closing_measures(db, event: Event, until: datetime) -> Section:
    with db.read() as session:
        return closing_section(session, event, until)
