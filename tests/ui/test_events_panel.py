"""事件 panel: registering through the dialog (errors next to fields, nothing saved), the list and the
detail, updates kept as dated entries, phone reports stopping the phone clock, refusals, the menu."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from wzcommand import clock
from wzcommand.plan import deadlines as phone_rule
from wzcommand.services import deadlines, events
from wzcommand.ui.models.clock_model import DONE, NEAR_DUE, NORMAL, OVERDUE
from wzcommand.ui.models.event_model import COL_STATUS, HEADERS, EventRow, EventTableModel
from wzcommand.ui.panels.events_panel import EventsPanel

NOW = clock.now().replace(second=0, microsecond=0)


def register(db, **changes):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
                place="某小学", place_kind="学校", occurred_at=NOW - timedelta(hours=1),
                received_at=NOW - timedelta(minutes=20), grade="较大", reporting_unit="鹿城区疾病预防控制中心",
                counts={"ill": 23, "dead": 0})
    data.update(changes)
    return events.register_event(db, events.EventInput(**data), "值班员")


@pytest.fixture
def panel(qtbot, ui_context):
    widget = EventsPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1180, 740)
    return widget


def test_model_has_named_columns_and_status():
    model = EventTableModel()
    event = SimpleNamespace(id=3, name="某事件", category="food", disease="", district="龙湾区", grade="",
                            received_at=NOW, ended_at=NOW)
    model.set_rows([EventRow(event, 9, 1)])
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == list(HEADERS)
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "3", "某事件", "食物中毒", "龙湾区", "待研判", "9", "1", clock.local_text(NOW), "已结束"]
    assert HEADERS[COL_STATUS] == "状态"


def test_registering_with_a_bad_field_shows_it_there_and_saves_nothing(qtbot, panel, db, type_text):
    dialog = panel.register_event()
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    type_text(dialog.ui.nameEdit, "瓯海区某工厂疑似职业中毒事件")
    dialog.ui.districtCombo.setCurrentText("瓯海区")
    dialog.save_button.click()  # no category chosen
    assert dialog.isVisible()
    assert dialog.field_error("category") == "请选择事件类别"
    assert dialog.ui.categoryError.isVisible()
    assert dialog.ui.basicGrid.indexOf(dialog.ui.categoryError) >= 0  # in the form, under its field
    assert dialog.field_error("name") == ""
    assert events.list_events(db) == []

    dialog.ui.categoryCombo.setCurrentIndex(dialog.ui.categoryCombo.findData("occupational"))
    dialog.ui.illSpin.setValue(6)
    dialog.ui.hospitalisedSpin.setValue(6)
    dialog.ui.reporterPhoneEdit.setText("0577-86666666")
    dialog.save_button.click()
    assert not dialog.isVisible()
    [event] = events.list_events(db)
    assert (event.name, event.category, event.district) == ("瓯海区某工厂疑似职业中毒事件", "occupational", "瓯海区")
    assert events.count_history(db, event.id)[-1].hospitalised == 6
    assert events.count_history(db, event.id)[-1].severe is None  # 未填 stays unknown
    assert panel.model.rowCount() == 1 and panel.current.id == event.id
    assert panel.model.index(0, 1).data() == "瓯海区某工厂疑似职业中毒事件"
    assert "瓯海区某工厂疑似职业中毒事件" in panel.ui.infoBrowser.toPlainText()


def test_received_before_occurred_is_refused_next_to_the_field(qtbot, panel, db, type_text):
    dialog = panel.register_event()
    type_text(dialog.ui.nameEdit, "某事件")
    dialog.ui.categoryCombo.setCurrentIndex(0)
    dialog.ui.districtCombo.setCurrentIndex(0)
    dialog.ui.receivedAtEdit.setDateTime(dialog.ui.occurredAtEdit.dateTime().addSecs(-3600))
    dialog.save()
    assert dialog.field_error("received_at") == "接报时间不能早于发生时间"
    assert dialog.ui.receivedAtEdit.hasFocus() or not dialog.isActiveWindow()
    assert events.list_events(db) == []


def test_update_keeps_counts_and_grade_as_dated_entries(qtbot, panel, db):
    event = register(db)
    panel.reload()
    assert panel.select_event(event.id)
    dialog = panel.update_event()
    assert dialog.ui.updateBox.isVisible() and dialog.ui.illSpin.value() == 23
    dialog.ui.illSpin.setValue(31)
    dialog.ui.deadSpin.setValue(1)
    dialog.ui.gradeCombo.setCurrentIndex(dialog.ui.gradeCombo.findData("重大"))
    dialog.save_button.click()
    assert not dialog.isVisible()
    history = events.count_history(db, event.id)
    assert [(c.ill, c.dead) for c in history] == [(23, 0), (31, 1)]
    assert [g.grade for g in events.grade_history(db, event.id)] == ["较大", "重大"]
    assert [row[1:3] for row in panel.count_model.rows()] == [("23", "0"), ("31", "1")]
    assert [row[1] for row in panel.grade_model.rows()] == ["较大", "重大"]
    assert panel.model.index(panel.model.row_of(event.id), 5).data() == "31"


def test_a_count_entered_as_a_correction_is_kept_as_one(qtbot, panel, db):
    event = register(db)
    panel.reload()
    assert panel.select_event(event.id)
    dialog = panel.update_event()
    assert not dialog.ui.correctionCheck.isChecked()          # a new figure is news unless marked
    dialog.ui.illSpin.setValue(21)
    dialog.ui.correctionCheck.setChecked(True)
    dialog.save_button.click()
    assert [(c.ill, c.correction) for c in events.count_history(db, event.id)] == [(23, False), (21, True)]


def test_grading_aid_offers_a_grade_it_does_not_choose(qtbot, panel):
    dialog = panel.register_event()
    dialog.ui.categoryCombo.setCurrentIndex(dialog.ui.categoryCombo.findData("occupational"))
    dialog.ui.illSpin.setValue(60)
    aid = dialog.open_grading()
    assert aid.facts()["occupational_poisoning_cases"] == "60"
    aid.reject()
    qtbot.waitUntil(lambda: dialog.ui.gradeHint.isVisible())
    assert dialog.ui.gradeCombo.currentData() == ""  # still 待研判 until the user adopts it
    grade = max(aid.matched_grades(), key=["一般", "较大", "重大", "特别重大"].index)
    dialog.ui.gradeHint.linkActivated.emit(grade)
    assert dialog.ui.gradeCombo.currentData() == grade


def test_phone_report_stops_the_phone_clock(qtbot, panel, db):
    event = register(db)
    panel.reload()
    panel.select_event(event.id)
    states = {v.item.kind: v.state for v in panel.clock_model.views()}
    assert set(states) == {"phone", "written"} and states["phone"] in (NORMAL, NEAR_DUE)
    dialog = panel.log_phone_report()
    assert dialog.ui.ruleLabel.text() == f"预案5.2.3：“{phone_rule.PHONE_QUOTE}”"  # the plan's words, not a copy
    assert [dialog.ui.toWhomCombo.itemText(i) for i in range(dialog.ui.toWhomCombo.count())] == \
        [*phone_rule.PHONE_RECIPIENTS, "、".join(phone_rule.PHONE_RECIPIENTS)]
    dialog.ui.toWhomCombo.setCurrentText("")
    dialog.ui.buttonBox.accepted.emit()
    assert dialog.field_error("to_whom").startswith("请填写报告对象")
    assert events.phone_reports(db, event.id) == []
    dialog.ui.toWhomCombo.setCurrentText("市委市政府总值班室")
    dialog.ui.buttonBox.accepted.emit()
    assert not dialog.isVisible()
    views = {v.item.kind: v for v in panel.clock_model.views()}
    assert views["phone"].state == DONE and views["phone"].text == "按时完成"
    assert views["phone"].item.clock.done is not None
    assert views["written"].item.clock.done is None
    assert panel.phone_model.rows()[0][1:3] == ("市委市政府总值班室", "测试员")


def test_ending_an_event_starts_the_closing_clock(qtbot, panel, db):
    event = register(db)
    panel.reload()
    panel.select_event(event.id)
    dialog = panel.end_event()
    dialog.ui.buttonBox.accepted.emit()
    assert not dialog.isVisible()
    assert panel.model.index(0, COL_STATUS).data() == "已结束"
    assert "closing" in {v.item.kind for v in panel.clock_model.views()}
    assert not panel.ui.endButton.isEnabled()
    assert panel.end_event() is None


def test_closing_report_of_an_event_under_response_is_refused(qtbot, panel, db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    event = register(db)
    panel.reload()
    panel.select_event(event.id)
    assert panel.open_report("closing") is None
    assert shown[0][0] == "不能出具结案报告"
    assert "尚未结束" in shown[0][1] and "应急处置中" in shown[0][1]
    shown.clear()
    assert panel.open_report("progress") is None
    assert "请先签发首次报告" in shown[0][1]


def test_overdue_clock_is_red_in_the_detail(qtbot, panel, db):
    event = register(db, received_at=NOW - timedelta(hours=3), occurred_at=NOW - timedelta(hours=4))
    panel.reload()
    panel.select_event(event.id)
    views = {v.item.kind: v for v in panel.clock_model.views()}
    assert views["phone"].state == OVERDUE and views["phone"].text.startswith("已超时 ")
    assert views["phone"].colour == "#b71c1c"
    item = deadlines.event_clocks(db, event.id)[0]
    assert item.overdue


def test_event_menu_and_unique_shortcuts(qtbot, main_window):
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert "事件(&E)" in titles
    menu = main_window.menuBar().actions()[titles.index("事件(&E)")].menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    for text in ("登记事件(&N)…", "更新情况(&U)…", "记录电话报告(&T)…", "宣布结束(&J)…", "首次报告(&F)…", "进程报告(&P)…",
                 "结案报告(&C)…", "纸质应急包(&K)…"):
        assert text in texts
    assert main_window.register_event_action.shortcut() == QKeySequence("Ctrl+N")
    file_menu = main_window.menuBar().actions()[0].menu()
    assert main_window.paper_kit_action in file_menu.actions()
    shortcuts = [a.shortcut().toString() for a in main_window.findChildren(type(main_window.register_event_action))
                 if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)


def test_ctrl_n_registers_from_any_panel(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    assert main_window.current_title() == "指挥体系"
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_title() == "事件"
    dialogs = [w for w in main_window.findChildren(QDialog) if w.isVisible()]
    assert dialogs and dialogs[0].windowTitle() == "登记事件"
    dialogs[0].reject()


def test_paper_kit_is_written_in_the_background(qtbot, panel, tmp_path, monkeypatch):
    from wzcommand.reports.fonts import FontsMissingError, resolve_fonts

    try:
        resolve_fonts("温州市突发公共卫生事件应急指挥部")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")
    target = tmp_path / "应急包"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.No)
    task = panel.write_paper_kit()
    assert task is not None and not panel.ui.paperKitButton.isEnabled()
    qtbot.waitUntil(lambda: bool(asked), timeout=60000)
    written = tmp_path / "应急包.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert str(written) in asked[0]
    assert panel.ui.paperKitButton.isEnabled() and panel.ui.busyBar.isHidden()
