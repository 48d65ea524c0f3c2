"""Latin-script names: word boundaries and capitalisation decide what is a name.

`SecurityMaster.scan_latin` matches substrings of the lower-cased folded text. A match is kept
when:

- **boundaries**: no ASCII letter or digit right before it and no ASCII letter right after it.
  Han characters count as boundaries ("Trilogy Metals" inside Chinese text links) and so does a
  digit after ("Qwen3-VL" names Qwen);
- **case**: a `case_sensitive` name must appear exactly as written; any other name must keep
  every capital the name has ("oracle" in prose is a word, "Oracle" a company), or be written in
  all capitals when it has at least `MIN_ALL_CAPS_LENGTH` letters (ORACLE, QWEN — but "AI" is
  not the company "Ai");
- **kind**: ticker-kind names are left to `codes` (a bare ticker is not a name); names of
  fewer than `MIN_NAME_LENGTH` characters (SG, DC, GE: too many other things are written so)
  and names without a letter ("111") never link from here; an acronym name followed by a digit
  is a model or part number (SG6931, LTC002), while a mixed-case name followed by a digit is
  still the name (Qwen3).
"""

from __future__ import annotations

import re

from marketbuzz.link.candidate import Candidate
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Name
from marketbuzz.master.shorthand import SHORTHAND, TRADE_WORDS

MIN_ALL_CAPS_LENGTH = 4
_ASCII_LETTER = re.compile(r"[a-z]")
MIN_NAME_LENGTH = 3


def _lowered(folded: str) -> str:
    """Lower-case without changing the length (a few letters lower to two characters)."""
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _at_word_boundary(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    if before and _is_ascii_alnum(before):
        return False
    if before == "<" and after == ".":
        return False  # a Reuters code (<NOKIA.HE>): the code path links the ones it knows
    return not (after and after.isascii() and after.isalpha())


# English function words (auxiliaries, question words, prepositions, pronouns; not determiners,
# which come before common nouns that may also be names: "No News Expected"): in a headline
# they are capitalised like every word, but never make a proper noun with the name after them
# ("Why Is Alcoa Stock…", "How Much Is Alcoa Hurt…", "See How Alcoa Corporation Ranks").
_FUNCTION_WORDS_TEXT = (
    "Is Are Was Were Be Been Being Am Do Does Did Has Have Had Will Would Can Could Shall Should "
    "May Might Must Why How What When Where Who Whom Whose Which Whether If Than Then That This "
    "These Those It Its Their Our Your His Her My We They You He She Not Into Onto Over Under "
    "About After Before Since Until Amid Against Versus Vs Between Behind Beyond Despite Near "
    "Per Via Around Across Through Toward Towards Upon Within Without Why's Here's There's "
    "Here There Now Still Just Also Even Only So Too Very Nor Yet See"
)
# Words that may stand beside a one-word company name without making a longer proper noun.
_FREE_WORDS_BEFORE_TEXT = (
    "The A An In At On For By From With And Or But As To Of Shares Stock Rival Rivals Peer "
    "Peers Analysts Analyst While Unlike Like Both Including Rivals Buy Sell Hold Owner "
    "Parent"
)
_FREE_WORDS_BEFORE = frozenset(_FREE_WORDS_BEFORE_TEXT.split()) | frozenset(
    _FUNCTION_WORDS_TEXT.split()
)
_COMPANY_WORDS_AFTER_TEXT = (
    "Inc Corp Corporation Co Company Ltd Limited Group Holdings Holding Plc PLC AG SA NV SE "
    "Technologies Technology Motors Motor Bank Capital Partners Energy Pharmaceuticals "
    "Airlines Systems Networks Platforms Web Cloud Model Watch Music Prime Maps Pay Store "
    "Studios Labs Research Securities Financial International Brands Entertainment Resorts "
    "Health Semiconductor Global Industries Mobile Software"
)
# In a headline every word is capitalised: a company name followed by one of these corporate
# verbs or nouns acts as the company ("Apple Unveils Vision Pro", "Target Beats Estimates",
# "Apple Stock Today"), not as part of a longer proper noun.
CORPORATE_WORDS_TEXT = (
    "Unveils Unveil Launches Launch Reports Report Beats Beat Misses Miss Cuts Cut Raises Raise "
    "Says Said Shares Share Stock Stocks Announces Announce Acquire Acquires Buys Buy Sells Plans "
    "Expands Invests Hires Sues Sued Wins Loses Gains Falls Rises Jumps Drops Slides Surges "
    "Soars Tumbles Tops Posts Sees Expects Agrees Faces Releases Introduces Debuts Delays Boosts "
    "Lowers Earnings Revenue Sales Profit Results Returns Shareholders Investors CEO Could Will "
    "Is Has To Stake Deal Price Supplier Suppliers Hit Hits Slashes Reveals Confirms Warns "
    "Dividend Buyback Q1 Q2 Q3 Q4 Event Analyst Analysts Upgrade Downgrade Target "
    "Gets Pays Files Opens Reopens Closes Shuts Signs Settles Bets Builds Makes Takes Adds "
    "Pulls Pushes Moves Asks Tells Claims Denies Partners Teams Issues Prepares Preparing "
    "Seeking Looking Expected Set Readies Rolls Ships Halts Resumes Scraps Drops Pledges Eyes "
    "Reportedly Rumored Likely Shipped Reopening Increased Grows Shows Capitalizes Encourages "
    "Accidentally Weighs CFO COO CTO Chairman Founder Executives Services Store Stores Option "
    "Options Traders Suppliers Supplier Shareholder Board Exec Execs Executive Executives "
    "Ratings Outlook Guidance Leads Led Lags Trails Slips Climbs Rallies Sinks Dips Edges Extends "
    "Ends Rebounds Recovers Retreats Plunges Slumps"
)
CORPORATE_WORDS = frozenset(CORPORATE_WORDS_TEXT.split())
# Function words after an ambiguous name are no sign of the company ("ETF News And
# Commentary", "Nothing to Cheer About"): only corporate words are.
_COMPANY_WORDS_AFTER = frozenset(_COMPANY_WORDS_AFTER_TEXT.split()) | CORPORATE_WORDS
# Verbs that take a company as their object in headlines: the name after them is not part of a
# longer proper noun ("Citigroup Upgrades AllianceBernstein…", "Elliott Management Sells Alcoa").
_ACTING_VERBS_TEXT = (
    "Upgrades Downgrades Maintains Initiates Reiterates Assumes Resumes Reinstates Lowers Raises "
    "Cuts Boosts Reduces Sells Buys Exits Acquires Acquire Purchase Purchases Sent Backs Sues "
    "Beats Tops Joins Leaves Rates Likes Prefers Favors Ditches Dumps Adds Trims Owns Bought Sold"
)
_OBJECT_VERBS = frozenset(_ACTING_VERBS_TEXT.split())
_TITLE_WORD_BEFORE = re.compile(r"(?:^|[^A-Za-z])([A-Z][a-z]+)[ ]$")
_TITLE_WORD_AFTER = re.compile(r"[ ]([A-Z][a-z]+)\b")
_DATE_AFTER = re.compile(r"\.?\s*\d")
_MONTHS_AND_DAYS_TEXT = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun"
)
_MONTHS_AND_DAYS = frozenset(_MONTHS_AND_DAYS_TEXT.split())


