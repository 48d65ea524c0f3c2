"""Claims: numeric statements attributed to a person or organisation.

A sentence is attributed when it says who speaks: "<X>表示/认为/估算/称/指出/说/预计/计算",
"根据<X>的计算", "据<X>估算", "<X> said/estimates", "according to <X>". The attribution carries
into following sentences whose subject is a pronoun (他/她/其/he/she) or that keep naming the
same person, and ends at the first sentence that does neither. Every quantity in an attributed
sentence (after the speech verb, when there is one) becomes a Claim with its value, unit, the
qualifiers written next to it (约 about, 超过 more_than, 近 nearly, 最多 at_most, 3到10 range)
and a few words saying what it measures.

Quantities come from `find_amounts`, built on `marketbuzz.text.numbers` (46亿美元, 1万亿,
$5.2 billion, 1.5%, 10年; dates and years are not quantities), which adds the qualifiers
written around a number and reads a range (3到10年) as one figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Claim, Mention
from marketbuzz.text.numbers import Quantity, find_quantities_folded
from marketbuzz.text.sentences import Segment

# -- amounts --------------------------------------------------------------------------------

# Written right before a number: what kind of figure it is (Chinese words, English words).
_QUALIFIER_WORDS = (
    ("more_than", "超过 超出 逾 超 多于 高于", ("over ", "more than ", "above ")),
    ("nearly", "接近 将近 近 逼近", ("nearly ", "almost ", "close to ")),
    ("about", "大约 约 大概", ("about ", "around ", "approximately ", "roughly ", "some ")),
    ("at_most", "最多只有 最多 至多 不超过", ("up to ", "at most ")),
    ("at_least", "至少 不少于", ("at least ",)),
    ("reach", "高达 达到 达", ("as much as ", "as high as ")),
)
_QUALIFIER_BEFORE = re.compile(
    "|".join(
        f"(?P<{name}>{'|'.join(map(re.escape, [*zh.split(), *en]))})$"
        for name, zh, en in _QUALIFIER_WORDS
    ),
    re.IGNORECASE,
)
# Before a Chinese character only the Chinese words can end, none longer than 4 characters:
# the same pattern without them, over the last 5 characters (a line break may follow, see `$`),
# finds what `_QUALIFIER_BEFORE` finds, without trying every English word at every character.
_QUALIFIER_BEFORE_ZH = re.compile(
    "|".join(f"(?P<{name}>{'|'.join(zh.split())})$" for name, zh, _ in _QUALIFIER_WORDS)
)
_QUALIFIER_LAST_ZH = frozenset(
    "".join(word[-1] for _, zh, _ in _QUALIFIER_WORDS for word in zh.split())
)
_QUALIFIER_AFTER = re.compile(r"多|余|左右|以上")
_AFTER_WORDS = {"多": "more_than", "余": "more_than", "左右": "about", "以上": "more_than"}
_AFTER_FIRST = frozenset(word[0] for word in _AFTER_WORDS)
_ARABIC_DIGIT = re.compile(r"\d")
_MAGNITUDE = re.compile(r"万|亿|千|百|trillion|billion|million|thousand|bn|mn|tn", re.IGNORECASE)


# Read-only by convention, not frozen: a frozen dataclass sets each field through
# object.__setattr__, several times slower to make; equal and hashable by value all the same.
@dataclass(slots=True, unsafe_hash=True)
class Amount:
    """A quantity found in text: value in base units, unit (currency code, %, years...)."""

    value: float
    unit: str
    start: int
    end: int
    qualifiers: tuple[str, ...] = ()
    upper: float | None = None  # the top of a range (3到10年 -> value 3, upper 10)


def _qualifiers(folded: str, start: int, end: int, is_range: bool) -> tuple[str, ...]:
    found: list[str] = []
    window = folded[max(0, start - 12) : start]
    last = window[-2:-1] if window.endswith("\n") else window[-1:]
    # Every word ends with a Chinese character or (in English) a space: skip the search if the
    # window ends otherwise (or so before a final line break, which `$` also allows).
    before = None
    if last in _QUALIFIER_LAST_ZH:
        before = _QUALIFIER_BEFORE_ZH.search(window[-5:])
    elif last == " ":
        before = _QUALIFIER_BEFORE.search(window)
    if before and before.lastgroup and before.lastgroup != "reach":
        found.append(before.lastgroup)
    if folded[end : end + 1] in _AFTER_FIRST:  # most numbers have none of the words after them
        after = _QUALIFIER_AFTER.match(folded, end)
        if after and after.group() in _AFTER_WORDS:
            found.append(_AFTER_WORDS[after.group()])
    if is_range:
        found.append("range")
    return tuple(dict.fromkeys(found)) if found else ()


def _is_figure(quantity: Quantity) -> bool:
    """A figure someone states: Arabic digits with a unit or a magnitude (46亿). Words such as
    一个月 or 三年期 and bare numbers are left out: in prose they are rarely the claim."""
    if not _ARABIC_DIGIT.search(quantity.raw):
        return False
    return bool(quantity.unit) or _MAGNITUDE.search(quantity.raw) is not None


def find_amounts(folded: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Figures in folded[start:end] (see `_is_figure`), a range (3到10年) as one Amount.

    Built on `marketbuzz.text.numbers`, adding what claims and events need on top: the
    qualifiers written around the number and ranges folded into one value with an upper end.
    """
    if _ARABIC_DIGIT.search(folded, start, len(folded) if end is None else end) is None:
        return []  # every figure has an Arabic digit (`_is_figure`): skip the number scan
    quantities = [q for q in find_quantities_folded(folded, None, start, end) if _is_figure(q)]
    amounts: list[Amount] = []
    index = 0
    while index < len(quantities):
        low = quantities[index]
        high = quantities[index + 1] if index + 1 < len(quantities) else None
        is_range = high is not None and (high.start, high.end) == (low.start, low.end)
        amounts.append(
            Amount(
                low.value,
                low.unit,
                low.start,
                low.end,
                _qualifiers(folded, low.start, low.end, is_range),
                high.value if is_range and high is not None else None,
            )
        )
        index += 2 if is_range else 1
    return amounts


