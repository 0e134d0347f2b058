"""Bytes to text: detect the encoding of a plain-text plan and refuse what is not text.

Government plans arrive as UTF-8 (with or without BOM), GB18030/GBK or UTF-16; the detection is
deliberately strict (a strict decode must succeed) so that a wrong guess fails loudly, not silently.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .cjk import as_ideographs, is_ideograph

# Signatures of common non-text files, so the error can say what the file looks like.
_READS = "dckg reads plans as .txt, .pdf, .html/.htm or .docx"
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", f"a PDF file with a text suffix: rename it to .pdf ({_READS})"),
    (b"PK\x03\x04", f"a ZIP archive (or .xlsx/.pptx): unpack it, or save the plan as .docx or .pdf ({_READS})"),
    (b"\x89PNG", "a PNG image: run OCR on it first (e.g. ocrmypdf --language chi_sim) and give dckg the PDF"),
    (b"\xff\xd8\xff", "a JPEG image: run OCR on it first (e.g. ocrmypdf --language chi_sim) and give dckg the PDF"),
    (b"GIF8", "a GIF image: run OCR on it first and give dckg the PDF"),
    (b"II*\x00", "a TIFF image (a scan): run OCR on it first (e.g. ocrmypdf --language chi_sim)"),
    (b"MM\x00*", "a TIFF image (a scan): run OCR on it first (e.g. ocrmypdf --language chi_sim)"),
    (b"\x1f\x8b", f"a gzip archive: unpack it first ({_READS})"),
    (b"7z\xbc\xaf", f"a 7-Zip archive: unpack it first ({_READS})"),
    (b"Rar!", f"a RAR archive: unpack it first ({_READS})"),
    (b"\xd0\xcf\x11\xe0", f"an old Microsoft Office file (.doc/.xls/.wps): save it as .docx or .pdf ({_READS})"),
    (b"{\\rtf", f"an RTF file: save it as .docx or .txt ({_READS})"),
    (b"\x7fELF", "an executable program, not a plan"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _plausible_chinese(text: str) -> float:
    """Share of characters that Chinese plain text is made of: CJK, CJK punctuation, ASCII, whitespace."""
    if not text:
        return 0.0
    good = sum(
        1
        for ch in text
        if is_ideograph(ch)
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or " " <= ch <= "~"
        or ch in "\t\r\n\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
    )
    return good / len(text)


# Share of Chinese-text characters a decode must reach to be believed (UTF-16 guesses need more).
PLAUSIBLE = 0.8
PLAUSIBLE_UTF16 = 0.95


def decode(data: bytes, name: str = "input") -> Decoded:
    """Decode bytes of a text file, or raise InputError naming what the bytes look like."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: this looks like {what}")
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        # Without a BOM several strict decodes can succeed on the same bytes (GBK "乾" is valid UTF-8 "Ǭ";
        # rare GBK pairs are valid UTF-16 CJK): take the first that reads as Chinese text, in the order
        # of how common the encodings are, and only fall back to a merely decodable one.
        candidates = ["utf-8", "gb18030", "utf-16-le", "utf-16-be"]
    if candidates[0] == "utf-8":
        _check_damaged_utf8(data, name)
    decoded: list[tuple[str, str]] = []
    for encoding in candidates:
        try:
            text = as_ideographs(data.decode(encoding))  # a PDF's radicals (⽅案) as the ideographs
        except UnicodeDecodeError:
            continue
        if _is_text(text):
            decoded.append((encoding, text.lstrip("\ufeff")))
    if len(candidates) == 1 and decoded:
        return Decoded(decoded[0][1], _canonical(decoded[0][0]))
    # Of the decodes that read as Chinese text, the one that reads most so (GB18030 "0000丫" is also valid
    # UTF-8 "0000Ѿ", 4 of 5 characters plausible): ties go to the more common encoding, listed first.
    scored = [(_plausible_chinese(text), -i, encoding, text) for i, (encoding, text) in enumerate(decoded)]
    believable = [s for s in scored if s[0] >= (PLAUSIBLE_UTF16 if s[2].startswith("utf-16") else PLAUSIBLE)]
    if believable:
        _, _, encoding, text = max(believable)
        return Decoded(text, _canonical(encoding))
    for encoding, text in decoded:
        if not encoding.startswith("utf-16"):  # UTF-16 without a BOM only when it reads as Chinese
            return Decoded(text, _canonical(encoding))
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as exc:  # GB18030 text whose last character is cut in two
        if exc.start and exc.end == len(data) and _plausible_chinese(data[: exc.start].decode("gb18030", "replace")) \
                >= PLAUSIBLE:
            raise _cut_off(name, "GB18030") from None
    raise InputError(f"{name}: not readable as UTF-8, GB18030/GBK or UTF-16 text (binary data?)")


def _check_damaged_utf8(data: bytes, name: str) -> None:
    """UTF-8 text with a few bytes that are not UTF-8 (a cut-off file, a damaged block) is refused with where
    and what, before a lenient guess could read it as GB18030 garbage or call it binary data."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc
    else:
        return
    lenient = data.decode("utf-8", "replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ch > "\x7f") - bad  # GBK read as UTF-8 gives ~1 to 10 bad
    if bad > max(1, len(lenient) // 100) or multibyte < 4 * bad \
            or _plausible_chinese(lenient.replace("\ufffd", "")) < PLAUSIBLE:
        return  # not UTF-8 with damage: another encoding, or binary data
    if first.end == len(data) and first.reason == "unexpected end of data":
        raise _cut_off(name, "UTF-8")
    line = data.count(b"\n", 0, first.start) + 1
    raise InputError(f"{name}: not valid UTF-8 at line {line} (byte {first.start}): the file is damaged, or mixes "
                     "two encodings; save it again as UTF-8")


def _cut_off(name: str, encoding: str) -> InputError:
    return InputError(f"{name}: the file ends in the middle of a {encoding} character: it is cut off (an incomplete "
                      "download or copy?); get the whole file")


def _canonical(encoding: str) -> str:
    return {"utf-8-sig": "utf-8-bom", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be"}.get(
        encoding, encoding
    )


def _is_text(text: str) -> bool:
    """Reject decodes full of control characters: binary data that happens to decode."""
    if not text.strip():
        return False
    bad = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v")
    return bad <= max(2, len(text) // 1000)


MAX_BYTES = int(os.environ.get("DCKG_MAX_BYTES", 20 * 1024 * 1024))


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """At most ``limit`` bytes of a file (default MAX_BYTES), read without trusting its stated size (a
    special file such as /dev/zero states 0 and never ends); more is an InputError."""
    limit = MAX_BYTES if limit is None else limit
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{path}: more than the {limit / 1048576:.0f} MB dckg reads at once (a plan of the genre "
                         "is well under 1 MB: is this a collection? split it, or raise DCKG_MAX_BYTES)")
    return data


def read_text(path: Path) -> Decoded:
    """Read a text file from disk; a missing or unreadable path is an InputError."""
    try:
        data = read_limited(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, str(path))