def _proper_noun_neighbours(
    folded: str, start: int, end: int, master: SecurityMaster
) -> tuple[bool, bool]:
    """Whether a one-word Title-case match has a Title-case word before / after it that makes
    a longer proper noun ("Jesse Cohen", "Northern California"), or is a date ("Nov. 11").

    Both are (False, False) for multi-word or all-caps matches.
    """
    span = folded[start:end]
    if " " in span or not span[:1].isupper() or span.isupper():
        return False, False
    if span.lower() in _MONTHS_AND_DAYS and _DATE_AFTER.match(folded, end):
        return True, True
    hyphen = start > 0 and folded[start - 1] == "-"
    if hyphen and _COMPOUND_PREFIX.search(folded, max(0, start - 6), start):
        # "Co-Founder", "Re-Open"; not "ex-Apple", a wire slug ("COLUMN-Alcoa") or two names
        # joined ("Twist-Agilent Settlement").
        return True, True
    before = _TITLE_WORD_BEFORE.search(folded, max(0, start - 20), start)
    title_before = bool(
        before
        and before.group(1) not in _FREE_WORDS_BEFORE
        and before.group(1) not in _OBJECT_VERBS
        # A sentence's first word is capitalised anyway, unless it is a name itself: "…: Apple
        # News Had 125M Users" is Apple's product, not News Corp.
        and (
            not _sentence_start(folded, before.start(1))
            or bool(master.name_owners(before.group(1).lower()))
        )
    )
    after = _TITLE_WORD_AFTER.match(folded, end)
    # A conjunction ends the name ("Apple And Google"); the linker then wants the name listed
    # beside a company (`conjoined_after`), so "ETF News And Commentary" stays unlinked. So do
    # a verb's auxiliary and a preposition: "Apple Can Exceed…", "Price Target On Apple From…"
    # (whether the name is then the company is for the linker's context rules to say).
    free_after = after is not None and (
        after.group(1) in _COMPANY_WORDS_AFTER or after.group(1) in _CONJUNCTIONS
    )
    if (
        after is not None
        and not free_after
        and (after.group(1) in _ENDS_A_NAME_AFTER or _PAST_TENSE.fullmatch(after.group(1)))
    ):
        # "Apple Fined €1.1B…", "Says Apple Can…": the name ends here unless a plain Title-case
        # word before makes it the tail of another name ("Apple News Had…", "Bad News For…").
        free_after = not title_before or _inflected_word_before(folded, start)
    return title_before, bool(after and not free_after)


