"""Validation of phone numbers as Chinese offices write them. Pure functions."""
from __future__ import annotations

import re
import unicodedata

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Optional area code (0 + 2–3 digits, bracketed or followed by a dash), 7–8 digit local number,
# optional extension written with a dash, 转, 分机, x or ext.
LANDLINE = re.compile(r"^(?:\(0\d{2,3}\)|0\d{2,3}-?)?[2-9]\d{6,7}(?:(?:-|转|分机|ext\.?|x|#)\d{1,6})?$", re.I)
SEPARATORS = re.compile(r"[、/，,;；]")

MOBILE_HINT = "手机号码应为以1开头的11位数字（如 13812345678）"
LANDLINE_HINT = "固定电话格式不正确（如 0577-88888888、88888888 或 0577-88888888-123）"
PHONE_HINT = "电话号码格式不正确（固定电话如 0577-88888888，手机如 13812345678）"


def normalise(text: str) -> str:
    """Full-width digits and brackets to half-width; trim; single spaces."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    return re.sub(r"\s+", " ", text.replace("—", "-").replace("－", "-"))


def _compact(number: str) -> str:
    return re.sub(r"[\s]", "", number)


def is_mobile(number: str) -> bool:
    return bool(MOBILE.match(_compact(number).replace("-", "")))


def is_landline(number: str) -> bool:
    return bool(LANDLINE.match(_compact(number)))


def check(kind: str, value: str) -> str | None:
    """Return an error message, or None if `value` is acceptable for `kind`.

    kind: "mobile" (mobiles only), "landline" (fax), "phone" (either). Empty is acceptable.
    Several numbers may be given, separated by 、 / ， or ；.
    """
    value = normalise(value)
    if not value:
        return None
    for part in (p.strip() for p in SEPARATORS.split(value)):
        if not part:
            return "号码之间多了分隔符"
        if kind == "mobile":
            ok, hint = is_mobile(part), MOBILE_HINT
        elif kind == "landline":
            ok, hint = is_landline(part), LANDLINE_HINT
        else:
            ok, hint = is_mobile(part) or is_landline(part), PHONE_HINT
        if not ok:
            return f"“{part}”：{hint}"
    return None
