"""Lock screen: after the (injected, short) inactivity timeout the window is covered until the
signed-in operator's password is typed, or someone else signs in (the operator changes)."""
import pytest
from PySide6.QtCore import QPoint, Qt

from wzcommand.services import accounts
from wzcommand.ui.session import Session, set_signed_in

IDLE_MS = 300
STAFF = (("管理员甲", "admin", "password-0"), ("张主任", "director", "password-1"), ("王值班", "duty", "password-2"))


@pytest.fixture
def signed_in(ui_context):
    for name, role, password in STAFF:
        accounts.create_account(ui_context.db, name, role, password, "管理员甲")
    set_signed_in(ui_context, accounts.authenticate(ui_context.db, "王值班", "password-2"))
    return ui_context


@pytest.fixture
def session(signed_in, main_window):
    made = Session(signed_in, idle_ms=IDLE_MS).attach(main_window)
    yield made
    made.watcher.stop()
    if made.lock_screen is not None:
        made.lock_screen.done(0)  # close() is refused, as it should be


def unlock(qtbot, screen, password, name=None):
    if name is not None:
        screen.ui.nameEdit.setText(name)
    screen.ui.passwordEdit.setText(password)
    qtbot.mouseClick(screen.ui.unlockButton, Qt.MouseButton.LeftButton)


def test_locks_after_inactivity_and_unlocks_with_the_right_password(qtbot, session, main_window, signed_in):
    assert not session.is_locked
    qtbot.waitUntil(lambda: session.is_locked, timeout=3000)
    screen = session.lock_screen
    assert screen.isVisible() and screen.isModal()
    assert screen.geometry() == main_window.geometry()  # the window is covered
    assert "王值班" in screen.ui.hintLabel.text() and not screen.ui.nameEdit.isVisible()
    unlock(qtbot, screen, "wrong-password")
    assert screen.message() == "账户名或密码不正确。" and session.is_locked
    unlock(qtbot, screen, "password-2")
    assert not session.is_locked and not screen.isVisible()
    assert signed_in.operator() == "王值班"
    assert session.watcher.timer.isActive()  # counting again


def test_input_postpones_the_lock(qtbot, signed_in, main_window):
    # A long timeout and a comparison of the countdown before and after input: a busy machine's
    # pauses cannot lock the window early (a 300 ms timeout and sleeps flaked under load).
    made = Session(signed_in, idle_ms=60_000).attach(main_window)
    timer = made.watcher.timer
    timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer's remainingTime() is off by up to 5 %
    timer.start()
    try:
        for touch in (lambda: qtbot.keyClick(main_window.nav, Qt.Key.Key_Shift),
                      lambda: qtbot.mouseMove(main_window, QPoint(120, 100))):
            qtbot.wait(400)
            before = timer.remainingTime()
            assert before < 59_900  # counting down
            touch()
            assert timer.remainingTime() > before  # started again from the full minute
        assert not made.is_locked
    finally:
        made.watcher.stop()


def test_switch_user_changes_the_operator_and_what_is_allowed(qtbot, session, main_window, signed_in):
    assert not main_window.switch_action.isEnabled()  # a 值班员
    session.lock()
    screen = session.lock_screen
    qtbot.mouseClick(screen.ui.switchButton, Qt.MouseButton.LeftButton)
    assert screen.switching and screen.ui.nameEdit.isVisible()
    unlock(qtbot, screen, "password-1", name="张主任")
    assert not session.is_locked
    assert signed_in.operator() == "张主任" and signed_in.role == "director"
    assert main_window.switch_action.isEnabled()
    assert main_window.marks.operator_label.text() == "张主任"
    assert main_window.marks.operator_label.toolTip() == "操作员：张主任（办公室主任）"


def test_escape_does_not_unlock(qtbot, session):
    session.lock()
    screen = session.lock_screen
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert session.is_locked and screen.isVisible()


def test_no_lock_without_accounts(qtbot, ui_context, main_window):
    made = Session(ui_context, idle_ms=100).attach(main_window)
    qtbot.wait(400)
    assert not made.is_locked and not made.watcher.watching


def test_the_lock_screen_shows_level_warning_and_clocks_only(qtbot, ui_context):
    """A locked seat still warns: level, warning colour and the running clocks are on the lock
    screen; the window's panels are covered."""
    from datetime import timedelta

    from wzcommand import clock
    from wzcommand.services import events
    from wzcommand.ui.dialogs.lock_screen import LockScreen

    now = clock.now().replace(microsecond=0)
    events.register_event(ui_context.db, events.EventInput(
        name="某学校诺如病毒感染疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=now - timedelta(hours=1), received_at=now - timedelta(minutes=20), grade="较大",
        counts={"ill": 23, "dead": 0}), "值班员")
    screen = LockScreen(ui_context)
    qtbot.addWidget(screen)
    screen.show()
    strip = screen.situation
    assert strip.isVisible()
    assert strip.level_label.text() == "未启动应急响应" and strip.warning_label.text()
    texts = strip.clock_texts()
    assert any(t.startswith("某学校诺如病毒感染疫情·电话报告：") and "剩余" in t for t in texts)
    before = texts[0]
    qtbot.waitUntil(lambda: strip.clock_texts()[0] != before, timeout=2500)  # it ticks
    screen.done(0)