_CONJUNCTIONS = frozenset({"And", "Or", "Vs"})
# Auxiliaries, modals, prepositions (not "Of", which joins names: "Bank Of America") and
# adverbs of time.
_ENDS_A_NAME_AFTER_TEXT = (
    "Can Could May Might Must Shall Should Will Would Is Are Was Were Has Have Had Does Did "
    "From In On At For With By Into Onto Over Under Amid After Before Since Despite Against "
    "Instead Amidst Toward Towards Through Via Versus Among "
    "Still Now Also Just Even Only Previously Again Already Never Finally"
)
_ENDS_A_NAME_AFTER = frozenset(_ENDS_A_NAME_AFTER_TEXT.split())
# A verb in the past tense after a name ends it (names ending so, Ted or Red, are too short).
_PAST_TENSE = re.compile(r"[A-Z][a-z]{2,}ed")
# A short lower-case prefix joined by a hyphen (not "ex-", which names a former employer).
_COMPOUND_PREFIX = re.compile(r"(?<![A-Za-z])(?!(?i:ex)-)[A-Za-z][a-z]{0,3}-$")
_CONJUNCTION_AFTER = re.compile(r"[ ](?:And|Or|Vs\.?)[ ]")


def conjoined_after(folded: str, end: int) -> bool:
    """A capitalised conjunction follows the name, as in a headline's list ("Apple And …")."""
    return _CONJUNCTION_AFTER.match(folded, end) is not None


_GIVEN_NAME_LENGTH = 3


def _part_of_proper_noun(name: Name, neighbours: tuple[bool, bool]) -> bool:
    """An ambiguous one-word name (City, Northern) beside any Title-case word is part of another
    proper noun; a listed company's own one-word name (Cohen, Cooper) only after one, as in a
    person's name, and a name of three letters or fewer before one too, as a given name ("Tim
    Cook" is no TIM S.A.). Curated aliases (Disney in "Walt Disney", Tesla) are trusted."""
    before, after = neighbours
    if name.ambiguous:
        return before or after
    if name.kind == "alias":
        return False
    return before or (after and len(name.key) <= _GIVEN_NAME_LENGTH)


_WORD = re.compile(r"[A-Za-z][A-Za-z']{3,}")
# A line is written in headline case when this share of its words of 4+ letters is capitalised.
_HEADLINE_SHARE = 0.7
_HEADLINE_REACH = 160


def _in_headline(folded: str, index: int) -> bool:
    """The line holding `index` capitalises nearly every word ("Apple Unveils Vision Pro")."""
    line_start = folded.rfind("\n", max(0, index - _HEADLINE_REACH), index) + 1
    line_end = folded.find("\n", index, index + _HEADLINE_REACH)
    words = _WORD.findall(
        folded,
        max(line_start, index - _HEADLINE_REACH),
        line_end if line_end >= 0 else index + _HEADLINE_REACH,
    )
    capitals = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capitals >= _HEADLINE_SHARE * len(words)


# A verb or a plural by its ending: -ing, -ed, or an -s that is no name's (Dennis, Marcus,
# Thomas, Chris: -ss, -us, -as, -is).
_INFLECTED_BEFORE = re.compile(
    r"(?<![A-Za-z])[A-Z](?:[a-z]+ing|[a-z]{3,}ed|[a-z]*[a-z][^sua\W\d_]s|[a-z]+ies)[ ]$"
)


def _inflected_word_before(folded: str, start: int) -> bool:
    return _INFLECTED_BEFORE.search(folded, max(0, start - 24), start) is not None


def _sentence_start(folded: str, index: int) -> bool:
    """Whether `index` begins a sentence (so its capital says nothing)."""
    head = folded[max(0, index - 3) : index].rstrip()
    return not head or head[-1] in ".!?\"'\n:;(" or not head[-1].isascii()


def _keeps_capitals(span: str, name: Name) -> bool:
    if name.case_sensitive:
        return span == name.text
    if span == name.text:
        return True
    letters = sum(ch.isalpha() for ch in span)
    if span.isupper() and letters >= MIN_ALL_CAPS_LENGTH:
        return True
    if len(span) != len(name.text):
        return False
    has_capital = False
    for written, named in zip(span, name.text, strict=True):
        if named.isupper():
            has_capital = True
            if not written.isupper():
                return False
    # A name written without any capital ("iqiyi") matches only as written.
    return has_capital


