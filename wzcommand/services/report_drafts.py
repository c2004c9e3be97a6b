"""Drafting event reports from what was registered: 首次报告, 进程报告 (续报N) and 结案报告.

Each function returns an editable :class:`ReportDraft` and writes nothing.  Sections the
program cannot know (the evaluations of a closing report) are left empty: the draft prints
them as 待补充 and :func:`report_issue.issue_report` refuses to issue them empty.
"""
from __future__ import annotations

import json

from .. import clock
from ..plan import events as kinds
from ..plan.numbers import daily_counts
from ..plan.sources import plan_titles, source_text
from ..reports.event_reports import (
    ENDING,
    KINDS,
    ReportDraft,
    Section,
    cn_datetime,
    cn_number,
    curve_days,
    curve_rows,
    strip_number,
)
from ..storage.models import IssuedReport
from .compensation import closing_lines
from .errors import NotFoundError, ValidationError
from .levels import command_view_in
from .measure_report import closing_measures, progress_measures
from .office import office_in
from .report_facts import EventFacts, decision_text, facts_in, load_facts, place_text, sentence
from .report_wording import changes_text, corrections_text, counts_text, peak_text, totals_text, where_and_what
from .risk_levels import report_lines

UNKNOWN = "尚在调查中。"
VERIFYING = "尚在核实中。"      # a first report goes out fast: what is not known yet is said so
CLOSING_EMPTY = ("卫生学评价", "居民健康状况评价", "所采取措施的效果评价", "存在的问题", "取得的经验及改进建议")


def defaults(db) -> dict:
    """主送, 签发人, 附注 and 抄送 from the office's document settings (in the database);
    签发人 falls back to the registered commander."""
    with db.read() as session:
        return defaults_in(session)


def defaults_in(session) -> dict:
    """defaults() as ``session`` sees them."""
    s = office_in(session)
    signer = s.signer.strip()
    if not signer:
        commander = command_view_in(session).commander
        signer = commander.person if commander else ""
    note = s.contact.strip()
    if note and not note.startswith("（"):
        note = f"（{note}）"
    return {"addressee": s.addressee.strip(), "signer": signer, "note": note, "cc": s.cc_list()}


def _what(e) -> tuple[str, str]:
    return where_and_what(e.name, e.district, e.township, e.place, kinds.CATEGORIES.get(e.category, e.category))


def _written(facts: EventFacts, kind: str) -> list[IssuedReport]:
    return [r for r in facts.issued if r.kind == kind]


def draft_first(db, event_id: int) -> ReportDraft:
    """首次报告, every field of the registration in it (plan 5.2.3; national report card)."""
    with db.read() as session:  # one snapshot: the event's facts and the office's settings
        f = facts_in(session, event_id, history=False)
        fields = defaults_in(session)
    e = f.event
    category = kinds.CATEGORIES.get(e.category, e.category) + (f"（{e.disease}）" if e.disease else "")
    unit = e.reporting_unit or "有关单位"
    place_kind = f"（场所类别：{e.place_kind}）" if e.place_kind else ""
    basic = "\n".join([
        f"事件名称：{sentence(e.name)}",
        f"事件类别及性质（初步判断）：{sentence(category)}",
        f"发生地点：{sentence(place_text(e) + place_kind)}",
        f"发生时间：{cn_datetime(e.occurred_at)}；接报时间：{cn_datetime(e.received_at)}。",
        f"波及范围：{sentence(e.area) or UNKNOWN}",
    ])
    last = f.counts[-1].at if f.counts else e.received_at
    reporter = [p for p in (f"报告单位：{e.reporting_unit}" if e.reporting_unit else "",
                            f"报告人：{e.reporter}" if e.reporter else "",
                            f"联系电话：{e.reporter_phone}" if e.reporter_phone else "") if p]
    grade = (f"根据《{plan_titles(f.edition)['phe']}》事件分级标准，初步判断为{e.grade}突发公共卫生事件。" if e.grade
             else "事件等级尚在研判中。")
    sections = [
        Section("基本情况", basic),
        Section("发病及死亡情况", counts_text(f.latest_counts, last) + "。"),
        Section("主要临床表现", sentence(e.symptoms) or UNKNOWN),
        Section("可能原因", sentence(e.cause) or UNKNOWN),
        Section("已采取的措施", sentence(e.measures) or VERIFYING),
        Section("事件等级初步判断", grade),
        Section("报告单位及报告人", "；".join(reporter) + "。" if reporter else VERIFYING),
    ]
    where, what = _what(e)
    phoned = "".join(f"{cn_datetime(p.at)}，{p.by_whom}已向{p.to_whom}电话报告。" for p in f.phones[:1])
    opening = (f"{cn_datetime(e.received_at)}，接{unit}报告，{where}发生{what}。{phoned}"
               "现将有关情况报告如下：")
    return ReportDraft("first", e.id, f"关于{e.name}的首次报告", opening=opening, sections=sections, **fields)


