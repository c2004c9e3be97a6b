"""Main window: title, navigation, shortcuts, status bar, export; starting the program."""
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from wzcommand import app as app_module
from wzcommand.settings import Settings
from wzcommand.ui.panels.command_panel import CommandPanel
from wzcommand.ui.panels.duties_panel import DutiesPanel
from wzcommand.ui.panels.groups_panel import GroupsPanel
from wzcommand.ui.panels.levels_history_panel import LevelsHistoryPanel
from wzcommand.ui.panels.people_panel import PeoplePanel
from wzcommand.ui.panels.roster_panel import RosterPanel

ROOT = Path(__file__).resolve().parents[2]


def test_title_and_navigation_entries(main_window):
    assert main_window.windowTitle() == "温州市突发公共卫生事件应急指挥部 — t.sqlite3"  # the database's name last
    nav = main_window.nav
    entries = [nav.item(i).text() for i in range(nav.count())]
    assert entries[:6] == ["指挥体系", "成员单位", "职责清单", "工作组", "职务人员", "响应记录"]
    assert {"备份", "账户"} <= set(entries)
    assert isinstance(main_window.stack.currentWidget(), CommandPanel)


def test_clicking_navigation_switches_panel(qtbot, main_window):
    nav = main_window.nav
    for row, kind in ((2, DutiesPanel), (3, GroupsPanel), (1, RosterPanel), (4, PeoplePanel),
                      (5, LevelsHistoryPanel), (0, CommandPanel)):
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert isinstance(main_window.stack.currentWidget(), kind)
        assert main_window.stack.currentWidget().isVisible()


def test_ctrl_number_switches_panel_and_ctrl_f_focuses_search(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_title() == "职责清单"
    qtbot.keyClick(main_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_title() == "工作组"
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_title() == "指挥体系"
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_title() == "成员单位"
    assert main_window.panels["成员单位"].ui.searchEdit.hasFocus()


def test_menu_shortcuts(main_window):
    assert main_window.menuBar().actions()[0].text() == "文件(&F)"
    shortcuts = {a.text(): a.shortcut() for a in main_window.menuBar().actions()[0].menu().actions() if a.text()}
    assert shortcuts["导入通讯录(&I)…"] == QKeySequence("Ctrl+I")
    assert shortcuts["导出通讯录(&E)…"] == QKeySequence("Ctrl+E")
    assert shortcuts["退出(&X)"] == QKeySequence("Ctrl+Q")
    assert "设置(&S)…" in shortcuts


def test_status_bar_shows_the_state_and_the_title_the_database(main_window, db):
    texts = [label.text() for label in main_window.statusBar().findChildren(QLabel)]
    assert "未启动应急响应" in texts
    assert main_window.windowTitle().endswith(f" — {db.path.name}")


def test_export_writes_the_chosen_file_in_background(qtbot, main_window, tmp_path, monkeypatch):
    target = tmp_path / "通讯录"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV UTF-8 (*.csv)"))
    main_window.export_action.trigger()
    qtbot.waitUntil(lambda: "已导出" in main_window.statusBar().currentMessage(), timeout=5000)
    written = tmp_path / "通讯录.csv"  # the chosen format's extension is added
    assert written.read_text(encoding="utf-8-sig").splitlines()[0].startswith("单位名称,联络员")
    assert "已导出 77 个单位" in main_window.statusBar().currentMessage()
    assert main_window.export_action.isEnabled()


def test_export_failure_is_shown(qtbot, main_window, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append((title, text)))
    missing = tmp_path / "没有这个文件夹" / "x.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    main_window.export_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    assert warnings[0][0] == "导出失败"
    assert not missing.exists()


def test_settings_dialog_saves_operator_used_for_edits(qtbot, ui_context, tmp_path, monkeypatch):
    from wzcommand.settings import load_settings
    from wzcommand.ui.dialogs.settings_dialog import SettingsDialog

    monkeypatch.setenv("WZCOMMAND_DATA_DIR", str(tmp_path))
    dialog = SettingsDialog(ui_context)
    qtbot.addWidget(dialog)
    dialog.ui.operatorEdit.setText("王科长")
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    assert load_settings().operator == "王科长"
    assert ui_context.operator() == "王科长"


def test_database_location_precedence(tmp_path):
    saved = Settings(db_path=str(tmp_path / "saved.sqlite3"))
    assert app_module.database_location(saved, db_url="postgresql://x/y") == {"url": "postgresql://x/y"}
    assert app_module.database_location(saved, db_path="a.sqlite3") == {"path": "a.sqlite3"}
    assert app_module.database_location(saved) == {"path": saved.db_path}
    assert app_module.database_location(Settings())["path"].name == "wzcommand.sqlite3"


def test_run_gui_reports_a_bad_database_and_returns_2(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text)))
    assert app_module.run_gui(db_path=str(tmp_path)) == 2  # a folder, not a database file
    assert shown and shown[0][0] == "无法打开数据库"
    assert "文件夹" in shown[0][1] and "Traceback" not in shown[0][1]


