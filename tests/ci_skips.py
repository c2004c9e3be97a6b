"""On CI (CI set), a skipped test fails: the test command installs every prerequisite there
(fonts, poppler, PyInstaller, the shared gazette text), so a skip means something checked nothing.

Loaded by tests/conftest.py (``pytest_plugins``)."""
from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where the test command installs every prerequisite: {reason}"