def amounts_in(doc: Document, start: int, end: int) -> tuple[Amount, ...]:
    """`find_amounts(doc.folded, start, end)`, worked out once per document and window: events
    and claims often read the figures of the same sentence."""
    known: dict[tuple[int, int], tuple[Amount, ...]] = doc.memo("claims.amounts", dict)
    found = known.get((start, end))
    if found is None:
        found = known[(start, end)] = tuple(find_amounts(doc.folded, start, end))
    return found


# -- attribution ----------------------------------------------------------------------------

_SPEECH_ZH = "|".join(lexicon.SPEECH_VERBS_ZH)
_LATIN_NAME = r"[A-Z][A-Za-z'.-]+(?:\s[A-Z][A-Za-z'.-]+){0,3}"
_CJK_NAME = r"[\u4e00-\u9fff]{2,3}"
_ROLE_TITLES = lexicon.ROLE_TITLES
_AFTER_TITLE = "|".join(f"(?<={title})" for title in _ROLE_TITLES)
# Who speaks in Chinese: a Latin name, a pronoun, or a short Chinese name after a role word,
# then up to 20 characters of circumstance (在最新部落格文章中, 也, 则) before the verb.
_ATTRIBUTED_ZH = re.compile(
    rf"(?P<who>{_LATIN_NAME}|他们|她们|他|她|其|(?:{_AFTER_TITLE}){_CJK_NAME})"
    rf"(?P<circ>[^，。；:：,A-Z]{{0,20}}?)(?P<verb>{_SPEECH_ZH})(?:道|到)?[，:：,]?"
)
_ACCORDING_ZH = re.compile(
    rf"(?:根据|据|按照|依据)(?P<who>{_LATIN_NAME}|[\u4e00-\u9fffA-Za-z ]{{2,20}}?)的?"
    r"(?:计算|估算|测算|估计|预测|数据|统计|分析|说法|研究)"
)
_ATTRIBUTED_EN = re.compile(
    rf"(?P<who>{_LATIN_NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:also\s+)?"
    r"(?P<verb>said|says|estimates|estimated|estimate|noted|notes|wrote|writes|argued|argues|"
    r"predicted|predicts|expects|expected|believes|believed|calculated|calculates|told)\b"
)
_ACCORDING_EN = re.compile(rf"(?:[Aa]ccording to|[Pp]er)\s+(?P<who>{_LATIN_NAME})")
_PRONOUNS = {"他", "她", "其", "他们", "她们", "he", "she", "they"}
_PRONOUN_START = re.compile(
    r"(?:但|而|不过|此外|同时|然后|因此)?[，,]?\s*(?:他们|她们|他|她|其|(?:He|She|They)(?![A-Za-z]))"
)
_NOT_NAMES = {"The", "This", "That", "But", "And", "It", "In", "On", "At", "For", "As", "If"}


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str
    entity_id: str | None
    surname: str


