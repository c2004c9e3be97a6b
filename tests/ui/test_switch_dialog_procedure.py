"""The switch dialog follows the plan's procedure (issue 11): only the bodies the plan names, the
assessment, 批准/备案, the province's own decisions; and it fits a 1024×700 screen.

Clauses quoted with their line in ../shared/seeds/000_acf93dc6e7de9179.txt."""
import json
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit, QSpinBox

from wzcommand import clock
from wzcommand.services import audit_log, events, levels
from wzcommand.ui.dialogs.switch_dialog import SwitchDialog


def open_dialog(qtbot, ctx, size=None):
    dialog = SwitchDialog(ctx)
    qtbot.addWidget(dialog)
    if size:
        dialog.resize(*size)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def items(combo):
    return [combo.itemText(i) for i in range(combo.count())]


def decide(qtbot, ctx, type_text, target, *, assessment="专家咨询委员会建议调整", ref="", by=None,
           province_decision="", event_id=0, province_directed=False, record=""):
    """Fill the dialog as the office would, preview, confirm; return the decision written."""
    dialog = open_dialog(qtbot, ctx)
    dialog.set_target(target)
    ui = dialog.ui
    if event_id:
        ui.eventSpin.setValue(event_id)
    if province_directed:
        ui.provinceDirectedCheck.setChecked(True)
    if province_decision:
        ui.provinceDecisionBox.setChecked(True)
        type_text(ui.provinceDecisionEdit, province_decision)
    if by:
        ui.decidedByCombo.setCurrentText(by)
    type_text(ui.basisEdit, "会议纪要")
    if assessment:
        type_text(ui.assessmentEdit, assessment)
    if ref:
        type_text(ui.approvalRefEdit, ref)
    if record:
        type_text(ui.provinceRecordEdit, record)
    ui.decidedAtEdit.setDateTime(ui.decidedAtEdit.dateTime().addSecs(-3600))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.refusal() == "" and dialog.confirm_button.isEnabled(), dialog.refusal()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.decision is not None
    return dialog.decision


def test_only_the_bodies_the_plan_names_are_offered(qtbot, ui_context):
    dialog = open_dialog(qtbot, ui_context)
    combo = dialog.ui.decidedByCombo
    assert not combo.isEditable()  # no free text: "张三" cannot end a response
    # phe 6.1.4, lines 1939-1943: "由市卫生健康主管部门组织专家咨询委员会评估后决定……如启动应报市政府批准"
    dialog.set_target("IV")
    assert items(combo) == ["市卫生健康主管部门"]
    assert not dialog.ui.approvalBox.isHidden() and dialog.ui.approvalBox.title().startswith("报市政府批准")
    # phe 6.1, lines 1904-1906 "市领导小组决定启动Ⅱ级及以下应急响应的"; 6.1.3 lines 1932-1934 "市政府……决定"
    dialog.set_target("III")
    assert items(combo) == ["市政府", "市领导小组"] and dialog.ui.approvalBox.isHidden()
    # ari 6.1.1, lines 4569-4576: for Ⅱ/Ⅲ "市政府……决定是否启动相应级别应急响应"
    dialog.ui.planCombo.setCurrentIndex(dialog.ui.planCombo.findData("respiratory"))
    assert items(combo) == ["市政府"]


def test_without_the_assessment_the_refusal_quotes_the_clause(qtbot, ui_context, type_text):
    dialog = open_dialog(qtbot, ui_context)
    dialog.set_target("II")
    type_text(dialog.ui.basisEdit, "会议纪要")
    assert dialog.preview() is None
    # phe 6.1.2, lines 1918-1921: "由市卫生健康主管部门组织专家咨询委员会评估后提出是否启动应急响应的建议"
    assert "《温州市突发公共卫生事件应急预案》6.1.2" in dialog.refusal()
    assert "由市卫生健康主管部门组织专家咨询委员会评估后提出是否启动应急响应的建议" in dialog.refusal()
    assert levels.current_state(ui_context.db).level == "none"


