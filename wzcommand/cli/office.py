"""office show / office set: the office's document settings (in the database); fonts: the faces found."""
from __future__ import annotations

from .parsing import handles, subcommands


def register(sub, common) -> None:
    office = sub.add_parser("office", parents=[common], help="公文设置（文号前缀、主送、抄送、签发人、时限、时区）")
    osub = subcommands(office, "office_command")
    handles(osub.add_parser("show", parents=[common], help="显示公文设置"), cmd_office_show)
    setter = handles(osub.add_parser("set", parents=[common], help="修改一项公文设置（办公室主任或管理员）"),
                     cmd_office_set)
    setter.add_argument("key", help="设置项，如 signer、doc_prefix、addressee、cc、time_zone")
    setter.add_argument("value")
    handles(sub.add_parser("fonts", parents=[common], help="打印公文所用的字体（仿宋、小标宋、黑体、楷体）及其文件"),
            cmd_fonts)


def _rows(settings) -> list[dict]:
    from dataclasses import asdict

    from ..services.office import LABELS

    return [{"key": k, "label": LABELS[k], "value": v} for k, v in asdict(settings).items()]


def cmd_office_show(ctx, args):
    from dataclasses import asdict

    from ..services import office
    from .tables import table

    settings = office.office_settings(ctx.db)
    return asdict(settings), table(["设置项", "说明", "值"], [[r["key"], r["label"], str(r["value"])]
                                                       for r in _rows(settings)])


def cmd_office_set(ctx, args):
    from dataclasses import asdict

    from ..services import office
    from ..services.office import LABELS

    settings = office.set_office_value(ctx.db, args.key, args.value, ctx.operator)
    return asdict(settings), f"已修改公文设置：{LABELS[args.key]} = {getattr(settings, args.key)}"


def cmd_fonts(ctx, args):
    from ..reports.event_reports import ReportDraft
    from ..services.report_docx import NAMED, font_lines, fonts_for

    fonts = fonts_for(ReportDraft("first", None, "关于某事件的首次报告", signer="某某"))
    rows = [{"role": wanted, "face": fonts[role].face_name, "file": str(fonts[role].path),
             "index": fonts[role].index, "substitute": fonts[role].substitute} for role, wanted in NAMED.items()]
    from ..reports.fonts import found_fonts
    from ..settings import load_settings

    found = [{"file": str(p), "face": name, "usable": ok}
             for p, name, ok in found_fonts(load_settings().font_path.strip() or None)]
    rows = {"roles": rows, "found": found}
    text = "公文所用字体：\n" + "\n".join(font_lines(fonts)) + "\n\n找到的字体文件：\n" + "\n".join(
        f"{f['face']}——{f['file']}" + ("" if f["usable"] else "（不能嵌入 PDF，未使用）") for f in found)
    if any(r["substitute"] for r in rows["roles"]):
        text += "\n提示：标注“替代字体”的字形与公文标准字体不同；可把 simfang.ttf（仿宋）、方正小标宋等字体文件放入程序目录下的 fonts 文件夹。"
    return rows, text
