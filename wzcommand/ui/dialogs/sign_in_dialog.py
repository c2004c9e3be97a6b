"""登录: name and password, checked by the accounts service before the main window opens.

A wrong password shows the service's message (after several, how many seconds to wait);
the account that signed in is kept in `signed_in`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from ...services import accounts
from ..bus import attempt_read
from ..field_errors import ERROR_STYLE
from ..forms.ui_sign_in_dialog import Ui_SignInDialog
from ..unsaved import FitsScreen

OFFICE = "温州市突发公共卫生事件应急指挥部"
HINT = "请输入账户名和密码登录。每一次修改都以登录的账户记录在留痕中。"
EMPTY_NAME = "请填写账户名。"


def try_sign_in(db, name: str, password: str, shown_at: QLabel) -> accounts.SignedIn | None:
    """The SignedIn account, or None once the refusal (wrong password, wait, a database that cannot
    record the attempt) is shown in `shown_at`."""
    return attempt_read(shown_at, accounts.authenticate, db, name, password)[1]


class SignInDialog(FitsScreen, QDialog):
    def __init__(self, db, parent=None, name: str = "", hint: str = HINT):
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self._db = db
        self.signed_in: accounts.SignedIn | None = None
        ui = self.ui
        ui.titleLabel.setText(f"<b>{OFFICE}</b>")
        ui.titleLabel.setStyleSheet("font-size: 15pt; padding: 6px;")
        ui.hintLabel.setText(hint)
        ui.messageLabel.setStyleSheet(ERROR_STYLE)
        ui.messageLabel.setWordWrap(True)
        ui.messageLabel.hide()
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        ui.nameEdit.setText(name)
        (ui.passwordEdit if name else ui.nameEdit).setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中" * 26))

    def message(self) -> str:
        return self.ui.messageLabel.text() if not self.ui.messageLabel.isHidden() else ""

    def accept(self) -> None:
        ui = self.ui
        name = ui.nameEdit.text().strip()
        if not name:
            self._refuse(EMPTY_NAME, ui.nameEdit)
            return
        result = try_sign_in(self._db, name, ui.passwordEdit.text(), ui.messageLabel)
        if result is None:
            ui.passwordEdit.clear()
            ui.passwordEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.signed_in = result
        super().accept()

    def _refuse(self, text: str, focus) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
