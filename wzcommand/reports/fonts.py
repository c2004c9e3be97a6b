"""Find, check and register the Chinese fonts an official document is printed with.

Each *role* of the layout needs a face: ``title`` (小标宋), ``body`` (仿宋), ``hei`` (黑体),
``kai`` (楷体) and ``song`` (宋体, page numbers).  :func:`resolve_fonts` looks, in order,
at a font chosen in the settings, the extra folders given, the ``fonts`` folder shipped
with the program, the Windows font folders and the usual Linux/macOS folders; for every
role it takes the best-matching face that reportlab can embed (TrueType outlines, an
``fsType`` that allows embedding) and whose character map covers the text to print.
reportlab's CID font ``STSong-Light`` is never used: it is not embedded.
"""
from __future__ import annotations

import os
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .sfnt import FaceInfo, SfntError, read_faces

__all__ = ["ROLES", "FontFace", "FontSet", "FontsMissingError", "resolve_fonts", "clear_cache"]

ROLES = ("title", "body", "hei", "kai", "song")
ROLE_LABELS = {"title": "标题（小标宋）", "body": "正文（仿宋）", "hei": "一级标题（黑体）",
               "kai": "二级标题、签发人（楷体）", "song": "页码（宋体）"}
# Ordered preferences per role, matched against the file name and the face names.
_PREFERENCES = {
    "title": [r"xiaobiaosong|小标宋|fzxbs", r"zhongsong|stzhongs|中宋", r"simhei|黑体|heiti",
              r"simsun|宋体|songti|stsong", r"zen ?hei|zenhei|正黑", r"microhei|雅黑|msyh",
              r"uming|ar pl.*ming"],
    "body": [r"simfang|仿宋|fangsong|stfangso", r"uming|ar pl.*ming", r"simsun|宋体|songti|stsong"],
    "hei": [r"simhei|黑体|heiti", r"msyh|yahei|雅黑", r"zen ?hei|zenhei|正黑", r"microhei"],
    "kai": [r"simkai|楷体|kaiti|stkaiti", r"ukai|ar pl.*kai", r"wenkai|文楷"],
    "song": [r"simsun|宋体|songti|stsong", r"uming|ar pl.*ming"],
}
_ANY_KNOWN = re.compile("|".join(p for pats in _PREFERENCES.values() for p in pats))
_EXTENSIONS = {".ttf", ".ttc"}        # .otf/.otc are CFF in practice: reportlab refuses them
# Always checked, so every role can print the header, dates and page numbers.
_BASE_SAMPLE = "温州市应急指挥部关于报告〔〕：，。、（）—0123456789年月日"
INSTALL_HINT = (
    "请安装中文 TrueType 字体后重试：\n"
    "· Windows：设置 → 应用 → 可选功能 → 添加功能，安装“中文(简体)补充字体”"
    "（提供仿宋、楷体、黑体）；或把 simfang.ttf、simkai.ttf、simhei.ttf、simsun.ttc 复制到程序目录下的 fonts 文件夹。\n"
    "· Debian/Ubuntu：sudo apt-get install fonts-arphic-uming fonts-arphic-ukai "
    "fonts-wqy-zenhei fonts-lxgw-wenkai\n"
    "· 也可在设置中指定字体文件（.ttf 或 .ttc；不支持 .otf/.otc 及思源、Noto CJK 等 PostScript 轮廓字体）。")


class FontsMissingError(RuntimeError):
    """No usable font can render (part of) the text; the message says what to install."""

    def __init__(self, missing: Iterable[str] = (), skipped: Iterable[str] = ()):
        self.missing = "".join(sorted(set(missing)))
        self.skipped = list(skipped)
        lines = ["找不到能嵌入 PDF 并显示全部文字的中文字体。"]
        if self.missing:
            lines.append(f"无法显示的字符：{self.missing[:40]}")
        else:
            lines.append("没有一款字体能单独显示全部文字。")
        if self.skipped:
            lines.append("已跳过的字体：" + "；".join(self.skipped[:6]))
        lines.append(INSTALL_HINT)
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class FontFace:
    role: str
    name: str           # the name registered with reportlab
    path: Path
    index: int          # face number inside a .ttc (reportlab's subfontIndex)
    face_name: str
    substitute: bool    # not the font the standard names for this role
    info: FaceInfo | None = field(default=None, compare=False, repr=False)

    def missing(self, chars: set[str]) -> set[str]:
        return self.info.missing(chars) if self.info else set()


