"""printers: the print queues with their default paper, whether they have A4, their state."""
from __future__ import annotations

from .parsing import handles


def register(sub, common) -> None:
    handles(sub.add_parser("printers", parents=[common], help="本机的打印机及其默认纸张"), cmd_printers,
            needs_db=False)


def cmd_printers(_ctx, _args):
    from ..printing import cups, paper, prints_pdf_itself

    if prints_pdf_itself():
        printers = cups.list_printers()
    else:
        from PySide6.QtGui import QGuiApplication

        from ..ui.print_render import qt_printers

        _app = QGuiApplication.instance() or QGuiApplication([])
        printers = qt_printers()
    rows = [{"name": p.name, "default": p.is_default, "default_paper": paper.label(p.default_paper),
             "default_paper_name": p.default_paper, "a4": p.a4 is not None, "papers": p.paper_labels(),
             "state": p.state_text(), "accepting": p.accepting} for p in printers]
    from .tables import table

    text = table(["打印机", "默认纸张", "A4", "状态"],
                 [[r["name"] + ("（默认）" if r["default"] else ""), r["default_paper"], "有" if r["a4"] else "无",
                   r["state"]] for r in rows]) if rows else "本机没有打印机。"
    return rows, text
