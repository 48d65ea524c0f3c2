"""Tokens and hand-built features for the English entity + sentiment tagger.

The tagger is a linear-chain CRF: every token carries a list of feature strings and the CRF
learns which ones mark the start or inside of a named entity and the tone the text takes
towards it. The features are the cues a reader of market news uses:

- the word itself, its shape, prefix and suffix, and the words (and shapes) of its neighbours,
  two either side;
- whether the token sits inside a name the security master knows (what kind of name, of what
  kind of entity, whether it is ambiguous, whether the casing matches);
- a Reuters instrument code in angle brackets just after a run of capitalised words
  ("Johnson & Johnson <JNJ.N>"), and company suffixes closing such a run ("Acme Corp");
- the nearest price-move or tone word (`marketbuzz.extract.lexicon` plus a few market verbs)
  before and after the token in its clause and in its sentence, and the word right after the
  run of names it belongs to: "Siemens is rallying 6%" tells the CRF Siemens is Positive
  without it ever having seen Siemens;
- where the sentence sits in the text and the token in the sentence.

The tone classes are part of what the model learnt: `tone_fingerprint()` changes when the
lexicon does, and the shipped model must then be retrained.

The regexes run once over the whole text (tokens, sentences), the master's Aho-Corasick
automaton scans it once, and the rest is a few linear passes over each sentence's tokens. A
word's own features are made once per text (once per process for the words the model knows).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise

from marketbuzz.extract.lexicon import NEGATIVE_EN, POSITIVE_EN
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Name
from marketbuzz.text.fold import fold

# A Reuters code in angle brackets (<JNJ.N>, <.SPX>, <LCOc1>), a word with inner dots,
# ampersands or hyphens (U.S, AT&T, full-year), a possessive 's (so "Tesla's" is the name
# Tesla and its 's), or one other character.
_TOKEN = re.compile(r"<[^<>\s]{1,16}>|\w+(?:[.&\-]\w+)*|['’]s\b|[^\w\s]")
# Sentence ends: . ! ? followed by space and an upper-case letter, quote or bracket; or a
# line break. "U.S. crude" does not split; "Inc. Shares" does, as a reader would.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(<\[])|\n\s*")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Longest run of tokens tagged as one CRF sequence: bounds memory on text with no full stops.
MAX_SEQUENCE = 200
# Clause breaks: a tone word beyond one of these speaks of another clause.
CLAUSE_BREAK = frozenset(
    {",", ";", ":", "(", ")", "—", "–", "while", "but", "whereas", "although", "though"}
)
_NEGATORS = frozenset({"not", "no", "never", "without", "nor", "hardly", "failed"})


def _words(text: str) -> list[str]:
    return text.split()


# Glue inside and between the names of a list ("Tesla Inc <TSLA.O>, Roku Inc and Zoom rose"):
# the predicate after such a run speaks of every name in it.
LIST_GLUE = frozenset(_words(", and & 's ’s ' of . - shares stock stocks both or as well"))
# Market verbs and nouns the sentiment lexicon leaves out (plain strength: "pos" / "neg").
_EXTRA_TONES = {
    **dict.fromkeys(
        _words(
            "slipped slips dipped dips shed sheds lagged lags weakened eased easing sliding "
            "slipping dropping declining sinking tumbling slumping plummeted plummeting punished "
            "weighed downbeat dragging downturn disappointment disappointments strike layoff cuts"
        ),
        "neg",
    ),
    **dict.fromkeys(
        _words(
            "added adds firmed strengthened rising climbing gaining jumping soaring surging "
            "rallied gainer gainers outpaced leading bright upbeat beating doubled tripled "
            "lifting boosting"
        ),
        "pos",
    ),
}
_ORG_SUFFIXES = frozenset(
    _words(
        "inc corp corporation co ltd limited plc llc lp sa ag nv se spa bhd pcl asa ab oyj "
        "group holdings holding bancorp technologies airlines motors"
    )
)
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "X" * 26 + "x" * 26 + "d" * 10,
)
# The repeats of a shape class after its first letter: dropped with a literal (fast) replace.
_REPEAT = re.compile(r"(?<=x)x+|(?<=X)X+|(?<=d)d+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """Tokens of one sentence (or one MAX_SEQUENCE chunk of it): words and their offsets."""

    index: int  # position of the sentence in the text
    words: list[str]
    starts: list[int]
    ends: list[int]


def clean(text: str) -> str:
    """Text safe to encode as UTF-8 (lone surrogates become U+FFFD), same length."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def sentences(text: str) -> list[Sentence]:
    """The text's sentences, tokenised; long ones cut into MAX_SEQUENCE-token pieces."""
    result: list[Sentence] = []
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    index = 0
    for start, end in pairwise(bounds):
        tokens = list(_TOKEN.finditer(text, start, end))
        for piece in range(0, len(tokens), MAX_SEQUENCE):
            chunk = tokens[piece : piece + MAX_SEQUENCE]
            result.append(
                Sentence(
                    index,
                    [t.group() for t in chunk],
                    [t.start() for t in chunk],
                    [t.end() for t in chunk],
                )
            )
        if tokens:
            index += 1
    return result


