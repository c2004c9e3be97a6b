"""Where a document goes: ``--out FILE`` and/or ``--printer NAME [--copies N]``, shared by every
command that makes one (the queues are listed by ``printers``, cli/printers.py). Printing goes the way
the window's does (wzcommand.printing): the PDF itself on A4 at 100 %, the job followed until
it has printed, a failure reported with the queue's own message."""
from __future__ import annotations

from .parsing import CliError

PRINT_TIMEOUT = 600.0  # seconds a job may wait in the queue before the command gives up on it


def add_destination(parser, out_type=str) -> None:
    parser.add_argument("--out", type=out_type, help="写出的 PDF 文件")
    parser.add_argument("--printer", metavar="NAME", help="打印到这台打印机（A4 · 100 %%；wzcommand printers 列出打印机）")
    parser.add_argument("--copies", type=int, default=1, metavar="N", help="打印份数（默认 1）")


def check_destination(args) -> None:
    """Refuse, before anything is made or issued: no destination, bad copies, an unknown printer
    or one without A4."""
    from ..printing import cups, prints_pdf_itself

    if not args.out and not args.printer:
        raise CliError("wzcommand: 请用 --out 指定输出文件，或用 --printer 指定打印机")
    if args.copies != 1 and not args.printer:
        raise CliError("wzcommand: --copies 只与 --printer 一起使用")
    if not args.printer:
        return
    cups.check_copies(args.copies)
    if prints_pdf_itself():
        cups.find_printer(args.printer)


def send(args, data: bytes, title: str) -> tuple[dict, str]:
    """Print `data` to --printer (when given); the JSON fields and the sentence to report."""
    if not args.printer:
        return {}, ""
    from ..printing import cups, prints_pdf_itself

    copies = f"，{args.copies} 份" if args.copies > 1 else ""
    if prints_pdf_itself():
        job = cups.print_pdf(data, args.printer, args.copies, title, timeout=PRINT_TIMEOUT)
        return ({"printer": args.printer, "copies": args.copies, "job": job.id},
                f"已打印到“{args.printer}”（任务 {job.id}{copies}，A4 · 100 %）")
    from PySide6.QtGui import QGuiApplication

    from ..ui.print_render import print_rendered

    _app = QGuiApplication.instance() or QGuiApplication([])  # QPrinter needs one
    pages = print_rendered(data, args.printer, args.copies, None, title)
    return ({"printer": args.printer, "copies": args.copies, "pages": pages},
            f"已打印到“{args.printer}”（{pages} 页{copies}，A4 · 100 %）")


def deliver(args, data: bytes, title: str) -> tuple[dict, str]:
    """Write --out (atomically) and print to --printer, as asked; JSON fields and one sentence."""
    from ..fileio import atomic_write_bytes, os_error_text
    from ..services.errors import ServiceError

    fields, said = {"file": str(args.out) if args.out else None, "bytes": len(data)}, []
    if args.out:
        try:
            atomic_write_bytes(args.out, data)
        except OSError as exc:
            raise ServiceError(f"无法写入“{args.out}”：{os_error_text(exc)}") from exc
        said.append(f"已生成 {args.out}")
    printed, text = send(args, data, title)
    fields.update(printed)
    if text:
        said.append(text)
    return fields, "；".join(said)
