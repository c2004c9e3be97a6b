"""账户: operator accounts (administrators): list, create (name, role, password twice), reset a
password, deactivate. A database without accounts runs as one operator, who creates the first
account here (an administrator); from then on the program asks to sign in."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget

from ... import clock
from ...plan.roles import ROLES
from ...services import accounts
from ...services.errors import ValidationError
from ..bus import ACCOUNTS, SESSION, UiContext, attempt_read
from ..columns import Columns
from ..field_errors import FieldErrors
from ..forms.ui_accounts_panel import Ui_AccountsPanel
from ..session import set_signed_in
from ..window_marks import READ_ONLY_TIP, permission_tip

FIRST_HINT = ("尚未建立账户：目前所有修改记为操作员“{name}”。请先建立一个管理员账户；"
              "建立后每次启动程序都需要登录，各人以自己的账户留痕，并按角色决定可做的操作。")
ADMIN_HINT = ("每位操作员使用自己的账户登录。值班员：日常工作；办公室主任：另可调整响应级别、发布预警、签发报告；"
              "管理员：另可管理账户、修改设置、从备份恢复。停用的账户不能登录，其留痕保留。")
NOT_ADMIN_HINT = "管理账户{tip}。可在右侧为自己的账户重设密码。"
MISMATCH = "两次输入的密码不一致"
INACTIVE_COLOUR = "#9e9e9e"
COL_NAME, COL_ROLE, COL_STATE, COL_CREATED, COL_BY = range(5)


class AccountsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_AccountsPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._rows: list = []
        ui = self.ui
        for key, name in ROLES.items():
            ui.roleCombo.addItem(name, key)
        self.create_errors = FieldErrors({"name": ui.nameError, "role": ui.roleError, "password": ui.passwordError,
                                          "password2": ui.password2Error})
        self.selected_errors = FieldErrors({"new_password": ui.new_passwordError,
                                            "new_password2": ui.new_password2Error, "active": ui.activeError})
        ui.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 8 // 5)
        self.columns = Columns(ui.table, "accounts", pad=False)
        ui.table.itemSelectionChanged.connect(self._show_selected)
        ui.createButton.clicked.connect(self.create_account)
        ui.password2Edit.returnPressed.connect(self.create_account)
        ui.resetButton.clicked.connect(self.reset_password)
        ui.newPassword2Edit.returnPressed.connect(self.reset_password)
        ui.activeButton.clicked.connect(self.toggle_active)
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    # ------------------------------------------------------------------ data

    def _on_changed(self, topic: str) -> None:
        if topic in (ACCOUNTS, SESSION):
            self.reload()

    def reload(self) -> None:
        keep = self.selected_name()
        self._rows = accounts.list_accounts(self._ctx.db)
        table = self.ui.table
        table.setRowCount(len(self._rows))
        for row, account in enumerate(self._rows):
            cells = (account.name, ROLES.get(account.role, account.role), "正常" if account.active else "已停用",
                     clock.local_text(account.created_at), account.created_by)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(QBrush(QColor(INACTIVE_COLOUR)))
                table.setItem(row, col, item)
        self.columns.fit()
        names = [a.name for a in self._rows]
        if keep in names:
            table.selectRow(names.index(keep))
        self._update_mode()
        self._show_selected()

    def names(self) -> list[str]:
        return [a.name for a in self._rows]

    def selected_name(self) -> str | None:
        rows = self.ui.table.selectionModel().selectedRows(COL_NAME)
        return rows[0].data() if rows else None

    def select_account(self, name: str) -> None:
        self.ui.table.selectRow(self.names().index(name))

    def _selected(self):
        name = self.selected_name()
        return next((a for a in self._rows if a.name == name), None)

    def _update_mode(self) -> None:
        ui, ctx = self.ui, self._ctx
        first, admin, read_only = not self._rows, ctx.may("accounts"), ctx.db.read_only
        if first:
            ui.hintLabel.setText(FIRST_HINT.format(name=ctx.operator()))
        else:
            ui.hintLabel.setText(ADMIN_HINT if admin else NOT_ADMIN_HINT.format(tip=permission_tip("accounts")))
        ui.createBox.setEnabled(admin and not read_only)
        ui.createBox.setToolTip(READ_ONLY_TIP if read_only else "" if admin else permission_tip("accounts"))
        ui.createBox.setTitle("建立第一个账户（管理员）" if first else "新建账户")
        if first:
            ui.roleCombo.setCurrentIndex(ui.roleCombo.findData("admin"))
        ui.roleCombo.setEnabled(not first)

    def _show_selected(self) -> None:
        ui, ctx = self.ui, self._ctx
        account = self._selected()
        self.selected_errors.clear()
        ui.doneLabel.clear()
        mine = account is not None and ctx.signed_in is not None and account.name == ctx.signed_in.name
        admin = ctx.may("accounts") and bool(self._rows)
        ui.selectedBox.setEnabled(account is not None and not ctx.db.read_only and (admin or mine))
        ui.activeButton.setVisible(admin)
        if account is None:
            ui.selectedLabel.setText("请在左侧列表中选择一个账户。")
            return
        state = "正常" if account.active else "已停用"
        ui.selectedLabel.setText(f"<b>{account.name}</b>　{ROLES.get(account.role, account.role)}　{state}")
        ui.activeButton.setText("停用账户(&D)" if account.active else "启用账户(&D)")

    # ------------------------------------------------------------------ actions

    def create_account(self) -> None:  # not `create`: that is QWidget's own (the native window)
        ui, ctx = self.ui, self._ctx
        self.create_errors.clear()
        ui.createdLabel.clear()
        name, role, password = ui.nameEdit.text().strip(), ui.roleCombo.currentData(), ui.passwordEdit.text()
        if password != ui.password2Edit.text():
            self._field_error(self.create_errors, {"password2": MISMATCH}, {"password2": ui.password2Edit})
            return
        first = not self._rows
        edits = {"name": ui.nameEdit, "role": ui.roleCombo, "password": ui.passwordEdit}
        ok, _ = ctx.bus.attempt(self, ACCOUNTS, accounts.create_account, ctx.db, name, role, password, ctx.operator(),
                                title="未能建立账户", handlers={
                                    ValidationError: lambda exc: self._field_error(self.create_errors, exc.fields, edits)})
        if not ok:
            return
        for edit in (ui.nameEdit, ui.passwordEdit, ui.password2Edit):
            edit.clear()
        ui.createdLabel.setText(f"已建立账户“{name}”（{ROLES[role]}）。")
        if first:
            self._offer_sign_in(name, password)

    def _offer_sign_in(self, name: str, password: str) -> None:
        """The first account exists: from now on everyone signs in. Offer to do so right away."""
        answer = QMessageBox.question(
            self, "已建立管理员账户",
            f"已建立管理员账户“{name}”。今后启动程序时需要登录。\n\n是否现在就以“{name}”登录？此后的修改都记为该账户。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        signed = None
        if answer == QMessageBox.StandardButton.Yes:
            _, signed = attempt_read(self, accounts.authenticate, self._ctx.db, name, password, title="未能登录")
        self._ctx.accounts_exist = True
        set_signed_in(self._ctx, signed)

    def reset_password(self) -> None:
        ui, ctx, account = self.ui, self._ctx, self._selected()
        if account is None:
            return
        self.selected_errors.clear()
        password = ui.newPasswordEdit.text()
        edits = {"new_password": ui.newPasswordEdit, "new_password2": ui.newPassword2Edit}
        if password != ui.newPassword2Edit.text():
            self._field_error(self.selected_errors, {"new_password2": MISMATCH}, edits)
            return
        ok, _ = ctx.bus.attempt(self, ACCOUNTS, accounts.set_password, ctx.db, account.name, password, ctx.operator(),
                                title="未能重设密码", handlers={ValidationError: lambda exc: self._field_error(
                                    self.selected_errors, {"new_password": exc.fields.get("password", exc.message)}, edits)})
        if not ok:
            return
        ui.newPasswordEdit.clear()
        ui.newPassword2Edit.clear()
        ui.doneLabel.setText(f"已重设“{account.name}”的密码。")

    def toggle_active(self) -> None:
        ctx, account = self._ctx, self._selected()
        if account is None:
            return
        if account.active:
            answer = QMessageBox.question(self, "停用账户", f"停用账户“{account.name}”？停用后不能再用它登录，已有留痕保留。",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        ok, _ = ctx.bus.attempt(self, ACCOUNTS, accounts.set_active, ctx.db, account.name, not account.active,
                                ctx.operator(), title="未能修改账户",
                                handlers={ValidationError: lambda exc: self.selected_errors.show(exc.fields)})
        if not ok:
            return
        self.ui.doneLabel.setText(f"已{'停用' if account.active else '启用'}账户“{account.name}”。")

    def _field_error(self, errors: FieldErrors, fields: dict[str, str], edits: dict) -> None:
        placed = errors.show(fields)
        if placed and placed[0] in edits:
            edits[placed[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, key: str) -> str:
        return self.create_errors.message(key) or self.selected_errors.message(key)
