"""Shared helpers for the command-line tests."""
import shutil

import pytest

from wzcommand.cli import main


@pytest.fixture
def run(capsys):
    """Run `wzcommand ARGS` in-process: (exit status, stdout, stderr)."""
    def run_(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run_


@pytest.fixture
def dbfile(tmp_path, sqlite_template):
    """A ready database file (a copy of the session's migrated template: `init` on it is a no-op)."""
    path = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return str(path)