# -- the security master -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MasterHit:
    """A master name found at a word boundary: its offsets and what kind of name it is."""

    start: int
    end: int
    tags: tuple[str, ...]


def master_hits(text: str, master: SecurityMaster) -> list[MasterHit]:
    """Master names in the text at word boundaries, longest first where they overlap."""
    lowered = fold(text).translate(_ASCII_LOWER)
    hits: list[MasterHit] = []
    for start, end, names in master.scan_latin(lowered):
        if end - start < 2 or not _at_word_boundary(lowered, start, end):
            continue
        hits.append(MasterHit(start, end, _name_tags(text[start:end], names, master)))
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    return hits


def _at_word_boundary(lowered: str, start: int, end: int) -> bool:
    before = lowered[start - 1] if start > 0 else " "
    after = lowered[end] if end < len(lowered) else " "
    return not (before.isalnum() or after.isalnum())


def _name_tags(surface: str, names: Sequence[Name], master: SecurityMaster) -> tuple[str, ...]:
    """Feature values for a name: kind, entity kind, ambiguity, casing as the master writes it."""
    tags: set[str] = set()
    for name in names:
        tags.add(f"mk={name.kind}")
        if name.ambiguous:
            tags.add("mamb")
        if name.text == surface:
            tags.add("mcase")
        entity = master.entities.get(name.entity_id)
        if entity is not None:
            tags.add(f"me={entity.kind}")
    if surface.islower():
        tags.add("mlower")
    return tuple(sorted(tags))


def _master_features(sentence: Sentence, hits: list[MasterHit]) -> list[list[str]]:
    """Per token: m=B / m=I and the name's tags when a master name covers the token."""
    features: list[list[str]] = [[] for _ in sentence.words]
    if not hits or not sentence.words:
        return features
    hit_starts = [h.start for h in hits]
    first = bisect_left(hit_starts, sentence.starts[0])
    last_end = sentence.ends[-1]
    covered = [False] * len(sentence.words)
    token_starts = sentence.starts
    for hit in hits[first:]:
        if hit.start >= last_end:
            break
        begin = bisect_left(token_starts, hit.start)
        if begin >= len(token_starts) or token_starts[begin] != hit.start:
            continue
        stop = begin
        while stop < len(token_starts) and sentence.ends[stop] <= hit.end:
            stop += 1
        if stop == begin or sentence.ends[stop - 1] != hit.end or any(covered[begin:stop]):
            continue
        for position in range(begin, stop):
            covered[position] = True
            features[position] = ["m=B" if position == begin else "m=I", *hit.tags]
    return features


# -- tokens ----------------------------------------------------------------------------------


def tone(word: str) -> str:
    """'pos', 'pos2' (strong), 'neg', 'neg2' or '' for a lower-cased word."""
    weight = POSITIVE_EN.get(word, 0.0) - NEGATIVE_EN.get(word, 0.0)
    if not weight:
        return _EXTRA_TONES.get(word, "")
    if weight > 0:
        return "pos2" if weight >= 1.2 else "pos"
    if weight < 0:
        return "neg2" if weight <= -1.2 else "neg"
    return ""