def _mention_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    for mention in mentions:
        if mention.start < end and start < mention.end:
            return mention
    return None


def _affiliation(mentions: Sequence[Mention], sentence: Segment, name_start: int) -> str | None:
    """The organisation named just before a person (Praetorian Capital创办人X) in the sentence."""
    best: Mention | None = None
    for mention in mentions:
        if sentence.start <= mention.start and mention.end <= name_start:
            best = mention
    if best is not None and name_start - best.end <= 8:
        return best.entity_id
    return None


# Which speech words a sentence holds (`lexicon.SPEECH_WORDS`, bits): each word says which
# attribution patterns it can start (a sentence with only 据 never runs the English patterns).
_SPEAKS_ZH, _ACCORDING_ZH_WORD = lexicon.SPEAKS_ZH, lexicon.ACCORDING_ZH
_SPEAKS_EN, _ACCORDING_EN_WORD = lexicon.SPEAKS_EN, lexicon.ACCORDING_EN
# Where a Chinese speaker can start (`_ATTRIBUTED_ZH`'s "who"): a capital opening a Latin name,
# a pronoun, or the end of a role title (all of them, overlapping ones too).
_WHO_FIRST = re.compile(r"[A-Z他她其]")
_LONGEST_TITLE = max(map(len, _ROLE_TITLES))


def _search_attributed_zh(doc: Document, start: int, end: int) -> re.Match[str] | None:
    """`_ATTRIBUTED_ZH.search(folded, start, end)`, tried only where a speaker can start.

    The pattern opens with 16 look-behinds, costly at every character; matching it at the few
    places found above, in text order, finds the same first match several times faster. (A
    title ending at `start` or later may begin before it: the look-behinds see it too.)
    """
    folded = doc.folded
    places = {match.start() for match in _WHO_FIRST.finditer(folded, start, end)}
    # The document's titles (all their occurrences, see `lexicon.ROLE_TITLES`) ending in the
    # window; one that ends there starts at most `_LONGEST_TITLE` before it.
    low = start - _LONGEST_TITLE
    places.update(
        title_end
        for title_start, title_end, _ in lexicon.document_words(doc).titles
        if title_start >= low and start <= title_end <= end
    )
    for place in sorted(places):
        match = _ATTRIBUTED_ZH.match(folded, place, end)
        if match is not None:
            return match
    return None


