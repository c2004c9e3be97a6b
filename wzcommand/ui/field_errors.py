"""Messages shown next to form fields, keyed like a service's ValidationError.fields."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from ..services.errors import ServiceError, ValidationError
from .bus import ERROR_STYLE, attempt_read


def error_label(parent: QWidget, key: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"{key}Error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """`labels` maps a field key to the red label under its field; `shown` tells what a field says.

    `reword` may rephrase a refusal's messages for this form before they are shown; `placed` is
    told which fields got a message (in order), e.g. to put the cursor in the first."""

    def __init__(self, labels: dict[str, QLabel], fallback: QLabel | None = None, *,
                 reword: Callable[[dict[str, str]], dict[str, str]] | None = None,
                 placed: Callable[[list[str]], None] | None = None):
        self.labels = labels
        self.fallback = fallback  # messages for fields without a label of their own
        self.reword = reword
        self.placed = placed
        for label in (*labels.values(), *([fallback] if fallback else [])):
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()

    def clear(self) -> None:
        for label in (*self.labels.values(), *([self.fallback] if self.fallback else [])):
            label.clear()
            label.hide()

    def show(self, fields: dict[str, str], strip: dict[str, str] | None = None) -> list[str]:
        """Show each message by its field; return the keys shown next to a field (in the given order)."""
        self.clear()
        placed, rest = [], []
        for key, message in fields.items():
            prefix = (strip or {}).get(key, "")
            text = message[len(prefix):] if prefix and message.startswith(prefix) else message
            label = self.labels.get(key)
            if label is not None:
                label.setText(text)
                label.show()
                placed.append(key)
            else:
                rest.append(message)
        if rest and self.fallback is not None:
            self.fallback.setText("；".join(rest))
            self.fallback.show()
        return placed

    def refuse(self, exc: ServiceError) -> None:
        """Show a refusal: a ValidationError's messages by field, any other in the fallback label."""
        if isinstance(exc, ValidationError):
            shown = self.show(self.reword(dict(exc.fields)) if self.reword else exc.fields)
            if shown and self.placed:
                self.placed(shown)
        else:
            self.show({"": exc.message})

    def attempt(self, fn, /, *args, **kwargs) -> tuple[bool, object]:
        """Call a service that announces nothing; on refusal show its messages here (ui/bus.attempt_read).

        Returns (True, result), or (False, None) once the refusal is shown."""
        self.clear()
        return attempt_read(self, fn, *args, **kwargs)

    def message(self, key: str) -> str:
        label = self.labels.get(key)
        return label.text() if label is not None and not label.isHidden() else ""