def tone_fingerprint() -> str:
    """A digest of every tone word and its class. The model learnt weights for these classes:
    when the lexicon changes the digest changes, and the model must be retrained (the training
    script stores the digest beside the model; a test compares them)."""
    words = sorted({*POSITIVE_EN, *NEGATIVE_EN, *_EXTRA_TONES})
    listing = " ".join(f"{word}:{tone(word)}" for word in words)
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]


def _shape(word: str) -> str:
    """Xx for Tesla, X.X for U.S, d.d for 0.20: letters and digits by class, runs collapsed."""
    return _REPEAT.sub("", word.translate(_SHAPE))[:6]


@dataclass(frozen=True, slots=True)
class _Word:
    """What a token contributes alone, computed once per distinct word in a text."""

    own: list[str]  # its own features
    neighbour: tuple[tuple[str, ...], ...]  # what it shows its neighbours at -2, -1, +1, +2
    lower: str
    tone: str
    upper: bool


_OFFSETS = ("-2", "-1", "1", "2")


def _word(word: str, known: AbstractSet[str] | None = None) -> _Word:
    """The token's features; with `known` (a model's attributes) only those the model has
    weights for: the CRF scores the same, and has fewer strings to look up."""
    lower = word.translate(_ASCII_LOWER)
    if word.startswith("<") and word.endswith(">") and len(word) > 2:
        code = word[1:-1]
        suffix = code.rsplit(".", 1)[1] if "." in code[1:] else ""
        own = ["ric", f"ricx={suffix[:3]}", f"ric0={code[:1] == '.'}"]
        return _Word(own, tuple((f"{o}w=<ric>",) for o in _OFFSETS), lower, "", False)
    shape = _shape(word)
    own = [f"w={lower}", f"sh={shape}", f"p3={lower[:3]}", f"s3={lower[-3:]}"]
    upper = word[:1].isupper()
    if upper:
        own.append("upper1")
        if word.isupper() and len(word) > 1:
            own.append("allcaps")
    elif word[:1].isdigit():
        own.append("digit")
    elif not word[:1].isalnum():
        own.append("punct")
    if len(word) > 3:
        own.append(f"s2={lower[-2:]}")
    shown: tuple[tuple[str, ...], ...] = (
        (f"-2w={lower}",),
        (f"-1w={lower}", f"-1sh={shape}"),
        (f"1w={lower}", f"1sh={shape}"),
        (f"2w={lower}",),
    )
    if known is not None:
        own = [f for f in own if f in known]
        shown = tuple([tuple([f for f in column if f in known]) for column in shown])
    return _Word(own, shown, lower, tone(lower), upper)


def _nearest_tones(lowers: list[str], tones: list[str], clause_break: bool) -> list[list[str]]:
    """For each token, the nearest tone word before and after it (in its clause, or sentence),
    its class, word and distance: "ca=neg2", "cad=neg21", "caw=slumped" for Acme in "Acme Corp
    slumped 12%". The strings for one tone word and distance band are made once."""
    n = len(lowers)
    tag = "c" if clause_break else "s"
    made: dict[tuple[int, str], tuple[str, ...]] = {}
    result: list[list[str]] = [[] for _ in range(n)]
    at = -1
    for i in range(n - 1, -1, -1):  # the nearest tone word after the token
        if at >= 0:
            near = "1" if at - i <= 3 else "2" if at - i <= 8 else "3"
            key = (at, near)
            if key not in made:
                tone = tones[at]
                made[key] = (f"{tag}a={tone}", f"{tag}ad={tone}{near}", f"{tag}aw={lowers[at]}")
            result[i] += made[key]
        if tones[i]:
            at = i
        elif clause_break and lowers[i] in CLAUSE_BREAK:
            at = -1
    at = -1
    for i in range(n):  # and before it
        if at >= 0:
            near = "b1" if i - at <= 3 else "b2"
            key = (at, near)
            if key not in made:
                tone = tones[at]
                made[key] = (f"{tag}b={tone}", f"{tag}bd={tone}{near[1]}", f"{tag}bw={lowers[at]}")
            result[i] += made[key]
        if tones[i]:
            at = i
        elif clause_break and lowers[i] in CLAUSE_BREAK:
            at = -1
    return result


