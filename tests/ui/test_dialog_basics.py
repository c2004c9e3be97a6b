"""Qt's own dialogs speak Chinese; file dialogs start in the documents folder and remember the
last folder per kind of file."""
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from wzcommand import app as app_module
from wzcommand.ui import folders


def test_qt_standard_texts_are_chinese(qapp):
    from PySide6.QtCore import QTranslator

    before = set(qapp.findChildren(QTranslator))
    app_module._install_translations(qapp)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QFileDialog", "File &name:") != "File &name:"
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)


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
