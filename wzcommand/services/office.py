"""Office-wide document settings, kept in the database so every seat numbers and addresses alike.

文号 prefix, 主送, 抄送, 印发机关, the default 签发人, the 附注, the progress-report interval,
the closing-report delay and the office's time zone.  They are read inside the transaction
that issues a document (:func:`office_in`), changed only by a director or an administrator,
and every change is written to the audit trail.  ``settings.json`` keeps only what belongs to
one workstation (operator name, database location, font file, screen lock).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

from .. import clock
from ..storage import audit
from ..storage.models import AppMeta
from .accounts import require
from .errors import ValidationError

OFFICE_KEY = "office_settings"   # storage.database reads its time_zone when a database is opened


@dataclass(frozen=True)
class OfficeSettings:
    issuer: str = "温州市突发公共卫生事件应急指挥部"          # 发文机关标志 of reports (上行文)
    office: str = "温州市突发公共卫生事件应急指挥部办公室"    # letterhead of notices, 交办单, 催办单, 日程; 印发机关
    doc_prefix: str = "温应指"           # reports: 温应指〔2026〕3号
    notice_prefix: str = "温应指办"      # meeting notices: 温应指办〔2026〕1号
    addressee: str = "市委、市政府"       # 主送 of reports
    cc: str = "省卫生健康委"              # 抄送, several separated by 、
    signer: str = ""                      # default 签发人 of reports to a higher body
    contact: str = ""                     # 附注, e.g. 联系人：张三，电话：0577-88888888
    progress_hours: int = 24              # 进程报告 interval (an office setting, not a plan rule)
    closing_days: int = 14                # 结案报告 due this many days after the event is over
    time_zone: str = clock.DEFAULT_ZONE   # every printed, shown and --json time

    def cc_list(self) -> list[str]:
        return [c.strip() for c in self.cc.replace("，", "、").split("、") if c.strip()]


LABELS = {"issuer": "发文机关", "office": "办公室名称（通知、交办单的发文机关和印发机关）",
          "doc_prefix": "报告发文字号前缀", "notice_prefix": "通知发文字号前缀", "addressee": "报告主送机关",
          "cc": "抄送机关", "signer": "默认签发人", "contact": "附注（联系人及电话）",
          "progress_hours": "进程报告间隔（小时）", "closing_days": "结案报告时限（事件结束后天数）",
          "time_zone": "办公室时区"}
REQUIRED = ("issuer", "office", "doc_prefix", "notice_prefix", "addressee", "time_zone")


def office_in(session) -> OfficeSettings:
    """The settings as ``session`` sees them (defaults for what was never set)."""
    meta = session.get(AppMeta, OFFICE_KEY)
    raw = json.loads(meta.value) if meta and meta.value else {}
    return _from_dict(raw)


def _from_dict(raw: dict) -> OfficeSettings:
    base = OfficeSettings()
    values: dict[str, Any] = {}
    for f in fields(OfficeSettings):
        if f.name in raw:
            default = getattr(base, f.name)
            try:
                values[f.name] = int(raw[f.name]) if isinstance(default, int) else str(raw[f.name])
            except (TypeError, ValueError):
                pass
    return replace(base, **values)


def office_settings(db) -> OfficeSettings:
    with db.read() as session:
        return office_in(session)


def check(settings: OfficeSettings) -> None:
    errors = {}
    for name in REQUIRED:
        if not str(getattr(settings, name)).strip():
            errors[name] = f"请填写{LABELS[name]}"
    for name in ("doc_prefix", "notice_prefix"):
        value = getattr(settings, name).strip()
        if value and (len(value) > 12 or any(c in value for c in "〔〕[]0123456789号")):
            errors[name] = f"{LABELS[name]}应为不超过12字的机关代字，如“温应指”"
    if not 1 <= settings.progress_hours <= 24 * 7:
        errors["progress_hours"] = "进程报告间隔应在1到168小时之间"
    if not 1 <= settings.closing_days <= 60:
        errors["closing_days"] = "结案报告时限应在1到60天之间"
    try:
        clock.zone_named(settings.time_zone)
    except ValueError as exc:
        errors["time_zone"] = str(exc)
    if errors:
        raise ValidationError(errors)


def save_office_settings(db, settings: OfficeSettings, operator: str, now: datetime | None = None) -> OfficeSettings:
    """Store the office's document settings (director or administrator), audited with before/after."""
    settings = replace(settings, **{f.name: getattr(settings, f.name).strip() for f in fields(settings)
                                    if isinstance(getattr(settings, f.name), str)})
    check(settings)
    with db.write() as session:
        require(session, operator, "office.settings")
        before = office_in(session)
        meta = session.get(AppMeta, OFFICE_KEY) or AppMeta(key=OFFICE_KEY)
        meta.value = json.dumps(asdict(settings), ensure_ascii=False)
        session.add(meta)
        changed = {k: v for k, v in asdict(settings).items() if getattr(before, k) != v}
        audit.record(session, operator, "office.settings", "公文设置",
                     before={k: getattr(before, k) for k in changed}, after=changed, at=now)
    clock.set_zone(settings.time_zone)
    return settings


def set_office_value(db, key: str, value: str, operator: str) -> OfficeSettings:
    """One setting by its name (the command line's ``office set KEY VALUE``)."""
    names = {f.name: f for f in fields(OfficeSettings)}
    if key not in names:
        raise ValidationError({"key": f"没有名为“{key}”的公文设置；可用：{'、'.join(names)}"})
    current = office_settings(db)
    typed: int | str
    if isinstance(getattr(current, key), int):
        try:
            typed = int(value)
        except ValueError:
            raise ValidationError({key: f"{LABELS[key]}应为整数"}) from None
    else:
        typed = value
    changed: dict[str, Any] = {key: typed}
    return save_office_settings(db, replace(current, **changed), operator)
