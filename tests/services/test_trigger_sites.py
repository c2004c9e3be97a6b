"""预警触发地 in force (ari annex 三): a site warned with an earlier decision stays warned when the city adjusts its
own colour, and is flagged once it is below the city's ("预警触发地的预警级别须不低于全市预警级别") -- in the warning
service and on the county board."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from warning_support import STEPS

from wzcommand.plan import counties as county_rules
from wzcommand.services import counties, county_print, warnings

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=5)


def decide(db, colour, at, *sites):
    steps = replace(STEPS, trigger_sites=tuple(sites)) if colour != "none" else warnings.Procedure()
    return warnings.record_warning(db, colour, at, "市卫生健康委", "监测", "值班员", NOW, steps=steps)


def test_an_older_site_below_the_raised_city_colour_is_flagged_and_shown_on_the_county_board(db):
    decide(db, "yellow", T0, ("鹿城区", "orange"), ("瑞安市", "red"))
    sites = warnings.trigger_sites_in_force(db)
    assert [(s.county, s.colour, s.below_city) for s in sites] == [("鹿城区", "orange", False), ("瑞安市", "red", False)]
    decide(db, "red", T0 + timedelta(days=1))  # the city raises its colour; names no site
    sites = warnings.trigger_sites_in_force(db)
    assert [(s.county, s.colour, s.below_city, s.since) for s in sites] == [
        ("鹿城区", "orange", True, T0), ("瑞安市", "red", False, T0)]
    assert warnings.sites_text(sites) == "预警触发地：鹿城区橙色预警（低于全市红色预警，须调整）、瑞安市红色预警"
    board = counties.county_board(db, NOW)
    assert (board.row("鹿城区").trigger_site, board.row("瑞安市").trigger_site, board.row("永嘉县").trigger_site) == (
        "orange", "red", "")
    assert [f.text for f in board.row("鹿城区").flags] == ["预警触发地鹿城区橙色预警，低于全市红色预警"]
    assert board.row("瑞安市").flags == ()
    assert [(g.text(), g.quote) for g in counties.flag_groups(board)] == [
        ("预警触发地低于全市红色预警（1个）：鹿城区", "预警触发地的预警级别须不低于全市预警级别。")]
    assert {r["county"]: r["trigger_site"] for r in counties.board_json(board)}["鹿城区"] == "orange"
    assert county_rules.FLAG_TRIGGER in {f.kind for f in board.flags}
    printed = {line.county: line for line in county_print.board_lines(board)}
    assert (printed["鹿城区"].warning, printed["鹿城区"].flagged) == ("未报告（触发地橙色）", True)
    assert county_print.notes(board)[0][0] == "预警触发地低于全市红色预警：鹿城区（1个）。"


def test_a_later_decision_naming_the_site_replaces_it_and_lifting_ends_every_site(db):
    decide(db, "yellow", T0, ("鹿城区", "orange"))
    decide(db, "red", T0 + timedelta(days=1), ("鹿城区", "red"))
    assert [(s.county, s.colour, s.below_city) for s in warnings.trigger_sites_in_force(db)] == [("鹿城区", "red", False)]
    assert counties.county_board(db, NOW).flags == ()
    decide(db, "none", T0 + timedelta(days=2))
    assert warnings.trigger_sites_in_force(db) == ()
    decide(db, "blue", T0 + timedelta(days=3))
    assert warnings.trigger_sites_in_force(db) == () and counties.county_board(db, NOW).row("鹿城区").trigger_site == ""


def test_the_office_adjusts_a_flagged_site_alone_and_the_city_colour_keeps_its_start(db):
    decide(db, "yellow", T0, ("鹿城区", "orange"))
    raised = decide(db, "red", T0 + timedelta(days=1))
    fixed = decide(db, "red", T0 + timedelta(days=2), ("鹿城区", "red"))  # 调整预警触发地, the city stays red
    assert (fixed.action, fixed.colour) == ("adjust", "red")
    assert [(s.county, s.colour, s.below_city) for s in warnings.trigger_sites_in_force(db)] == [("鹿城区", "red", False)]
    state = warnings.warning_state(db)
    assert (state.colour, state.since, state.last) == ("red", raised.decided_at, fixed.decided_at)
    assert counties.county_board(db, NOW).flags == ()
