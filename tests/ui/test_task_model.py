"""The task list reads the database a page at a time as the view scrolls."""
from datetime import datetime, timezone

NOW = datetime(2026, 11, 29, 10, tzinfo=timezone.utc)


def test_task_model_reads_pages_as_the_view_scrolls(qtbot):
    from wzcommand.ui.models import task_model

    calls = []

    def fetch(offset, limit):
        calls.append((offset, limit))
        return [type("T", (), {"id": i})() for i in range(offset, min(offset + limit, 450))]

    model = task_model.TaskModel()
    model.set_source(fetch, 450, NOW)
    assert model.rowCount() == task_model.PAGE and calls == [(0, task_model.PAGE)]
    assert model.row_of(420) == 420 and model.rowCount() == 450
    assert not model.canFetchMore()
