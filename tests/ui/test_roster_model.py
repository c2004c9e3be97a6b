"""RosterModel / RosterFilterProxy tested without widgets (Vorta style)."""
from datetime import datetime, timezone

from PySide6.QtCore import Qt

from wzcommand import clock
from wzcommand.services.roster import UnitRow
from wzcommand.ui.models.roster_model import (COL_DUTIES, COL_MOBILE, COL_NAME, COL_UPDATED, UNIT_ROLE,
                                              RosterFilterProxy, RosterModel)


def unit(name, position, duties=(), groups=(), mobile="", updated=None, by=""):
    contact = {"liaison": "", "title": "", "office_phone": "", "mobile": mobile, "duty_phone": "", "fax": ""}
    return UnitRow(name, position, (), tuple(groups), tuple(duties), contact, updated, by, 1 if updated else 0)


ROWS = [unit("市公安局", 1, (16,), ("办公室",), "13900001111"), unit("市卫生健康委", 2, (29,), ("医疗组",)),
        unit("市教育局", 3, (13, 40), ("医疗组",)), unit("市统计局", 4, ()), unit("市财政局", 5, (9,))]


def names(model):
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def test_headers_are_chinese(qapp):
    model = RosterModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["单位名称", "所属工作组", "职责条目", "联络员", "职务", "办公电话", "手机",
                       "24小时值班电话", "传真", "更新时间"]


def test_cells_and_custom_role(qapp):
    model = RosterModel()
    model.set_rows(ROWS)
    assert model.index(0, COL_MOBILE).data() == "13900001111"
    assert model.index(2, COL_DUTIES).data() == "13、40"
    assert model.index(1, COL_NAME).data(UNIT_ROLE) is ROWS[1]


def test_updated_time_is_local_with_updater_in_tooltip(qapp):
    moment = datetime(2024, 3, 1, 2, 5, tzinfo=timezone.utc)
    model = RosterModel()
    model.set_rows([unit("市公安局", 1, updated=moment, by="张三")])
    shown = clock.local(moment).strftime("%Y-%m-%d %H:%M")    # the office's zone, not the workstation's
    assert model.index(0, COL_UPDATED).data() == shown
    assert "张三" in model.index(0, COL_UPDATED).data(Qt.ItemDataRole.ToolTipRole)


def test_duties_sort_numerically_by_first_item(qapp):
    model = RosterModel()
    model.set_rows(ROWS)
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_DUTIES, Qt.SortOrder.AscendingOrder)
    # 9 before 13 before 16 (text order would put "13、40" and "16" before "9"); no duties last
    assert names(proxy) == ["市财政局", "市教育局", "市公安局", "市卫生健康委", "市统计局"]


def test_group_and_search_filters_combine(qapp):
    model = RosterModel()
    model.set_rows(ROWS)
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_group("医疗组")
    assert names(proxy) == ["市卫生健康委", "市教育局"]
    proxy.set_search("wjw")
    assert names(proxy) == ["市卫生健康委"]
    proxy.set_group(None)
    proxy.set_search("")
    assert len(names(proxy)) == len(ROWS)
