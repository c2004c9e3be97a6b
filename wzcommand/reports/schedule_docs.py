"""Printed schedule documents: meeting notice, task sheet with receipt slip, chase list, week schedule.

Letterhead convention: these four are the 指挥部办公室's own documents, so each carries the
office's letterhead (发文机关标志: the office, red) and is signed by the office; a meeting notice
has the office's 发文字号 (温应指办〔2026〕1号) and a 版记; a 交办单 its own 交办 number.  Reports
to a higher body (首次、进程、结案报告) carry the 指挥部 letterhead and 温应指 numbers.

Plain data in, OfficialDocument out (rendered by reports.document); no database, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .. import clock
from ..plan.numbers import cn_number
from .blocks import Block, Heading1, Heading2, OfficialDocument, Paragraph, Signature, Table

OFFICE = "温州市突发公共卫生事件应急指挥部办公室"
WEEKDAYS = "一二三四五六日"
CUT_LINE = "…………………………沿此线裁下…………………………"
CHASE_TEXT = 60        # a chase list names each task; the whole text is on its 交办单


def _when(value: datetime) -> str:
    local = clock.local(value)
    return f"{local.year}年{local.month}月{local.day}日（星期{WEEKDAYS[local.weekday()]}）{local:%H:%M}"


def _short(text: str, limit: int = CHASE_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip("，。、；") + "…"


@dataclass(frozen=True)
class NoticeData:
    title: str
    kind_name: str
    start: datetime
    end: datetime
    place: str
    host: str
    organiser: str
    attendees: list[str]
    speakers: list[tuple[str, str, str]]
    agenda: str


def meeting_notice(n: NoticeData, *, doc_no: str | None = None, contact: str = "", today: date | None = None,
                   office: str = OFFICE, exercise: bool = False) -> OfficialDocument:
    body: list[Block] = [Paragraph(f"经研究，定于{_when(n.start)}召开{n.title}。现将有关事项通知如下："),
            Heading1("一、会议时间"), Paragraph(f"{_when(n.start)}至{clock.local(n.end):%H:%M}。"),
            Heading1("二、会议地点"), Paragraph(f"{n.place or '另行通知'}。")]
    if n.host:
        body += [Heading1("三、主持人"), Paragraph(f"{n.host}。")]
    body += [Heading1(cn_number(4 if n.host else 3) + "、参会单位"),
             Paragraph("、".join(n.attendees) + "。" if n.attendees else "另行通知。")]
    number = 5 if n.host else 4
    if n.agenda or n.speakers:
        body.append(Heading1(f"{cn_number(number)}、会议议程"))
        for i, line in enumerate([a for a in n.agenda.splitlines() if a.strip()], 1):
            body.append(Paragraph(f"{i}. {line.strip()}"))
        for person, unit, topic in n.speakers:
            body.append(Paragraph(f"{unit}{person}发言{('：' + topic) if topic else ''}。"))
        number += 1
    body += [Heading1(f"{cn_number(number)}、有关要求"),
             Paragraph("请各参会单位主要负责人或分管负责人准时参加，不得缺席；确因特殊情况不能参加的，须提前报告并委派熟悉情况的同志代为参会。"
                       "请于会前15分钟到达会场签到。")]
    note = contact.strip()
    return OfficialDocument(issuer=office, doc_no=doc_no, title=f"关于召开{n.title}的通知", addressee="各有关单位：",
                            body=body, signature=office, date=today or clock.now().date(),
                            note=(note if note.startswith("（") else f"（{note}）") if note else None,
                            printer=office, exercise=exercise)


@dataclass(frozen=True)
class TaskData:
    doc_no: str
    content: str
    lead_unit: str
    co_units: list[str]
    deadline: datetime
    source: str
    created_at: datetime


def task_sheet(t: TaskData, *, today: date | None = None, office: str = OFFICE,
               exercise: bool = False) -> OfficialDocument:
    """The kept part (content, units, deadline, source, the office's signature and date), the cut
    line, then the receipt slip with its own blanks.  Any length of content prints across pages."""
    body: list[Block] = [Paragraph("根据市应急指挥部工作要求，现将以下工作任务交由你单位办理，请按时限办结并及时反馈办理情况。"),
            Heading1("一、交办事项"),
            Paragraph(t.content),
            Heading1("二、承办单位及时限"),
            Paragraph("\n".join([f"牵头单位：{t.lead_unit}", f"配合单位：{'、'.join(t.co_units) or '无'}",
                                 f"办结时限：{_when(t.deadline)}", f"交办来源：{t.source}",
                                 f"交办时间：{_when(t.created_at)}"])),
            Signature(office, today or clock.local(t.created_at).date()),
            Paragraph(CUT_LINE),
            Heading1(f"签收回执（{t.doc_no}）"),
            Table([["承办单位", t.lead_unit], ["签收人", ""], ["签收时间", ""],
                   ["联系电话", ""], ["办理情况", "\n\n"]], widths=[1, 4], header_rows=0),
            Paragraph(f"请签收后交回{office}。")]
    return OfficialDocument(issuer=office, doc_no=t.doc_no, title="工作任务交办单", body=body, signature=None,
                            date=None, exercise=exercise)


@dataclass(frozen=True)
class ChaseEntry:
    unit: str
    liaison: str
    phone: str
    tasks: list[tuple[str, str, datetime, str]]  # doc_no, content, deadline, status name


@dataclass(frozen=True)
class ChaseWords:
    """What a 催办单 says around its tables: the tasks' own by default; the supply requests' their own."""

    title: str = "工作任务催办单"
    intro: tuple[str, ...] = ("以下交办事项尚未办结（含已逾期事项），请各牵头单位抓紧办理。",)
    closing: str = "请于当日向{office}反馈办理情况；逾期未办结的，请说明原因及办结时间。"
    empty: str = "目前没有未办结的交办事项。"
    headers: tuple[str, str, str, str] = ("编号", "事项", "时限", "状态")
    widths: tuple[float, float, float, float] = (2.1, 3.6, 1.6, 0.9)


def chase_list(entries: list[ChaseEntry], *, today: date | None = None, office: str = OFFICE,
               exercise: bool = False, words: ChaseWords | None = None) -> OfficialDocument:
    words = words or ChaseWords()
    body: list[Block] = [Paragraph(text) for text in words.intro]
    for n, e in enumerate(entries, 1):
        body.append(Heading2(f"（{cn_number(n)}）{e.unit}（联络员：{e.liaison or '未登记'}，"
                             f"电话：{e.phone or '未登记'}）"))
        body.append(Table([list(words.headers),
                           *[[no, _short(content), f"{clock.local(d):%m-%d %H:%M}", status]
                             for no, content, d, status in e.tasks]],
                          widths=list(words.widths), font_size=12))
    body.append(Paragraph(words.closing.format(office=office) if entries else words.empty))
    return OfficialDocument(issuer=office, title=words.title, body=body, signature=office,
                            date=today or clock.now().date(), exercise=exercise)


def week_schedule(start: date, end: date, rows: list[tuple[datetime, str, str, str, str]], *,
                  today: date | None = None, office: str = OFFICE, exercise: bool = False) -> OfficialDocument:
    """rows: (start, kind name, title, place, status name)."""
    table = [["日期", "时间", "事项", "地点", "状态"]]
    for when, kind, title, place, status in rows:
        local = clock.local(when)
        what = title if kind in title or title.endswith(("会", "会议")) else f"{kind}：{title}"
        table.append([f"{local.month}月{local.day}日周{WEEKDAYS[local.weekday()]}", f"{local:%H:%M}", what,
                      place or "—", status])
    body: list[Block] = [Table(table, font_size=12), Paragraph("以上安排如有调整，另行通知。")] if rows else \
        [Paragraph("本周没有安排。")]
    return OfficialDocument(issuer=office, title=f"市应急指挥部工作日程（{start.month}月{start.day}日—{end.month}月{end.day}日）",
                            body=body, signature=office, date=today or clock.now().date(), exercise=exercise)
