"""导入通讯录 dialog: a bad file lists its problems and writes nothing; a good one reports counts."""
import pytest
from PySide6.QtCore import Qt

from wzcommand.services.roster import get_unit, list_units
from wzcommand.ui.dialogs.import_dialog import ImportDialog
from wzcommand.ui.models.roster_model import COL_LIAISON, COL_NAME
from wzcommand.ui.panels.roster_panel import RosterPanel


@pytest.fixture
def roster(qtbot, ui_context):
    panel = RosterPanel(ui_context)  # shares the bus: shows whether the dialog announces its writes
    qtbot.addWidget(panel)
    return panel


def run_import(qtbot, ctx, path):
    dialog = ImportDialog(ctx, None, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.fileEdit.text() == str(path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10000)
    return dialog


def liaison_in_table(panel, name):
    model = panel.ui.table.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_NAME).data() == name:
            return model.index(row, COL_LIAISON).data()
    raise AssertionError(name)


def test_bad_csv_lists_errors_and_writes_nothing(qtbot, ui_context, roster, tmp_path):
    before = list_units(ui_context.db)
    bad = tmp_path / "通讯录.csv"
    bad.write_text("单位名称,联络员,手机\n市公安局,王五,12345\n不存在局,钱七,13800000000\n", encoding="utf-8")
    dialog = run_import(qtbot, ui_context, bad)
    errors = dialog.errors_shown()
    assert ("第2行", "手机", errors[0][2]) == errors[0] and "手机号码应为" in errors[0][2]
    assert errors[1][:2] == ("第3行", "单位名称") and "不存在局" in errors[1][2]
    assert dialog.ui.errorTable.isVisible()
    header = [dialog.ui.errorTable.horizontalHeaderItem(c).text() for c in range(3)]
    assert header == ["行", "列", "问题"]
    assert "未写入任何数据" in dialog.ui.resultLabel.text()
    assert list_units(ui_context.db) == before
    assert liaison_in_table(roster, "市公安局") == ""


def test_good_csv_reports_counts_and_refreshes_the_roster(qtbot, ui_context, roster, tmp_path):
    good = tmp_path / "通讯录.csv"
    good.write_text("单位名称,联络员,手机\n市公安局,王五,13900001111\n市卫生健康委,张三,13812345678\n",
                    encoding="utf-8-sig")
    dialog = run_import(qtbot, ui_context, good)
    assert "导入完成：更新 2 个单位。" in dialog.ui.resultLabel.text()
    assert not dialog.ui.errorTable.isVisible()
    assert dialog.ui.progressBar.value() == dialog.ui.progressBar.maximum()
    assert get_unit(ui_context.db, "市公安局").contact["liaison"] == "王五"
    assert get_unit(ui_context.db, "市公安局").updated_by == "测试员"
    assert liaison_in_table(roster, "市公安局") == "王五"  # the panel reloaded through the bus
    again = run_import(qtbot, ui_context, good)
    assert again.ui.resultLabel.text() == "导入完成：文件与现有通讯录一致，2 个单位均无变化。"


def test_unreadable_file_is_explained(qtbot, ui_context, tmp_path):
    gbk = tmp_path / "通讯录.csv"
    gbk.write_bytes("单位名称,联络员\n市公安局,王五\n".encode("gbk"))
    dialog = run_import(qtbot, ui_context, gbk)
    assert "未写入任何数据" in dialog.ui.resultLabel.text()
    assert dialog.errors_shown()[0][0] == "文件" and "UTF-8" in dialog.errors_shown()[0][2]


def test_import_button_needs_a_file(qtbot, ui_context):
    dialog = ImportDialog(ui_context)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.ui.fileEdit, "/tmp/x.csv")
    assert dialog.import_button.isEnabled()
