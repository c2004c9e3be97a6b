"""Build hook: compile forms/*.ui into the wheel (metadata lives in pyproject.toml)."""
import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithForms(build_py):
    def run(self):
        super().run()
        spec = importlib.util.spec_from_file_location("forms_build", HERE / "forms" / "build.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(Path(self.build_lib) / "wzcommand" / "ui" / "forms")


setup(cmdclass={"build_py": BuildPyWithForms})
