"""The Qt binding must not leak references: PySide6 6.12.0 on Python 3.11 drops a reference to
None on every call that returns nothing, and an idle window aborts after a few hours."""
import sys


def test_calls_returning_nothing_keep_none_alive(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("值班")
        qapp.processEvents()
    assert sys.getrefcount(None) >= before - 50, "this PySide6 release leaks references to None"
