"""Rebuild the report's shipped font subset (``make font``): Noto Sans CJK SC Regular cut to GB 2312
(levels 1 and 2 and its symbol rows) and the Latin, punctuation and shapes the report writes.

Source: Debian's ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``), the collection
``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``, whose face 2 is Noto Sans CJK SC. Writes
``extract/analyse/fonts/NotoSansCJKsc-Regular-GB2312.woff2``; the same source and fontTools give the
same bytes. ``python -m extract.quality.font_subset [SOURCE.ttc|.otf] [--face N]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..analyse.webfont import FONT_FILE, subset
from ..files import write_atomic

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_FACE = 2  # the faces of the collection: JP, KR, SC, TC, HK, then the Mono ones
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # general punctuation: – — ‘ ’ “ ” … ‰
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: − ≈ ≥ ×
    (0x2460, 0x24FF),  # enclosed numbers ① ⑴
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ● ■ ▶
    (0x3000, 0x303F),  # CJK punctuation: 、。《》【】
    (0xFF00, 0xFFEF),  # full-width forms: （）：；｜
)


def gb2312() -> set[str]:
    """Every character of GB 2312: rows 0xA1-0xA9 (symbols) and 0xB0-0xF7 (6,763 hanzi, levels 1 and 2)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def unicodes() -> list[int]:
    points = {ord(c) for c in gb2312()}
    for lo, hi in EXTRA_RANGES:
        points.update(range(lo, hi + 1))
    return sorted(points)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--face", type=int, default=SC_FACE, help="face of a .ttc collection (2: SC)")
    parser.add_argument("--out", type=Path, default=FONT_FILE)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source}: not found (apt-get install fonts-noto-cjk)", file=sys.stderr)
        return 2
    face = args.face if args.source.suffix.lower() in (".ttc", ".otc") else -1
    data = subset(args.source, unicodes(), face)
    write_atomic(args.out, data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
