"""Accounts: the first is the administrator, hashes not passwords, wrong passwords slow down, roles hold."""
from datetime import datetime, timedelta, timezone
from level_support import complete

import pytest
from sqlalchemy import select

from warning_support import STEPS
from wzcommand.services import accounts, levels, warnings
from wzcommand.services.accounts import PermissionDenied, SignInFailed
from wzcommand.services.errors import ValidationError
from wzcommand.storage.models import Account

NOW = datetime(2026, 11, 29, 12, tzinfo=timezone.utc)


def setup_office(db):
    accounts.create_account(db, "管理员", "admin", "admin-pass-1", "系统")
    accounts.create_account(db, "主任", "director", "director-pass", "管理员")
    accounts.create_account(db, "值班员", "duty", "duty-pass-01", "管理员")


def test_first_account_must_be_admin_and_only_admins_add(db):
    with pytest.raises(ValidationError, match="管理员"):
        accounts.create_account(db, "值班员", "duty", "duty-pass-01", "x")
    setup_office(db)
    with pytest.raises(PermissionDenied):
        accounts.create_account(db, "新人", "duty", "newbie-pass", "值班员")
    with db.read() as s:
        stored = s.scalars(select(Account.password_hash)).all()
    assert all(h.startswith("scrypt$") and "pass" not in h for h in stored)


def test_sign_in_and_slow_down(db):
    setup_office(db)
    assert accounts.authenticate(db, "主任", "director-pass", NOW).role == "director"
    for n in range(3):
        with pytest.raises(SignInFailed, match="不正确"):
            accounts.authenticate(db, "主任", "wrong", NOW)
    with pytest.raises(SignInFailed, match="秒后再试"):
        accounts.authenticate(db, "主任", "director-pass", NOW)  # even the right password waits
    assert accounts.authenticate(db, "主任", "director-pass", NOW + timedelta(seconds=3)).name == "主任"
    with pytest.raises(SignInFailed):
        accounts.authenticate(db, "无此人", "x", NOW)


def test_duty_officer_cannot_switch_or_record_warning(db):
    setup_office(db)
    req = complete(db, levels.SwitchRequest(target="IV", decided_at=NOW, decided_by="市政府", basis="评估"))
    with pytest.raises(PermissionDenied, match="办公室主任"):
        levels.switch_level(db, req, "值班员", now=NOW)
    with pytest.raises(PermissionDenied):
        warnings.record_warning(db, "blue", NOW, "市卫生健康委", "x", "值班员", now=NOW, steps=STEPS)
    assert levels.current_state(db).level == "none"
    levels.switch_level(db, req, "主任", now=NOW)
    assert levels.current_state(db).level == "IV"


def test_single_operator_mode_until_first_account(db):
    levels.switch_level(db, complete(db, levels.SwitchRequest(target="IV", decided_at=NOW, decided_by="市政府", basis="x")),
                        "任何人", now=NOW)
    assert levels.current_state(db).level == "IV"


def test_cannot_deactivate_last_admin(db):
    setup_office(db)
    with pytest.raises(ValidationError):
        accounts.set_active(db, "管理员", False, "管理员")


@pytest.mark.sqlite_only
def test_restore_needs_an_administrator_and_read_only_sign_in_counts_too(db):
    from wzcommand.services import backups
    from wzcommand.storage.database import open_database

    setup_office(db)
    taken = backups.backup_now(db).path
    path = db.path
    db.close()
    with pytest.raises(PermissionDenied, match="管理员"):
        backups.restore(path, taken, "主任")
    backups.restore(path, taken, "管理员")
    viewer = open_database(path, read_only=True)
    try:
        assert accounts.authenticate(viewer, "值班员", "duty-pass-01").role == "duty"
        for _ in range(3):  # a viewing window counts wrong passwords like the writing one
            with pytest.raises(SignInFailed):
                accounts.authenticate(viewer, "值班员", "wrong")
        with pytest.raises(SignInFailed, match="秒后再试"):
            accounts.authenticate(viewer, "值班员", "duty-pass-01")
    finally:
        viewer.close()


def test_unknown_names_answer_as_slowly_as_known_ones(db):
    import statistics
    import time

    setup_office(db)

    def answer(name, at):
        started = time.perf_counter()
        with pytest.raises(SignInFailed):
            accounts.authenticate(db, name, "wrong", at)
        return time.perf_counter() - started

    known = [answer("主任", NOW + timedelta(hours=n)) for n in range(5)]  # an hour apart: never waiting
    unknown = [answer(f"无此人{n}", NOW) for n in range(5)]
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (known, unknown)


@pytest.mark.sqlite_only
def test_administrator_locked_out_gets_in_from_the_machines_own_account(db):
    setup_office(db)
    for _ in range(8):  # someone tries to lock the administrator out
        with pytest.raises(SignInFailed):
            accounts.authenticate(db, "管理员", "wrong", NOW)
    with pytest.raises(SignInFailed, match="account unblock 管理员"):
        accounts.authenticate(db, "管理员", "admin-pass-1", NOW)
    accounts.unblock_from_this_machine(db, "管理员")  # run as the system account owning the file
    assert accounts.authenticate(db, "管理员", "admin-pass-1", NOW).role == "admin"
    from wzcommand.services.audit_log import entries
    assert any(e.action == "account.unblock" and e.target == "管理员" for e in entries(db))
