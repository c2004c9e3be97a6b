"""A command builds only its own group's parser (cli.build_parser(argv)); it must parse every
command exactly as the whole parser does, and `--help` still lists every command."""
import argparse
import subprocess
import sys

import pytest

from wzcommand import cli
from wzcommand.cli.parsing import CliError, common_parent


def registered(group) -> set[str]:
    sub = argparse.ArgumentParser().add_subparsers()
    group.register(sub, common_parent())
    return set(sub.choices)


def test_the_command_map_is_what_each_group_registers():
    groups = cli._groups()
    assert tuple(g.__name__.rpartition(".")[2] for g in groups) == cli.GROUPS  # --help's order
    mapped = {name: g.__name__.rpartition(".")[2] for g in groups for name in registered(g)}
    assert mapped == cli.COMMANDS


ARGVS = [
    ["people", "set", "市长", "--name", "张明", "--mobile", "13800000000", "--db", "x.sqlite3"],
    ["--db", "x.sqlite3", "--json", "level", "set", "III", "--by", "市政府", "--basis", "评估"],
    ["task", "add", "--help"], ["level"], ["people", "set"], ["event", "list", "--json", "--frobnicate"],
    ["report", "first", "--event", "units"], ["deadlines", "--event", "abc"], ["units", "--db"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a))
def test_a_command_parses_as_with_the_whole_parser(argv, capsys):
    def parse(parser):
        try:
            return vars(parser.parse_args(argv))
        except CliError as exc:
            return str(exc)
        except SystemExit as exc:  # --help
            return exc.code, capsys.readouterr().out

    whole, own = parse(cli.build_parser()), parse(cli.build_parser(argv))
    assert own == whole


def test_help_and_unknown_commands_still_list_every_command():
    proc = subprocess.run([sys.executable, "-m", "wzcommand", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and all(name in proc.stdout for name in cli.COMMANDS)
    proc = subprocess.run([sys.executable, "-m", "wzcommand", "levle", "show"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr and "paper-kit" in proc.stderr


def test_a_write_command_loads_no_other_group(tmp_path):
    code = ("import sys; from wzcommand.cli import main; status = main(sys.argv[1:]); "
            "print(sorted(m for m in sys.modules if m.startswith('wzcommand.')))")
    for mobile in ("13800000000", "13800000001"):  # the first creates the file (migrations map every table)
        proc = subprocess.run([sys.executable, "-c", code, "people", "set", "市长", "--name", "张明", "--mobile",
                               mobile, "--db", str(tmp_path / "w.sqlite3")], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
    modules = set(eval(proc.stdout.strip().splitlines()[-1]))
    loaded = {m.rpartition(".")[2] for m in modules if m.startswith("wzcommand.cli.")}
    assert "people" in loaded and not loaded & (set(cli.GROUPS) - {"people"})
    # nor the tables it does not touch (events, levels, schedule, field registers…): mapped on first use
    assert "wzcommand.storage.models" in modules
    assert not modules & {f"wzcommand.storage.{m}" for m in ("event_models", "command_models", "field_models")}
