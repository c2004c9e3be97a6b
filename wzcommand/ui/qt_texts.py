"""Qt's own texts that the zh_CN translation shipped with this Qt lacks: the file dialog's labels
gained mnemonics (``&Look in:``, ``Files of &type:``) and the translation still has the old strings,
so the dialog showed them in English beside 文件名称(N)."""
from __future__ import annotations

from PySide6.QtCore import QTranslator

TEXTS = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


class MissingQtTexts(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        return TEXTS.get((context, source_text))  # None (a null text): not ours, Qt's translation answers

    def isEmpty(self) -> bool:
        return False
