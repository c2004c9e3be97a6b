"""On CI a skipped test fails; elsewhere it is reported as skipped."""
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def run(tmp_path, ci: bool):
    (tmp_path / "test_needs_fonts.py").write_text(
        "import pytest\n\n\ndef test_report_fonts():\n    pytest.skip('no Chinese TrueType fonts on this machine')\n\n\n"
        "def test_something_real():\n    assert True\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    env["PYTHONPATH"] = str(TESTS)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "ci_skips", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_skip_fails_on_ci(tmp_path):
    result = run(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "skipped on CI, where the test command installs every prerequisite: no Chinese TrueType fonts" \
        in result.stdout


def test_a_skip_is_only_a_skip_elsewhere(tmp_path):
    result = run(tmp_path, ci=False)
    assert result.returncode == 0 and "1 passed, 1 skipped" in result.stdout, result.stdout
