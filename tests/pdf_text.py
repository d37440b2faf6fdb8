"""Read what a PDF shows without extra tools: page count, page size and the text of its pages.

Enough for matplotlib's PDFs (Flate-compressed content streams, text in TJ/Tj
string operators, one byte a character or two in a Type 0 font, read through
each font's ToUnicode map); not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TEXT_OP = re.compile(rb"\[((?:\((?:\\.|[^\\)])*\)|[^\]()])*)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj|/([\w.+-]+)\s+[\d.]+\s+Tf", re.S)
_FONT_REF = re.compile(rb"/([\w.+-]+)\s+(\d+)\s+0\s+R")
_OBJECT = re.compile(rb"(\d+)\s+0\s+obj(.*?)endobj", re.S)
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


_HEX = rb"<([0-9A-Fa-f]+)>"


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be")


def _to_unicode(stream_object: bytes) -> dict[int, str]:
    """A font's ToUnicode CMap (bfchar and bfrange entries): character code -> text."""
    found = _STREAM.search(stream_object)
    if not found:
        return {}
    body = found.group(1)
    try:
        body = zlib.decompress(body)
    except zlib.error:
        pass
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.S):
        for src, dst in re.findall(_HEX + rb"\s*" + _HEX, block):
            table[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.S):
        for low, high, listed, dst in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*(?:\[([^\]]*)\]|" + _HEX + rb")", block):
            codes = range(int(low, 16), int(high, 16) + 1)
            if listed:                                   # <low> <high> [<text> <text> ...]: one each
                texts = [_utf16(h) for h in re.findall(_HEX, listed)]
            else:                                        # <low> <high> <first>: consecutive
                first = _utf16(dst)
                texts = [first[:-1] + chr(ord(first[-1]) + k) for k in range(len(codes))]
            table.update(zip(codes, texts))
    return table


def _fonts(data: bytes) -> dict[bytes, tuple[bool, dict[int, str]]]:
    """Resource name (as Tf names it) -> (two bytes a character: a Type 0 font, its ToUnicode table)."""
    objects = dict(_OBJECT.findall(data))
    fonts = {}
    for name, ref in _FONT_REF.findall(data):
        body = objects.get(ref, b"")
        if not re.search(rb"/Type\s*/Font\b", body):
            continue
        cmap = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
        fonts[name] = (re.search(rb"/Subtype\s*/Type0", body) is not None,
                       _to_unicode(objects.get(cmap.group(1), b"")) if cmap else {})
    return fonts


def _decode(raw: bytes, font: tuple[bool, dict[int, str]] | None) -> str:
    wide, table = font or (False, {})
    codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)] if wide else list(raw)
    return "".join(table.get(code, chr(code)) for code in codes)


def text_runs(data: bytes) -> list[str]:
    """The text of every show-text operation, in drawing order, through each font's ToUnicode map."""
    runs, font, fonts = [], None, _fonts(data)
    for match in _STREAM.finditer(data):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for op in _TEXT_OP.finditer(content):
            if op.group(3) is not None:           # a font chosen: Tf
                font = fonts.get(op.group(3))
                continue
            strings = _STRING.findall(op.group(1) or op.group(2))
            runs.append(_decode(b"".join(_unescape(s) for s in strings), font))
    return runs
