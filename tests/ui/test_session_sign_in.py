"""Sign-in dialog: the service's message on a wrong password (and the wait after several); the
account that signs in is the operator of every later write."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from wzcommand.services import accounts, people
from wzcommand.services.audit_log import entries
from wzcommand.ui.dialogs.sign_in_dialog import SignInDialog
from wzcommand.ui.panels.people_panel import PeoplePanel
from wzcommand.ui.session import set_signed_in

STAFF = (("管理员甲", "admin", "password-0"), ("王值班", "duty", "password-2"))


@pytest.fixture
def staff(db):
    for name, role, password in STAFF:
        accounts.create_account(db, name, role, password, "管理员甲")
    return db


@pytest.fixture
def dialog(qtbot, staff):
    widget = SignInDialog(staff)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def sign_in(qtbot, dialog, name, password):
    dialog.ui.nameEdit.setText(name)
    dialog.ui.passwordEdit.setText(password)
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_wrong_password_shows_the_service_message_and_stays_open(qtbot, dialog):
    sign_in(qtbot, dialog, "王值班", "wrong-password")
    assert dialog.message() == "账户名或密码不正确。"
    assert dialog.ui.messageLabel.isVisible() and dialog.isVisible() and dialog.signed_in is None
    assert dialog.ui.passwordEdit.text() == "" and dialog.ui.passwordEdit.hasFocus()
    sign_in(qtbot, dialog, "没有这个人", "password-2")
    assert dialog.message() == "账户名或密码不正确。"  # no hint whether the name exists


def test_after_several_wrong_passwords_the_wait_is_shown(qtbot, dialog):
    for _ in range(3):
        sign_in(qtbot, dialog, "王值班", "wrong-password")
    sign_in(qtbot, dialog, "王值班", "password-2")  # even the right one must wait now
    assert "密码错误次数过多" in dialog.message() and "秒后再试" in dialog.message()
    assert dialog.signed_in is None


def test_empty_name_is_asked_for(qtbot, dialog):
    sign_in(qtbot, dialog, "", "password-2")
    assert dialog.message() == "请填写账户名。"


def test_right_password_makes_the_account_the_operator_of_later_edits(qtbot, dialog, ui_context, type_text):
    sign_in(qtbot, dialog, "王值班", "password-2")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.signed_in.name, dialog.signed_in.role) == ("王值班", "duty")
    ui_context.accounts_exist = True
    set_signed_in(ui_context, dialog.signed_in)
    assert ui_context.operator() == "王值班" and ui_context.role == "duty"
    panel = PeoplePanel(ui_context)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.select_post("市长")
    panel.ui.nameEdit.selectAll()
    type_text(panel.ui.nameEdit, "王建国")
    panel.save()
    assert panel.ui.savedLabel.text() == "已保存。"
    last = entries(ui_context.db)[-1]
    assert last.operator == "王值班" and "市长" in last.target
    assert next(h for h in people.list_people(ui_context.db) if h.post == "市长").updated_by == "王值班"
