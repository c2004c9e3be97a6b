"""Readable output: aligned tables (CJK characters are two columns wide) and printing a result."""
from __future__ import annotations

import json


def table(headers: list[str], rows: list[list[str]]) -> str:
    def width(text: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=False)).rstrip()
             for row in [headers, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_result(result, as_json: bool) -> None:
    """A handler's (json data, readable text): the one or the other on stdout."""
    data, text = result
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)
