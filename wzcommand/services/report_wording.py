"""How the event reports word places and figures (pure functions over the facts; no database).

* A place or a name is said once: :func:`where_and_what` merges district, township and place
  and takes out of the event name whatever the place already says.
* Cumulative figures (累计病例, 累计死亡, 累计密切接触者) and current ones (现住院, 现重症,
  正在医学观察) are kept apart, each with the time it refers to.
* A fall in a current figure is news; only counts the user marked as corrections are
  reported as 核减/核增.
"""
from __future__ import annotations

from datetime import datetime

from ..reports.event_reports import cn_datetime

CUMULATIVE = {"ill": ("累计报告病例", "例"), "dead": ("累计死亡", "例"), "close_contacts": ("累计追踪密切接触者", "人")}
CURRENT = {"hospitalised": ("现住院", "例"), "severe": ("现重症", "例"), "observed": ("正在医学观察", "人")}
WORDS = {"ill": ("病例", "例"), "dead": ("死亡", "例"), "close_contacts": ("密切接触者", "人"),
         "hospitalised": ("住院", "例"), "severe": ("重症", "例"), "observed": ("医学观察", "人")}


def merge_places(parts: list[str]) -> str:
    """District, township and place as one phrase, no part said twice (a place may repeat the others)."""
    out, said = "", []
    for part in (p.strip() for p in parts):
        if not part or part in out:
            continue
        if out and out in part:
            out = part
            said.append(part)
            continue
        whole = part
        for piece in said:                     # "鹿城区某餐馆" after "鹿城区五马街道": say 某餐馆 only
            if len(piece) >= 2 and piece in part:
                part = part.replace(piece, "", 1)
        said.append(whole)
        if not part or part in out:
            continue
        overlap = max((k for k in range(1, min(len(out), len(part)) + 1) if out.endswith(part[:k])), default=0)
        out += part[overlap:]
    return out


def where_and_what(name: str, district: str, township: str, place: str, category: str) -> tuple[str, str]:
    """(where, what) so that ``where + 发生 + what`` repeats nothing the user typed."""
    parts = [district, township, place]
    where = merge_places(parts)
    what = (name or "").strip()
    for piece in sorted({where, *(p.strip() for p in parts)}, key=len, reverse=True):
        if len(piece) >= 2 and piece in what:
            what = what.replace(piece, "", 1)
    # A name that starts with the end of the place ("某小学…" after "…五马街道某小学"): say it once.
    overlap = max((k for k in range(2, min(len(where), len(what)) + 1) if where.endswith(what[:k])), default=0)
    what = what[overlap:].lstrip("发生的、，, ")
    if len(what) < 2:
        what = category + ("事件" if not category.endswith(("事件", "疫情")) else "")
    return where, what


def counts_text(c: dict, at: datetime | None = None) -> str:
    """截至…，累计报告病例47例、累计死亡0例，累计追踪密切接触者40人；现住院5例，其中现重症3例，正在医学观察38人"""
    head = f"截至{cn_datetime(at)}，" if at else ""
    cumulative = [f"{w}{c.get(k) or 0}{u}" for k, (w, u) in CUMULATIVE.items()
                  if k in ("ill", "dead") or c.get(k) is not None]
    current = [f"{w}{c[k]}{u}" for k, (w, u) in CURRENT.items() if c.get(k) is not None]
    return head + "、".join(cumulative) + ("；" + "，".join(current) if current else "")


def corrections_text(corrections: list[tuple[str, int, int]]) -> list[str]:
    """``病例由30例核减为29例`` for each (field, before, after) the user marked as a correction."""
    return [f"{WORDS[k][0]}由{a}{WORDS[k][1]}核{'减' if b < a else '增'}为{b}{WORDS[k][1]}"
            for k, a, b in corrections if k in WORDS]


def changes_text(before: dict, after: dict) -> list[str]:
    """What changed from ``before`` to ``after``, as news (corrections are said apart)."""
    news = []
    for key, (word, unit) in WORDS.items():
        a, b = before.get(key), after.get(key)
        if b is None or a == b:
            continue
        if a is None:
            news.append(f"{(CUMULATIVE.get(key) or CURRENT[key])[0]}{b}{unit}")
        elif key in CUMULATIVE:
            news.append(f"新增{word}{b - a}{unit}（{CUMULATIVE[key][0]}{b}{unit}）" if b > a
                        else f"{CUMULATIVE[key][0]}由{a}{unit}调整为{b}{unit}")
        else:
            news.append(f"{CURRENT[key][0]}{b}{unit}（{'增加' if b > a else '减少'}{abs(b - a)}{unit}）")
    return news


def totals_text(final: dict) -> str:
    """累计报告病例48例、累计死亡0例、累计追踪密切接触者230人"""
    return "、".join(f"{w}{final.get(k) or 0}{u}" for k, (w, u) in CUMULATIVE.items()
                     if k in ("ill", "dead") or final.get(k) is not None)


def peak_text(rows: list, final: dict) -> str:
    """Closing report: the cumulative totals, and each current figure's peak (with its date) and final value.

    ``rows`` are the event's count rows, oldest first (objects with ``at`` and the count fields).
    """
    parts = ["、".join(f"{w}{final.get(k) or 0}{u}" for k, (w, u) in CUMULATIVE.items()
                      if k in ("ill", "dead") or final.get(k) is not None)]
    for key, (word, unit) in CURRENT.items():
        values = [(getattr(r, key), r.at) for r in rows if getattr(r, key) is not None]
        if not values:
            continue
        peak, when = max(values, key=lambda v: (v[0], -v[1].timestamp()))
        plain = word[1:] if word.startswith("现") else word.replace("正在", "")
        parts.append(f"{plain}人数最多时{peak}{unit}（{cn_datetime(when)}），结束时{values[-1][0]}{unit}")
    return "；".join(parts)
