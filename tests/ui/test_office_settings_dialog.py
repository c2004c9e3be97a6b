"""公文设置: the office's document settings edited in one dialog, saved to the database for every seat."""
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from wzcommand.services import accounts, office
from wzcommand.services.audit_log import entries
from wzcommand.ui.dialogs.office_settings_dialog import OfficeSettingsDialog


def save(qtbot, dialog):
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def open_dialog(qtbot, ctx):
    dialog = OfficeSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_settings_are_shown_checked_and_saved_with_an_audit_entry(qtbot, ui_context):
    dialog = open_dialog(qtbot, ui_context)
    assert dialog.ui.docPrefixEdit.text() == "温应指" and dialog.ui.timeZoneEdit.text() == "Asia/Shanghai"
    assert dialog.ui.progressHoursSpin.value() == 24 and dialog.ui.closingDaysSpin.value() == 14
    dialog.ui.timeZoneEdit.setText("Wenzhou/Nowhere")
    dialog.ui.docPrefixEdit.setText("")
    save(qtbot, dialog)
    assert "时区" in dialog.field_error("time_zone") and "请填写" in dialog.field_error("doc_prefix")
    assert office.office_settings(ui_context.db).doc_prefix == "温应指"          # nothing saved
    dialog.ui.timeZoneEdit.setText("Asia/Shanghai")
    dialog.ui.docPrefixEdit.setText("温应指发")
    dialog.ui.signerEdit.setText("李明")
    dialog.ui.closingDaysSpin.setValue(10)
    save(qtbot, dialog)
    saved = office.office_settings(ui_context.db)
    assert (saved.doc_prefix, saved.signer, saved.closing_days) == ("温应指发", "李明", 10)
    assert [e for e in entries(ui_context.db) if e.action == "office.settings"]


def test_a_duty_officer_is_refused_in_the_dialog(qtbot, ui_context):
    db = ui_context.db
    accounts.create_account(db, "管理员甲", "admin", "password-1", "管理员甲")
    accounts.create_account(db, "值班员乙", "duty", "password-2", "管理员甲")
    ctx = replace(ui_context, signed_in=accounts.authenticate(db, "值班员乙", "password-2"), accounts_exist=True)
    dialog = open_dialog(qtbot, ctx)
    dialog.ui.signerEdit.setText("某人")
    save(qtbot, dialog)
    assert "公文设置" in dialog.ui.refusedLabel.text() and dialog.isVisible()
    assert office.office_settings(db).signer == ""