# The attribution patterns in the order they are tried, with the speech words each needs;
# None stands for `_ATTRIBUTED_ZH`, searched by `_search_attributed_zh`.
_PATTERNS: tuple[tuple[re.Pattern[str] | None, int], ...] = (
    (None, _SPEAKS_ZH),
    (_ACCORDING_ZH, _ACCORDING_ZH_WORD),
    (_ATTRIBUTED_EN, _SPEAKS_EN),
    (_ACCORDING_EN, _ACCORDING_EN_WORD),
)
_NEAR_START = 12  # a speaker named this close to the sentence start owns the whole sentence
_MENTION_SPEAKS = re.compile(
    rf"[^，。；:：,]{{0,6}}?(?:{_SPEECH_ZH})|\s+(?:said|says|estimates|expects)\b"
)


class _Speakers:
    """Speakers met so far: a later bare surname (Kupperman) is the full name seen before."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.by_surname: dict[str, _Speaker] = {}

    def named(self, who: str, sentence: Segment, who_start: int, who_end: int) -> _Speaker:
        surname = who.rsplit(maxsplit=1)[-1]
        known = self.by_surname.get(surname)
        if known is not None:
            return known
        mention = _mention_at(self.mentions, who_start, who_end)
        entity_id = (
            mention.entity_id if mention else _affiliation(self.mentions, sentence, who_start)
        )
        speaker = _Speaker(who, entity_id, surname)
        self.by_surname[surname] = speaker
        return speaker

    def named_in(self, doc: Document, sentence: Segment) -> _Speaker | None:
        """A speaker met before whose surname this sentence repeats."""
        body = doc.text[sentence.start : sentence.end]
        return next((sp for name, sp in self.by_surname.items() if name in body), None)


def _find_speaker(
    doc: Document, sentence: Segment, speakers: _Speakers, last: _Speaker | None, words: int
) -> tuple[_Speaker | None, int]:
    """Who speaks in `sentence`, and where the attributed part starts (-1 for not attributed)."""
    folded, text = doc.folded, doc.text
    for pattern, needs in _PATTERNS:
        if not words & needs:
            continue  # none of the words this pattern needs is in the sentence
        if pattern is None:
            match = _search_attributed_zh(doc, sentence.start, sentence.end)
        else:
            match = pattern.search(folded, sentence.start, sentence.end)
        if match is None:
            continue
        who_start, who_end = match.span("who")
        who = text[who_start:who_end].strip()
        if who in _NOT_NAMES:
            continue
        if who in _PRONOUNS or who.lower() in _PRONOUNS:
            speaker = last or speakers.named_in(doc, sentence)
            if speaker is None:
                continue
        else:
            speaker = speakers.named(who, sentence, who_start, who_end)
        # Named at the start, or the sentence goes on about the same person: all of it counts.
        near_start = who_start - sentence.start <= _NEAR_START
        whole = near_start or _continues(doc, sentence, speaker)
        return speaker, sentence.start if whole else match.end()
    if not words & (_SPEAKS_ZH | _SPEAKS_EN):
        return None, -1
    return _mention_speaker(doc, sentence, speakers)


def _mention_speaker(
    doc: Document, sentence: Segment, speakers: _Speakers
) -> tuple[_Speaker | None, int]:
    """A linked organisation right before a speech verb: 高盛表示, "Goldman Sachs said"."""
    for mention in speakers.mentions:
        if not sentence.start <= mention.start < sentence.end:
            continue
        verb = _MENTION_SPEAKS.match(doc.folded, mention.end, sentence.end)
        if verb is not None:
            speaker = _Speaker(mention.text, mention.entity_id, mention.text)
            return speaker, verb.end()
    return None, -1


def _continues(doc: Document, sentence: Segment, speaker: _Speaker) -> bool:
    """A sentence keeps the attribution when its subject is a pronoun or it names the speaker."""
    body = doc.text[sentence.start : sentence.end]
    if _PRONOUN_START.match(doc.folded, sentence.start, sentence.end):
        return True
    return speaker.surname in body[:40]


_LEADING_WORDS = re.compile(
    r"^(?:而且|而|则|但是|但|且|并且|并|即|就|也|还|若要|如果|若|可能|将|需要|需|仅|只)+"
)
_TRAILING_WORDS = re.compile(
    r"(?:最多只有|最多|高达|达到|达|大约|约|超过|逾|接近|近|仅|只有|为|是|的|创造|产生"
    r"|about|around|over|nearly|of|to|at|is|was)+$",
    re.IGNORECASE,
)


def _trimmed(doc: Document, start: int, end: int) -> str:
    """doc.text[start:end] without the connectives and qualifiers at its edges."""
    words = doc.folded[start:end].strip(" ，,、:：")
    offset = doc.folded.index(words, start) if words else start
    lead = _LEADING_WORDS.match(words)
    trail = _TRAILING_WORDS.search(words)
    low = lead.end() if lead else 0
    high = trail.start() if trail and trail.start() >= low else len(words)
    return doc.text[offset + low : offset + high].strip()[-24:]


_OF_WORDS = re.compile(r"的([\u4e00-\u9fff]{1,6})")


def _quantity_words(doc: Document, sentence: Segment, amount: Amount) -> str:
    """A few words saying what the amount measures: 的收入 after it, else the words before it
    in its clause, else the clause before (而若要支撑明年的支出，则需高达1万亿美元)."""
    folded = doc.folded
    after = _OF_WORDS.match(folded, amount.end, amount.end + 8)
    if after:
        return doc.text[amount.end + 1 : amount.end + 1 + len(after.group(1))]
    previous: Segment | None = None
    for clause in doc.clauses(sentence):
        if clause.start <= amount.start < clause.end:
            words = _trimmed(doc, clause.start, amount.start)
            if len(words) < 2 and previous is not None:
                return _trimmed(doc, previous.start, previous.end)
            return words
        previous = clause
    return ""


def _speech_words(doc: Document) -> dict[int, int]:
    """Sentence index -> which speech words it holds (a bit mask), from one pass over the text."""
    spoken: dict[int, int] = {}
    hits = lexicon.document_words(doc).speech
    if not hits:
        return spoken
    sentences = doc.sentences
    index = -1
    current_end = -1  # a hit before this offset is in sentence `index`: no lookup
    for start, _, kind in hits:
        if start >= current_end:
            found = lexicon.sentence_of(sentences, start)
            if found is None:
                continue  # between sentences
            index, current_end = found, sentences[found].end
        spoken[index] = spoken.get(index, 0) | kind
    return spoken


def extract_claims(
    doc: Document, mentions: Sequence[Mention], master: SecurityMaster
) -> list[Claim]:
    """Numeric statements attributed to a person or organisation, in text order."""
    del master  # claimants come from mentions; kept for the common extractor signature
    claims: list[Claim] = []
    spoken = _speech_words(doc)
    if not spoken:
        return claims  # no speech verb and no "according to": nothing is attributed
    speakers = _Speakers(sorted(mentions, key=lambda m: m.start))
    speaker: _Speaker | None = None
    for index in range(min(spoken), len(doc.sentences)):
        sentence = doc.sentences[index]
        words = spoken.get(index, 0)
        if not words and speaker is None:
            continue
        found, attributed_from = (
            _find_speaker(doc, sentence, speakers, speaker, words) if words else (None, -1)
        )
        if found is not None:
            speaker = found
        elif speaker is not None and _continues(doc, sentence, speaker):
            attributed_from = sentence.start
        else:
            speaker = None
            continue
        for amount in amounts_in(doc, attributed_from, sentence.end):
            claims.append(_claim(doc, sentence, speaker, amount))
    return claims


def _claim(doc: Document, sentence: Segment, speaker: _Speaker, amount: Amount) -> Claim:
    qualifiers = amount.qualifiers
    if amount.upper is not None:
        qualifiers = (*qualifiers, f"upper:{amount.upper:g}")
    return Claim(
        claimant=speaker.name,
        claimant_entity_id=speaker.entity_id,
        value=amount.value,
        unit=amount.unit,
        text=doc.text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
        quantity=_quantity_words(doc, sentence, amount),
        qualifiers=qualifiers,
    )
