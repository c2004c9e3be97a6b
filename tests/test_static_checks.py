"""Lint (ruff: pyflakes, pycodestyle, import order, bugbear, needless noqa) of the whole package but the generated
code (ui/forms), and types (mypy), with the settings in pyproject.toml; part of the suite, so CI runs them."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ["wzcommand/plan", "wzcommand/services", "wzcommand/reports", "wzcommand/storage", "wzcommand/printing"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff():
    result = run("ruff", "check", "--no-fix", *CORE, "wzcommand/cli", "wzcommand/ui")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy():
    result = run("mypy", *CORE, "wzcommand/cli", "wzcommand/ui")
    assert result.returncode == 0, result.stdout + result.stderr
