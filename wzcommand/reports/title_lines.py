"""Break a document title into balanced lines (GB/T 9704: a trapezoid or diamond, words kept whole).

There is no word segmenter in the standard library, so breaks are scored: after 的/和/与,
after punctuation and before an opening bracket are good; inside a known word of the
office's vocabulary, or next to a number, is bad; lines should be about equally long,
the upper one rather longer than the lower one.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .layout import NO_END, NO_START, break_lines, text_width, tokens

# Words that must not be split across lines (longest first when matched).
VOCABULARY = sorted("""
温州市 浙江省 突发公共卫生事件 公共卫生 突发事件 应急指挥部 指挥部 办公室 应急响应 应急处置 应急管理
首次报告 进程报告 结案报告 初步报告 续报 终报 报告 通知 通报 请示 批复 意见 方案 预案 函 纪要
情况 工作 疫情 防控 处置 传染病 食物中毒 职业中毒 中毒 聚集性 新型冠状病毒 病毒 感染 肺炎 流感
事件 事故 医疗 救治 卫生 健康 委员会 卫生健康 监测 调查 流行病学 学校 医院 人民政府 县级 市级
乡镇 街道 有关 关于 进一步 加强 做好 开展 启动 终止 调整 解除 响应 级别 印发 转发 实施 落实
鹿城区 龙湾区 瓯海区 洞头区 乐清市 瑞安市 龙港市 永嘉县 平阳县 苍南县 文成县 泰顺县 温州
诺如病毒 手足口病 登革热 霍乱 鼠疫 禽流感 猴痘 水痘 结核病 麻疹 细菌性痢疾 群体性 不明原因疾病
""".split(), key=len, reverse=True)
_WORDS = re.compile("|".join(map(re.escape, VOCABULARY)))
_GOOD_AFTER = set("的和与及、，：；）》”")
_GOOD_BEFORE = set("《（“")


def balance_title(title: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``title``, each at most ``width`` wide, balanced and breaking at good places."""
    return list(_balanced(" ".join(title.split()), font, size, width))


@lru_cache(maxsize=256)  # a pure function of its arguments; previews re-render the same title
def _balanced(title: str, font: str, size: float, width: float) -> tuple[str, ...]:
    return tuple(_balance(title, font, size, width))


def _balance(title: str, font: str, size: float, width: float) -> list[str]:
    if text_width(title, font, size) <= width:
        return [title]
    toks = tokens(title)
    widths = [text_width(t, font, size) for t in toks]
    offsets = list(itertools.accumulate([0] + [len(t) for t in toks]))
    protected: set[int] = set()
    for m in _WORDS.finditer(title):
        protected.update(range(m.start() + 1, m.end()))
    penalty = [_boundary_penalty(toks, j, offsets[j], protected) for j in range(len(toks) + 1)]
    greedy = [s for s, _cs in break_lines(title, font, size, (width, width), 0.0, justify=False)]
    n = len(greedy)
    if n > 3:
        return greedy
    total = sum(widths)
    prefix = list(itertools.accumulate([0.0] + widths))
    allowed = [j for j in range(1, len(toks)) if penalty[j] < 1e6]
    best, best_cost = None, float("inf")
    for lines in range(n, min(n + 1, 3) + 1):      # one more line may break better
        for cut in itertools.combinations(allowed, lines - 1):
            bounds = (0, *cut, len(toks))
            line_w = [_line_width(toks, prefix, a, b) for a, b in itertools.pairwise(bounds)]
            if max(line_w) > width + 0.01:
                continue
            cost = sum(((w - total / lines) / size) ** 2 for w in line_w) * 0.5
            cost += sum(penalty[j] for j in cut) + 12.0 * (lines - n)
            cost += sum(0.6 for a, b in itertools.pairwise(line_w) if b > a + size / 2)
            if cost < best_cost:
                best, best_cost = bounds, cost
    if best is None:
        return greedy
    return ["".join(toks[a:b]).strip() for a, b in itertools.pairwise(best)]


def _line_width(toks: list[str], prefix: list[float], a: int, b: int) -> float:
    while a < b and toks[a].isspace():
        a += 1
    while b > a and toks[b - 1].isspace():
        b -= 1
    return prefix[b] - prefix[a]


def _boundary_penalty(toks: list[str], j: int, offset: int, protected: set[int]) -> float:
    """Cost of breaking before token ``j`` (``offset`` is its character position)."""
    if j <= 0 or j >= len(toks):
        return 0.0
    before, after = toks[j - 1], toks[j]
    if after[0] in NO_START or before[-1] in NO_END:
        return 1e9
    if before.isspace() or after.isspace():
        return 0.0
    if offset in protected:
        return 40.0
    if before[-1].isdigit() or after[0].isdigit() or before[-1].isascii() and after[0].isascii():
        return 30.0
    if before[-1] in _GOOD_AFTER or after[0] in _GOOD_BEFORE:
        return 0.0
    if after[0] == "的":
        return 12.0
    return 6.0
