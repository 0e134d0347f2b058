"""Reading: every common encoding of Chinese text is detected; what is not text is refused."""

from __future__ import annotations

import codecs

import pytest

from extract.errors import InputError
from extract.text.read import decode

TEXT = "科技支撑碳达峰碳中和实施方案\n一、能源绿色低碳转型科技支撑行动\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16le"),
        (TEXT.encode("utf-16-be"), "utf-16be"),
    ],
)
def test_detects_encoding(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_crlf_is_kept_for_the_cleaner() -> None:
    assert decode(TEXT.replace("\n", "\r\n").encode("gb18030")).text == TEXT.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (bytes(range(256)) * 4, "not readable"),
    ],
)
def test_refuses_non_text(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")


LONG = TEXT * 40


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LONG.encode("utf-8")[:-2], "ends in the middle of a UTF-8 character: it is cut off"),
        ("碳达峰行动方案".encode()[:-1], "ends in the middle of a UTF-8 character"),  # read as GB18030 garbage before
        (LONG.encode("utf-8")[:100] + b"\xff" + LONG.encode("utf-8")[101:], r"not valid UTF-8 at line 3 \(byte 98\)"),
        (LONG.encode("gb18030")[:-2], "ends in the middle of a GB18030 character"),
    ],
)
def test_cut_off_or_damaged_text_is_named_as_such(data: bytes, message: str) -> None:
    """A cut-off download or a damaged byte said 'binary data?' (or decoded as garbage): now where and what."""
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")


def test_mostly_ascii_gbk_is_not_taken_for_damaged_utf8() -> None:
    text = "Plan for carbon peaking, version 2 (draft) " * 20 + "碳达峰\n"
    assert decode(text.encode("gbk")).text == text
