"""A small IPP client for the local CUPS server (queries only: printers, their papers and state,
a job's state). Jobs are sent and cancelled with CUPS's own `lp` and `cancel` (see cups.py).

The server is found the way CUPS's clients find it: $CUPS_SERVER, then ServerName in
~/.cups/client.conf and /etc/cups/client.conf, then the local domain socket, then localhost:631.
Nothing here ever talks to anything but that server.
"""
from __future__ import annotations

import http.client
import os
import socket
import struct
import sys
from pathlib import Path
from urllib.parse import quote

# operations
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B
CUPS_GET_DEFAULT = 0x4001
CUPS_GET_PRINTERS = 0x4002

# delimiter and value tags
OPERATION, JOB, END, PRINTER = 0x01, 0x02, 0x03, 0x04
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
BEGIN_COLLECTION, END_COLLECTION = 0x34, 0x37
TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE = 0x35, 0x36
NAME, KEYWORD, URI, CHARSET, LANGUAGE = 0x42, 0x44, 0x45, 0x47, 0x48

TIMEOUT = 10.0  # seconds; a local server answers at once or not at all
_SOCKETS = ("/run/cups/cups.sock", "/var/run/cups/cups.sock", "/private/var/run/cupsd")


class IppError(OSError):
    """The print server could not be reached or refused the request (``str`` says why)."""


def server() -> tuple[str, int]:
    """(host or socket path, port) of the CUPS server this user's `lp` would use."""
    name = os.environ.get("CUPS_SERVER", "").strip()
    if not name:
        for conf in (Path.home() / ".cups" / "client.conf", Path("/etc/cups/client.conf")):
            name = _server_name(conf)
            if name:
                break
    if not name:
        name = next((path for path in _SOCKETS if os.path.exists(path)), "localhost")
    port = int(os.environ.get("IPP_PORT") or 631)
    if not name.startswith("/") and ":" in name and not name.endswith("]"):
        name, _colon, number = name.rpartition(":")
        port = int(number) if number.isdigit() else port
    return name, port


def _server_name(conf: Path) -> str:
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        words = line.split(None, 1)
        if len(words) == 2 and words[0].lower() == "servername":
            return words[1].strip()
    return ""


class _Connection(http.client.HTTPConnection):
    """HTTP to the CUPS server, over its Unix domain socket when the server is a path."""

    def __init__(self, host: str, port: int):
        self.socket_path = host if host.startswith("/") else None
        super().__init__("localhost" if self.socket_path else host, port, timeout=TIMEOUT)

    def connect(self) -> None:
        if self.socket_path is None:
            return super().connect()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT)
        sock.connect(self.socket_path)
        self.sock = sock


def _attribute(tag: int, name: str, values) -> bytes:
    out = b""
    for i, value in enumerate(values if isinstance(values, (list, tuple)) else [values]):
        if tag in (INTEGER, ENUM):
            data = struct.pack(">i", value)
        elif tag == BOOLEAN:
            data = b"\x01" if value else b"\x00"
        else:
            data = str(value).encode("utf-8")
        key = name.encode("ascii") if i == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(data)) + data
    return out


def encode_request(operation: int, attributes: list[tuple[int, str, object]], request_id: int = 1) -> bytes:
    body = struct.pack(">BBHI", 1, 1, operation, request_id) + bytes([OPERATION])
    body += _attribute(CHARSET, "attributes-charset", "utf-8")
    body += _attribute(LANGUAGE, "attributes-natural-language", "en")
    for tag, name, value in attributes:
        body += _attribute(tag, name, value)
    return body + bytes([END])


def _value(tag: int, data: bytes):
    if tag in (INTEGER, ENUM) and len(data) == 4:
        return struct.unpack(">i", data)[0]
    if tag == BOOLEAN and len(data) == 1:
        return bool(data[0])
    if tag in (TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE) and len(data) >= 4:
        skip = struct.unpack(">H", data[:2])[0]
        size = struct.unpack(">H", data[2 + skip:4 + skip])[0]
        return data[4 + skip:4 + skip + size].decode("utf-8", "replace")
    if 0x40 <= tag <= 0x4F:
        return data.decode("utf-8", "replace")
    if tag < 0x20:  # out-of-band: unknown, no-value…
        return None
    return data


def decode_response(data: bytes) -> tuple[int, list[tuple[int, dict[str, list]]]]:
    """(status code, [(group tag, {attribute: [values]})]); collections are skipped."""
    if len(data) < 8:
        raise IppError("打印服务的应答不完整")
    status = struct.unpack(">H", data[2:4])[0]
    groups: list[tuple[int, dict[str, list]]] = []
    pos, name, depth = 8, "", 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:  # a new attribute group
            groups.append((tag, {}))
            continue
        (size,) = struct.unpack(">H", data[pos:pos + 2])
        key = data[pos + 2:pos + 2 + size].decode("utf-8", "replace")
        pos += 2 + size
        (size,) = struct.unpack(">H", data[pos:pos + 2])
        raw = data[pos + 2:pos + 2 + size]
        pos += 2 + size
        if tag == BEGIN_COLLECTION:
            if depth == 0 and key:
                name = key
            depth += 1
            continue
        if tag == END_COLLECTION:
            depth -= 1
            continue
        if depth or not groups:
            continue
        if key:
            name = key
        groups[-1][1].setdefault(name, []).append(_value(tag, raw))
    return status, groups


def request(operation: int, attributes: list[tuple[int, str, object]], path: str = "/") -> list[tuple[int, dict]]:
    """Send one IPP request to the CUPS server; the attribute groups of a successful answer."""
    host, port = server()
    where = host if host.startswith("/") else f"{host}:{port}"
    connection = _Connection(host, port)
    try:
        connection.request("POST", path, body=encode_request(operation, attributes),
                           headers={"Content-Type": "application/ipp"})
        answer = connection.getresponse()
        data = answer.read()
    except (OSError, http.client.HTTPException) as exc:
        raise IppError(f"无法连接打印服务（CUPS，{where}）：{exc.strerror or exc}"
                       if isinstance(exc, OSError) else f"打印服务（{where}）应答有误：{exc}") from exc
    finally:
        connection.close()
    if answer.status != 200:
        raise IppError(f"打印服务（{where}）拒绝了请求：HTTP {answer.status} {answer.reason}")
    status, groups = decode_response(data)
    if status >= 0x0400 and status != 0x0406:  # 0x0406 client-error-not-found: no printers at all
        message = next((g.get("status-message", [""])[0] for t, g in groups if t == OPERATION), "")
        raise IppError(message or f"打印服务返回错误 0x{status:04x}")
    return groups


def printer_path(name: str) -> str:
    return "/printers/" + quote(name, safe="")


def printer_uri(name: str) -> str:
    return "ipp://localhost" + printer_path(name)


def user_name() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry
        return "wzcommand"


def default_socket_exists() -> bool:
    return sys.platform != "win32" and any(os.path.exists(path) for path in _SOCKETS)
