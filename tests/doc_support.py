"""Test set-up shared by the document tests: an office whose default 签发人 is set."""
from __future__ import annotations

from dataclasses import replace

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
