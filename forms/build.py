"""Compile forms/*.ui into wzcommand/ui/forms/ui_*.py with pyside6-uic (only those that changed).

Run: python forms/build.py [--out DIR]. The package build (setup.py) and the dev script call it;
generated files are not committed.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

FORMS = Path(__file__).resolve().parent
DEFAULT_OUT = FORMS.parent / "wzcommand" / "ui" / "forms"
HEADER = "# Generated from forms/{name} by forms/build.py (pyside6-uic); do not edit. Regenerate: python forms/build.py\n"


def uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-uic")
    if exe:
        return [exe]
    import PySide6  # the uic binary ships inside the wheel

    base = Path(PySide6.__file__).parent
    for candidate in (base / "Qt" / "libexec" / "uic", base / "uic", base / "uic.exe"):
        if candidate.exists():
            return [str(candidate), "-g", "python"]
    raise SystemExit("pyside6-uic not found: install PySide6-Essentials")


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    init = out / "__init__.py"
    if not init.exists():
        init.write_text('"""Forms compiled from ../../../forms/*.ui; generated, not edited by hand."""\n')
    made = []
    for ui in sorted(FORMS.glob("*.ui")):
        target = out / f"ui_{ui.stem}.py"
        if target.exists() and target.stat().st_mtime >= ui.stat().st_mtime:
            continue
        code = subprocess.run([*uic_command(), str(ui)], check=True, capture_output=True, text=True).stdout
        target.write_text(HEADER.format(name=ui.name) + code, encoding="utf-8")
        made.append(target)
    return made


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    for path in build(parser.parse_args().out):
        print(f"compiled {path}")
