"""With accounts, the command line signs in with --operator and WZCOMMAND_PASSWORD; roles hold."""
import json

import pytest

from wzcommand.cli import main


@pytest.fixture
def office(tmp_path, monkeypatch, capsys):
    dbfile = str(tmp_path / "a.sqlite3")
    monkeypatch.setenv("WZCOMMAND_NEW_PASSWORD", "admin-pass-1")
    assert main(["account", "add", "管理员", "--role", "admin", "--db", dbfile]) == 0
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("WZCOMMAND_NEW_PASSWORD", "duty-pass-01")
    assert main(["account", "add", "值班员", "--role", "duty", "--operator", "管理员", "--db", dbfile]) == 0
    capsys.readouterr()
    return dbfile


def test_commands_need_a_signed_in_operator(office, monkeypatch, capsys):
    monkeypatch.delenv("WZCOMMAND_PASSWORD")
    assert main(["units", "--db", office]) == 2
    assert "--operator" in capsys.readouterr().err
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "wrong-password")
    assert main(["units", "--operator", "值班员", "--db", office]) == 2
    assert "不正确" in capsys.readouterr().err


def test_duty_officer_cannot_switch_level_or_restore(office, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "duty-pass-01")
    assert main(["level", "set", "IV", "--by", "市政府", "--basis", "x", "--operator", "值班员", "--db", office]) == 2
    assert "办公室主任" in capsys.readouterr().err
    assert main(["backup", "--operator", "值班员", "--db", office, "--json"]) == 0
    taken = json.loads(capsys.readouterr().out)["file"]
    assert main(["restore", taken, "--operator", "值班员", "--db", office]) == 2
    assert "管理员" in capsys.readouterr().err
    assert main(["level", "show", "--operator", "值班员", "--db", office, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "none"
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "admin-pass-1")
    assert main(["audit", "--operator", "管理员", "--db", office, "--json"]) == 0
    actions = [e["action"] for e in json.loads(capsys.readouterr().out)]
    assert actions.count("account.create") == 2 and "level.switch" not in actions


def test_duty_officer_cannot_issue_a_report(office, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "duty-pass-01")
    assert main(["event", "add", "--name", "测试事件", "--category", "food", "--district", "鹿城区",
                 "--occurred", "2026-11-29T08:00+08:00", "--received", "2026-11-29T09:00+08:00",
                 "--operator", "值班员", "--db", office, "--json"]) == 0
    event_id = str(json.loads(capsys.readouterr().out)["id"])
    assert main(["report", "first", "--event", event_id, "--out", str(tmp_path / "d.pdf"),
                 "--operator", "值班员", "--db", office]) == 0  # a draft is everyday work
    capsys.readouterr()
    assert main(["report", "first", "--event", event_id, "--out", str(tmp_path / "i.pdf"), "--issue",
                 "--operator", "值班员", "--db", office]) == 2
    assert "办公室主任" in capsys.readouterr().err and not (tmp_path / "i.pdf").exists()


def test_copies_leaving_the_protected_folder_need_a_director_or_admin(office, monkeypatch, capsys, tmp_path):
    """Every password hash travels with a copy: a duty officer may back up only into backups/."""
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "duty-pass-01")
    out, archive = str(tmp_path / "usb"), str(tmp_path / "a.zip")
    assert main(["backup", "--to", out, "--operator", "值班员", "--db", office]) == 2
    assert "办公室主任或管理员" in capsys.readouterr().err and not (tmp_path / "usb").exists()
    assert main(["archive", "export", archive, "--operator", "值班员", "--db", office]) == 2
    assert "办公室主任或管理员" in capsys.readouterr().err and not (tmp_path / "a.zip").exists()
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "admin-pass-1")
    assert main(["backup", "--to", out, "--operator", "管理员", "--db", office]) == 0
    capsys.readouterr()
    assert main(["archive", "export", archive, "--operator", "管理员", "--db", office]) == 0
    said = capsys.readouterr().out
    assert "尚无已签发报告" in said and "0 份" not in said      # not "含 0 份已签发报告"
    assert main(["backup", "--to", "/dev/null", "--operator", "管理员", "--db", office]) == 2
    assert "不是文件夹" in capsys.readouterr().err
    assert main(["archive", "import", "/dev/zero", "--operator", "管理员", "--db", office]) == 2
    assert "不是普通文件" in capsys.readouterr().err


def test_locked_out_administrator_unblocks_from_the_machines_own_account(office, monkeypatch, capsys):
    from datetime import timedelta

    from wzcommand import clock
    from wzcommand.services import accounts
    from wzcommand.storage.database import open_database

    db = open_database(office)
    later = clock.now() + timedelta(hours=1)  # wrong passwords stamped an hour ahead: the wait outlasts the test
    for _ in range(6):
        with pytest.raises(accounts.SignInFailed):
            accounts.authenticate(db, "管理员", "wrong", later)
    db.close()
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "admin-pass-1")
    assert main(["units", "--operator", "管理员", "--db", office]) == 2
    assert "account unblock" in capsys.readouterr().err
    monkeypatch.delenv("WZCOMMAND_PASSWORD")
    assert main(["account", "unblock", "管理员", "--db", office]) == 0  # no sign-in: this system account owns the file
    monkeypatch.setenv("WZCOMMAND_PASSWORD", "admin-pass-1")
    assert main(["units", "--operator", "管理员", "--db", office]) == 0
