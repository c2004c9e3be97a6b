"""One formatter for figures with thousands separators: quantities as the compensation list's amounts."""
from datetime import date

from wzcommand.plan.numbers import grouped, quantity_text
from wzcommand.plan.requisitions import yuan
from wzcommand.plan.supplies import allocate, cover_text


def test_quantities_amounts_and_days_share_the_separators():
    assert quantity_text(150000, "只") == "150,000只" and quantity_text(0, "套") == "0套" and quantity_text(999) == "999"
    assert grouped(1714.2857, 1) == "1,714.3" and grouped(-12000) == "-12,000"
    assert yuan(9920050) == "99,200.50元"
    assert cover_text(1_000_000, 7) == "1,000,000.0天"
    assert allocate([], 150000, date(2026, 1, 1), "只") == "现有可用库存0只，不足150,000只，结存不能为负数"
