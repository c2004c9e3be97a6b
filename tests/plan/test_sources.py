"""Clause references read with the titles of the plans the edition quotes, and the telephone rule
the phone-report dialog shows comes from plan/deadlines.py."""
import pytest

from shared_files import shared_file
from wzcommand.plan import deadlines
from wzcommand.plan.sources import plan_titles, source_text

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")


def test_source_text_names_the_plan():
    assert source_text("phe:6.1.3", "2021") == "《温州市突发公共卫生事件应急预案》6.1.3"
    assert source_text("ari: 附件", "2021") == "《温州市突发急性呼吸道传染病事件应急预案》附件"
    assert source_text("6.1.3", "2021") == "6.1.3" and source_text("xyz:1", "2021") == "xyz:1"
    with pytest.raises(ValueError):
        plan_titles("1999")


def test_titles_and_the_phone_rule_are_the_gazettes_words():
    if not SEED.is_file():
        pytest.skip(f"gazette seed text not found at {SEED}")
    text = SEED.read_text(encoding="utf-8").replace("\n", "")
    assert all(title in text for title in plan_titles("2021").values())
    assert deadlines.PHONE_QUOTE in text and deadlines.PHONE_QUOTE.endswith("报送初步情况")
    assert "向{}和{}".format(*deadlines.PHONE_RECIPIENTS) in deadlines.PHONE_QUOTE