def negated(lowers: list[str], tones: list[str]) -> list[str]:
    """Tone words with a negator up to three tokens before them read the other way."""
    flipped = list(tones)
    for i, tone in enumerate(tones):
        if tone and any(w in _NEGATORS for w in lowers[max(0, i - 3) : i]):
            flipped[i] = "neg" if tone.startswith("pos") else "pos"
    return flipped


def _ric_ahead(words: list[str]) -> list[bool]:
    """Whether a Reuters code follows the token after only name-like tokens (Johnson & Johnson)."""
    n = len(words)
    ahead = [False] * n
    seen = False
    for i in range(n - 1, -1, -1):
        word = words[i]
        if word.startswith("<") and len(word) > 2:
            seen = True
            continue
        ahead[i] = seen
        if not (word[:1].isupper() or word in {"&", "-", ".", "of"}):
            seen = False
    return ahead


def _predicates(words: list[str], lowers: list[str], tones: list[str]) -> list[list[str]]:
    """For each token, the word after the run of names and list glue it sits in, and the
    tone of the first tone word within four tokens of it: "Tesla Inc <TSLA.O> and Roku rose"
    gives Tesla "pw=rose" and "pt=pos". The same to the left ("such as", "including")."""
    n = len(words)
    in_run = [
        w[:1].isupper() or w[:1].isdigit() or w.startswith("<") or lw in LIST_GLUE
        for w, lw in zip(words, lowers, strict=True)
    ]
    result: list[list[str]] = [[] for _ in range(n)]
    after = n
    for i in range(n - 1, -1, -1):
        if not in_run[i]:
            after = i
        if after < n and after != i:
            tone = next((t for t in tones[after : after + 4] if t), "")
            result[i].append(f"pw={lowers[after]}")
            if tone:
                result[i].append(f"pt={tone}")
    before = -1
    for i in range(n):
        if not in_run[i]:
            before = i
        elif before >= 0:
            result[i].append(f"lw={lowers[before]}")
            tone = next((t for t in reversed(tones[max(0, before - 3) : before + 1]) if t), "")
            if tone:
                result[i].append(f"lt={tone}")
    return result


def _capital_runs(words: list[str]) -> list[str]:
    """Where a token sits in a run of capitalised words ("Activision Blizzard Inc"): cr=B
    (first), cr=I (inside), with "&" and "of" allowed inside; '' outside any run."""
    result = [""] * len(words)
    inside = False
    for i, word in enumerate(words):
        capital = word[:1].isupper()
        glue = inside and word in {"&", "of"} and i + 1 < len(words) and words[i + 1][:1].isupper()
        if capital or glue:
            result[i] = "cr=I" if inside else "cr=B"
            inside = True
        else:
            inside = False
    return result


def _organisation_runs(lowers: list[str], caps: list[str]) -> list[bool]:
    """Tokens of a capitalised run that ends in a company suffix ("Acme Corp", "Globex Inc",
    "Bank of Ayutthaya Pcl"): a name even when neither word was ever seen in training."""
    result = [False] * len(lowers)
    inside = False
    for i in range(len(lowers) - 1, -1, -1):
        if not caps[i]:
            inside = False
        elif lowers[i] in _ORG_SUFFIXES:
            inside = True
        result[i] = inside
    return result