def test_run_gui_opens_the_window(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own; restored after
    seen = []

    def fake_exec(self):
        seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        for widget in QApplication.topLevelWidgets():
            widget.close()
        return 0

    monkeypatch.setattr(type(qapp), "exec", fake_exec)
    assert app_module.run_gui(db_path=str(tmp_path / "w.sqlite3")) == 0
    assert "温州市突发公共卫生事件应急指挥部 — w.sqlite3" in seen
    assert (tmp_path / "w.sqlite3").exists()


COLD_START = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from wzcommand.settings import Settings
from wzcommand.storage.database import open_database
from wzcommand.ui.bus import ChangeBus, UiContext
from wzcommand.ui.main_window import MainWindow
window = MainWindow(UiContext(open_database(sys.argv[1]), ChangeBus(), Settings()))
window.show()
app.processEvents()
heavy = ("pyqtgraph", "reportlab", "openpyxl", "pypinyin")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def test_heavy_modules_are_not_imported_at_start(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WZCOMMAND_DATA_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", COLD_START, str(tmp_path / "c.sqlite3")], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


SHOW_ARCHIVE = COLD_START.replace("app.processEvents()\n", """app.processEvents()
from wzcommand.ui.main_window import PANELS
window.show_panel([title for title, _ in PANELS].index("报告档案"))
app.processEvents()
assert window.panels["报告档案"].model.rowCount() == 1
""")


def test_the_report_archive_lists_and_previews_without_loading_reportlab(tmp_path):
    """Reading the archive (the list, a stored PDF) renders nothing: reportlab waits for an export or a
    correction (ten years of reports opened in 0.4 s less)."""
    from datetime import timedelta

    from doc_support import ensure_signer

    from wzcommand import clock
    from wzcommand.services import events, reports
    from wzcommand.storage.database import open_database

    path = tmp_path / "c.sqlite3"
    db = open_database(path)
    ensure_signer(db)
    event = events.register_event(db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=clock.now() - timedelta(hours=3), received_at=clock.now() - timedelta(hours=2), grade="较大",
        counts={"ill": 23}), "值班员")
    reports.issue_report(db, reports.draft_first(db, event.id), "值班员")
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WZCOMMAND_DATA_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SHOW_ARCHIVE, str(path)], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_panels_are_built_when_first_shown(qtbot, ui_context):
    """Start-up pays only for the panel on screen; the others are built on first show."""
    from wzcommand.ui.main_window import PANELS, MainWindow

    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    first = PANELS[0][0]
    assert window.panels.built()[0] == first and len(window.panels.built()) < len(PANELS)
    window.show_panel(len(PANELS) - 1)
    last = PANELS[-1][0]
    assert last in window.panels.built()
    assert window.stack.currentWidget() is window.panels[last]
    assert window.current_title() == last


SHOW_SCHEDULE = COLD_START.replace("app.processEvents()\n", """app.processEvents()
from wzcommand.ui.main_window import PANELS
window.show_panel([title for title, _ in PANELS].index("日程"))
app.processEvents()
assert window.panels["日程"].day_model.rowCount() >= 0
""")


def test_the_schedule_shows_without_loading_reportlab(tmp_path):
    """The schedule's risk-map links read what was issued; the page itself is drawn only when printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WZCOMMAND_DATA_DIR": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SHOW_SCHEDULE, str(tmp_path / "c.sqlite3")], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert "reportlab" not in json.loads(out.strip().splitlines()[-1])
