"""Exact and near-duplicate stories across sources: content hashes and MinHash fingerprints.

Every article gets a `Fingerprint`. Its `content_hash` catches exact repeats (after
normalisation, so a Traditional and a Simplified copy of one text hash alike); its MinHash
`signature` estimates the Jaccard similarity of two articles' shingle sets, so the same wire
story reposted with another site's furniture, by-line or an extra paragraph is still found; its
LSH `bands` are the keys a store indexes to find candidate repeats without comparing every pair.

Normalisation (`normalise`): fold script and width (`marketbuzz.text.fold`, OpenCC Hong Kong
table), lower-case, drop URLs and e-mail addresses (per-site furniture and tracking
parameters), turn every run of punctuation, symbols and whitespace into one space, and drop the
spaces next to CJK characters (Chinese has no word spaces, so where a site put one is layout,
not content). Numbers are kept: they are the facts of a story (a 5% rise is not a 3% rise), and a
by-line date costs a copy only a few shingles.

Shingles: the normalised text is a stream of tokens, one per CJK character and one per Latin
word or number; a shingle is `SHINGLE_SIZE` consecutive tokens. Chinese text thus gets character
3-grams and English text word 3-grams, and mixed text gets both, joined where the scripts meet.
On the Astock announcements (/work/shared/data/astock_news), character 3-grams put 99% of
random pairs of different stories below Jaccard 0.10, while a copy with a by-line, a site
footer and an extra paragraph stays above the repeat threshold; 2-grams make unrelated stories
look alike (shared words such as 公司 and 公告), and 4-grams and longer make a lightly edited
copy lose more.

Short texts: fewer than `MIN_SHINGLES` distinct shingles (an English headline, an empty text)
get an empty signature and no bands, so they can only repeat exactly (equal `content_hash`). A
sketch of so few shingles would call two different headlines about one company repeats.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from marketbuzz.text.fold import fold

# 96 permutations: the estimate's standard error at Jaccard 0.5 is sqrt(0.25 / 96) = 0.05, and 96
# splits into 32 bands of 3 rows, whose S-curve finds a pair at the threshold (0.5) with
# probability 1 - (1 - 0.5**3)**32 = 0.986 (0.9996 at 0.6), while a pair of different stories at
# Jaccard 0.1 becomes a candidate with probability 0.03 (0.0003 at 0.02). 64 permutations only
# split as 16x4 (finds 64% at 0.5) or 32x2 (a candidate for 8% of pairs at Jaccard 0.05: too many
# lookups in a big store). The signature is 384 bytes.
#
# The threshold, 0.5: Jaccard punishes additions, so a five-sentence story reposted under a new
# headline with a by-line, a footer and an extra sentence scores only about 0.6. Different stories
# about one company mostly score below 0.2 (95% of same-company pairs in Astock; 99% below 0.4),
# except templated announcements that differ only in their figures (a railway's monthly traffic
# report, two futures-trading disclosures), which reach 0.5-0.6 and are called repeats: a known
# gap.
NUM_PERM: Final = 96
BANDS: Final = 32
ROWS: Final = 3
REPEAT_THRESHOLD: Final = 0.5
SHINGLE_SIZE: Final = 3
MIN_SHINGLES: Final = 10

# Fixed seed and scheme: datasketch draws its permutations from numpy's RandomState(seed), whose
# stream numpy keeps stable across versions, and "affine32" is named explicitly because
# datasketch 2.0 changed its default scheme once already. The shingle hash below is our own
# (CRC-32 and fixed constants), never Python's `hash`, which is salted per process. Changing any
# of these changes every fingerprint: stored signatures would no longer compare.
_SEED: Final = 20_260_101
_SCHEME: Final = "affine32"

# Kana, CJK ideographs (with Extension A, compatibility and the supplementary planes), Hangul.
_CJK_RANGES: Final = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)
_CJK = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
# ASCII classes only: a `\S+` would run over a whole line of Chinese (no spaces) and backtrack.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_NON_WORD = re.compile(r"[\W_]+")
_SPACE_BY_CJK = re.compile(rf" (?=[{_CJK}])|(?<=[{_CJK}]) ")
_LATIN_RUN = re.compile(rf"[^\s{_CJK}]+")

# Latin tokens get the top bit set, so they never equal a CJK token (a code point, < 2**21).
_LATIN_TAG: Final = 1 << 31
# Odd 64-bit multipliers (from the golden ratio and MurmurHash3) that combine the token ids of a
# shingle into one 64-bit value; the top 32 bits are its hash.
_MIX: Final = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0xFF51AFD7ED558CCD),
)
_MASK63: Final = (1 << 63) - 1


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store keeps per article to recognise repeats."""

    content_hash: str  # hex sha256 of `normalise(title, body)`: equal hash = exact repeat
    signature: bytes  # NUM_PERM little-endian uint32 MinHash values; empty for short texts
    bands: tuple[int, ...]  # BANDS LSH keys in [0, 2**63), band index mixed in; () if no signature


