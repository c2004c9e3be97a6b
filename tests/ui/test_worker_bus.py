"""BackgroundTask and ChangeBus: results come back on the UI thread; only successful writes announce."""
import gc
import threading
from functools import partial

import pytest

from wzcommand.ui.bus import ChangeBus
from wzcommand.ui.worker import run_in_background


def test_result_and_progress_arrive_on_the_ui_thread(qtbot):
    ui_thread = threading.get_ident()
    seen = []

    def work(progress):
        progress(1, 2)
        progress(2, 2)
        return threading.get_ident()

    task = run_in_background(work)
    task.progress.connect(lambda done, total: seen.append((done, total, threading.get_ident())))
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args[0] != ui_thread  # the work ran elsewhere
    assert [(d, t) for d, t, _ in seen] == [(1, 2), (2, 2)]
    assert all(thread == ui_thread for *_, thread in seen)
    assert not task.running


def test_failure_is_reported_not_raised(qtbot):
    task = run_in_background(lambda progress: 1 / 0)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_what_a_task_held_is_released_on_the_ui_thread_once_it_has_reported(qtbot):
    """A Qt object freed by the worker thread (or kept for ever) crashes or leaks the program: the
    callable and all it captured, and a failure's traceback, die on the UI thread after delivery."""
    ui_thread = threading.get_ident()
    released = []

    class Held:
        def __del__(self):
            released.append(threading.get_ident())

    def fail(progress, held):
        local = Held()  # kept by the traceback's frame
        progress(1, 1)
        raise ValueError(local)

    # Garbage earlier tests left (widgets in reference cycles) is collected here, on the UI thread:
    # the workers below collect too, and a Qt object finalised on a worker thread can hang it,
    # which starved the pool and timed this test out in the full suite now and then.
    gc.collect()
    outcomes = []
    for i in range(30):
        held = Held()
        task = run_in_background(partial(fail, held=held) if i % 3 == 0 else lambda progress, held=held: gc.collect())
        task.finished.connect(lambda _result: outcomes.append("ok"))
        task.failed.connect(lambda _exc: outcomes.append("failed"))
        del held, task
    qtbot.waitUntil(lambda: len(outcomes) == 30, timeout=10000)
    gc.collect()
    assert outcomes.count("failed") == 10
    assert len(released) == 40 and set(released) == {ui_thread}


def test_bus_announces_only_successful_writes(qtbot):
    bus = ChangeBus()
    topics = []
    bus.changed.connect(topics.append)
    assert bus.write("roster", lambda x: x + 1, 1) == 2
    with pytest.raises(ValueError):
        bus.write("roster", lambda: (_ for _ in ()).throw(ValueError("bad")))
    assert topics == ["roster"]
    task = bus.start_write("roster", lambda progress: "ok")
    qtbot.waitSignal(task.finished, timeout=5000).wait() if task.running else None
    qtbot.waitUntil(lambda: topics == ["roster", "roster"], timeout=5000)


def test_bus_announces_what_the_service_says_it_changed(qtbot):
    from dataclasses import dataclass

    from wzcommand.services.changes import Changes

    @dataclass
    class Result:
        changes: Changes

    bus = ChangeBus()
    topics, applied = [], []
    bus.changed.connect(topics.append)
    bus.applied.connect(applied.append)
    bus.write("levels", lambda: Result(Changes.of("schedule", "levels")))
    assert topics == ["levels", "schedule"] and applied == [Changes.of("levels", "schedule")]
    bus.write("tasks", lambda: None)  # a result without changes: just the topic written
    assert topics[2:] == ["tasks"] and applied[1] == Changes.of("tasks")


def test_attempt_shows_a_refusal_where_the_user_looks_and_announces_nothing(qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

    from wzcommand.services.errors import ServiceError

    def refuse():
        raise ServiceError("办结时限不能早于当前时间")

    bus = ChangeBus()
    topics = []
    bus.changed.connect(topics.append)
    label = QLabel()
    qtbot.addWidget(label)
    assert bus.attempt(label, "tasks", refuse) == (False, None)
    assert label.text() == "办结时限不能早于当前时间" and not label.isHidden()
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append((title, text)))
    panel = QWidget()
    qtbot.addWidget(panel)
    assert bus.attempt(panel, "schedule", refuse, title="未能取消") == (False, None)
    assert boxes == [("未能取消", "办结时限不能早于当前时间")] and topics == []
    assert bus.attempt(panel, "schedule", lambda: 7) == (True, 7) and topics == ["schedule"]


def test_attempt_hands_the_refusals_a_form_shows_itself_to_it_and_shows_the_rest(qtbot, monkeypatch):
    """A form shows a ValidationError by field (its handler) and anything else goes to the box: the
    panel writes no except ServiceError of its own."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from wzcommand.services.errors import ConflictError, ServiceError, ValidationError

    bus, panel, by_field, boxes = ChangeBus(), QWidget(), [], []
    qtbot.addWidget(panel)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: boxes.append((title, text)))

    def refuse(exc):
        raise exc

    handlers = {ValidationError: lambda exc: by_field.append(exc.fields)}
    assert bus.attempt(panel, "roster", refuse, ValidationError({"mobile": "手机号码应为11位"}), title="未能保存",
                       handlers=handlers) == (False, None)
    assert by_field == [{"mobile": "手机号码应为11位"}] and boxes == []
    for other in (ConflictError("已被他人修改"), ServiceError("数据库只读")):
        assert bus.attempt(panel, "roster", refuse, other, title="未能保存", handlers=handlers) == (False, None)
    assert boxes == [("未能保存", "已被他人修改"), ("未能保存", "数据库只读")] and len(by_field) == 1
