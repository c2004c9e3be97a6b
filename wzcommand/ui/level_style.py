"""Colours of the response levels and warning colours, and the small "chip" labels that show them.

The usual Chinese emergency colours: Ⅳ blue, Ⅲ yellow, Ⅱ orange, Ⅰ red; no response / no warning grey.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from .. import clock

GREY = "#757575"
LEVEL_COLOURS = {"none": GREY, "IV": "#1565c0", "III": "#f9a825", "II": "#ef6c00", "I": "#c62828"}
WARNING_COLOURS = {"none": GREY, "blue": "#1565c0", "yellow": "#f9a825", "orange": "#ef6c00", "red": "#c62828"}
DARK_TEXT_ON = {"#f9a825"}  # yellow needs dark text to be readable


def chip_style(colour: str) -> str:
    """A filled, rounded label in `colour`; grey (nothing active) is plain grey text instead."""
    if colour == GREY:
        return f"color: {GREY}; padding: 1px 6px;"
    text = "#212121" if colour in DARK_TEXT_ON else "#ffffff"
    return (f"background-color: {colour}; color: {text}; font-weight: bold; "
            "border-radius: 3px; padding: 1px 6px;")


def restyle(label: QLabel, style: str) -> None:
    """Set `style` unless the label has it already: a style sheet set costs a polish of the label, and a
    level switch or a clock's tick mostly sets the one it has."""
    if label.styleSheet() != style:
        label.setStyleSheet(style)


def set_chip(label: QLabel, text: str, colour: str, tooltip: str = "") -> None:
    label.setText(text)
    restyle(label, chip_style(colour))
    label.setProperty("chipColour", colour)  # what tests and screen readers can ask for
    label.setToolTip(tooltip)


def since_text(moment, short: bool = False) -> str:
    """自 2026-11-30 13:31; `short` (the status bar, the full text in its tooltip): 自 13:31 today,
    自 11-28 on an earlier day this year."""
    if not moment:
        return ""
    when, today = clock.local(moment), clock.local(clock.now())
    if short and when.date() == today.date():
        return f"自 {when:%H:%M}"
    return f"自 {when:%m-%d}" if short and when.year == today.year else f"自 {when:%Y-%m-%d %H:%M}"
