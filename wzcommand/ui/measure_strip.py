"""The command view's line on control measures: those in force and those awaiting an approval (with who
must give it); hidden while no measure is in force or pending. The 管控措施 panel (Ctrl+Alt+M) has the rest."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel

from ..services import measures

SHOWN = 5  # items named on the line; the tooltip names them all


def _names(rows: list[measures.MeasureRecord], pending: bool) -> list[str]:
    return [f"{m.kind}（{m.area}）" + (f"，尚需{m.needs_text()}" if pending else "") for m in rows]


def _short(names: list[str]) -> str:
    more = f"等{len(names)}项" if len(names) > SHOWN else ""
    return "；".join(escape(n) for n in names[:SHOWN]) + more


def strip_text(reg: measures.MeasureRegister) -> tuple[str, str]:
    """(HTML for the label, plain tooltip); ("", "") when there is nothing in force or pending."""
    in_force, pending = reg.with_status(measures.IN_FORCE), reg.with_status(measures.PENDING)
    if not in_force and not pending:
        return "", ""
    lines = [f"<b>管控措施</b>　实施中 {len(in_force)} 项" + (f"：{_short(_names(in_force, False))}" if in_force else "")]
    if pending:
        lines.append(f"<span style='color:#b71c1c'>待批准 {len(pending)} 项：{_short(_names(pending, True))}</span>")
    overdue = reg.overdue_reviews()
    if overdue:
        lines.append(f"<span style='color:#b71c1c'>复核日期已过 {len(overdue)} 项</span>")
    tip = "\n".join(["实施中："] + _names(in_force, False) + (["", "待批准："] + _names(pending, True) if pending else [])
                    + ["", "详见“管控措施”（Ctrl+Alt+M）"])
    return "<br>".join(lines), tip


def fill(label: QLabel, db) -> None:
    text, tip = strip_text(measures.register(db))
    label.setText(text)
    label.setToolTip(tip)
    label.setVisible(bool(text))
