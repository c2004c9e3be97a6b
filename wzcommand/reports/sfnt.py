"""Minimal, read-only inspection of TrueType/OpenType font files.

Reads just enough of an sfnt file (``.ttf``/``.ttc``/``.otf``/``.otc``) to decide
whether reportlab can embed a face and whether it can render a given text:
outline format (TrueType ``glyf`` vs PostScript ``CFF``), the OS/2 ``fsType``
embedding flags, family names and the character map.  No third-party dependency;
files are read through ``mmap`` so only the touched pages are loaded.
"""
from __future__ import annotations

import bisect
import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FaceInfo", "read_faces", "SfntError"]


class SfntError(ValueError):
    """The file is not a font this module can read."""


@dataclass
class FaceInfo:
    """One face of a font file (a ``.ttc`` holds several)."""

    path: Path
    index: int
    names: tuple[str, ...]            # family / full / PostScript names, every language
    truetype_outlines: bool          # has ``glyf``; False for CFF/CFF2 (refused by reportlab)
    fs_type: int                      # OS/2 embedding flags, 0 when the table is missing
    num_glyphs: int
    _cmap_ranges: tuple[list[int], list[int], list] | None = field(default=None, repr=False)
    _cmap_loc: tuple[int, int] | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        """A readable name: the Chinese family name when the font has one."""
        zh = [n for n in self.names if any("\u4e00" <= ch <= "\u9fff" for ch in n)]
        return (zh or list(self.names) or [self.path.name])[0]

    @property
    def embeddable(self) -> bool:
        """Mirror reportlab's rule: restricted licence or no-subsetting bits refuse large fonts."""
        restricted = self.fs_type == 0x0002 or bool(self.fs_type & 0x0300)
        return not (restricted and self.num_glyphs > 0xFF)

    @property
    def usable(self) -> bool:
        return self.truetype_outlines and self.embeddable

    def missing(self, chars: set[str]) -> set[str]:
        """Characters of ``chars`` this face has no glyph for."""
        if self._cmap_ranges is None:
            self._cmap_ranges = _load_cmap(self.path, self._cmap_loc)
        starts, ends, mappers = self._cmap_ranges
        out = set()
        for ch in chars:
            cp = ord(ch)
            i = bisect.bisect_right(starts, cp) - 1
            if i < 0 or cp > ends[i] or not mappers[i](cp):
                out.add(ch)
        return out


def read_faces(path: str | Path) -> list[FaceInfo]:
    """Every face in ``path``; raises :class:`SfntError` when it is not an sfnt file."""
    path = Path(path)
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _read_faces(path, mm)
    except (OSError, struct.error, ValueError, IndexError) as exc:
        raise SfntError(f"{path}: {exc}") from exc


def _read_faces(path: Path, mm) -> list[FaceInfo]:
    tag = mm[:4]
    if tag == b"ttcf":
        count = struct.unpack_from(">I", mm, 8)[0]
        offsets = struct.unpack_from(f">{count}I", mm, 12)
    elif tag in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        offsets = (0,)
    else:
        raise SfntError("not a TrueType/OpenType file")
    return [_read_face(path, mm, i, off) for i, off in enumerate(offsets)]


def _tables(mm, offset: int) -> dict[bytes, tuple[int, int]]:
    num = struct.unpack_from(">H", mm, offset + 4)[0]
    out = {}
    for k in range(num):
        tag, _sum, off, length = struct.unpack_from(">4sIII", mm, offset + 12 + 16 * k)
        out[tag] = (off, length)
    return out


def _read_face(path: Path, mm, index: int, offset: int) -> FaceInfo:
    tables = _tables(mm, offset)
    fs_type = 0
    if b"OS/2" in tables:
        fs_type = struct.unpack_from(">H", mm, tables[b"OS/2"][0] + 8)[0]
    num_glyphs = struct.unpack_from(">H", mm, tables[b"maxp"][0] + 4)[0] if b"maxp" in tables else 0
    outlines = b"glyf" in tables and b"loca" in tables and b"CFF " not in tables and b"CFF2" not in tables
    return FaceInfo(path=path, index=index, names=_names(mm, tables.get(b"name")),
                    truetype_outlines=outlines, fs_type=fs_type, num_glyphs=num_glyphs,
                    _cmap_loc=tables.get(b"cmap"))


