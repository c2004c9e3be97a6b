"""Printing a PDF through CUPS (Linux, macOS): the PDF itself goes to the queue with `lp`, on
A4 at 100 %, so the printer gets text and outlines. Used by the window and the command line.

    queue = find_printer("办公室")            # PrintError when unknown or without A4
    job = submit(pdf_bytes, queue, copies=2, title="温应指〔2026〕3号")
    wait(job, progress=..., cancelled=...)   # PrintError with the queue's own message on failure
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ServiceError
from . import ipp, paper

MAX_COPIES = 99
_ATTRIBUTES = ("printer-name", "printer-info", "media-default", "media-supported", "printer-state",
               "printer-state-message", "printer-state-reasons", "printer-is-accepting-jobs")
_STATES = {3: "空闲", 4: "正在打印", 5: "已停止"}
_REASONS = {"media-empty": "缺纸", "media-needed": "需要装纸", "media-jam": "卡纸", "offline": "脱机",
            "paused": "已暂停", "stopped": "已停止", "shutdown": "已关闭", "toner-empty": "墨粉用完",
            "marker-supply-empty": "耗材用完", "door-open": "机门打开", "cover-open": "机盖打开",
            "input-tray-missing": "纸盒缺失", "connecting-to-device": "正在连接打印机"}
_BLOCKING = {"media-empty", "media-needed", "media-jam", "offline", "paused", "stopped", "shutdown",
             "toner-empty", "marker-supply-empty", "door-open", "cover-open", "input-tray-missing"}
# Job progress stages, reported as progress(stage, len(STAGES)).
STAGES = ("正在发送", "排队等候", "正在打印", "已打印")
SENT, QUEUED, PRINTING, DONE = range(4)


class PrintError(ServiceError):
    """Printing refused or failed; the message names the printer and quotes the queue."""


class PrintCancelled(PrintError):
    def __init__(self, job: "Job | None" = None):
        super().__init__(f"已取消打印任务 {job.id}。" if job else "已取消打印。")


@dataclass(frozen=True)
class Printer:
    name: str
    info: str = ""
    default_paper: str = ""  # the server's name, e.g. na_letter_8.5x11in
    papers: tuple[str, ...] = ()
    state: int = 3  # 3 idle, 4 processing, 5 stopped
    message: str = ""  # printer-state-message, the queue's own words
    reasons: tuple[str, ...] = ()
    accepting: bool = True
    is_default: bool = False

    @property
    def a4(self) -> str | None:
        """The server's name for A4 on this printer, or None when it has none."""
        return next((name for name in self.papers if paper.is_a4(name)), None)

    def paper_labels(self) -> list[str]:
        return paper.listed(self.papers)

    def state_text(self) -> str:
        """空闲 / 正在打印 / 已停止, followed by what is wrong (缺纸, 脱机 …) and the queue's message."""
        words = [_STATES.get(self.state, "状态未知")]
        words += [_REASONS[base] for base in map(_reason_base, self.reasons) if base in _REASONS]
        text = "，".join(dict.fromkeys(words))
        return f"{text}：{self.message}" if self.message else text

    def blocked(self) -> bool:
        """Stopped, or reporting a condition that keeps it from printing (offline, out of paper …)."""
        return self.state == 5 or any(reason.endswith("-error") or _reason_base(reason) in _BLOCKING
                                      for reason in self.reasons)


@dataclass(frozen=True)
class Job:
    id: str  # QUEUE-NUMBER, as lp and cancel name it
    number: int
    printer: str


def _reason_base(reason: str) -> str:
    return re.sub(r"-(error|warning|report)$", "", reason)


def _printer(attrs: dict, default: str = "") -> Printer:
    def one(key, fallback=None):
        values = attrs.get(key) or [fallback]
        return values[0] if values[0] is not None else fallback

    name = one("printer-name", "")
    return Printer(name=name, info=one("printer-info", "") or "", default_paper=one("media-default", "") or "",
                   papers=tuple(v for v in attrs.get("media-supported", []) if isinstance(v, str)),
                   state=one("printer-state", 3), message=one("printer-state-message", "") or "",
                   reasons=tuple(v for v in attrs.get("printer-state-reasons", []) if v and v != "none"),
                   accepting=bool(one("printer-is-accepting-jobs", True)), is_default=name == default)


def _query(operation: int, attributes: list, path: str = "/") -> list[tuple[int, dict]]:
    try:
        return ipp.request(operation, attributes, path)
    except ipp.IppError as exc:
        raise PrintError(str(exc)) from exc


def default_printer_name() -> str:
    groups = _query(ipp.CUPS_GET_DEFAULT, [(ipp.KEYWORD, "requested-attributes", ["printer-name"])])
    return next((g["printer-name"][0] for tag, g in groups if tag == ipp.PRINTER and g.get("printer-name")), "")


def list_printers() -> list[Printer]:
    """Every queue of the local print server, the system default first."""
    groups = _query(ipp.CUPS_GET_PRINTERS, [(ipp.KEYWORD, "requested-attributes", list(_ATTRIBUTES))])
    default = default_printer_name()
    printers = [_printer(g, default) for tag, g in groups if tag == ipp.PRINTER and g.get("printer-name")]
    return sorted(printers, key=lambda p: (not p.is_default, p.name.lower()))


def get_printer(name: str) -> Printer | None:
    groups = _query(ipp.GET_PRINTER_ATTRIBUTES,
                    [(ipp.URI, "printer-uri", ipp.printer_uri(name)),
                     (ipp.KEYWORD, "requested-attributes", list(_ATTRIBUTES))], ipp.printer_path(name))
    found = [g for tag, g in groups if tag == ipp.PRINTER and g.get("printer-name")]
    return _printer(found[0]) if found else None


