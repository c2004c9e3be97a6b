"""The table models on plain data, without widgets (as Vorta tests its models): headers, what each
column shows, the roles panels rely on (the row object, colours, tooltips, alignment)."""
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

from PySide6.QtCore import QModelIndex, Qt

from wzcommand import clock
from wzcommand.plan.deadlines import Clock
from wzcommand.services.deadlines import EventClock
from wzcommand.services.levels import Decision
from wzcommand.services.people import Holder
from wzcommand.ui.models import clock_model, decision_model, event_model, people_model, report_model

DISPLAY, TOOLTIP, FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole
T = datetime(2026, 11, 29, 8, 30, tzinfo=timezone(timedelta(hours=8)))


def row_texts(model, row):
    return [model.index(row, col).data() for col in range(model.columnCount())]


def headers(model):
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_people_model_shows_vacancies_grey_and_the_holder_behind_each_row():
    model = people_model.PeopleModel()
    held = Holder("总指挥", None, "总指挥", person="王五", mobile="13812345678", updated_at=T, updated_by="主任甲")
    vacant = Holder("组长", "medical", "组长（医疗组）")
    model.set_rows([held, vacant])
    assert headers(model) == ["职务", "姓名", "手机", "办公电话", "更新"]
    assert row_texts(model, 0) == ["总指挥", "王五", "13812345678", "", clock.local_text(T)]
    assert model.index(1, people_model.COL_PERSON).data() == people_model.VACANT
    assert model.index(1, people_model.COL_PERSON).data(FOREGROUND).color().name() == people_model.VACANT_COLOUR
    assert model.index(0, people_model.COL_PERSON).data(FOREGROUND) is None
    assert "由 主任甲 更新" in model.index(0, people_model.COL_UPDATED).data(TOOLTIP)
    assert model.index(1, 0).data(people_model.HOLDER_ROLE) is vacant and model.row_of("组长（医疗组）") == 1
    assert model.index(5, 0).data() is None and model.rowCount(model.index(0, 0)) == 0


def decision(**kw):
    values = dict(id=1, kind="raise", from_level="III", to_level="II", decided_at=T, announced_at=None,
                  decided_by="市政府", basis="专家评估", assessment="建议提高", assessed_on=date(2026, 11, 28),
                  event_id=3, office_alternative=False, office_reason="", office_director="",
                  province_record="", initiator="city", operator="主任甲", recorded_at=T, edition="2021")
    return Decision(**(values | kw))


def test_level_decision_model_reads_plain_decisions():
    model = decision_model.LevelDecisionModel()
    model.set_rows([decision(), decision(id=2, kind="start", from_level="none", to_level="I",
                                         province_record="已报省政府备案", initiator="province", assessment="",
                                         assessed_on=None, event_id=None)])
    assert headers(model) == list(decision_model.LEVEL_HEADERS)
    first = row_texts(model, 0)
    assert first[decision_model.COL_CHANGE] == "提高：Ⅲ级应急响应 → Ⅱ级应急响应"
    assert first[decision_model.COL_ASSESSMENT] == "建议提高（2026-11-28）" and first[decision_model.COL_EVENT] == "3"
    second = row_texts(model, 1)
    # a start names the plan the response runs under (issue 11)
    assert second[decision_model.COL_NOTES] == "省政府：已报省政府备案；国务院/省政府启动；按《温州市突发公共卫生事件应急预案》"
    assert second[decision_model.COL_EVENT] == "" and second[decision_model.COL_ASSESSMENT] == ""
    assert "由 主任甲 录入" in model.index(0, decision_model.COL_BASIS).data(TOOLTIP)
    assert model.index(1, 0).data(decision_model.ROW_ROLE).id == 2


def test_warning_decision_model_names_actions_and_colours():
    model = decision_model.WarningDecisionModel()
    from wzcommand.services.warnings import Procedure, WarningRecord

    row = WarningRecord(1, "issue", "yellow", T, "市卫生健康委", "ILI%", "主任甲", T,
                        procedure=Procedure(assessment="专家评估：建议发布", trigger_sites=(("瑞安市", "red"),)))
    model.set_rows([row])
    texts = row_texts(model, 0)
    assert headers(model) == list(decision_model.WARNING_HEADERS)
    assert texts[decision_model.WCOL_ACTION] == "发布" and "黄" in texts[decision_model.WCOL_COLOUR]
    assert texts[decision_model.WCOL_ASSESSMENT] == "专家评估：建议发布"
    assert texts[decision_model.WCOL_SITES] == "瑞安市红色预警"


