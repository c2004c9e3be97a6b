"""The committee's duties verbatim from both plans; the questions an assessment answers."""
import re

import pytest

from wzcommand.plan import experts

from shared_files import shared_file

SEED = shared_file("seeds", "000_acf93dc6e7de9179.txt")


@pytest.fixture(scope="module")
def text() -> str:
    return re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source,quote", [*experts.DUTIES["public_health"], *experts.DUTIES["respiratory"],
                                          experts.WARNING_QUOTE])
def test_duties_are_verbatim(text, source, quote):
    assert quote in text, source


def test_questions_by_key_or_name_and_their_fit():
    assert experts.parse_question("终止应急响应") == "level.end" and experts.parse_question("risk") == "risk"
    with pytest.raises(ValueError, match="未知的评估事项"):
        experts.parse_question("开会")
    assert experts.fits_level_change("level.raise", "raise", edition="2021") and not experts.fits_level_change("level.raise", "start", edition="2021")
    assert experts.fits_warning("warning.lift", "lift", edition="2021") and not experts.fits_warning("level.start", "issue", edition="2021")