def _names(mm, loc) -> tuple[str, ...]:
    if not loc:
        return ()
    base = loc[0]
    _fmt, count, str_off = struct.unpack_from(">HHH", mm, base)
    found: list[tuple[int, str]] = []
    for k in range(count):
        pid, eid, lang, nid, length, off = struct.unpack_from(">6H", mm, base + 6 + 12 * k)
        if nid not in (1, 4, 6, 16):
            continue
        raw = mm[base + str_off + off: base + str_off + off + length]
        if pid in (0, 3):
            text = raw.decode("utf-16-be", "ignore")
        elif pid == 1 and eid == 0:
            text = raw.decode("mac_roman", "ignore")
        else:
            continue
        text = text.strip("\x00 ")
        if text:
            # Simplified-Chinese names first, so display_name reads like the user's menus.
            found.append((0 if (pid == 3 and lang == 0x0804) else 1, text))
    return tuple(dict.fromkeys(t for _p, t in sorted(found, key=lambda x: x[0])))


def _load_cmap(path: Path, loc):
    """Sorted segment starts/ends plus a glyph-lookup callable per segment."""
    if not loc:
        return [], [], []
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        base = loc[0]
        num = struct.unpack_from(">H", mm, base + 2)[0]
        subtables = {}
        for k in range(num):
            pid, eid, off = struct.unpack_from(">HHI", mm, base + 4 + 8 * k)
            fmt = struct.unpack_from(">H", mm, base + off)[0]
            subtables[(pid, eid, fmt)] = base + off
        for key in ((3, 10, 12), (0, 4, 12), (0, 6, 12), (3, 1, 4), (0, 3, 4), (0, 1, 4), (0, 0, 4)):
            if key in subtables:
                reader = _format12 if key[2] == 12 else _format4
                return reader(mm, subtables[key])
    return [], [], []


def _format12(mm, at: int):
    count = struct.unpack_from(">I", mm, at + 12)[0]
    starts, ends, maps = [], [], []
    for k in range(count):
        s, e, g = struct.unpack_from(">III", mm, at + 16 + 12 * k)
        starts.append(s)
        ends.append(e)
        maps.append(lambda cp, s=s, g=g: g + cp - s)
    return starts, ends, maps


def _format4(mm, at: int):
    seg2 = struct.unpack_from(">H", mm, at + 6)[0]
    n = seg2 // 2
    ends = list(struct.unpack_from(f">{n}H", mm, at + 14))
    starts = list(struct.unpack_from(f">{n}H", mm, at + 16 + seg2))
    deltas = struct.unpack_from(f">{n}h", mm, at + 16 + 2 * seg2)
    ro_at = at + 16 + 3 * seg2
    ranges = struct.unpack_from(f">{n}H", mm, ro_at)
    glyph_ids: dict[int, int] = {}
    maps = []
    for k in range(n):
        if ranges[k] == 0:
            maps.append(lambda cp, d=deltas[k]: (cp + d) & 0xFFFF)
            continue
        # Resolve the indirect glyph array now, while the file is open.
        for cp in range(starts[k], ends[k] + 1):
            if cp == 0xFFFF:
                continue
            pos = ro_at + 2 * k + ranges[k] + 2 * (cp - starts[k])
            g = struct.unpack_from(">H", mm, pos)[0]
            glyph_ids[cp] = (g + deltas[k]) & 0xFFFF if g else 0
        maps.append(glyph_ids.get)
    order = sorted(range(n), key=lambda k: starts[k])
    return [starts[k] for k in order], [ends[k] for k in order], [maps[k] for k in order]