def draft_progress(db, event_id: int, now=None) -> ReportDraft:
    """进程报告（续报N）: what changed since the newest report issued for the event (up to ``now``)."""
    now = now or clock.now()
    f = load_facts(db, event_id)
    e = f.event
    written = [r for r in f.issued if r.kind in ("first", "progress")]
    if not _written(f, "first"):
        raise ValidationError({"event": "本事件尚未签发首次报告，请先签发首次报告，再写进程报告。"})
    if _written(f, "closing"):
        raise ValidationError({"event": "本事件已签发结案报告，不再续报；如需修改请出具更正。"})
    prev = written[-1]
    since = prev.issued_at
    sequence = sum(1 for r in _written(f, "progress") if r.corrects_id is None) + 1
    now_counts = f.latest_counts
    baseline, corrections = f.changes_since(since)
    news, corrected = changes_text(baseline, now_counts), corrections_text(corrections)
    last = f.counts[-1].at if f.counts else e.received_at
    lead = f"{cn_datetime(since)}以来（上次报告：{prev.doc_no}），"
    progress = [lead + ("；".join(news) if news else "病例、死亡等数字无变化") + "。",
                counts_text(now_counts, last) + "。"]
    progress += [f"{cn_datetime(g.at)}，事件等级调整为{g.grade}。" for g in f.grades if g.at > since]
    progress += [decision_text(d, f.edition) + "。" for d in f.decisions
                 if d.decided_at > since and d.event_id in (None, e.id)]
    if e.ended_at is not None and e.ended_at > since:
        progress.append(f"{cn_datetime(e.ended_at)}，事件应急处置工作结束。")
    sections = [
        Section("事件进展", "\n".join(progress)),
        Section("处置进展及防控措施", "\n".join(_handling(f, written, since, now) + progress_measures(db, e, since, now)
                                                         + report_lines(db, since, now))),
        Section("诊断及原因分析", _diagnosis(f, written)),
        Section("形势研判"),          # the office's own judgement: never a fixed sentence
        Section("下一步工作"),
    ]
    if corrected:
        sections.append(Section("数据更正", "经核实，" + "，".join(corrected) + "。"))
    opening = f"现将{cn_datetime(since)}以来事件进展情况续报如下："
    return ReportDraft("progress", e.id, f"关于{e.name}的进程报告（续报{cn_number(sequence)}）",
                       opening=opening, sections=sections, sequence=sequence, **defaults(db))


def _said_before(earlier: list[IssuedReport], text: str) -> bool:
    """Whether an earlier report of the event already said ``text``."""
    return bool(text) and any(text in (r.content or "") for r in earlier)


def _handling(f: EventFacts, earlier: list[IssuedReport], since, now) -> list[str]:
    """New measures, phone reports, meetings held and tasks done or overdue since the last report."""
    e = f.event
    out = [sentence(e.measures)] if e.measures and not _said_before(earlier, e.measures.strip().rstrip("。")) else []
    out += [f"{cn_datetime(p.at)}，{p.by_whom}向{p.to_whom}电话报告了事件情况。" for p in f.phones if p.at > since]
    for m in f.meetings:
        if since < m.start <= now:
            decided = f"，会议议定：{sentence(m.decisions)}" if m.decisions.strip() else "。"
            out.append(f"{cn_datetime(m.start)}，召开{m.title}{decided}")
    done = [t for t in f.tasks if t.done_at and since < t.done_at <= now]
    if done:
        out.append(f"已办结交办事项{len(done)}项：" +
                   "；".join(f"{t.doc_no}（{t.content[:30].rstrip('。')}，{t.lead_unit}）" for t in done) + "。")
    late = [t for t in f.tasks if t.created_at <= now and t.deadline < now and not (t.done_at and t.done_at <= now)]
    if late:
        out.append(f"逾期未办结交办事项{len(late)}项：" +
                   "；".join(f"{t.doc_no}（{t.lead_unit}，时限{cn_datetime(t.deadline)}）" for t in late) + "，正在催办。")
    return out


def _diagnosis(f: EventFacts, earlier: list[IssuedReport]) -> str:
    """Symptoms and cause only when they are new since the last report; otherwise left for the user."""
    e = f.event
    lines = [f"{label}：{sentence(v)}" for label, v in (("主要临床表现", e.symptoms), ("可能原因", e.cause))
             if v.strip() and not _said_before(earlier, v.strip().rstrip("。"))]
    return "\n".join(lines) or "临床表现和可能原因与上次报告相比无新的情况。"


def closing_refusal(f: EventFacts) -> str | None:
    """Why a closing report cannot be written yet, or None."""
    if f.event.ended_at is None:
        return f"事件“{f.event.name}”尚未结束（未登记结束时间），仍在应急处置中，不能出具结案报告。"
    in_force = f.response_in_force()
    if in_force is not None:
        return (f"与事件“{f.event.name}”相关的应急响应（{decision_text(in_force, f.edition)}）尚未终止，"
                "不能出具结案报告。")
    return None


