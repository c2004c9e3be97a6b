"""The lock screen: after a while without input the window is covered until the signed-in
operator types their password again, or someone else signs in (切换用户: the operator changes).

Passwords are checked by the accounts service, which slows down after wrong ones.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from ..field_errors import ERROR_STYLE
from ..forms.ui_lock_screen import Ui_LockScreen
from .sign_in_dialog import EMPTY_NAME, try_sign_in

UNLOCK_HINT = "长时间无操作，窗口已锁定。\n当前操作员：{name}（{role}）。请输入密码解锁。"
SWITCH_HINT = "以其他账户登录：此后的修改记为新登录的操作员。"
SIGN_IN_HINT = "请登录后继续。"
BACKGROUND = "#37474f"
CARD_STYLE = ("QFrame#card { background: palette(window); border-radius: 8px; }"
              "QLabel#titleLabel { font-size: 20pt; font-weight: bold; }"
              "QLabel#hintLabel { font-size: 11pt; }")


class LockScreen(QDialog):
    """Covers `parent` (a main window); `signed_in` is the account that unlocked it."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_LockScreen()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.signed_in = ctx.signed_in
        ui = self.ui
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"QDialog#LockScreen {{ background: {BACKGROUND}; }}" + CARD_STYLE)
        ui.card.setMinimumWidth(self.fontMetrics().horizontalAdvance("中" * 34))
        ui.messageLabel.setStyleSheet(ERROR_STYLE)
        ui.messageLabel.setWordWrap(True)
        ui.unlockButton.clicked.connect(self.unlock)
        ui.switchButton.clicked.connect(self.toggle_switch)
        ui.passwordEdit.returnPressed.connect(self.unlock)
        ui.nameEdit.returnPressed.connect(ui.passwordEdit.setFocus)
        self._switching = False
        self._show_mode(switching=ctx.signed_in is None)
        self._add_situation()
        if parent is not None:
            self.setGeometry(parent.geometry())

    def _add_situation(self) -> None:
        """A locked seat still warns: the level, the warning colour and the reporting clocks (nothing
        else of the window shows), above the password card."""
        from ..situation import SituationStrip

        self.situation = SituationStrip(self._ctx, self, point_size=self.font().pointSize() + 4, on_dark=True)
        self.situation.setObjectName("lockSituation")
        self.situation.setStyleSheet("QWidget#lockSituation, QWidget#lockSituation QLabel { color: white; }")
        self.situation.since_label.setStyleSheet("color: white;")
        self.ui.outerLayout.addWidget(self.situation, 0, 1)

    @property
    def switching(self) -> bool:
        return self._switching

    def _show_mode(self, switching: bool) -> None:
        ui, signed = self.ui, self._ctx.signed_in
        self._switching = switching or signed is None
        ui.nameLabel.setVisible(self._switching)
        ui.nameEdit.setVisible(self._switching)
        ui.switchButton.setVisible(signed is not None)
        ui.switchButton.setText("返回(&B)" if self._switching else "切换用户(&S)")
        ui.unlockButton.setText("登录(&L)" if self._switching else "解锁(&U)")
        if signed is None:
            ui.hintLabel.setText(SIGN_IN_HINT)
        elif self._switching:
            ui.hintLabel.setText(SWITCH_HINT)
        else:
            ui.hintLabel.setText(UNLOCK_HINT.format(name=signed.name, role=signed.role_name))
        ui.nameEdit.clear()
        ui.passwordEdit.clear()
        ui.messageLabel.clear()
        ui.messageLabel.hide()
        (ui.nameEdit if self._switching else ui.passwordEdit).setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_switch(self) -> None:
        self._show_mode(not self._switching)

    def message(self) -> str:
        return self.ui.messageLabel.text() if not self.ui.messageLabel.isHidden() else ""

    def unlock(self) -> None:
        ui = self.ui
        name = ui.nameEdit.text().strip() if self._switching else self._ctx.signed_in.name
        if not name:
            self._refuse(EMPTY_NAME)
            return
        result = try_sign_in(self._ctx.db, name, ui.passwordEdit.text(), ui.messageLabel)
        ui.passwordEdit.clear()
        if result is None:
            self._refuse(ui.messageLabel.text())
            return
        self.signed_in = result
        self.accept()

    def _refuse(self, text: str) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.show()
        target = self.ui.nameEdit if self._switching and not self.ui.nameEdit.text() else self.ui.passwordEdit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """Esc and closing do not unlock."""

    def cover(self) -> None:
        """Follow the window's size and place (it may have been moved before locking)."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.window().geometry())
