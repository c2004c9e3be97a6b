"""CLI for operator accounts."""
from __future__ import annotations

import os

from .plan.roles import ROLES
from .services import accounts
from .services.errors import ValidationError


def add_parsers(sub, common, parser_class) -> None:
    acc = sub.add_parser("account", parents=[common], help="操作员账户")
    asub = acc.add_subparsers(dest="account_command", required=True, parser_class=parser_class)
    add = asub.add_parser("add", parents=[common], help="新建账户（密码取自 WZCOMMAND_NEW_PASSWORD 或提示输入）")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    asub.add_parser("list", parents=[common], help="账户列表")


def _new_password() -> str:
    import getpass
    import sys

    password = os.environ.get("WZCOMMAND_NEW_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError({"password": "请设置 WZCOMMAND_NEW_PASSWORD，或在终端中运行以便输入新密码。"})
    first, second = getpass.getpass("新密码："), getpass.getpass("再输入一次：")
    if first != second:
        raise ValidationError({"password": "两次输入的密码不一致"})
    return first


def cmd_account_add(db, args):
    from .commands import operator

    account = accounts.create_account(db, args.name, args.role, _new_password(), operator())
    return {"name": account.name, "role": account.role}, f"已创建账户 {account.name}（{ROLES[account.role]}）"


def cmd_account_list(db, args):
    rows = [{"name": a.name, "role": a.role, "active": a.active} for a in accounts.list_accounts(db)]
    return rows, "\n".join(f"{r['name']}  {ROLES[r['role']]}{'' if r['active'] else '（已停用）'}" for r in rows) \
        or "（尚无账户：单操作员模式）"


HANDLERS = {("account", "add"): cmd_account_add, ("account", "list"): cmd_account_list}