def draft_closing(db, event_id: int) -> ReportDraft:
    """结案报告 (plan 7.1): course of the event with its epidemic curve, response levels held, evaluations."""
    f = load_facts(db, event_id)
    refusal = closing_refusal(f)
    if refusal:
        raise ValidationError({"event": refusal})
    e = f.event
    ended = e.ended_at
    assert ended is not None  # closing_refusal refuses an event not yet ended
    c = f.latest_counts
    days = daily_counts([(r.at, r.ill, r.dead) for r in f.counts], clock.local(e.occurred_at).date(),
                        clock.local(ended).date())
    where, what = _what(e)
    course = [f"{cn_datetime(e.occurred_at)}，{where}发生{what}"
              f"（{kinds.CATEGORIES.get(e.category, e.category)}）。{cn_datetime(e.received_at)}，"
              f"接{e.reporting_unit or '有关单位'}报告。",
              f"截至{cn_datetime(ended)}，{totals_text(c)}。疫情共持续{len(days)}天，"
              "每日新增报告病例及死亡数见图1及下表（按报告日期统计）。"]
    course += [f"{cn_datetime(g.at)}，事件等级判定为{g.grade}。" for g in f.grades]
    course.append(f"{cn_datetime(ended)}，事件应急处置工作结束。")
    table = [["日期", "新增病例", "新增死亡", "累计病例", "累计死亡"]] + \
            [[f"{d.day.month}月{d.day.day}日", str(d.ill), str(d.dead), str(d.total_ill), str(d.total_dead)]
             for d in days]
    periods = f.levels_held()
    response = ["事件处置期间，应急响应情况如下：", *(
        f"{p.level}：{cn_datetime(p.start)}起，至{cn_datetime(p.end) if p.end else '今'}止（{p.decided_by}决定）。"
        for p in periods)] if periods else ["事件处置期间未启动应急响应。"]
    response += closing_lines(db, [run[0].id for run in f.runs_of_event()])  # 临时征用 and 征用补偿 (7.3)
    investigation = ([f"可能原因：{sentence(e.cause)}"] if e.cause else []) + \
                    ([f"采取的措施：{sentence(e.measures)}"] if e.measures else [])
    sections = [
        Section("事件发生经过", "\n".join(course), curve=curve_rows(days)),
        Section("现场调查处理情况", "\n".join(investigation)),
        Section("病人救治情况", f"事件全程{peak_text(f.counts, c)}。"),
        Section("应急响应情况", "\n".join(response)),
        closing_measures(db, e, ended),
        *(Section(h) for h in CLOSING_EMPTY),
    ]
    sections[0].table = table     # no caption: the engine keeps a caption with its whole table
    opening = (f"{place_text(e)}{what}应急处置工作已于{cn_datetime(ended)}结束。根据{source_text('phe:7.1', f.edition)}的规定，"
               "现将事件处置评估情况报告如下：")
    return ReportDraft("closing", e.id, f"关于{e.name}的结案报告", opening=opening, sections=sections,
                       **defaults(db))


def draft_correction(db, report_id: int) -> ReportDraft:
    """The content of an issued report, ready to be corrected and issued as a new report."""
    with db.read() as session:
        old = session.get(IssuedReport, report_id)
        if old is None:
            raise NotFoundError(f"没有编号为 {report_id} 的已签发报告。")
        draft = draft_from_dict(json.loads(old.content or "{}"))
    draft.corrects_id = report_id
    return draft


def draft_from_dict(data: dict) -> ReportDraft:
    """A draft from its JSON form (as ``ReportDraft.to_dict`` writes it); bad input is refused."""

    def number(value):
        return None if value is None else int(value)

    try:
        if data.get("kind") not in KINDS:
            raise ValueError(f"未知的报告种类“{data.get('kind')}”")
        sections = []
        for s in data.get("sections") or []:
            table = [[str(c) for c in row] for row in s["table"]] if s.get("table") else None
            curve = curve_rows(curve_days(s["curve"])) if s.get("curve") else None
            sections.append(Section(strip_number(str(s["heading"])), str(s.get("text") or ""), table,
                                    str(s.get("table_caption") or ""), curve))
        texts = {k: str(data.get(k) or "") for k in ("title", "addressee", "signer", "opening", "note")}
        return ReportDraft(data["kind"], number(data.get("event_id")), **texts, sections=sections,
                           ending=str(data.get("ending", ENDING) or ""),
                           attachments=[str(a) for a in data.get("attachments") or []],
                           cc=[str(c) for c in data.get("cc") or []], sequence=int(data.get("sequence") or 0),
                           corrects_id=number(data.get("corrects_id")))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ValidationError({"draft": f"报告草稿格式不正确：{exc}"}) from exc


# The drafter of each kind of report (a correction is drafted from the report it corrects).
DRAFTERS = {"first": draft_first, "progress": draft_progress, "closing": draft_closing}
