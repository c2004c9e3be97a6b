"""The process's start-up: Python's cyclic garbage collector waits until the program has loaded.

Importing PySide6, SQLAlchemy, the models and the services allocates hundreds of thousands of
objects that live as long as the process; the collector would walk them again and again while
they load (about 15 % of a command's start). The process's own entry points (the ``wzcommand``
script, ``python -m wzcommand``) call :func:`begin`; once the database is open (the command line)
or the window's data is in (the window), :func:`loaded` freezes what was loaded — the collector no
longer walks it — and turns the collector on again. Code that calls ``cli.main`` in a running
process (the tests) never turns it off, so :func:`loaded` then does nothing.
"""
from __future__ import annotations

import gc

_starting = False


def begin() -> None:
    global _starting
    _starting = True
    gc.disable()


def loaded() -> None:
    global _starting
    if _starting:
        _starting = False
        gc.freeze()
        gc.enable()
