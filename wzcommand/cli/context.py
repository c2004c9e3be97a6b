"""What a command runs with: the open database and who is signed in (no module-level state)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Context:
    db: Any  # wzcommand.storage.database.Database; None for commands that need no database
    signed_in: str | None = None  # the account --operator signed in as, when the database has accounts

    @property
    def operator(self) -> str:
        """The name audit entries record: the signed-in account, else the workstation's operator."""
        if self.signed_in:
            return self.signed_in
        from ..settings import load_settings

        return load_settings().operator_name()


def _location(args) -> dict:
    from ..settings import database_location, load_settings

    return database_location(load_settings(), args.db, args.db_url)


def start_checks(args):
    """The SQLite file's checks (storage.opening.examine: quick_check, integrity_check after an
    unclean close, the refusals) started on a thread of their own, as the window does, so they run
    while SQLAlchemy and the models load (a ten-year file's quick_check takes about 0.5 s); None for
    a server. open_db waits for their verdict before anything opens the file for writing."""
    location = _location(args)
    if "path" not in location:
        return None
    from pathlib import Path

    from ..storage.opening import Examination

    return Examination(Path(location["path"]).expanduser().absolute())


def open_db(args, examined=None):
    """The database the global options (or the saved settings) name; the window decides the same way.
    `examined`: start_checks(args), begun earlier."""
    from ..storage.database import open_database

    return open_database(**_location(args), examined=examined)


def sign_in(db, args) -> Context:
    """When the database has accounts, every command runs as a signed-in operator."""
    import getpass
    import os
    import sys

    from ..services import accounts
    from ..services.errors import ServiceError

    if not accounts.has_accounts(db):
        return Context(db)
    if not args.operator:
        raise ServiceError("该数据库已启用账户：请用 --operator 账户名 登录（密码取自 WZCOMMAND_PASSWORD 或提示输入）。")
    password = os.environ.get("WZCOMMAND_PASSWORD")
    if password is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise ServiceError("需要密码：请设置 WZCOMMAND_PASSWORD，或在终端中运行以便输入密码。")
        password = getpass.getpass(f"{args.operator} 的密码：")
    return Context(db, accounts.authenticate(db, args.operator, password).name)
