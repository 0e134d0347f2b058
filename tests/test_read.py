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
