"""Test set-up shared by the document tests: an office whose default 签发人 is set."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

SIGNER = "李明"


def ensure_signer(db, name: str = SIGNER, operator: str = "值班员") -> None:
    """Set the office's default 签发人 (as a director does once, in 公文设置)."""
    from wzcommand.services import office

    current = office.office_settings(db)
    if current.signer != name:
        office.save_office_settings(db, replace(current, signer=name), operator)


def filled(draft, text: str = "经市疾控中心专家组研判，本起疫情已得到初步控制，新发病例呈下降趋势，但仍存在续发风险，需继续加强晨午检和因病缺勤追踪。"):
    """The draft with its unfinished sections (形势研判, 下一步工作…) written, as the clerk does."""
    for section in draft.sections:
        if section.empty:
            section.text = text
    return draft


def issued_first_report(db, now: datetime):
    """A 首次报告 issued an hour before ``now`` on a school norovirus cluster received three hours
    before it (what the printing tests print)."""
    from wzcommand.services import events, reports

    ensure_signer(db)  # the office's default 签发人
    event = events.register_event(db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=now - timedelta(hours=3), received_at=now - timedelta(hours=2), grade="较大",
        counts={"ill": 23}), "值班员")
    return reports.issue_report(db, reports.draft_first(db, event.id), "值班员", now=now - timedelta(hours=1))
