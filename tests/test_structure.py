"""The import rule of architecture.md, for every module: import-linter contracts in pyproject.toml.

One test runs `lint-imports` on the package; another plants one leak per contract in a copy of
the package and checks that each contract reports its own leak (the check can fail)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
        "--no-cache", "--no-logo"]

# (file under wzcommand/, the line planted, the contract that must catch it, what its report names)
LEAKS = [
    ("plan/levels.py", "import sqlalchemy", "plan/ is data and pure rules: no Qt, no SQLAlchemy",
     "wzcommand.plan.levels -> sqlalchemy"),
    ("storage/numbering.py", "from PySide6 import QtCore", "services/, reports/ and storage/ import no Qt",
     "wzcommand.storage.numbering -> PySide6"),
    ("reports/blocks.py", "from sqlalchemy import select", "reports/ take plain data: no SQLAlchemy",
     "wzcommand.reports.blocks -> sqlalchemy"),
    ("ui/quotes.py", "from ..storage import models", "ui/ does not reach storage/ (it calls services)",
     "wzcommand.ui.quotes -> wzcommand.storage.models"),
    ("services/warnings.py", "from ..ui import bus",
     "Layers: entry points over ui over services over reports and storage over plan",
     "wzcommand.services.warnings -> wzcommand.ui.bus"),
    ("cli/levels.py", "from . import events",
     "Command line: each command group is independent and sits over the shared helpers",
     "wzcommand.cli.levels -> wzcommand.cli.events"),
    ("services/level_state.py", "from . import checklists",
     "No import cycles: among top-level packages, nor among the modules of any package",
     ".level_state -> .checklists"),
]


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(LINT, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_import_contracts_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_each_contract_catches_its_leak(tmp_path):
    shutil.copytree(ROOT / "wzcommand", tmp_path / "wzcommand", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for file, line, _, _ in LEAKS:
        with open(tmp_path / "wzcommand" / file, "a", encoding="utf-8") as f:
            f.write(f"\n{line}  # planted by tests/test_structure.py\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[1]
    names = [contract for _, _, contract, _ in LEAKS]
    assert f"Contracts: 0 kept, {len(set(names))} broken." in result.stdout
    for _, _, contract, shown in LEAKS:
        section = broken.split(f"\n{contract}\n", 1)[1]
        section = min((section.split(f"\n{other}\n", 1)[0] for other in names if other != contract), key=len)
        assert shown in section, (contract, section)


def test_widgets_leave_refusals_to_the_bus():
    """A refusal shows the same way in every panel and dialog (ui/bus.py: attempt, attempt_read, refuse):
    no widget catches ServiceError itself."""
    catching = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "wzcommand" / "ui").rglob("*.py"))
                if p.name != "bus.py" and re.search(r"except\b[^:\n]*ServiceError", p.read_text(encoding="utf-8"))]
    assert catching == []