def _sentence_tone(tones: list[str]) -> str:
    positive = sum(t.startswith("pos") for t in tones)
    negative = sum(t.startswith("neg") for t in tones)
    return "st=pos" if positive > negative else "st=neg" if negative > positive else "st=0"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a loaded model knows: its attributes, and the features of the words it has weights
    for, made once at load in lower, Title and UPPER case (sentence starts, names, tickers)."""

    attributes: frozenset[str]
    words: Mapping[str, _Word]

    @classmethod
    def of(cls, attributes: Iterable[str]) -> Vocabulary:
        known = frozenset(attributes)
        lowered = set()
        for attribute in known:
            head, _, word = attribute.partition("w=")
            if word and head in {"", "-2", "-1", "1", "2"}:
                lowered.add(word)
        words = {}
        for lower in lowered:
            for surface in {lower, lower[:1].upper() + lower[1:], lower.upper()}:
                words[surface] = _word(surface, known)
        return cls(known, words)


def sentence_features(
    sentence: Sentence,
    master_features: list[list[str]],
    memo: dict[str, _Word],
    vocabulary: Vocabulary | None = None,
) -> list[list[str]]:
    """The CRF's feature strings for every token of a sentence. `vocabulary` holds the words
    the model knows (frozen), `memo` the other words of this text seen so far. Without a
    vocabulary (training) every feature is made."""
    words = sentence.words
    if vocabulary is None:
        infos = [memo.get(w) or memo.setdefault(w, _word(w)) for w in words]
    else:
        table, known = vocabulary.words, vocabulary.attributes
        infos = [table.get(w) or memo.get(w) or memo.setdefault(w, _word(w, known)) for w in words]
    lowers = [info.lower for info in infos]
    tones = negated(lowers, [info.tone for info in infos])
    clause = _nearest_tones(lowers, tones, clause_break=True)
    whole = _nearest_tones(lowers, tones, clause_break=False)
    ric_ahead = _ric_ahead(words)
    predicates = _predicates(words, lowers, tones)
    caps = _capital_runs(words)
    organisations = _organisation_runs(lowers, caps)
    n = len(words)
    shared = ["bias", "s0" if sentence.index == 0 else "s1" if sentence.index == 1 else "s2"]
    shared.append(_sentence_tone(tones))
    columns = _neighbour_columns(infos, master_features)
    result: list[list[str]] = []
    for i in range(n):
        info = infos[i]
        features = shared + info.own + master_features[i] + predicates[i] + clause[i] + whole[i]
        features += columns[i]
        if tones[i]:
            features.append(f"t={tones[i]}")
        if ric_ahead[i]:
            features.append("ric_ahead")
        if i == 0:
            features.append("first")
        elif info.upper:
            features.append("upper_mid")  # a capital not explained by the sentence start
        if caps[i]:
            features.append(caps[i])
            if organisations[i]:
                features.append("org_run")
        result.append(features)
    return result


def _neighbour_columns(infos: list[_Word], master_features: list[list[str]]) -> list[list[str]]:
    """Per token, what its neighbours two either side show it (word, shape, master name)."""
    n = len(infos)
    shown: list[list[tuple[str, ...]]] = []
    for slot, prefix in enumerate(_OFFSETS):
        column = []
        for info, master in zip(infos, master_features, strict=True):
            column.append(
                (*info.neighbour[slot], f"{prefix}{master[0]}") if master else info.neighbour[slot]
            )
        shown.append(column)
    left2, left1, right1, right2 = shown
    edges = (("-2edge",), ("-1edge",), ("1edge",), ("2edge",))
    result = []
    for i in range(n):
        features = [
            *(left2[i - 2] if i >= 2 else edges[0]),
            *(left1[i - 1] if i >= 1 else edges[1]),
        ]
        features += right1[i + 1] if i + 1 < n else edges[2]
        features += right2[i + 2] if i + 2 < n else edges[3]
        result.append(features)
    return result


def text_features(
    text: str,
    master: SecurityMaster,
    vocabulary: Vocabulary | None = None,
    near: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[Sentence, list[list[str]]]]:
    """Every sentence of the text with the features of its tokens; with `near`, only the
    sentences that overlap one of those (start, end) spans (the rest are not worked on)."""
    safe = clean(text)
    chosen = sentences(safe)
    if near is not None:
        chosen = [s for s in chosen if s.words and _overlaps(s, near)]
        if not chosen:
            return []
    hits = master_hits(safe, master)
    memo: dict[str, _Word] = {}
    return [
        (sentence, sentence_features(sentence, _master_features(sentence, hits), memo, vocabulary))
        for sentence in chosen
    ]


def _overlaps(sentence: Sentence, spans: Sequence[tuple[int, int]]) -> bool:
    low, high = sentence.starts[0], sentence.ends[-1]
    return any(start < high and end > low for start, end in spans)
