"""Full-text index terms for Chinese and English, and the queries that search them.

Neither SQLite FTS5 nor PostgreSQL segments Chinese: FTS5's default tokenizer makes a whole run
of CJK characters one token, and its trigram tokenizer cannot find two-character words (阿里,
京東). So we make the terms ourselves and store them space-separated; the database only splits
on the spaces:

- Everything is folded first (`marketbuzz.text.fold`: Traditional to Simplified, full width to
  ASCII) and lower-cased, so 京東 finds 京东 and ＡＬＩＢＡＢＡ finds Alibaba.
- A Latin word or number is one term (punctuation splits: "U.S." is "u s", "3.7亿" is "3 7 亿").
- A CJK run is its overlapping character bigrams followed by its last character alone: 阿里巴巴
  is "阿里 里巴 巴巴 巴", a lone 騰 is "腾". Whitespace between two CJK characters does not end
  a run: Chinese has no word spaces, so a space there is layout (騰訊 績後 reads as 騰訊績後).

Why the trailing character: every character of a run then starts a term, so a one-character
query X is the prefix query X* (FTS5) or X:* (PostgreSQL to_tsquery), which finds X anywhere;
without it X would be missed at the end of every run (讯 in 腾讯). The cost is one term per run,
and a prefix query over a common character reads many terms; an FTS5 `prefix='1'` index makes it
cheap. A query of two or more CJK characters is a phrase of its bigrams (no trailing character,
so it matches inside longer runs), which finds 阿里 in 阿里巴巴 but not 阿 and 里 apart.

Storage: SQLite `CREATE VIRTUAL TABLE ... USING fts5(terms, tokenize='unicode61')` (unicode61
keeps each of our terms whole: CJK characters are letters to it, and terms hold only letters and
digits) queried with `fts5_match`; PostgreSQL `to_tsvector('simple', terms)` queried with
`phraseto_tsquery('simple', phrase)` per `tsquery_terms` phrase, or `to_tsquery('simple', ...)`
with `tsquery_expression`, which also handles one-character queries.

Queries never raise: every character of a user's query is either part of a term or dropped, so
quotes, parentheses, NEAR, `*`, `title:` and SQL metacharacters are plain words or nothing.
"""

from __future__ import annotations

import re
from typing import Final

from marketbuzz.text.fold import fold

_CJK: Final = (
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, Extension A, compatibility
    "\uac00-\ud7af"  # Hangul syllables
    "\U00020000-\U0003ffff"  # ideographs beyond the Basic Multilingual Plane
)
# A CJK run (spaces inside it are layout) or a Latin word: letters and digits that are not CJK.
_RUN = re.compile(rf"(?P<cjk>[{_CJK}](?:\s*[{_CJK}])*)|(?P<word>[^\W_{_CJK}]+)")
_SPACE = re.compile(r"\s+")
_QUOTED = re.compile(r'"([^"]*)"?')
_LONE_CJK = re.compile(f"[{_CJK}]")

# A 10 KB query is not a search anyone means; its first phrases and terms are enough to answer
# and keep the database's query parser (recursion depth, phrase size) well inside its limits.
MAX_PHRASES: Final = 32
MAX_PHRASE_TERMS: Final = 64


def index_terms(text: str) -> str:
    """The space-separated terms stored in the full-text column for `text`."""
    terms: list[str] = []
    for match in _RUN.finditer(fold(text).lower()):
        word = match.group("word")
        if word is not None:
            terms.append(word)
            continue
        run = _SPACE.sub("", match.group("cjk"))
        terms.extend(_bigrams(run))
        terms.append(run[-1])
    return " ".join(terms)


def query_phrases(query: str) -> list[list[str]]:
    """A user's query as phrases to AND together, each a list of adjacent terms.

    Words split on spaces are separate phrases; a "quoted phrase" is one; a word or phrase whose
    text breaks into several terms (a CJK run's bigrams, "u.s." as u s) keeps them as a phrase.
    A phrase ending in a one-character CJK run ends in that character, which `fts5_match` and
    `tsquery_expression` search as a prefix.
    """
    phrases: list[list[str]] = []
    for chunk in _chunks(query):
        terms = _query_terms(chunk)
        if terms and terms not in phrases:
            phrases.append(terms[:MAX_PHRASE_TERMS])
        if len(phrases) == MAX_PHRASES:
            break
    return phrases


def fts5_match(query: str) -> str | None:
    """An FTS5 MATCH expression for `query`: quoted phrases joined by AND; None without terms."""
    phrases = query_phrases(query)
    if not phrases:
        return None
    return " AND ".join(_fts5_phrase(phrase) for phrase in phrases)


def tsquery_terms(query: str) -> list[str]:
    """One string per phrase, each for PostgreSQL's phraseto_tsquery('simple', ...); the caller
    ANDs them. A phrase ending in one CJK character (騰) finds it only where it stands alone or
    ends a run (phraseto_tsquery has no prefix match); `tsquery_expression` finds it anywhere."""
    return [" ".join(phrase) for phrase in query_phrases(query)]


def tsquery_expression(query: str) -> str | None:
    """A complete to_tsquery('simple', ...) expression for `query` (phrases joined by <->, ANDed,
    a phrase's final lone CJK character as a prefix), or None without terms. Terms hold only
    letters and digits, but each is single-quoted anyway so none is ever read as an operator."""
    phrases = query_phrases(query)
    if not phrases:
        return None
    return " & ".join(_tsquery_phrase(phrase) for phrase in phrases)


def _bigrams(run: str) -> list[str]:
    return [run[index : index + 2] for index in range(len(run) - 1)]


def _chunks(query: str) -> list[str]:
    """Quoted phrases whole, everything else split on whitespace; an unclosed quote runs to the
    end of the query."""
    chunks: list[str] = []
    position = 0
    for match in _QUOTED.finditer(query):
        chunks.extend(query[position : match.start()].split())
        chunks.append(match.group(1))
        position = match.end()
    chunks.extend(query[position:].split())
    return chunks


def _query_terms(chunk: str) -> list[str]:
    """The terms of one word or quoted phrase, as they stand in the index: like `index_terms`,
    except that a run of two or more CJK characters drops its trailing character (so the phrase
    also matches inside a longer run) unless another term follows it in the phrase."""
    terms: list[str] = []
    matches = list(_RUN.finditer(fold(chunk).lower()))
    for position, match in enumerate(matches):
        word = match.group("word")
        if word is not None:
            terms.append(word)
            continue
        run = _SPACE.sub("", match.group("cjk"))
        terms.extend(_bigrams(run))
        is_last = position == len(matches) - 1
        if len(run) == 1 or not is_last:
            terms.append(run[-1])
    return terms


def _ends_with_lone_cjk(phrase: list[str]) -> bool:
    """A phrase ending in one CJK character (騰, or "a 股") searches for it as a prefix: in the
    text it may begin a bigram (騰訊, a股市)."""
    return len(phrase[-1]) == 1 and _LONE_CJK.fullmatch(phrase[-1]) is not None


def _fts5_phrase(phrase: list[str]) -> str:
    # Terms hold no double quote, but doubling them keeps the string safe whatever changes.
    quoted = '"' + " ".join(phrase).replace('"', '""') + '"'
    return quoted + "*" if _ends_with_lone_cjk(phrase) else quoted


def _tsquery_phrase(phrase: list[str]) -> str:
    lexemes = ["'" + term.replace("'", "''") + "'" for term in phrase]
    if _ends_with_lone_cjk(phrase):
        lexemes[-1] += ":*"
    joined = " <-> ".join(lexemes)
    return f"({joined})" if len(lexemes) > 1 else joined
