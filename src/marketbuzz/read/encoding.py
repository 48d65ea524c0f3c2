"""Turning input bytes into text: byte-order marks, UTF-8, then detection for Chinese legacy codes.

Order of trust:
1. A byte-order mark says the encoding outright (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
2. Valid UTF-8 is UTF-8. A legacy-coded Chinese text is almost never valid UTF-8 by chance,
   and decoding UTF-8 is fast, so this is the path almost every input takes.
3. A declared charset (an HTTP Content-Type passed in, or an HTML <meta charset>) if the bytes
   decode under it, as browsers do.
4. Otherwise charset-normalizer guesses. Its guesses for short Chinese texts are unreliable
   (GBK bytes read as Korean cp949 is the classic), so a guess in an East-Asian code page is
   accepted only when the decoded text is mostly Han characters; else the Chinese codes are
   tried in isolation. Big5 and GBK guesses are decoded with their supersets (Big5-HKSCS,
   GB18030), which read every byte sequence the narrower codes read, plus Hong Kong characters
   such as 啱 and the rare characters GBK lacks.

Binary data is refused before any of this: NUL bytes outside UTF-16/32, or a low share of
printable characters after decoding.
"""

from __future__ import annotations

import codecs
import re

from marketbuzz.errors import BinaryInputError, DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FIRST_BYTES = frozenset(bom[:1] for bom, _ in _BOMS)
_SUPERSETS = {
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "euc_cn": "gb18030",
}
_EAST_ASIAN = re.compile(
    r"^(big5|big5hkscs|cp950|gb2312|gbk|gb18030|hz|euc_cn|cp949|euc_kr|iso2022_kr|johab|shift_jis|"
    r"cp932|euc_jp|euc_jis_2004|euc_jisx0213|iso2022_jp.*|shift_jis_2004|shift_jisx0213)$"
)
_CHINESE_CODECS = ("gb18030", "big5hkscs")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\u2000-\u206f\u00a0-\u00bf]")
# Control characters are one byte each in UTF-8 and no byte of a longer sequence; U+FFFD, the
# replacement character, is the three bytes EF BF BD.
_NOT_CONTROL_BYTES = bytes(
    b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F)
)
_REPLACEMENT_BYTES = "\ufffd".encode()
MIN_HAN_SHARE = 0.6  # of non-ASCII characters, for an East-Asian guess to count as Chinese
MAX_UNPRINTABLE_SHARE = 0.05
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; return the text and the codec used (a Python codec name).

    `declared` is a charset the caller was told (an HTTP Content-Type); otherwise one an HTML
    page declares in its <meta> is used. A declaration is tried after UTF-8 (valid UTF-8 under
    a wrong label is common) and before detection; if it does not decode, detection decides.
    Raises BinaryInputError for binary data and DecodeError when no encoding fits.
    """
    for bom, codec in _BOMS if data[:1] in _BOM_FIRST_BYTES else ():
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise DecodeError(
                    f"the input starts with a {codec.upper()} byte-order mark but is not valid"
                    f" {codec.upper()}; re-save it as UTF-8"
                )
            return _check_printable(text.lstrip("\ufeff")), codec.removesuffix("-sig")
    if data.find(b"\x00", 0, _SNIFF_BYTES) != -1:
        raise BinaryInputError(
            "the input contains NUL bytes: it looks like a binary file, not an article"
        )
    text = _strict(data, "utf-8")
    if text is not None:
        return _check_printable(text), "utf-8"
    for label in (declared, _meta_charset(data)):
        label_codec = _codec_for(label)
        labelled = _strict(data, label_codec) if label_codec is not None else None
        if label_codec is not None and labelled is not None:
            return _check_printable(labelled), label_codec
    detected, detected_codec = _detect(data)
    return _check_printable(detected), detected_codec


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares: <meta charset="big5"> or http-equiv content."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _codec_for(label: str | None) -> str | None:
    """A Python codec for a declared label, widened to its superset; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    return _SUPERSETS.get(name, name)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _check_printable(text: str) -> str:
    sample = text[:_SNIFF_BYTES]
    if sample.isprintable():  # one line of ordinary text: nothing to count
        return text
    if _unprintable(sample) / len(sample) > MAX_UNPRINTABLE_SHARE:
        raise BinaryInputError(
            "the input is mostly unprintable control characters: it looks like a binary file"
        )
    return text


def _unprintable(sample: str) -> int:
    """Control characters (bar white space) and replacement characters in `sample`, counted
    on its UTF-8 form by `bytes` methods rather than a regex."""
    data = sample.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _NOT_CONTROL_BYTES)) + data.count(_REPLACEMENT_BYTES)


def han_share(text: str) -> float:
    """Share of Han characters and CJK punctuation among the non-ASCII characters of `text`."""
    sample = text[:_SNIFF_BYTES]
    non_ascii = len(_NON_ASCII_LETTER.findall(sample))
    if non_ascii == 0:
        return 0.0
    return len(_HAN.findall(sample)) / non_ascii


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    for match in from_bytes(data):
        codec = _SUPERSETS.get(match.encoding, match.encoding)
        text = _strict(data, codec) or str(match)
        if not _EAST_ASIAN.match(match.encoding) or han_share(text) >= MIN_HAN_SHARE:
            return text, codec
    return _chinese_fallback(data)


def _chinese_fallback(data: bytes) -> tuple[str, str]:
    """Try the Chinese codes strictly; of those that decode, keep the most Han-looking text."""
    candidates = []
    for codec in _CHINESE_CODECS:
        text = _strict(data, codec)
        if text is not None:
            candidates.append((han_share(text), codec, text))
    if not candidates:
        raise DecodeError(
            "could not decode the input: it is not UTF-8, UTF-16, Big5 or GB18030 text;"
            " re-save it as UTF-8"
        )
    _, codec, text = max(candidates)
    return text, codec
