"""Printing official documents: always A4 at 100 %, never fitted to the queue's paper.

No Qt here: the window (ui/print_dialog.py) and the command line use the same functions.
Where the platform prints PDF itself (CUPS on Linux and macOS) the PDF goes to the queue as is
(`cups`); where it must be drawn (Windows printer drivers) the window renders each page at the
printer's own resolution on a forced A4 page (ui/print_render.py).
"""
from __future__ import annotations

import sys

from .cups import Job, PrintCancelled, Printer, PrintError
from .paper import A4_LABEL

__all__ = ["A4_LABEL", "Job", "PrintCancelled", "PrintError", "Printer", "prints_pdf_itself"]


def prints_pdf_itself() -> bool:
    """True where jobs go to CUPS as PDF (Linux, macOS); False where pages are rendered (Windows)."""
    return sys.platform != "win32"
