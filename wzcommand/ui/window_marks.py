"""What the main window says about the database and the operator, and what it lets them do.

- An exercise database (services.meta.is_exercise): the title starts with 【演练】, a red banner
  above the panels is always visible, the status bar says 演练.
- A database opened read-only (another window writes it): the title says （只读）, the status
  bar says 只读, and every guarded write action is disabled.
- The title ends with the database's name (the file's name, or the server's host/database), as
  desktop programs name the document or profile they show (the full location is in 设置). The
  status bar names who works (操作员 and the role in its tooltip), so that the level, the warning
  colour and the report clocks keep their room at 1024 px.
- Guarded actions (`guard(action_or_button, "level.switch")`): disabled, with a tooltip naming
  the roles that may, when the signed-in role may not (plan/roles.py; the services check again).
Everything is re-applied when the bus announces SESSION (someone signed in, a restore).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from ..plan.roles import ROLES, who_may
from ..services import meta
from .bus import SESSION, UiContext

EXERCISE_PREFIX = "【演练】"
READ_ONLY_SUFFIX = "（只读）"
BANNER_TEXT = "演练 — 本数据库仅用于应急演练"
BANNER_STYLE = ("background-color: #c62828; color: #ffffff; font-weight: bold; font-size: 13pt; "
                "padding: 6px;")
EXERCISE_CHIP = "background-color: #c62828; color: #ffffff; font-weight: bold; border-radius: 3px; padding: 1px 6px;"
READ_ONLY_CHIP = "background-color: #616161; color: #ffffff; font-weight: bold; border-radius: 3px; padding: 1px 6px;"
READ_ONLY_TIP = "数据库以只读方式打开（另一窗口正在使用该文件），不能修改。"
OPERATOR_TIP = "操作员：{name}（{role}）"  # the bar shows the name alone: room at 1024 px
SINGLE_OPERATOR_TIP = "操作员：{name}（未启用账户：名称取自设置或系统登录名）"


def decorated_title(title: str, exercise: bool, read_only: bool, database: str = "") -> str:
    return (f"{EXERCISE_PREFIX if exercise else ''}{title}{READ_ONLY_SUFFIX if read_only else ''}"
            + (f" — {database}" if database else ""))


def database_name(db) -> str:
    """wzcommand.sqlite3; a server: host/database."""
    if db.path is not None:
        return Path(db.path).name
    url = db.engine.url
    return f"{url.host or 'localhost'}/{url.database or ''}"


def permission_tip(action: str) -> str:
    """需要办公室主任或管理员权限"""
    return f"需要{who_may(action)}权限"


class WindowMarks:
    def __init__(self, window: QMainWindow, ctx: UiContext):
        self._window = window
        self._ctx = ctx
        self._title = window.windowTitle()
        self._guarded: list[tuple[QAction | QWidget, str | None, str, bool]] = []
        self.banner = QLabel(BANNER_TEXT)
        self.banner.setObjectName("exerciseBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self._wrap_central()
        self.exercise_label = self._chip("exerciseLabel", "演练", EXERCISE_CHIP)
        self.read_only_label = self._chip("readOnlyLabel", "只读", READ_ONLY_CHIP)
        self.read_only_label.setToolTip(READ_ONLY_TIP)
        self.operator_label = QLabel()
        self.operator_label.setObjectName("operatorLabel")
        window.statusBar().addPermanentWidget(self.operator_label)
        for menu_action in window.menuBar().actions():
            menu = menu_action.menu()
            if isinstance(menu, QMenu):
                menu.setToolTipsVisible(True)
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _wrap_central(self) -> None:
        """The banner above whatever the window's central widget is."""
        body = self._window.takeCentralWidget()
        outer = QWidget()
        layout = QVBoxLayout(outer)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        if body is not None:
            layout.addWidget(body, 1)
        self._window.setCentralWidget(outer)

    def _chip(self, name: str, text: str, style: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setStyleSheet(style)
        self._window.statusBar().addPermanentWidget(label)
        return label

    def guard(self, target: QAction | QWidget, action: str | None, writes: bool = True) -> None:
        """Enable `target` only if the role may do `action` (None: anyone) and, if it `writes`, the
        database is writable."""
        self._guarded.append((target, action, target.toolTip(), writes))
        self._apply(self._guarded[-1])

    def _on_changed(self, topic: str) -> None:
        if topic == SESSION:
            self.refresh()

    def refresh(self) -> None:
        ctx = self._ctx
        exercise, read_only = meta.is_exercise(ctx.db), ctx.db.read_only
        self._window.setWindowTitle(decorated_title(self._title, exercise, read_only, database_name(ctx.db)))
        self.banner.setVisible(exercise)
        self.exercise_label.setVisible(exercise)
        self.read_only_label.setVisible(read_only)
        signed = ctx.signed_in
        if signed is not None:
            self.operator_label.setText(signed.name)
            self.operator_label.setToolTip(OPERATOR_TIP.format(name=signed.name, role=ROLES.get(signed.role, signed.role)))
        elif ctx.accounts_exist:
            self.operator_label.setText("未登录")  # a read-only window: the 只读 beside it says the rest
            self.operator_label.setToolTip("只读查看，无需登录" if read_only else "")
        else:
            self.operator_label.setText(ctx.operator())
            self.operator_label.setToolTip(SINGLE_OPERATOR_TIP.format(name=ctx.operator()))
        for entry in self._guarded:
            self._apply(entry)

    def _apply(self, entry) -> None:
        target, action, tip, writes = entry
        if writes and self._ctx.db.read_only:
            target.setEnabled(False)
            target.setToolTip(READ_ONLY_TIP)
        elif action is not None and not self._ctx.may(action):
            target.setEnabled(False)
            target.setToolTip(permission_tip(action) + ("（请登录）" if self._ctx.signed_in is None else ""))
        else:
            target.setEnabled(True)
            target.setToolTip(tip)
