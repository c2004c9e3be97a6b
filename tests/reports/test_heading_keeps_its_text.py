"""A heading never ends a page, even when the paragraph after it may not split where the page ends
(seen on a 进程报告: “五、下一步工作” alone at the foot of page 2, its three-line text on page 3)."""
from __future__ import annotations

from wzcommand.reports.layout import BLOCK_W, CHAR_PITCH, PITCH, GridGroup, GridText


def test_a_heading_goes_over_with_its_paragraph_when_that_cannot_split_there(fonts):
    heading = GridText("五、下一步工作", fonts.name("hei"), first_indent=2 * CHAR_PITCH, keep_with_next=True)
    text = GridText("经" * 60, fonts.name("body"), first_indent=2 * CHAR_PITCH)
    assert len(text.lines(BLOCK_W)) == 3
    # room for the heading and two lines: the paragraph would leave its last line alone, so it does not split
    assert text.split(BLOCK_W, 2 * PITCH) == []
    group = GridGroup([heading, text], keep=1, min_after=2)
    assert group.split(BLOCK_W, 3 * PITCH) == []  # the whole group goes to the next page
    # with room for the heading and the whole paragraph but not what follows, it stays
    more = GridGroup([heading, text, GridText("特此报告。", fonts.name("body"), first_indent=2 * CHAR_PITCH)],
                     keep=1, min_after=2)
    first, rest = more.split(BLOCK_W, 4 * PITCH)
    assert first.items[:2] == [heading, text] and len(rest.items) == 1
