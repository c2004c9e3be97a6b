"""设置: the operator name written into the audit trail of every change made here; whether deadline
alerts sound on this workstation."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from ...settings import Settings, save_settings
from ..bus import UiContext
from ..forms.ui_settings_dialog import Ui_SettingsDialog
from ..unsaved import FitsScreen

OPERATOR_HINT = "记录在每一次修改的留痕中。留空则使用系统登录名“{user}”。"


class SettingsDialog(FitsScreen, QDialog):
    def __init__(self, ctx: UiContext, parent=None):
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.operatorEdit.setText(ctx.settings.operator)
        self.ui.operatorEdit.setPlaceholderText(Settings().operator_name())
        self.ui.operatorHint.setText(OPERATOR_HINT.format(user=Settings().operator_name()))
        self.ui.databaseValue.setText(ctx.db.label)
        self.ui.alertSoundCheck.setChecked(getattr(ctx.settings, "alert_sound", True))

    def accept(self) -> None:
        settings = self._ctx.settings
        previous = settings.operator, settings.alert_sound
        settings.operator = self.ui.operatorEdit.text().strip()
        settings.alert_sound = self.ui.alertSoundCheck.isChecked()
        try:
            save_settings(settings)
        except OSError as exc:
            settings.operator, settings.alert_sound = previous
            QMessageBox.warning(self, "未能保存设置", f"无法写入设置文件：{exc.strerror or exc}")
            return
        super().accept()
