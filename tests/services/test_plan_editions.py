"""Every rule follows the plan edition the database records, never a built-in default.

A second, made-up edition ("2099") differs from 2021 in three places a user sees: the title of the
public-health plan, the name of Ⅳ, and the body that decides to start Ⅳ. A database recording
2099 gets 2099's words and procedure through the services and the command line; one recording
2021 keeps 2021's."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from level_support import complete

from wzcommand.plan import data_files, posts, sources
from wzcommand.plan import levels as rules
from wzcommand.plan.edition import load_edition
from wzcommand.services import levels
from wzcommand.services.levels import RefusedError, SwitchRequest
from wzcommand.storage.models import AppMeta

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = T0 + timedelta(days=1)
TITLE_2099 = "温州市突发公共卫生事件应急预案（2099年修订）"
IV_2099 = "Ⅳ级应急响应（2099年版）"
DECIDER_2099 = "市突发公共卫生事件应急指挥部"


def _clear_caches():
    for cached in (rules._load, sources._book, posts._posts, load_edition):
        cached.cache_clear()


@pytest.fixture
def edition_2099(tmp_path, monkeypatch):
    """The package's editions plus a made-up 2099, in a folder the plan loaders read."""
    folder = tmp_path / "plan-data"
    folder.mkdir()
    for entry in data_files.data_dir().iterdir():
        if entry.name.endswith(".json"):
            (folder / entry.name).write_bytes(entry.read_bytes())
    plan = json.loads((folder / "plan_2021.json").read_text(encoding="utf-8"))
    plan["edition"] = "2099"
    (folder / "plan_2099.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    book = json.loads((folder / "levels_2021.json").read_text(encoding="utf-8"))
    book["edition"] = "2099"
    book["plans"]["phe"] = TITLE_2099
    book["levels"]["IV"]["display_name"] = IV_2099
    start = book["levels"]["IV"]["start"]["public_health"]
    start["decider"], start["deciders"] = DECIDER_2099, [DECIDER_2099]
    (folder / "levels_2099.json").write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(data_files, "data_dir", lambda: folder)
    _clear_caches()
    yield "2099"
    _clear_caches()


def record_edition(db, edition):
    with db.write() as session:
        session.get(AppMeta, "plan_edition").value = edition


def request(**kw):
    return SwitchRequest(target="IV", decided_at=T0, decided_by="", basis="专家评估后建议启动", **kw)


def test_a_database_recording_another_edition_gets_its_words_and_procedure(db, edition_2099):
    record_edition(db, edition_2099)
    assert levels.current_state(db).edition == "2099"
    wrong = complete(db, request())
    wrong.decided_by = "市卫生健康主管部门"  # who decides under 2021, not under 2099
    with pytest.raises(RefusedError) as refused:
        levels.switch_level(db, wrong, "主任甲", now=NOW)
    assert f"此项调整应由{DECIDER_2099}决定（《{TITLE_2099}》6.1.4" in refused.value.message
    preview = levels.preview_switch(db, complete(db, request()), now=NOW)
    assert preview.title == f"启动：未启动应急响应 → {IV_2099}" and preview.rule.deciders == (DECIDER_2099,)
    decision = levels.switch_level(db, complete(db, request()), "主任甲", now=NOW)
    assert decision.decided_by == DECIDER_2099 and decision.edition == "2099"
    assert levels.command_view(db).display_name == IV_2099
    assert [d.edition for d in levels.history(db)] == ["2099"]


@pytest.mark.sqlite_only  # the command line is given the file
def test_the_command_line_speaks_the_recorded_edition(db, edition_2099, capsys):
    from wzcommand.cli import main

    record_edition(db, edition_2099)
    levels.switch_level(db, complete(db, request()), "主任甲", now=NOW)
    db.close()
    assert main(["--db", str(db.path), "level", "history"]) == 0
    assert f"未启动应急响应→{IV_2099}" in capsys.readouterr().out
    assert main(["--db", str(db.path), "level", "show"]) == 0
    assert f"当前状态：{IV_2099}" in capsys.readouterr().out


def test_a_database_recording_2021_keeps_2021(db, edition_2099):
    """The made-up edition is on offer, but this database records 2021: nothing of 2099 shows."""
    decision = levels.switch_level(db, complete(db, request()), "主任甲", now=NOW)
    assert decision.decided_by == "市卫生健康主管部门" and decision.edition == "2021"
    assert levels.command_view(db).display_name == "Ⅳ级应急响应"


def test_no_rule_falls_back_to_an_edition():
    """Called without the edition, a rule refuses instead of assuming 2021."""
    from wzcommand.plan import transitions

    for call in (lambda: rules.load_levels(), lambda: rules.display_name("IV"), lambda: rules.structure_at("IV"),
                 lambda: rules.cadence_at("IV"), lambda: transitions.decision_rule("none", "IV"),
                 lambda: transitions.transition_kind("none", "IV"), lambda: posts.register_slots(),
                 lambda: load_edition()):
        with pytest.raises(TypeError):
            call()


def test_the_county_board_speaks_the_recorded_edition(db, edition_2099):
    from wzcommand.services import counties

    record_edition(db, edition_2099)
    counties.record_county(db, "鹿城区", T0, "鹿城区政府", "县级启动", "主任甲", level="IV", now=NOW)
    board = counties.county_board(db)
    assert board.edition == "2099" and counties.started_text(board) == f"已启动：鹿城区{IV_2099}"


def test_the_plans_titles_come_from_the_recorded_edition(db, edition_2099):
    """The plan's title has one source, the edition's data: previews, the command view and the plan
    names a user may type all say 2099's title."""
    record_edition(db, edition_2099)
    preview = levels.preview_switch(db, complete(db, request()), now=NOW)
    assert f"所依预案：《{TITLE_2099}》" in preview.notes
    levels.switch_level(db, complete(db, request()), "主任甲", now=NOW)
    assert levels.command_view(db).plan_name == TITLE_2099
    assert rules.parse_plan(f"《{TITLE_2099}》", edition="2099") == "public_health"
    with pytest.raises(TypeError):
        rules.plan_name("public_health")  # no edition, no title


def test_rules_coded_for_one_edition_refuse_a_database_recording_another(db, edition_2099):
    """Warning, grading, reporting limits, counties and experts are code quoting 2021; an edition's data
    says whose rules it uses. 2099 as made here reuses them; one that does not is refused, not given 2021's."""
    from wzcommand.plan import counties, deadlines, experts, grading, warning

    from wzcommand.services import events

    record_edition(db, edition_2099)
    assert warning.suggest_warning(situations=["yellow-1"], edition="2099").warning == "yellow"
    events.register_event(db, events.EventInput(name="某校诺如病毒感染聚集性疫情", category="infectious",
                                                district="鹿城区", occurred_at=T0, received_at=T0), "甲", now=NOW)
    book_file = data_files.data_dir() / "levels_2099.json"
    book = json.loads(book_file.read_text(encoding="utf-8"))
    book["coded_rules"] = "2099"
    book_file.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    _clear_caches()
    facts = deadlines.ReportFacts(grade="较大", occurred_at=T0, received_at=T0)
    for call in (lambda: warning.suggest_warning(situations=["yellow-1"], edition="2099"),
                 lambda: grading.suggest_grade({"cholera_city_week_cases": 1}, edition="2099"),
                 lambda: deadlines.all_clocks(facts, edition="2099"),
                 lambda: counties.warning_flag("orange", "yellow", edition="2099"),
                 lambda: experts.fits_warning("warning.issue", "issue", edition="2099")):
        with pytest.raises(ValueError, match="尚未收录2099年版"):
            call()
    with pytest.raises(ValueError, match="尚未收录2099年版"):
        from wzcommand.services import deadlines as deadline_service

        deadline_service.event_clocks(db)
