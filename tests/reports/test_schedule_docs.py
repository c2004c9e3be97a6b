"""Printed schedule documents: fonts embedded, inside the margins, the facts a reader needs."""
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from level_support import complete

import pytest

from wzcommand.cli import main
from wzcommand.services import levels, meetings, tasks

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
TZ = timezone(timedelta(hours=8))
MM = 72 / 25.4


def text_of(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def check_layout(path):
    import pdfplumber

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip() and c["top"] / MM < 262]
            assert min(c["x0"] for c in chars) / MM >= 27
            assert max(c["x1"] for c in chars) / MM <= 185.5


@pytest.fixture
def busy(db, tmp_path):
    levels.switch_level(db, complete(db, levels.SwitchRequest(target="II", decided_at=datetime(2026, 11, 29, 8, tzinfo=TZ),
                                                 decided_by="市政府", basis="评估", plan="respiratory")), "甲",
                        now=datetime(2026, 11, 29, 9, tzinfo=TZ))
    m = meetings.add_meeting(db, meetings.MeetingInput(
        "press_briefing", "第5场新闻发布会", datetime(2026, 11, 30, 10, tzinfo=TZ), datetime(2026, 11, 30, 11, tzinfo=TZ),
        place="市新闻发布厅", host_post="市委宣传部常务副部长", host_person="王某", organiser="市委宣传部",
        speakers=[("李四", "市卫生健康委", "疫情防控情况通报")], agenda="通报疫情\n答记者问"), "甲")
    t = tasks.add_task(db, "对密切接触者落实集中隔离医学观察", "市卫生健康委", "甲", co_units=["市公安局"],
                       now=datetime(2026, 11, 29, 9, tzinfo=TZ))
    return db, m, t, tmp_path


def run(*args):
    return main([str(a) for a in args])


def test_notice_task_chase_and_week(busy):
    db, m, t, tmp = busy
    path = db.path
    assert run("print", "notice", m.id, "--contact", "联系人：张三，电话：0577-88888888", "--out", tmp / "n.pdf", "--db", path) == 0
    notice = text_of(tmp / "n.pdf")
    for needle in ("关于召开第5场新闻发布会的通知", "市新闻发布厅", "王某", "浙江日报温州分社", "疫情防控情况通报"):
        assert needle in notice.replace(" ", "")
    assert run("print", "task", t.id, "--out", tmp / "t.pdf", "--db", path) == 0
    sheet = text_of(tmp / "t.pdf").replace(" ", "")
    assert "交办〔2026〕1号" in sheet and "签收回执" in sheet and "市公安局" in sheet
    assert run("print", "chase", "--out", tmp / "c.pdf", "--db", path) == 0
    assert "市卫生健康委" in text_of(tmp / "c.pdf").replace(" ", "")
    assert run("print", "week", "--from", "2026-11-30", "--out", tmp / "w.pdf", "--db", path) == 0
    week = text_of(tmp / "w.pdf").replace(" ", "")
    assert "每日调度会商会" in week and "第5场新闻发布会" in week
    for name in ("n", "t", "c", "w"):
        check_layout(tmp / f"{name}.pdf")


def test_unwritable_output_exits_2(busy, capsys):
    db, m, _, tmp = busy
    assert run("print", "notice", m.id, "--out", tmp / "missing" / "n.pdf", "--db", db.path) == 2
    assert "无法写入" in capsys.readouterr().err


def test_exercise_database_marks_every_printed_page(tmp_path, capsys):
    import pdfplumber

    ex = tmp_path / "演练.sqlite3"
    assert run("init", "--exercise", "--db", ex, "--json") == 0
    assert '"exercise": true' in capsys.readouterr().out
    assert run("print", "week", "--from", "2026-11-30", "--out", tmp_path / "w.pdf", "--db", ex) == 0
    with pdfplumber.open(tmp_path / "w.pdf") as pdf:
        assert all("演练" in (page.extract_text() or "") for page in pdf.pages)
    real = tmp_path / "real.sqlite3"
    assert run("task", "add", "--content", "x", "--lead", "市公安局", "--db", real) == 0
    assert run("init", "--exercise", "--db", real) == 2
    assert "单独的新数据库" in capsys.readouterr().err
