"""How the plans' clause references ('phe:6.1.3') are shown to people."""
from __future__ import annotations

# The two 2021 plans (levels_2021.json "plans"); the plan package does not expose that map yet.
PLAN_NAMES = {"phe": "温州市突发公共卫生事件应急预案", "ari": "温州市突发急性呼吸道传染病事件应急预案"}


def source_text(source: str) -> str:
    """'phe:6.1.3' → '《温州市突发公共卫生事件应急预案》6.1.3'; unknown forms are returned as given."""
    plan, _, clause = source.partition(":")
    name = PLAN_NAMES.get(plan)
    return f"《{name}》{clause.strip()}" if name else source
