"""account add / list: operator accounts and their roles."""
from __future__ import annotations

import os

from ..plan.roles import ROLES
from .parsing import handles, subcommands


def register(sub, common) -> None:
    acc = sub.add_parser("account", parents=[common], help="操作员账户")
    asub = subcommands(acc, "account_command")
    add = handles(asub.add_parser("add", parents=[common], help="新建账户（密码取自 WZCOMMAND_NEW_PASSWORD 或提示输入）"),
                  cmd_account_add)
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    handles(asub.add_parser("list", parents=[common], help="账户列表"), cmd_account_list)
    unblock = handles(asub.add_parser("unblock", parents=[common],
                                      help="解除密码错误后的等待（无需登录；仅限数据库文件所属的本机系统账户）"),
                      cmd_account_unblock)
    unblock.add_argument("name")
    unblock.set_defaults(no_sign_in=True)  # the administrator may be the one locked out


def _new_password() -> str:
    import getpass
    import sys

    from ..services.errors import ValidationError

    password = os.environ.get("WZCOMMAND_NEW_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError({"password": "请设置 WZCOMMAND_NEW_PASSWORD，或在终端中运行以便输入新密码。"})
    first, second = getpass.getpass("新密码："), getpass.getpass("再输入一次：")
    if first != second:
        raise ValidationError({"password": "两次输入的密码不一致"})
    return first


def cmd_account_add(ctx, args):
    from ..services import accounts

    account = accounts.create_account(ctx.db, args.name, args.role, _new_password(), ctx.operator)
    return {"name": account.name, "role": account.role}, f"已创建账户 {account.name}（{ROLES[account.role]}）"


def cmd_account_list(ctx, args):
    from ..services import accounts

    rows = [{"name": a.name, "role": a.role, "active": a.active} for a in accounts.list_accounts(ctx.db)]
    return rows, "\n".join(f"{r['name']}  {ROLES[r['role']]}{'' if r['active'] else '（已停用）'}" for r in rows) \
        or "（尚无账户：单操作员模式）"


def cmd_account_unblock(ctx, args):
    from ..services import accounts

    accounts.unblock_from_this_machine(ctx.db, args.name)
    return {"unblocked": args.name}, f"已解除“{args.name}”的等待，可立即登录。"
