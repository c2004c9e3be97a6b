"""The Qt binding must not leak references: PySide6 6.12.0 on Python 3.11 drops a reference to
None on every call that returns nothing, and an idle window aborts after a few hours.

The check holds on every Python the package allows (requires-python >= 3.11). Where None is an
ordinary object (3.11) its reference count must not fall across a few thousand such calls. Where
the interpreter makes None immortal (3.12 and later) a dropped reference cannot bring it to zero,
and the test proves that instead of measuring nothing: a reference taken away by hand leaves the
count unmoved."""
import ctypes
import sys

CALLS = 2000


def none_is_immortal() -> bool:
    """Whether releasing a reference to None changes nothing (True on 3.12+, False on 3.11)."""
    handle = ctypes.py_object(None)
    before = sys.getrefcount(None)
    ctypes.pythonapi.Py_DecRef(handle)
    dropped = before - sys.getrefcount(None)
    ctypes.pythonapi.Py_IncRef(handle)
    return dropped == 0


def test_calls_returning_nothing_keep_none_alive(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("值班")
        qapp.processEvents()
    after = sys.getrefcount(None)
    if none_is_immortal():
        assert after == before, "None is immortal, yet its reference count moved"
    else:
        assert after >= before - 50, f"this PySide6 release leaks references to None ({before - after} in {CALLS} calls)"


def test_the_probe_sees_a_dropped_reference_where_none_is_mortal():
    """The measurement above is not blind: on an interpreter where None is mortal, one reference
    taken away shows as exactly one."""
    immortal = none_is_immortal()
    assert immortal == (sys.version_info >= (3, 12))