def normalise(title: str, body: str) -> str:
    """The canonical text compared for repeats (see the module docstring for the rules)."""
    text = fold(f"{title}\n{body}").lower()
    # The substring tests skip a regex scan of every text that has no URL or address.
    if "http" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return _SPACE_BY_CJK.sub("", text).strip()


def fingerprint(title: str, body: str) -> Fingerprint:
    """The fingerprint of one article."""
    normalised = normalise(title, body)
    content_hash = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    shingles = _shingle_hashes(normalised)
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(content_hash, b"", ())
    values = _minhash(shingles)
    return Fingerprint(content_hash, values.astype("<u4").tobytes(), _band_keys(values))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures; 0.0 when either is empty or they do not
    compare (different lengths, e.g. one stored under other settings)."""
    if not a or len(a) != len(b) or len(a) % 4:
        return 0.0
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / len(left)


def is_repeat(a: bytes, b: bytes) -> bool:
    """Whether two signatures are close enough for the later article to be a repeat."""
    return similarity(a, b) >= REPEAT_THRESHOLD


def _shingle_hashes(normalised: str) -> list[int]:
    """The distinct 32-bit hashes of the text's token 3-grams."""
    ids = _token_ids(normalised)
    if len(ids) < SHINGLE_SIZE:
        return []
    count = len(ids) - SHINGLE_SIZE + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset, multiplier in enumerate(_MIX):
        mixed += ids[offset : offset + count] * multiplier  # wraps mod 2**64, as meant
    mixed ^= mixed >> np.uint64(29)
    mixed *= _MIX[0]
    hashes: list[int] = np.unique(mixed >> np.uint64(32)).tolist()
    return hashes


def _token_ids(normalised: str) -> npt.NDArray[np.uint64]:
    """One id per token: a CJK character's code point, a Latin token's CRC-32 with the top bit
    set. Chinese text is mostly one-character tokens, so they are found with numpy over the code
    points rather than one Python call apiece."""
    if normalised.isascii():
        return np.array([_latin_id(word) for word in normalised.split()], dtype=np.uint64)
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype="<u4")
    table = _cjk_table()
    keep = table[np.minimum(codes, len(table) - 1)]
    ids = np.where(keep, codes.astype(np.uint64), np.uint64(0))
    for match in _LATIN_RUN.finditer(normalised):
        ids[match.start()] = _latin_id(match.group())
        keep[match.start()] = True
    kept: npt.NDArray[np.uint64] = ids[keep]
    return kept


@cache
def _cjk_table() -> npt.NDArray[np.bool_]:
    """Whether each code point up to the last CJK one is CJK, plus a final False for all those
    beyond: one gather answers a whole text."""
    table = np.zeros(_CJK_RANGES[-1][1] + 2, dtype=bool)
    for low, high in _CJK_RANGES:
        table[low : high + 1] = True
    return table


def _latin_id(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) | _LATIN_TAG


@cache
def _permutations() -> npt.NDArray[np.uint32]:
    """Drawn once per process (seeded), then shared by every sketch."""
    permutations: npt.NDArray[np.uint32] = MinHash(
        num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME
    ).permutations
    return permutations


def _minhash(shingles: list[int]) -> npt.NDArray[np.uint32]:
    sketch = MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        scheme=_SCHEME,
        hashfunc=int,  # the shingles are hashed already; `int` is the cheapest identity
        permutations=_permutations(),
    )
    sketch.update_batch(shingles)
    values: npt.NDArray[np.uint32] = sketch.hashvalues
    return values


def _band_keys(values: npt.NDArray[np.uint32]) -> tuple[int, ...]:
    """One key per band: a hash of the band's index and its ROWS values, so equal values in
    different bands give different keys and one index column serves every band."""
    raw = values.astype("<u4").tobytes()
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            raw[band * width : (band + 1) * width],
            digest_size=8,
            person=band.to_bytes(16, "little"),
        ).digest()
        keys.append(int.from_bytes(digest, "little") & _MASK63)
    return tuple(keys)