def test_event_model_columns_alignment_and_ended_events():
    model = event_model.EventTableModel()
    running = SimpleNamespace(id=7, name="某校诺如病毒感染", category="infectious", district="鹿城区", grade="",
                              disease="诺如病毒", received_at=T, ended_at=None)
    ended = SimpleNamespace(id=8, name="食物中毒", category="food", district="龙港市", grade="一般", disease="",
                            received_at=T, ended_at=T + timedelta(days=1))
    model.set_rows([event_model.EventRow(running, 12, 0), event_model.EventRow(ended, 3, 1)])
    assert headers(model) == list(event_model.HEADERS)
    first = row_texts(model, 0)
    assert first[event_model.COL_GRADE] == event_model.UNGRADED and first[event_model.COL_ILL] == "12"
    assert first[event_model.COL_STATUS] == event_model.ACTIVE and first[event_model.COL_CATEGORY].endswith("（诺如病毒）")
    assert row_texts(model, 1)[event_model.COL_STATUS] == event_model.ENDED
    assert model.index(1, 1).data(FOREGROUND).color().name() == event_model.ENDED_COLOUR
    assert model.index(0, 1).data(FOREGROUND) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, event_model.COL_ILL).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, event_model.COL_NAME).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.row_of(8) == 1 and model.index(1, 0).data(event_model.EVENT_ROLE).id == 8
    history = event_model.TextRowsModel(event_model.PHONE_HEADERS)
    history.set_rows([["08:30", "市委市政府总值班室", "张三", "主任甲"]])
    assert history.rows() == [("08:30", "市委市政府总值班室", "张三", "主任甲")] and history.columnCount() == 4


def test_report_model_shows_corrections_and_short_checksums():
    model = report_model.ReportTableModel()
    base = dict(kind="progress", sequence=2, event_id=7, title="关于某事件的进程报告", issued_at=T, signer="王五",
                issued_by="主任甲", sha256="ab" * 32)
    first = SimpleNamespace(id=1, doc_no="温应指〔2026〕3号", corrects_id=None, corrected_by=2, **base)
    fix = SimpleNamespace(id=2, doc_no="温应指〔2026〕4号", corrects_id=1, corrected_by=None, **base)
    model.set_rows([first, fix], {7: "某校诺如病毒感染"})
    texts = row_texts(model, 0)
    assert texts[report_model.COL_KIND] == "进程报告（续报二）" and texts[report_model.COL_EVENT] == "某校诺如病毒感染"
    assert texts[report_model.COL_SHA] == "abababab" and texts[report_model.COL_ISSUED_BY] == "王五"
    assert texts[report_model.COL_CORRECTIONS] == "已由 温应指〔2026〕4号 更正"
    assert row_texts(model, 1)[report_model.COL_CORRECTIONS] == "更正 温应指〔2026〕3号"
    assert model.index(0, 0).data(FOREGROUND).color().name() == report_model.SUPERSEDED_COLOUR
    assert model.index(1, 0).data(FOREGROUND) is None
    assert model.index(0, report_model.COL_SHA).data(TOOLTIP) == "SHA-256：" + "ab" * 32
    assert model.row_of(2) == 1 and model.index(1, 0).data(report_model.REPORT_ROLE) is fix


def test_clock_model_counts_down_and_turns_overdue_on_tick():
    model = clock_model.ClockTableModel()
    phone = Clock("phone", due=T + timedelta(hours=1), aim=T + timedelta(minutes=30), rule="5.2.3")
    item = EventClock(7, "某事件", phone, overdue=False, overdue_by=None, remaining=timedelta(hours=1))
    model.set_clocks([item], T)
    assert headers(model) == list(clock_model.HEADERS)
    assert model.index(0, clock_model.COL_STATUS).data() == "剩余 1小时00分00秒"
    assert model.index(0, 0).data(clock_model.STATE_ROLE) == clock_model.NORMAL
    assert model.index(0, 0).data(clock_model.CLOCK_ROLE) is item
    assert model.index(0, clock_model.COL_KIND).data(TOOLTIP) == "5.2.3"
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.column())))
    model.tick(T + timedelta(hours=1, seconds=1))
    assert model.index(0, clock_model.COL_STATUS).data() == "已超时 1秒" and changed == [(0, clock_model.COL_STATUS)]
    assert model.index(0, 0).data(clock_model.STATE_ROLE) == clock_model.OVERDUE
    assert model.index(0, clock_model.COL_STATUS).data(Qt.ItemDataRole.FontRole).bold()
    assert model.data(QModelIndex()) is None
