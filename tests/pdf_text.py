"""Read what a PDF shows without extra tools: page count, page size and the text of its pages.

Enough for matplotlib's PDFs (Flate-compressed content streams, text in TJ/Tj
string operators); not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TEXT_OP = re.compile(rb"\[(.*?)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj", re.S)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def media_boxes(data: bytes) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)]


def _unescape(literal: bytes) -> bytes:
    body, out, i = literal[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def text_runs(data: bytes) -> list[str]:
    """The text of every show-text operation, in drawing order (Latin-1 glyphs)."""
    runs = []
    for match in _STREAM.finditer(data):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for op in _TEXT_OP.finditer(content):
            strings = _STRING.findall(op.group(1) or op.group(2))
            runs.append(b"".join(_unescape(s) for s in strings).decode("latin-1"))
    return runs
