"""Reading what the report's tests render: PNG pictures (with the standard library only, no Pillow) and the
font a page or picture embeds."""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib
from pathlib import Path

from fontTools.ttLib import TTFont

DATA_URI = re.compile(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def png_pixels(path: Path, max_rows: int = 700) -> tuple[int, int, list[bytes]]:
    """Decode the top rows of an 8-bit RGB(A) PNG: (width, bytes per pixel, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompressobj().decompress(b"".join(idat), (stride + 1) * min(height, max_rows))
    rows, prev = [], bytearray(stride)
    for y in range(min(height, max_rows)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 255
            elif kind == 4:
                ul = prev[i - bpp] if i >= bpp else 0
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else ul)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def embedded(css: str) -> TTFont:
    """The one WOFF2 font embedded as a data URI in `css` (or a page or picture holding it)."""
    (data,) = DATA_URI.findall(css)
    raw = base64.b64decode(data)
    assert raw[:4] == b"wOF2"
    return TTFont(io.BytesIO(raw))
