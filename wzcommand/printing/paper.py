"""Paper names as print servers give them (PWG self-describing names like ``iso_a4_210x297mm``,
``na_letter_8.5x11in``; older PPD names like ``A4``, ``Letter``) and the one paper official
documents use: A4, 210 × 297 mm, printed at 100 %."""
from __future__ import annotations

import re

A4_MM = (210.0, 297.0)
A4_PWG = "iso_a4_210x297mm"
A4_LABEL = "A4 · 100 %"
_PPD_SIZES_MM = {"a4": A4_MM, "a3": (297.0, 420.0), "a5": (148.0, 210.0), "b5": (176.0, 250.0),
                 "letter": (215.9, 279.4), "legal": (215.9, 355.6)}
_LABELS = {"iso_a4": "A4", "iso_a3": "A3", "iso_a5": "A5", "iso_b5": "B5", "jis_b5": "B5（JIS）",
           "na_letter": "Letter", "na_legal": "Legal", "na_executive": "Executive", "iso_dl": "DL 信封",
           "iso_c5": "C5 信封", "na_number-10": "10 号信封", "om_16k": "16 开", "prc_16k": "16 开"}
_SIZE = re.compile(r"^([\d.]+)x([\d.]+)(mm|in)$")


def size_mm(name: str) -> tuple[float, float] | None:
    """Width and height in millimetres, or None when the name does not say."""
    last = name.rsplit("_", 1)[-1].lower()
    match = _SIZE.match(last)
    if match:
        factor = 25.4 if match.group(3) == "in" else 1.0
        return float(match.group(1)) * factor, float(match.group(2)) * factor
    return _PPD_SIZES_MM.get(name.lower().split(".")[0])


def is_a4(name: str) -> bool:
    size = size_mm(name)
    return size is not None and abs(size[0] - A4_MM[0]) < 1 and abs(size[1] - A4_MM[1]) < 1 \
        and not name.lower().startswith("custom_")


def label(name: str) -> str:
    """A short name a user recognises: ``A4``, ``Letter``; otherwise the server's own name."""
    if not name:
        return "未设置"
    parts = name.split("_")
    if len(parts) >= 3:
        key = "_".join(parts[:2]).lower()
        if key in _LABELS:
            return _LABELS[key]
        return parts[1].upper() if parts[0] == "iso" else parts[1].capitalize()
    return name


def listed(names) -> list[str]:
    """The papers worth showing (no custom-size ranges), each once, in the server's order."""
    seen: list[str] = []
    for name in names:
        if name and not name.lower().startswith("custom_") and label(name) not in seen:
            seen.append(label(name))
    return seen
