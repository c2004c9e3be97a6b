"""A throwaway CUPS server for the print tests: cupsd with its own ServerRoot, spool, temp and
log folders and a Unix socket in a private temporary folder (no network port), a cups-pdf queue
whose PDFs land in that folder. Clients reach it through CUPS_SERVER=<socket>.

The machine's own CUPS is never touched: cups-pdf reads its settings from the fixed path
/etc/cups/cups-pdf.conf, so cupsd runs in a private mount namespace (`unshare -m`) where a
folder holding this server's cups-pdf.conf is bind-mounted over /etc/cups; outside that
namespace /etc/cups is unchanged. cups-pdf only runs as root, so this needs root (as on CI).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
LETTER = "na_letter_8.5x11in"


def _die_with_parent() -> None:
    """cupsd gets SIGTERM if the test process dies without stopping it (a crash, a kill)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class ThrowawayCups:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="wzcups-"))
        self.dir.chmod(0o755)  # filters run as lp and must reach the spool and temp folders
        self.socket = str(self.dir / "cups.sock")
        self.out = self.dir / "out"
        self.process: subprocess.Popen | None = None

    @staticmethod
    def missing() -> str:
        """Why this machine cannot run the server ("" when it can)."""
        if os.geteuid() != 0:
            return "cups-pdf only runs as root"
        for tool in ("cupsd", "lpadmin", "lp", "cancel", "unshare", "pdffonts"):
            if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
                return f"{tool} is not installed (./dev.sh test installs cups and printer-driver-cups-pdf)"
        if not os.path.exists(PPD) or not os.path.exists("/usr/lib/cups/backend/cups-pdf"):
            return "printer-driver-cups-pdf is not installed"
        return ""

    def start(self) -> "ThrowawayCups":
        d = self.dir
        for name in ("etc", "etc/ppd", "spool", "cache", "state", "log", "pdfconf", "spool-pdf"):
            (d / name).mkdir(parents=True, exist_ok=True)
        for name in ("tmp", "out"):
            (d / name).mkdir(exist_ok=True)
            (d / name).chmod(0o1777)
        (d / "etc" / "cups-files.conf").write_text(
            f"ServerRoot {d}/etc\nRequestRoot {d}/spool\nTempDir {d}/tmp\nCacheDir {d}/cache\n"
            f"StateDir {d}/state\nErrorLog {d}/log/error_log\nAccessLog {d}/log/access_log\n"
            f"PageLog {d}/log/page_log\nFileDevice Yes\nSystemGroup root\nSandboxing Relaxed\n")
        (d / "etc" / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
            "MaxJobs 0\nPreserveJobHistory Yes\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        (d / "pdfconf" / "cups-pdf.conf").write_text(
            f"Out {self.out}\nAnonDirName {self.out}\nSpool {d}/spool-pdf\nGSTmp {d}/tmp\nLog {d}/log\n"
            "Grp root\nLabel 2\n")
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        script = (f'mount --bind "{d}/pdfconf" /etc/cups && exec "{cupsd}" -f -c "{d}/etc/cupsd.conf" '
                  f'-s "{d}/etc/cups-files.conf"')
        log = open(d / "log" / "cupsd.out", "wb")
        self.process = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                        stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        log.close()
        deadline = time.monotonic() + 20
        while not os.path.exists(self.socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {self.log()}")
            time.sleep(0.05)
        return self

    def env(self) -> dict[str, str]:
        return dict(os.environ, CUPS_SERVER=self.socket, LC_ALL="C")

    def run(self, *command: str) -> str:
        done = subprocess.run(list(command), capture_output=True, text=True, env=self.env(), timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {done.stderr or done.stdout}")
        return done.stdout

    def add_queue(self, name: str, default_paper: str = LETTER, ppd: str = PPD) -> str:
        """A cups-pdf queue whose default paper is `default_paper` (Letter unless told)."""
        page_size = "Letter" if default_paper == LETTER else "A4"
        # pdftocairo keeps the text extractable through cups-pdf's PostScript step (as Debian's own
        # PDF queue is set up); the default renderer (Ghostscript) loses the fonts' ToUnicode maps.
        self.run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-P", ppd, "-o", f"PageSize={page_size}",
                 "-o", f"media-default={default_paper}", "-o", "pdftops-renderer-default=pdftocairo")
        return name

    def output(self, job_number: int, timeout: float = 30) -> Path:
        """The PDF cups-pdf wrote for the job, once the job has completed (cups-pdf writes it
        progressively)."""
        from wzcommand.printing import cups

        deadline = time.monotonic() + timeout
        while True:
            found = glob.glob(str(self.out / f"*job_{job_number}.pdf"))
            state = cups.job_state(cups.Job(f"?-{job_number}", job_number, "?")).get("job-state", [None])[0]
            if found and state == 9:
                return Path(found[0])
            if time.monotonic() > deadline:
                raise AssertionError(f"no cups-pdf output for job {job_number}: {self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        text = ""
        for name in ("cupsd.out", "error_log"):
            path = self.dir / "log" / name
            if path.exists():
                text += path.read_text(errors="replace")[-3000:]
        return text

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def page_facts(path: Path) -> dict:
    """What a reader of the printed page would check: paper size, the text's left edge, where the
    issuing body stands (mm from the top), the text, and whether every font is embedded."""
    import pdfplumber

    mm = 25.4 / 72
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        text = page.extract_text() or ""
        body_top = min((c["top"] for c in chars if c["text"] == "温"), default=None)
        facts = {"pages": len(pdf.pages), "width_mm": float(page.width) * mm, "height_mm": float(page.height) * mm,
                 "left_mm": min(c["x0"] for c in chars) * mm if chars else None,
                 "body_top_mm": body_top * mm if body_top is not None else None, "text": text,
                 "all_text": "".join(p.extract_text() or "" for p in pdf.pages)}
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    facts["fonts"] = [line.split()[0] for line in fonts]
    facts["embedded"] = [line.split()[-5] == "yes" for line in fonts]
    return facts
