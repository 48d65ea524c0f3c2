"""Decoding bytes: byte-order marks, UTF-8 first, detection with a Han-share check."""

from __future__ import annotations

import csv
from pathlib import Path

import opencc
import pytest

from marketbuzz.errors import BinaryInputError, DecodeError
from marketbuzz.read.encoding import decode_bytes, han_share

TRADITIONAL = "阿里巴巴獲得最多增持，寧德時代與京東緊隨其後。啱啱公佈嘅數據顯示外資回流。"
SIMPLIFIED = "阿里巴巴获得最多增持，宁德时代与京东紧随其后。"


def test_utf8_is_preferred_when_valid() -> None:
    assert decode_bytes(TRADITIONAL.encode()) == (TRADITIONAL, "utf-8")
    assert decode_bytes(b"plain ascii") == ("plain ascii", "utf-8")


def test_boms() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + TRADITIONAL.encode()) == (TRADITIONAL, "utf-8")
    assert decode_bytes(TRADITIONAL.encode("utf-16")) == (TRADITIONAL, "utf-16-le")
    assert decode_bytes(b"\xfe\xff" + TRADITIONAL.encode("utf-16-be")) == (TRADITIONAL, "utf-16-be")
    assert decode_bytes(TRADITIONAL.encode("utf-32")) == (TRADITIONAL, "utf-32-le")


def test_big5_hkscs_with_cantonese_characters() -> None:
    text, codec = decode_bytes(TRADITIONAL.encode("big5hkscs"))
    assert text == TRADITIONAL
    assert codec == "big5hkscs"


def test_short_gbk_is_not_read_as_korean() -> None:
    # charset-normalizer alone calls these bytes cp949; the Han-share check overrules it.
    text, codec = decode_bytes(SIMPLIFIED.encode("gbk"))
    assert text == SIMPLIFIED
    assert codec == "gb18030"


def test_gb18030_only_characters() -> None:
    text = "𠀀字與䶮字都是GB18030才有的字，" + SIMPLIFIED
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(b"PK\x03\x04\x00\x00" + b"\x00" * 50)


def test_invalid_bom_payload_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes(b"\xff\xfe\x00\xd8")


def test_han_share() -> None:
    assert han_share(TRADITIONAL) > 0.9
    assert han_share("훙묏例콘,딨죄。각쟁것것삿") < 0.6
    assert han_share("ascii only") == 0.0


def test_html_meta_charset_is_used_when_utf8_fails() -> None:
    page = f'<html><head><meta charset="big5"></head><body><p>{TRADITIONAL[:20]}</p></body></html>'
    text, codec = decode_bytes(page.encode("big5hkscs"))
    assert codec == "big5hkscs"
    assert TRADITIONAL[:20] in text


def test_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode_bytes(SIMPLIFIED.encode(), declared="gbk") == (SIMPLIFIED, "utf-8")


def test_declaration_that_does_not_decode_falls_back_to_detection() -> None:
    text, codec = decode_bytes(SIMPLIFIED.encode("gb18030"), declared="ascii")
    assert (text, codec) == (SIMPLIFIED, "gb18030")


def test_unknown_declaration_is_ignored() -> None:
    text, _ = decode_bytes(SIMPLIFIED.encode("gb18030"), declared="no-such-charset")
    assert text == SIMPLIFIED


def test_real_news_round_trips_through_legacy_codes(shared_data: Path) -> None:
    """A-share news in GB18030, and in Big5-HKSCS after conversion to HK Traditional."""
    csv.field_size_limit(10**8)
    with (shared_data / "astock_news" / "val.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(zip(range(120), csv.DictReader(handle, delimiter="\t"), strict=False))
    texts = [row["text_a"][:300] for _, row in rows if len(row.get("text_a") or "") > 20]
    titles = [row["TITLE"] for _, row in rows if len(row.get("TITLE") or "") > 5]
    to_traditional = opencc.OpenCC("s2hk")
    for text in texts + titles:
        assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")
        traditional = to_traditional.convert(text)
        try:
            data = traditional.encode("big5hkscs")
        except UnicodeEncodeError:
            continue  # a character Big5-HKSCS lacks: not a test of detection
        assert decode_bytes(data) == (traditional, "big5hkscs")
