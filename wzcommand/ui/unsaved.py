"""Unsaved changes are never thrown away silently: 保存 / 不保存 / 取消 before a form is left.

A widget with a form takes part by having three methods:
- ``has_unsaved() -> bool``: the form differs from what is stored;
- ``save_unsaved() -> bool``: save it (False if the save was refused; the form shows why);
- ``discard_unsaved()``: put the stored values back;
and optionally ``unsaved_what() -> str`` naming what is being edited.
`settle(widget)` asks before the form is left (Escape, another selection, another panel, quit)
and says whether leaving may go on.

Unattended (`unattended()`: a signal or the session manager closes the program, nobody may be
there to answer): nothing is asked. A report draft is kept as its autosave would keep it (the
widget has ``autosave``); any other form's unsaved changes are given up, and stderr names them.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QWidget

# The mixins below are mixed into QDialog subclasses; to the type checker they are dialogs already.
if TYPE_CHECKING:
    _DialogBase = QDialog
else:
    _DialogBase = object

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
TITLE = "尚未保存"
QUESTION = "{what}有尚未保存的修改。\n\n是否保存？"
SAVE_TEXT, DISCARD_TEXT, CANCEL_TEXT = "保存(&S)", "不保存(&N)", "取消"


def ask_box(parent: QWidget | None, what: str, can_save: bool = True) -> str:
    """SAVE, DISCARD or CANCEL (Escape and closing the box are CANCEL)."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, QUESTION.format(what=what or "当前表单"),
                      QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(SAVE_TEXT, QMessageBox.ButtonRole.AcceptRole) if can_save else None
    discard = box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(CANCEL_TEXT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save or cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save and save is not None else DISCARD if clicked is discard else CANCEL


ask = ask_box  # the tests' conftest answers it without a box unless a test clicks the real one
_unattended: list[bool] = []


@contextmanager
def unattended() -> Iterator[None]:
    """While inside, `settle` asks nobody (see the module's docstring)."""
    _unattended.append(True)
    try:
        yield
    finally:
        _unattended.pop()


def stop_asking() -> None:
    """From now on `settle` asks nobody: the program is closing on a signal or the session's end."""
    if not _unattended:
        _unattended.append(True)


def _settle_unattended(widget) -> bool:
    what = widget.unsaved_what() if hasattr(widget, "unsaved_what") else "当前表单"
    if hasattr(widget, "autosave") and widget.save_unsaved():
        return True  # the draft is kept, not issued
    print(f"wzcommand: closed without asking; unsaved changes not kept: {what}", file=sys.stderr, flush=True)
    widget.discard_unsaved()
    return True


def has_unsaved(widget) -> bool:
    check = getattr(widget, "has_unsaved", None)
    return bool(check and check())


def settle(widget, parent: QWidget | None = None) -> bool:
    """True if `widget`'s form may be left now (nothing unsaved, saved, or discarded)."""
    if not has_unsaved(widget):
        return True
    if _unattended:
        return _settle_unattended(widget)
    what = widget.unsaved_what() if hasattr(widget, "unsaved_what") else ""
    answer = ask(parent or (widget if isinstance(widget, QWidget) else None), what)
    if answer == SAVE:
        return bool(widget.save_unsaved())
    if answer == DISCARD:
        widget.discard_unsaved()
        return True
    return False


def form_state(root: QWidget) -> list[object]:
    """What the user can change in `root`'s form fields, to compare before and after."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QDateTimeEdit,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTextEdit,
    )

    state: list[object] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
            state.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            state.append(w.toPlainText())
        elif isinstance(w, QTextEdit) and not w.isReadOnly():
            state.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            state.append(w.currentText())
        elif isinstance(w, QDateTimeEdit):
            state.append(w.dateTime().toString())
        elif isinstance(w, QAbstractSpinBox):
            state.append(w.text())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            state.append(w.isChecked())
        elif isinstance(w, QListWidget):
            state.append([w.item(i).checkState() for i in range(w.count())])
    return state


TITLE_BAR = 40  # room left for the window manager's title bar


class _FirstChoice(QObject):
    """A 请选择… box's list, opened with nothing chosen, highlights its first choice: what Return
    picks and where Down moves from (Qt highlights nothing, yet Down moves on from the first)."""

    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        self._combo = combo
        combo.view().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        combo = self._combo
        if event.type() == QEvent.Type.Show and combo.currentIndex() < 0 and combo.count():
            combo.view().setCurrentIndex(combo.model().index(0, combo.modelColumn(), combo.rootModelIndex()))
        return False


def first_choices_visible(window: QWidget) -> None:
    for combo in window.findChildren(QComboBox):
        if combo.placeholderText() and not combo.findChildren(_FirstChoice):
            _FirstChoice(combo)


def fit_to_screen(window: QWidget) -> None:
    """A dialog never opens larger than the screen it is on (1024×700: its buttons stay reachable;
    its form scrolls or shrinks instead)."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width, height = min(window.width(), room.width()), min(window.height(), room.height() - TITLE_BAR)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
        window.move(room.x() + (room.width() - window.width()) // 2, room.y())


class FitsScreen(_DialogBase):
    """Mixin for a QDialog: it opens no larger than its screen (fit_to_screen on the first show)."""

    _fitted = False

    def showEvent(self, event) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self)
            first_choices_visible(self)
        super().showEvent(event)


class GuardedDialog(_DialogBase):
    """Mixin for a QDialog with a form: Escape, 取消 and the close button ask 保存 / 不保存 / 取消 when
    the form was changed since it was shown. `SAVE_SLOT` names the method that saves and closes."""

    SAVE_SLOT = "accept"
    _clean_state: list[object] | None = None

    def showEvent(self, event) -> None:
        if self._clean_state is None:
            self.mark_clean()
            fit_to_screen(self)
            first_choices_visible(self)
        super().showEvent(event)

    def mark_clean(self) -> None:
        self._clean_state = form_state(self)

    def has_unsaved(self) -> bool:
        return self._clean_state is not None and self.result() == 0 and form_state(self) != self._clean_state

    def unsaved_what(self) -> str:
        return f"“{self.windowTitle()}”"

    def save_unsaved(self) -> bool:
        getattr(self, self.SAVE_SLOT)()
        return not self.isVisible()

    def discard_unsaved(self) -> None:
        self._clean_state = None

    def reject(self) -> None:
        if not settle(self, self):
            return
        super().reject()
