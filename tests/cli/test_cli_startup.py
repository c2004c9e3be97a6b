"""A new process (`python -m wzcommand`, the `wzcommand` script) loads with Python's cyclic garbage
collector off and runs every command with it on again (wzcommand/startup.py)."""
import json
import subprocess
import sys

SPY = """
import gc, sys
from wzcommand import cli
from wzcommand.services import people, roster
seen = []
for module, name in ((roster, "list_units"), (people, "set_person")):
    def spy(*a, _orig=getattr(module, name), **k):
        seen.append(gc.isenabled())
        return _orig(*a, **k)
    setattr(module, name, spy)
status = cli.entry()
print("GC", seen, gc.isenabled(), file=sys.stderr)
raise SystemExit(status)
"""


def run(tmp_path, *words):
    proc = subprocess.run([sys.executable, "-c", SPY, *words, "--db", str(tmp_path / "s.sqlite3")], capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "WZCOMMAND_NO_QUICK": "1"})
    assert proc.returncode == 0, proc.stderr
    return proc


def test_commands_run_with_the_collector_on(tmp_path):
    proc = run(tmp_path, "people", "set", "市长", "--name", "张明", "--mobile", "13800000000")
    assert "GC [True] True" in proc.stderr
    proc = run(tmp_path, "units", "--json")
    assert "GC [True] True" in proc.stderr and json.loads(proc.stdout)


def test_calling_main_in_a_running_process_leaves_the_collector_alone(tmp_path, capsys):
    import gc

    from wzcommand import cli

    assert gc.isenabled()
    assert cli.main(["units", "--db", str(tmp_path / "t.sqlite3"), "--json"]) == 0
    assert gc.isenabled() and json.loads(capsys.readouterr().out)
