"""The situation board for the command hall: read-only, large, live; F11 full screen, Esc leaves;
no personal phone numbers unless the hall turns them on."""
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from level_support import complete
from wzcommand import clock
from wzcommand.services import levels, people, tasks
from wzcommand.storage.database import open_database
from wzcommand.ui.board import SituationBoard


@pytest.fixture
def board(qtbot, ui_context):
    widget = SituationBoard(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_board_shows_the_situation_read_only_in_large_type(board):
    assert "应急指挥态势" in board.windowTitle()
    assert board.situation.level_label.text() == "未启动应急响应"
    assert board.font().pointSize() >= 16 and "font-size: 1" in board.styleSheet()
    assert not board.findChildren(QLineEdit) and not board.findChildren(QTextEdit)
    assert not board.findChildren(QPlainTextEdit) and not board.findChildren(QAbstractButton)
    assert board.tasks_label.text() == "无逾期交办单"


def test_board_follows_another_seat_within_two_seconds(qtbot, board, db):
    other = open_database(db.path)
    try:
        request = levels.SwitchRequest("III", clock.now() - timedelta(minutes=5), "市政府", "专家评估意见")
        levels.switch_level(other, complete(other, request), "值班员")
        tasks.add_task(other, "落实隔离点位", "市卫生健康委", "值班员", deadline=clock.now() - timedelta(hours=1),
                       now=clock.now() - timedelta(hours=2))
    finally:
        other.close()
    qtbot.waitUntil(lambda: board.situation.level_label.text() == "Ⅲ级应急响应", timeout=2000)
    assert "指挥长" in board.command_label.text()
    qtbot.waitUntil(lambda: board.tasks_label.text().startswith("市卫生健康委：1 件"), timeout=2000)


def test_no_personal_phones_unless_turned_on(qtbot, board, ui_context):
    view = levels.command_view(ui_context.db)
    post = view.director.post if view.director else None
    assert post
    people.set_person(ui_context.db, post, "张三", "测试员", mobile="13900001111")
    board.reload()
    assert "张三" in board.command_label.text() and "13900001111" not in board.command_label.text()
    ui_context.settings.board_phones = True
    board.reload()
    assert "13900001111" in board.command_label.text()


def test_f11_toggles_full_screen_and_escape_leaves(qtbot, board):
    board.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is board)
    qtbot.keyClick(board, Qt.Key.Key_F11)
    assert board.isFullScreen()
    qtbot.keyClick(board, Qt.Key.Key_F11)
    assert not board.isFullScreen()
    qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert not board.isVisible()


def test_wzcommand_board_opens_the_board_full_screen_on_the_database(qtbot, db, monkeypatch):
    from wzcommand.cli import main

    seen = {}

    def exec_(_app=None):
        boards = [w for w in QApplication.topLevelWidgets() if isinstance(w, SituationBoard) and w.isVisible()]
        seen["boards"] = [(b.windowTitle(), b.isFullScreen(), b._ctx.db.read_only) for b in boards]
        for b in boards:
            b.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert main(["board", "--db", str(db.path)]) == 0
    assert seen["boards"] == [("温州市突发公共卫生事件应急指挥部 应急指挥态势", True, True)]