def find_printer(name: str) -> Printer:
    """The queue called `name`, checked for A4 and accepting jobs; PrintError otherwise."""
    printer = get_printer(name) if name else None
    if printer is None:
        names = "、".join(p.name for p in list_printers()) or "（无）"
        raise PrintError(f"没有名为“{name}”的打印机。本机的打印机：{names}。")
    check_printer(printer)
    return printer


def check_printer(printer: Printer) -> None:
    if printer.a4 is None:
        papers = "、".join(printer.paper_labels()) or "（未报告）"
        raise PrintError(f"打印机“{printer.name}”没有 A4 纸（它的纸张：{papers}），公文只能用 A4 纸按 100 % 打印。")
    if not printer.accepting:
        raise PrintError(f"打印机“{printer.name}”不接受打印任务（{printer.state_text()}）。")


def check_copies(copies: int) -> int:
    if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise PrintError(f"份数应为 1 到 {MAX_COPIES} 之间的整数。")
    return copies


def lp_command(path: str | os.PathLike, printer: Printer, copies: int = 1, title: str = "",
               pages: tuple[int, int] | None = None) -> list[str]:
    """The `lp` command that prints the PDF at `path` on A4 at 100 % (never fitted or scaled)."""
    command = ["lp", "-d", printer.name, "-n", str(check_copies(copies))]
    if title:
        command += ["-t", title]
    command += ["-o", f"media={printer.a4 or paper.A4_PWG}", "-o", "fit-to-page=false",
                "-o", "print-scaling=none", "-o", "number-up=1"]
    if pages is not None:
        command += ["-o", f"page-ranges={pages[0]}-{pages[1]}"]
    return command + ["--", str(path)]


def _run(command: list[str]) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        raise PrintError(f"本机没有 {command[0]} 命令（CUPS 打印客户端），无法打印。")
    env = dict(os.environ, LC_ALL="C", LANG="C")  # lp's answer is parsed
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"{command[0]} 未能运行：{exc}") from exc


def submit(data: bytes, printer: Printer, copies: int = 1, title: str = "",
           pages: tuple[int, int] | None = None) -> Job:
    """Send the PDF to the queue; the job as the server numbered it."""
    check_printer(printer)
    folder = Path(tempfile.mkdtemp(prefix="wzcommand-print-"))
    try:
        path = folder / "document.pdf"
        path.write_bytes(data)
        done = _run(lp_command(path, printer, copies, title, pages))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    answer = (done.stdout + done.stderr).strip()
    match = re.search(r"request id is (\S+)-(\d+)", done.stdout)
    if done.returncode != 0 or match is None:
        raise PrintError(f"打印机“{printer.name}”未接受打印任务：{answer or f'lp 退出码 {done.returncode}'}")
    return Job(id=f"{match.group(1)}-{match.group(2)}", number=int(match.group(2)), printer=printer.name)


def job_state(job: Job) -> dict:
    groups = _query(ipp.GET_JOB_ATTRIBUTES,
                    [(ipp.URI, "job-uri", f"ipp://localhost/jobs/{job.number}"),
                     (ipp.NAME, "requesting-user-name", ipp.user_name()),
                     (ipp.KEYWORD, "requested-attributes",
                      ["job-state", "job-state-reasons", "job-printer-state-message"])], "/jobs")
    return next((g for tag, g in groups if tag == ipp.JOB), {})


def cancel(job: Job) -> None:
    _run(["cancel", job.id])


def wait(job: Job, progress: Callable[[int, int], object] | None = None,
         cancelled: Callable[[], bool] | None = None, timeout: float | None = None, poll: float = 0.25) -> None:
    """Follow the job until it has printed. A job that is cancelled, aborted, or held by a queue
    that is stopped / offline / out of paper is cancelled and reported with the queue's own message."""
    started = time.monotonic()
    while True:
        if cancelled is not None and cancelled():
            cancel(job)
            raise PrintCancelled(job)
        attrs = job_state(job)
        state = (attrs.get("job-state") or [9])[0]  # a job no longer known has left the queue
        if state == 9:  # completed
            if progress is not None:
                progress(DONE, len(STAGES))
            return
        printer = get_printer(job.printer)
        if state in (7, 8):
            said = (attrs.get("job-printer-state-message") or [""])[0] or (printer.message if printer else "")
            what = "已被取消" if state == 7 else "未能打印"
            raise PrintError(f"打印任务 {job.id} {what}" + (f"：打印机“{job.printer}”报告“{said}”。" if said else "。"))
        if state == 6 or printer is None or printer.blocked():
            cancel(job)
            status = printer.state_text() if printer else "已被删除"
            raise PrintError(f"打印机“{job.printer}”{status}。打印任务 {job.id} 已撤销，请处理后重新打印。")
        if progress is not None:
            progress(PRINTING if state == 5 else QUEUED, len(STAGES))
        if timeout is not None and time.monotonic() - started > timeout:
            raise PrintError(f"打印任务 {job.id} 在 {timeout:.0f} 秒内未打印完，仍在打印机“{job.printer}”的队列中"
                             f"（{printer.state_text()}）。")
        time.sleep(poll)


def print_pdf(data: bytes, printer_name: str, copies: int = 1, title: str = "",
              pages: tuple[int, int] | None = None, progress=None, cancelled=None,
              timeout: float | None = None) -> Job:
    """find_printer + submit + wait: the whole job, as the command line runs it."""
    printer = find_printer(printer_name)
    if progress is not None:
        progress(SENT, len(STAGES))
    job = submit(data, printer, copies, title, pages)
    wait(job, progress, cancelled, timeout)
    return job
