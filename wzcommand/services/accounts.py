"""Operator accounts: scrypt hashes, sign-in that slows down after wrong passwords, role checks."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from .. import clock
from ..errors import ServiceError
from ..plan.roles import ACTION_NAMES, ROLES, allowed, who_may
from ..storage import audit
from ..storage.models import Account
from .changes import ACCOUNTS, NO_CHANGES, Changes
from .errors import NotFoundError, ValidationError
from .records import copy_row

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
MIN_PASSWORD = 8
MAX_WAIT_SECONDS = 300


class PermissionDenied(ServiceError):
    pass


class SignInFailed(ServiceError):
    pass


@dataclass(frozen=True)
class AccountRecord:
    """An account as the window and the command line see it: never its password hash."""

    id: int
    name: str
    role: str  # duty|director|admin
    active: bool
    created_at: datetime
    created_by: str
    changes: Changes = field(default=NO_CHANGES, compare=False)  # ACCOUNTS, when a write made it


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT, dklen=32)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def _verify(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def has_accounts(db) -> bool:
    with db.read() as session:
        return _count(session) > 0


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Account)) or 0


def require(session, operator: str, action: str) -> None:
    """Inside a service's transaction: refuse unless `operator`'s role allows `action`."""
    if _count(session) == 0:
        return  # single-operator mode until the first account is made
    account = session.scalars(select(Account).where(Account.name == operator, Account.active.is_(True))).first()
    if account is None or not allowed(account.role, action):
        role = ROLES.get(account.role, "未登录") if account else "未登录的操作员"
        raise PermissionDenied(f"{ACTION_NAMES.get(action, action)}需要{who_may(action)}权限；"
                               f"“{operator}”是{role}，未做任何改动。")


def create_account(db, name: str, role: str, password: str, operator: str) -> AccountRecord:
    errors = {}
    name = (name or "").strip()
    if not name or len(name) > 50:
        errors["name"] = "请填写账户名（不超过50字）"
    if role not in ROLES:
        errors["role"] = f"角色应为：{'、'.join(f'{k}（{v}）' for k, v in ROLES.items())}"
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"密码至少 {MIN_PASSWORD} 位"
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        first = _count(session) == 0
        if first and role != "admin":
            raise ValidationError({"role": "第一个账户必须是管理员"})
        if not first:
            require(session, operator, "accounts")
        if session.scalars(select(Account).where(Account.name == name)).first():
            raise ValidationError({"name": f"账户“{name}”已存在"})
        account = Account(name=name, role=role, password_hash=hash_password(password), active=True,
                          failed_attempts=0, created_at=clock.now(), created_by=operator if not first else name)
        session.add(account)
        session.flush()
        audit.record(session, operator if not first else name, "account.create", name, after={"role": role})
        return copy_row(AccountRecord, account, changes=Changes.of(ACCOUNTS))


def _wait(failures: int) -> timedelta:
    """No wait for the first two mistakes, then 2, 4, 8 … seconds, at most five minutes."""
    return timedelta(seconds=0 if failures < 3 else min(2 ** (failures - 2), MAX_WAIT_SECONDS))


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: str

    @property
    def role_name(self) -> str:
        return ROLES[self.role]


_DUMMY: dict[tuple, str] = {}  # per scrypt parameters, so the dummy always costs what a real hash costs


def _verify_or_waste(password: str, account: Account | None) -> bool:
    """Check the password; for an unknown or disabled name spend the same scrypt time on a dummy
    hash, so the answer's timing does not tell which names exist."""
    if account is None or not account.active:
        key = tuple(sorted(SCRYPT.items()))
        if key not in _DUMMY:
            _DUMMY[key] = hash_password(secrets.token_hex(8))
        _verify(password, _DUMMY[key])
        return False
    return _verify(password, account.password_hash)


def _blocked_message(account: Account, now: datetime) -> str:
    until = account.blocked_until or now
    seconds = int((until - now).total_seconds()) + 1
    text = f"密码错误次数过多，请在 {seconds} 秒后再试。"
    if account.role == "admin":
        text += f"管理员也可在本机由数据库文件所属的系统账户运行 wzcommand account unblock {account.name} 立即解除。"
    return text


def authenticate(db, name: str, password: str, now: datetime | None = None) -> SignedIn:
    """Sign in; wrong passwords slow the account down (counted on a viewing window too)."""
    now = now or clock.now()
    with db.write(even_read_only=True) as session:  # a viewing window counts wrong passwords too
        account = session.scalars(select(Account).where(Account.name == (name or "").strip())).first()
        if account is not None and account.active and account.blocked_until and now < account.blocked_until:
            _verify_or_waste(password or "", None)  # the same time as any other answer
            raise SignInFailed(_blocked_message(account, now))
        if not _verify_or_waste(password or "", account):
            if account is None or not account.active:
                failure = SignInFailed("账户名或密码不正确。")
            else:
                account.failed_attempts += 1
                account.blocked_until = now + _wait(account.failed_attempts)
                audit.record(session, account.name, "account.sign_in_failed", account.name,
                             after={"failures": account.failed_attempts})
                failure = SignInFailed("账户名或密码不正确。")
        else:
            if account.failed_attempts or account.blocked_until:
                account.failed_attempts, account.blocked_until = 0, None
            return SignedIn(account.name, account.role)
    raise failure


def unblock_from_this_machine(db, name: str) -> None:
    """Lift the wait after wrong passwords, for someone at the workstation under the operating-
    system account that owns the database file. That account can already change the file with
    any SQLite tool, so this gives it nothing new; it lets the administrator in after someone
    tried to lock them out. Audited."""
    import getpass
    import os

    if db.path is None:
        raise ServiceError("服务器数据库不能在本机解除；请由另一位管理员登录后处理，或等待时间结束。")
    owner = getattr(os, "geteuid", None)
    if owner is not None and os.stat(db.path).st_uid != owner():
        raise PermissionDenied("只有数据库文件所属的本机系统账户才能解除等待，未做任何改动。")
    if not os.access(db.path, os.W_OK):
        raise PermissionDenied("当前系统账户不能写入数据库文件，未做任何改动。")
    with db.write(even_read_only=True) as session:
        account = session.scalars(select(Account).where(Account.name == name)).first()
        if account is None:
            raise NotFoundError(f"没有账户“{name}”。")
        account.failed_attempts, account.blocked_until = 0, None
        audit.record(session, f"本机系统账户 {getpass.getuser()}", "account.unblock", name)


def list_accounts(db) -> list[AccountRecord]:
    with db.read() as session:
        return [copy_row(AccountRecord, a) for a in session.scalars(select(Account).order_by(Account.id))]


def set_password(db, name: str, password: str, operator: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError({"password": f"密码至少 {MIN_PASSWORD} 位"})
    with db.write() as session:
        account = session.scalars(select(Account).where(Account.name == name)).first()
        if account is None:
            raise NotFoundError(f"没有账户“{name}”。")
        if operator != name:
            require(session, operator, "accounts")
        account.password_hash = hash_password(password)
        audit.record(session, operator, "account.password", name)


def set_active(db, name: str, active: bool, operator: str) -> None:
    with db.write() as session:
        require(session, operator, "accounts")
        account = session.scalars(select(Account).where(Account.name == name)).first()
        if account is None:
            raise NotFoundError(f"没有账户“{name}”。")
        if not active and account.role == "admin" and session.scalar(
                select(func.count()).select_from(Account).where(Account.role == "admin", Account.active.is_(True))) <= 1:
            raise ValidationError({"active": "不能停用最后一个管理员账户"})
        account.active = active
        audit.record(session, operator, "account.active", name, after={"active": active})