@dataclass(frozen=True)
class FontSet:
    faces: Mapping[str, FontFace]
    # characters every role's face is known to draw (resolve_fonts checked them): not checked again
    covered: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __getitem__(self, role: str) -> FontFace:
        return self.faces[role]

    def name(self, role: str) -> str:
        return self.faces[role].name

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` that some role's font cannot draw."""
        chars = _printable(text) - self.covered
        return set().union(*(f.missing(chars) for f in self.faces.values())) if chars else set()

    def describe(self) -> str:
        """Plain Chinese: which file serves each role."""
        out = []
        for role in ROLES:
            f = self.faces[role]
            where = f"{f.path}" + (f"，第 {f.index + 1} 款" if f.path.suffix.lower() == ".ttc" else "")
            note = "（替代字体）" if f.substitute else ""
            out.append(f"{ROLE_LABELS[role]}：{f.face_name}{note}——{where}")
        return "\n".join(out)


_lock = threading.RLock()
_registered: dict[tuple[str, int], str] = {}
_faces_cache: dict[tuple[str, float, int], list[FaceInfo] | None] = {}
_listing_cache: dict[tuple[str, float], list[Path]] = {}
# resolve_fonts' answers, by the characters asked for and every candidate file with its mtime and
# size: the same text with the same fonts on disk gets the same faces without ranking them again.
_resolved: dict[tuple, "FontSet"] = {}
_RESOLVED_MAX = 64


def clear_cache() -> None:
    """Forget folder listings and parsed files (registrations with reportlab stay)."""
    with _lock:
        _faces_cache.clear()
        _listing_cache.clear()
        _resolved.clear()


def _files_key(files: list[tuple[Path, int, frozenset]]) -> tuple:
    out: list[tuple] = []
    for path, source, forced in files:
        try:
            st = path.stat()
            out.append((str(path), source, forced, st.st_mtime, st.st_size))
        except OSError:
            out.append((str(path), source, forced, None, None))
    return tuple(out)


def resolve_fonts(text: str = "", extra_dirs: Iterable[str | Path] = (),
                  settings_path: str | Path | Mapping[str, str | Path] | None = None,
                  *, search_system: bool = True) -> FontSet:
    """The best embeddable face for every role that covers ``text``.

    ``settings_path`` is a font file or folder chosen by the user (it wins over
    everything), or a mapping role → font file.  ``search_system=False`` limits the
    search to the settings, ``extra_dirs`` and the program's own ``fonts`` folder.
    Raises :class:`FontsMissingError` when no font can render the text.
    """
    chars = _printable(text) | set(_BASE_SAMPLE)
    skipped: list[str] = []
    faces: dict[str, FontFace] = {}
    with _lock:
        files = _candidate_files(extra_dirs, settings_path, search_system)
        key = (frozenset(chars), _files_key(files))
        if key in _resolved:
            return _resolved[key]
        for role in ROLES:
            ranked = sorted(files, key=lambda f: _rank(role, f))
            for cand in ranked:
                face = _first_usable(role, cand, chars, skipped)
                if face:
                    faces[role] = face
                    break
            else:
                missing = set(chars)
                for cand in files:
                    for info in _faces(cand[0]) or ():
                        if info.usable:
                            missing &= info.missing(chars)
                raise FontsMissingError(missing, dict.fromkeys(skipped))
        if len(_resolved) >= _RESOLVED_MAX:
            _resolved.clear()
        _resolved[key] = FontSet(faces, frozenset(chars))
        return _resolved[key]


def _printable(text: str) -> set[str]:
    return {c for c in set(text) if not c.isspace() and unicodedata.category(c)[0] != "C"}  # each character once


def _rank(role: str, cand: tuple[Path, int, frozenset]) -> tuple:
    path, source, forced = cand
    if role in forced:
        return (0, 0, 0, source, str(path))
    key = path.name.lower()
    if source <= 2:             # folders the user or the program chose: also read the names
        key += " " + " ".join(n for info in _faces(path) or () for n in info.names).lower()
    penalty = _name_penalty(path.name.lower())
    for n, pat in enumerate(_PREFERENCES[role]):
        if re.search(pat, key):
            return (1, n, penalty, source, str(path))
    generic = len(_PREFERENCES[role]) + (0 if _ANY_KNOWN.search(key) else 1)
    return (1, generic, penalty, source, str(path))


def _name_penalty(text: str) -> int:
    """Prefer regular, proportional, mainland faces over their variants."""
    penalty = 0
    if re.search(r"mono|sharp|等宽|点阵", text):
        penalty += 4
    if re.search(r"\b(tw|hk|mbe|jp|kr)\b", text):
        penalty += 2
    if re.search(r"light|bold|demibold|-b\.", text):
        penalty += 1
    return penalty


def _face_penalty(info: FaceInfo) -> int:
    return _name_penalty(" ".join(info.names).lower())


def _first_usable(role, cand, chars, skipped) -> FontFace | None:
    path, _source, forced = cand
    infos = _faces(path)
    if infos is None:
        return None
    for info in sorted(infos, key=_face_penalty):
        label = f"{path.name}（{info.display_name}）"
        if not info.truetype_outlines:
            skipped.append(f"{label}：PostScript/CFF 轮廓，无法嵌入")
            continue
        if not info.embeddable:
            skipped.append(f"{label}：字体授权禁止嵌入")
            continue
        if info.missing(chars):
            skipped.append(f"{label}：缺少所需字符")
            continue
        name = _register(info)
        if name is None:
            skipped.append(f"{label}：reportlab 无法读取")
            continue
        haystack = (path.name + " " + " ".join(info.names)).lower()
        exact = role in forced or bool(re.search(_PREFERENCES[role][0], haystack))
        return FontFace(role, name, path, info.index, info.display_name, not exact, info)
    return None


def _faces(path: Path) -> list[FaceInfo] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime, st.st_size)
    if key not in _faces_cache:
        try:
            _faces_cache[key] = read_faces(path)
        except SfntError:
            _faces_cache[key] = None
    return _faces_cache[key]


def _register(info: FaceInfo) -> str | None:
    key = (str(info.path), info.index)
    if key in _registered:
        return _registered[key]
    stem = re.sub(r"[^A-Za-z0-9]", "", info.path.stem) or "font"
    name = f"WZ-{stem}-{info.index}"
    taken = set(_registered.values())
    n = 1
    while name in taken:
        n += 1
        name = f"WZ-{stem}{n}-{info.index}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(info.path), subfontIndex=info.index))
    except Exception:
        return None
    _registered[key] = name
    return name


def program_font_dirs() -> list[Path]:
    """The ``fonts`` folders shipped with the program (frozen bundle or source tree)."""
    dirs = []
    if getattr(sys, "frozen", False):
        dirs.append(Path(sys.executable).parent / "fonts")
        if hasattr(sys, "_MEIPASS"):
            dirs.append(Path(sys._MEIPASS) / "fonts")
    package = Path(__file__).resolve().parents[1]
    dirs += [package / "resources" / "fonts", package.parent / "resources" / "fonts"]
    return dirs


def system_font_dirs() -> list[Path]:
    """Windows, macOS and Linux font folders, most specific first."""
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
    dirs.append(Path(windir) / "Fonts")
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts",
             Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             home / ".fonts", home / ".local" / "share" / "fonts"]
    return dirs


def _candidate_files(extra_dirs, settings_path, search_system) -> list[tuple[Path, int, frozenset]]:
    """(file, source rank, roles forced by the settings) for every font file found."""
    out: list[tuple[Path, int, frozenset]] = []
    if isinstance(settings_path, Mapping):
        for role, p in settings_path.items():
            out.append((Path(p), 0, frozenset({role})))
    elif settings_path:
        p = Path(settings_path)
        if p.is_file():
            out.append((p, 0, frozenset(ROLES)))
        else:
            out += [(f, 0, frozenset()) for f in _list_dir(p)]
    sources = [list(map(Path, extra_dirs)), program_font_dirs()]
    if search_system:
        sources.append(system_font_dirs())
    for rank, dirs in enumerate(sources, start=1):
        for d in dirs:
            out += [(f, rank, frozenset()) for f in _list_dir(d)]
    seen, unique = set(), []
    for item in out:
        if (item[0], item[2]) not in seen:
            seen.add((item[0], item[2]))
            unique.append(item)
    return unique


def _list_dir(d: Path) -> list[Path]:
    try:
        key = (str(d), d.stat().st_mtime)
    except OSError:
        return []
    if key not in _listing_cache:
        found = []
        for root, _dirs, names in os.walk(d):
            found += [Path(root, n) for n in sorted(names) if Path(n).suffix.lower() in _EXTENSIONS]
        _listing_cache[key] = found
    return _listing_cache[key]


def found_fonts(settings_path: str | Path | None = None) -> list[tuple[Path, str, bool]]:
    """Every Chinese-capable font file searched, in search order: (file, face name, usable)."""
    out = []
    with _lock:
        for path, _rank, _roles in _candidate_files((), settings_path, True):
            for info in _faces(path) or ():
                if _ANY_KNOWN.search(f"{path.name} {' '.join(info.names)}".lower()) or info.usable:
                    out.append((path, info.display_name, bool(info.usable)))
    return out
