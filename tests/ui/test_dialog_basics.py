"""Qt's own dialogs speak Chinese; file dialogs start in the documents folder and remember the
last folder per kind of file."""
import re
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from wzcommand import app as app_module
from wzcommand.ui import folders


@pytest.mark.parametrize("start", ["run_gui", "run_board"])
def test_the_program_starts_with_qt_own_texts_in_chinese(qapp, tmp_path, start):
    """Started as the office starts it, the program's first message box (a database that cannot be
    opened) has Qt's standard button in Chinese, and Qt's file dialog speaks Chinese too."""
    from PySide6.QtCore import QTimer, QTranslator

    earlier = qapp.findChildren(QTranslator)  # another test may have started the program already
    for translator in earlier:
        qapp.removeTranslator(translator)
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, answer)
            return
        seen["buttons"] = [button.text() for button in box.buttons()]
        seen["file name"] = QCoreApplication.translate("QFileDialog", "File &name:")
        files = QFileDialog()
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        seen["file dialog"] = [label.text() for label in files.findChildren(QLabel)]
        files.deleteLater()
        box.buttons()[0].click()

    QTimer.singleShot(0, answer)
    try:
        assert getattr(app_module, start)(db_path=str(tmp_path)) == app_module.EXIT_DB_ERROR  # a folder
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - set(earlier):
            qapp.removeTranslator(translator)
        for translator in earlier:
            qapp.installTranslator(translator)
    assert seen["buttons"] == ["确定"]
    assert seen["file name"] == "文件名称(&N)："
    english = [text for text in seen["file dialog"] if re.search(r"[A-Za-z]{2,}", text)]
    assert seen["file dialog"] and english == []  # under Xvfb: "&Look in:", "Files of &type:"


def test_file_dialogs_start_in_documents_then_remember_the_folder_per_kind(qtbot, main_window, tmp_path, monkeypatch):
    starts = []
    chosen = tmp_path / "导出" / "通讯录.csv"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: starts.append(start) or ("", ""))
    main_window.export_contacts()
    assert Path(starts[0]).parent == folders.documents()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: starts.append(start) or (str(chosen), "CSV UTF-8 (*.csv)"))
    task = main_window.export_contacts()
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    main_window.export_contacts()
    assert Path(starts[2]).parent == chosen.parent  # remembered for 通讯录
    assert folders.start_folder(folders.REPORT) == folders.documents()  # other kinds keep their own