def _name_fits(span: str, name: Name, digit_after: bool, neighbours: tuple[bool, bool]) -> bool:
    if name.kind == "ticker" or len(name.key) < MIN_NAME_LENGTH:
        return False
    if _part_of_proper_noun(name, neighbours):
        return False
    if not any(ch.isalpha() for ch in name.key):
        return False
    if digit_after and name.text.isupper():
        return False
    return _keeps_capitals(span, name)


_TICKER_SHAPED = re.compile(r"[A-Z]{1,5}")
_LIST_OPENING = re.compile(r"(?:\(|,[ ]?)$")
_LIST_CLOSING = re.compile(r"[ ]?[,)]")


def _ticker_list_token(folded: str, start: int, end: int) -> bool:
    """An all-caps word inside a bracketed comma list ("(FCX, ABC, BHP, RIO)") is a ticker, old
    or current: the ticker path links the ones it knows; as a name (ABC, the bank) it is not."""
    return (
        _TICKER_SHAPED.fullmatch(folded, start, end) is not None
        and _LIST_OPENING.search(folded, max(0, start - 2), start) is not None
        and _LIST_CLOSING.match(folded, end) is not None
    )


# A trade word or legal form after a name: with a shorthand ("Civitas") it names another
# company ("Civitas Solutions"), since the shorthand's own full name would have matched whole.
_TRADE_OR_FORM_AFTER = re.compile(r"[ ]([A-Z][a-z]+)\b")
_LEGAL_FORMS = frozenset({"inc", "corp", "corporation", "co", "company", "ltd", "limited", "plc"})


def _drop_other_companies_shorthand(
    names: tuple[Name, ...], folded: str, end: int
) -> tuple[Name, ...]:
    if all(n.kind != SHORTHAND for n in names):
        return names
    after = _TRADE_OR_FORM_AFTER.match(folded, end)
    if after is None:
        return names
    word = after.group(1).lower()
    if word not in TRADE_WORDS and word not in _LEGAL_FORMS:
        return names
    return tuple(n for n in names if n.kind != SHORTHAND)


def find_latin_names(
    folded: str, master: SecurityMaster, lowered: str | None = None
) -> list[Candidate]:
    """Latin name candidates at word boundaries with the right capitals (may overlap).

    `lowered` is `folded` lower-cased at the same length (`Document.lowered`), if at hand.
    """
    found: list[Candidate] = []
    lowered = lowered or _lowered(folded)
    if _ASCII_LETTER.search(lowered) is None:
        return found  # every name that can link has a letter (most Chinese items have none)
    for start, end, matched in master.scan_latin(lowered):
        if not _at_word_boundary(folded, start, end) or _ticker_list_token(folded, start, end):
            continue
        span = folded[start:end]
        neighbours = _proper_noun_neighbours(folded, start, end, master)
        # In a headline ("Microsoft Surpasses Apple and…") the capital of the word before says
        # nothing; an ambiguous name still needs a finance cue or a corporate word later.
        loose = (False, neighbours[1]) if neighbours[0] and _in_headline(folded, start) else None
        # A plain name is freed too when the word before is inflected, a verb or a plural that
        # no given name or place takes ("Ailing Alcoa's…", "Citi Discusses AllianceBernstein's…",
        # "Metals Stocks Alcoa, U.S. Steel…") unless a Title-case word after it makes a longer
        # name ("Denies Atlas Air's…", "Names Dave Buck COO"); "Jesse Cohen" stays a person.
        loose_plain = (
            loose is not None and not neighbours[1] and _inflected_word_before(folded, start)
        )
        digit_after = end < len(folded) and folded[end].isdigit()
        names = _drop_other_companies_shorthand(matched, folded, end)
        fitting = tuple(
            n
            for n in names
            if _name_fits(
                span,
                n,
                digit_after,
                loose if loose and (n.ambiguous or loose_plain) else neighbours,
            )
        )
        if fitting:
            found.append(Candidate(start, end, "latin", span, names=fitting))
    return found


# The word after a headline's opening name: one of the corporate verbs and nouns ("Apple Gets
# Patent", "Apple Confirms Acquisition", "Apple To Reopen Stores").
_NEXT_TITLE_WORD = re.compile(r"[ ]([A-Z][A-Za-z]+|to)\b")
_HEADLINE_OPENING = re.compile(r"(?:^|[\n:\"'‘“]\s*)$")


def opens_headline_as_subject(folded: str, start: int, end: int) -> bool:
    """A name that opens a headline and is followed by its verb acts as the company: the
    subject of "Apple Gets Patent For…" is the company, whatever else "apple" means."""
    if not _HEADLINE_OPENING.search(folded, max(0, start - 3), start):
        return False
    after = _NEXT_TITLE_WORD.match(folded, end)
    if after is None or not _in_headline(folded, start):
        return False
    return after.group(1) in CORPORATE_WORDS or after.group(1) == "to"
