"""响应记录 panel: every decision in a table; a step chart of the level (and the warning colour)
made on first show and kept current by the bus."""
import time
from datetime import timedelta
from level_support import complete

import pytest
from PySide6.QtCore import Qt

from warning_support import STEPS
from wzcommand import clock
from wzcommand.services import events, levels, warnings
from wzcommand.ui.bus import LEVELS, WARNINGS
from wzcommand.ui.models.decision_model import LEVEL_HEADERS, WARNING_HEADERS
from wzcommand.ui.panels.levels_history_panel import LevelsHistoryPanel

START = clock.now().replace(microsecond=0) - timedelta(days=20)


def switch(db, target, day, **extra):
    request = complete(db, levels.SwitchRequest(target, START + timedelta(days=day), "市政府", f"依据{day}", **extra))
    return levels.switch_level(db, request, "测试")


@pytest.fixture
def decided(db):
    event = events.register_event(db, events.EventInput(
        name="某企业职业中毒", category="occupational", district="鹿城区", occurred_at=START,
        received_at=START + timedelta(hours=1), grade="一般"), "测试", now=START + timedelta(hours=1))
    switch(db, "IV", 1, assessment="专家组认为风险一般", assessed_on=(START + timedelta(days=1)).date(),
           event_id=event.id)
    switch(db, "III", 4, office_alternative=True, office_reason="多部门协调",
           office_director="市政府联系工作副秘书长", announced_at=START + timedelta(days=4, hours=2))
    switch(db, "I", 8, province_record="已报省政府备案")
    switch(db, "IV", 12, province_record="已向省政府报告")
    warnings.record_warning(db, "blue", START + timedelta(days=2), "市卫生健康委", "监测", "测试", steps=STEPS)
    warnings.record_warning(db, "orange", START + timedelta(days=7), "市卫生健康委", "监测", "测试", steps=STEPS)
    return db


@pytest.fixture
def panel(qtbot, ui_context):
    widget = LevelsHistoryPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1180, 740)
    return widget


def rows(model):
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_table_lists_every_decision_with_its_details(decided, panel):
    model = panel.level_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == list(LEVEL_HEADERS)
    table = rows(model)
    assert [r[1] for r in table] == ["启动：未启动应急响应 → Ⅳ级应急响应", "提高：Ⅳ级应急响应 → Ⅲ级应急响应",
                                    "提高：Ⅲ级应急响应 → Ⅰ级应急响应", "降低：Ⅰ级应急响应 → Ⅳ级应急响应"]
    first, second, third = table[0], table[1], table[2]
    assert first[0] == clock.local_text(START + timedelta(days=1))
    assert first[2:5] == ["市卫生健康主管部门", "依据1", f"专家组认为风险一般（{(START + timedelta(days=1)).date():%Y-%m-%d}）"]
    assert first[6] == "1" and first[8] == "测试"
    # Ⅳ: 报市政府批准 (phe 6.1.4); an occupational poisoning runs under the public-health plan
    assert "报市政府批准" in first[7] and "按《温州市突发公共卫生事件应急预案》" in first[7]
    assert second[5] == clock.local_text(START + timedelta(days=4, hours=2))
    assert second[7] == "特殊情况：多部门协调；办公室主任：市政府联系工作副秘书长"
    assert "省政府：已报省政府备案" in third[7]
    warning_rows = rows(panel.warning_model)
    assert len(WARNING_HEADERS) == len(warning_rows[0])
    assert [r[1:3] for r in warning_rows] == [["发布", "蓝色预警"], ["调整", "橙色预警"]]
    assert panel.ui.tabs.tabText(0) == "响应级别调整（4）"


def test_chart_is_made_on_first_show_and_plots_the_steps(qtbot, decided, panel):
    assert panel.chart is None  # not shown yet: pyqtgraph not needed
    panel.show()
    qtbot.waitExposed(panel)
    chart = panel.chart
    assert chart is not None and chart.isVisible()
    history = levels.history(decided)
    assert chart.steps == [(d.decided_at.timestamp(), rank) for d, rank in zip(history, (1, 2, 4, 1))]
    xs, ys = chart.level_data()
    assert ys == [0, 0, 1, 1, 2, 2, 4, 4, 1, 1]  # before, then each change as a vertical step, up to now
    assert xs[1:-1] == [d.decided_at.timestamp() for d in history for _ in (0, 1)]
    assert xs[-1] >= clock.now().timestamp() - 5
    assert [colour for _, _, colour in chart.spans] == ["blue", "orange"]
    blue, orange = chart.spans
    assert blue[1] == orange[0] == (START + timedelta(days=7)).timestamp()


def test_chart_axes_have_chinese_level_labels_and_dates(qtbot, panel):
    import pyqtgraph as pg

    panel.show()
    qtbot.waitExposed(panel)
    plot = panel.chart.getPlotItem()
    left = plot.getAxis("left")
    labels = [text for _, text in left._tickLevels[0]]
    assert labels[:5] == ["未启动", "Ⅳ", "Ⅲ", "Ⅱ", "Ⅰ"] and "预警" in labels
    bottom = plot.getAxis("bottom")
    assert isinstance(bottom, pg.DateAxisItem)
    panel.chart.grab()  # painted once: the axis knows its font
    bottom.setZoomLevelForDensity(3600.0)  # about an hour per pixel: day ticks
    day = bottom.zoomLevel.tickSpecs[-1].spacing
    stamp = (START + timedelta(days=1)).timestamp()
    assert bottom.tickStrings([stamp], 1, day) == [(START + timedelta(days=1)).strftime("%m-%d")]


def test_chart_times_are_the_offices_not_the_workstations(qtbot, panel, monkeypatch):
    """The office works in Asia/Shanghai; under Xvfb (a UTC machine) a 14:15 decision was drawn at 06:15."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        panel.show()
        qtbot.waitExposed(panel)
        bottom = panel.chart.getPlotItem().getAxis("bottom")
        panel.chart.grab()
        bottom.setZoomLevelForDensity(60.0)  # about a minute per pixel: hour and minute ticks
        minute = bottom.zoomLevel.tickSpecs[-1].spacing
        moment = START.replace(hour=14, minute=15, second=0)
        assert clock.local(moment).strftime("%H:%M") == "14:15"
        assert bottom.tickStrings([moment.timestamp()], 1, minute) == ["14:15"]
    finally:
        monkeypatch.undo()
        time.tzset()


def test_chart_and_table_follow_the_bus(qtbot, panel, ui_context):
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.chart.steps == [] and panel.level_model.rowCount() == 0
    bus, db = ui_context.bus, ui_context.db
    bus.write(LEVELS, levels.switch_level, db,
              complete(db, levels.SwitchRequest("II", clock.now() - timedelta(hours=3), "市政府", "依据")), "测试")
    assert [rank for _, rank in panel.chart.steps] == [3]
    assert panel.level_model.rowCount() == 1
    bus.write(WARNINGS, warnings.record_warning, db, "red", clock.now() - timedelta(hours=1), "市政府", "依据", "测试",
              steps=STEPS)
    assert [c for _, _, c in panel.chart.spans] == ["red"]
    assert panel.warning_model.rowCount() == 1
