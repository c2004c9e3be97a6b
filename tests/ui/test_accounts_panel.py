"""账户 panel: the single operator creates the first (administrator) account and may sign in as it
right away; administrators create, reset and deactivate accounts; errors appear next to fields."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from wzcommand.services import accounts
from wzcommand.ui.panels.accounts_panel import AccountsPanel
from wzcommand.ui.session import set_signed_in

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def panel(qtbot, ui_context):
    widget = AccountsPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def answer(monkeypatch):
    asked = []

    def reply(value):
        monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or value)
        return asked

    return reply


def fill(panel, name, password, again=None, role=None):
    ui = panel.ui
    ui.nameEdit.setText(name)
    if role:
        ui.roleCombo.setCurrentIndex(ui.roleCombo.findData(role))
    ui.passwordEdit.setText(password)
    ui.password2Edit.setText(password if again is None else again)
    ui.createButton.click()


def test_first_account_is_an_administrator_and_signs_in_right_away(panel, ui_context, answer):
    ui = panel.ui
    assert "尚未建立账户" in ui.hintLabel.text() and "测试员" in ui.hintLabel.text()
    assert ui.roleCombo.currentData() == "admin" and not ui.roleCombo.isEnabled()
    assert ui.createBox.title() == "建立第一个账户（管理员）"
    asked = answer(Yes)
    fill(panel, "管理员甲", "password-0")
    assert "今后启动程序时需要登录" in asked[0]
    assert ui_context.signed_in == accounts.SignedIn("管理员甲", "admin")
    assert ui_context.operator() == "管理员甲" and ui_context.accounts_exist
    assert panel.names() == ["管理员甲"] and ui.createdLabel.text() == "已建立账户“管理员甲”（管理员）。"
    assert ui.roleCombo.isEnabled() and ui.createBox.isEnabled()  # an administrator goes on


def test_declining_to_sign_in_leaves_nobody_signed_in(panel, ui_context, answer):
    answer(No)
    fill(panel, "管理员甲", "password-0")
    assert ui_context.signed_in is None and ui_context.accounts_exist
    assert not ui_context.may("level.switch") and not panel.ui.createBox.isEnabled()


def test_errors_are_shown_next_to_the_fields(panel, ui_context, answer):
    fill(panel, "管理员甲", "password-0", again="password-9")
    assert panel.field_error("password2") == "两次输入的密码不一致" and panel.ui.password2Error.isVisible()
    fill(panel, "管理员甲", "short")
    assert panel.field_error("password") == "密码至少 8 位" and panel.field_error("password2") == ""
    fill(panel, "", "password-0")
    assert panel.field_error("name").startswith("请填写账户名")
    assert accounts.list_accounts(ui_context.db) == []
    answer(Yes)
    fill(panel, "管理员甲", "password-0")
    fill(panel, "管理员甲", "password-1", role="duty")
    assert panel.field_error("name") == "账户“管理员甲”已存在"


@pytest.fixture
def admin(panel, ui_context, answer):
    answer(Yes)
    fill(panel, "管理员甲", "password-0")
    fill(panel, "王值班", "password-2", role="duty")
    return panel


def test_administrator_resets_a_password_and_deactivates_an_account(admin, ui_context, answer):
    ui = admin.ui
    assert admin.names() == ["管理员甲", "王值班"]
    assert admin.ui.table.item(1, 1).text() == "值班员" and admin.ui.table.item(1, 4).text() == "管理员甲"
    admin.select_account("王值班")
    ui.newPasswordEdit.setText("password-3")
    ui.newPassword2Edit.setText("password-4")
    ui.resetButton.click()
    assert admin.field_error("new_password2") == "两次输入的密码不一致"
    ui.newPassword2Edit.setText("password-3")
    ui.resetButton.click()
    assert ui.doneLabel.text() == "已重设“王值班”的密码。"
    assert accounts.authenticate(ui_context.db, "王值班", "password-3").role == "duty"
    answer(Yes)
    ui.activeButton.click()
    assert admin.ui.table.item(1, 2).text() == "已停用" and ui.activeButton.text() == "启用账户(&D)"
    with pytest.raises(accounts.SignInFailed):
        accounts.authenticate(ui_context.db, "王值班", "password-3")


def test_the_last_administrator_cannot_be_deactivated(admin, answer):
    answer(Yes)
    admin.select_account("管理员甲")
    admin.ui.activeButton.click()
    assert admin.field_error("active") == "不能停用最后一个管理员账户" and admin.ui.activeError.isVisible()


def test_a_duty_officer_may_only_change_their_own_password(admin, ui_context, qtbot):
    set_signed_in(ui_context, accounts.SignedIn("王值班", "duty"))
    assert not admin.ui.createBox.isEnabled() and "需要管理员权限" in admin.ui.hintLabel.text()
    admin.select_account("管理员甲")
    assert not admin.ui.selectedBox.isEnabled()
    admin.select_account("王值班")
    assert admin.ui.selectedBox.isEnabled() and admin.ui.activeButton.isHidden()
    admin.ui.newPasswordEdit.setText("password-5")
    admin.ui.newPassword2Edit.setText("password-5")
    qtbot.mouseClick(admin.ui.resetButton, Qt.MouseButton.LeftButton)
    assert accounts.authenticate(ui_context.db, "王值班", "password-5").name == "王值班"