def test_level_i_fields_fit_a_1024_by_700_screen(qtbot, ui_context):
    dialog = open_dialog(qtbot, ui_context, (1024, 700))
    dialog.set_target("I")
    qtbot.wait(10)
    ui = dialog.ui
    assert not ui.provinceBox.isHidden()  # the 省政府备案 box is there
    viewport = ui.formArea.viewport()
    assert not ui.formArea.horizontalScrollBar().isVisible()
    kinds = (QComboBox, QLineEdit, QPlainTextEdit, QDateTimeEdit, QSpinBox, QAbstractButton)
    fields = [w for kind in kinds for w in ui.formHost.findChildren(kind)
              if w.isVisibleTo(dialog) and not isinstance(w.parent(), kinds)]  # not a spin box's own line edit
    assert ui.provinceRecordEdit in fields and ui.provinceDirectedCheck in fields and ui.planCombo in fields
    for widget in fields:
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        assert left >= 0 and left + widget.width() <= viewport.width(), widget.objectName()
        least = 3 * widget.fontMetrics().lineSpacing() if isinstance(widget, QPlainTextEdit) \
            else widget.minimumSizeHint().height()  # text boxes show three lines at least
        assert widget.height() >= least, widget.objectName()
        assert widget.width() >= min(widget.sizeHint().width(), 120), widget.objectName()


def test_walk_a_province_started_level_i_from_start_to_end(qtbot, ui_context, type_text):
    db = ui_context.db
    # phe 6.1, lines 1900-1902: "国务院、省政府启动Ⅰ级应急响应或者省政府要求我市启动Ⅰ级应急响应，则直接启动。"
    started = decide(qtbot, ui_context, type_text, "I", province_directed=True, assessment="", by="省政府")
    assert (started.initiator, started.decided_by) == ("province", "省政府")
    dialog = open_dialog(qtbot, ui_context)
    dialog.set_target("II")
    assert not dialog.ui.provinceDecisionBox.isHidden()
    dialog.ui.provinceDecisionBox.setChecked(True)
    # phe 6.4.2, line 2447: "按照谁启动谁调整、谁启动谁终止的原则" — the province lowers and ends it
    assert items(dialog.ui.decidedByCombo) == ["国务院", "省政府"]
    dialog.reject()
    lowered = decide(qtbot, ui_context, type_text, "II", province_decision="浙政发〔2026〕3号", assessment="",
                     by="省政府")
    ended = decide(qtbot, ui_context, type_text, "none", province_decision="浙政发〔2026〕4号", assessment="",
                   by="省政府")
    assert (lowered.kind, ended.kind) == ("lower", "end")
    assert levels.current_state(db).level == "none"
    steps = [json.loads(e.after)["steps"][0] for e in audit_log.entries(db) if e.action == "level.switch"]
    assert steps[0].startswith("省级启动或要求我市启动Ⅰ级，直接启动：省政府")
    assert steps[1].startswith("省级决定：省政府（浙政发〔2026〕3号")
    assert steps[2].startswith("省级决定：省政府（浙政发〔2026〕4号")


@pytest.mark.parametrize("category,plan,closing", [
    # phe 6.4.3(3), lines 2476-2479: "终止响应的，报市政府备案后发布实施"
    ("occupational", "public_health", "报市政府备案"),
    # ari 6.3.3, lines 5194-5198: "得出终止应急响应结论后，报市政府批准后发布实施"
    ("respiratory", "respiratory", "报市政府批准"),
])
def test_walk_a_level_iv_response_under_each_plan(qtbot, ui_context, type_text, category, plan, closing):
    db = ui_context.db
    now = clock.now()
    e = events.register_event(db, events.EventInput(
        name="事件", category=category, district="鹿城区", occurred_at=now - timedelta(hours=5),
        received_at=now - timedelta(hours=4), grade="一般"), "值班员", now=now)
    start = decide(qtbot, ui_context, type_text, "IV", event_id=e.id, ref="温政函〔2026〕1号")
    assert (start.plan, start.decided_by, start.approved_by) == (plan, "市卫生健康主管部门", "市政府")
    dialog = open_dialog(qtbot, ui_context)
    dialog.set_target("none")
    assert dialog.ui.approvalBox.title().startswith(closing)
    dialog.reject()
    end = decide(qtbot, ui_context, type_text, "none", ref="第2号")
    assert end.kind == "end" and (end.filed_with or end.approved_by) == "市政府"
    steps = [json.loads(x.after)["steps"] for x in audit_log.entries(db) if x.action == "level.switch"]
    assert [s.split("：")[0] for s in steps[0]] == ["专家评估", "决定启动", "报市政府批准", "发布实施"]
    assert [s.split("：")[0] for s in steps[1]] == ["专家评估", "决定终止", closing, "发布实施"]
