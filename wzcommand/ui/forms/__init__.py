"""Forms compiled from forms/*.ui by forms/build.py; the ui_*.py files are generated, not edited."""
