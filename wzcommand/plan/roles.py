"""Who may do what. A database with no accounts yet runs as a single operator who may do all."""
from __future__ import annotations

ROLES: dict[str, str] = {"duty": "值班员", "director": "办公室主任", "admin": "管理员"}

# Everyday work every signed-in operator does: roster, events, meetings, tasks, drafts.
DUTY = frozenset({"roster.edit", "event.edit", "schedule.edit", "task.edit", "report.draft", "backup",
                  "county.record", "experts.edit", "measure.record", "requisition.edit", "supplies.edit", "riskmap.edit"})
PERMISSIONS: dict[str, frozenset[str]] = {
    "duty": DUTY,
    "director": DUTY | {"level.switch", "warning.record", "report.issue", "office.settings", "copy.out",
                        "county.instruct", "requisition.compensate"},
    "admin": DUTY | {"level.switch", "warning.record", "report.issue", "office.settings", "copy.out", "accounts",
                     "settings", "restore", "county.instruct", "requisition.compensate"},
}
ACTION_NAMES = {"level.switch": "调整应急响应级别", "warning.record": "发布或调整预警", "report.issue": "签发报告",
                "office.settings": "修改公文设置", "accounts": "管理账户", "settings": "修改设置", "restore": "从备份恢复",
                "copy.out": "把数据库复制到备份文件夹以外（含全部账户与密码散列）",
                "county.record": "登记县（市、区）响应和预警",
                "experts.edit": "登记专家咨询委员会委员和评估", "county.instruct": "记录市级要求县（市、区）启动应急响应",
                "measure.record": "登记管控措施及其批准、解除",
                "requisition.edit": "登记临时征用和归还", "requisition.compensate": "登记征用补偿评估和金额",
                "supplies.edit": "登记物资库存、进出和需求申请",
                "riskmap.edit": "导入乡镇（街道）和登记风险等级"}


def allowed(role: str, action: str) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def who_may(action: str) -> str:
    return "或".join(name for key, name in ROLES.items() if allowed(key, action))
