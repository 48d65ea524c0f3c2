"""The working document every extractor reads: text, its folded twin and its sentences.

Everything derived from the text is computed once per document and cached here, so stages
that need the same view (sentences, clauses, the lower-cased fold) never recompute it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any, TypeVar

from marketbuzz.model import Article
from marketbuzz.text.fold import fold
from marketbuzz.text.sentences import Segment, clauses, sentences

T = TypeVar("T")


class Document:
    """`text` is `Article.text`; `folded` has the same length (see `text.fold`).

    A plain class with slots rather than a dataclass with `functools.cached_property`: on
    Python 3.11 every first access of a cached property takes a lock, and the pipeline asks for
    a handful of views of every article. `text`, `folded` and `sentences` are made up front
    (every stage needs them); the rest on first use.
    """

    __slots__ = (
        "_clauses",
        "_lowered",
        "_memo",
        "_sentence_starts",
        "article",
        "folded",
        "sentences",
        "text",
    )

    def __init__(self, article: Article) -> None:
        self.article = article
        self.text: str = article.text
        self.folded: str = fold(self.text)
        self.sentences: list[Segment] = sentences(self.text)
        self._sentence_starts = [s.start for s in self.sentences]
        self._lowered: str | None = None
        self._clauses: dict[Segment, list[Segment]] = {}
        self._memo: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Document({self.article!r})"

    @property
    def lowered(self) -> str:
        """`folded` lower-cased, for Latin matching; same length (ASCII-only case change)."""
        if self._lowered is None:
            lowered = self.folded.lower()
            self._lowered = lowered if len(lowered) == len(self.folded) else self._ascii_lower()
        return self._lowered

    def _ascii_lower(self) -> str:
        # A few non-ASCII capitals change length when lower-cased (İ); keep offsets aligned.
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in self.folded)

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """A per-document view computed once: `factory()` the first time `key` is asked for.

        For views several stages share (sentence tones, trigger scans). Keys are module-qualified
        ("sentiment.tones") so stages cannot collide. The value lives and dies with the document:
        no state outlives one analysis.
        """
        memo = self._memo
        if key not in memo:
            memo[key] = factory()
        return memo[key]  # type: ignore[no-any-return]

    @property
    def body_start(self) -> int:
        return self.article.body_offset

    def sentence_index(self, offset: int) -> int | None:
        """Index into `sentences` of the sentence holding `offset`, by bisection."""
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].start <= offset < self.sentences[index].end:
            return index
        return None

    def sentences_up_to(self, offset: int) -> int:
        """How many sentences start at or before `offset`: one past the index of the sentence
        holding it, and a cheap sentence number for an offset (a plain bisection, no key)."""
        return bisect_right(self._sentence_starts, offset)

    def sentence_at(self, offset: int) -> Segment | None:
        """The sentence holding `offset`, by bisection."""
        index = self.sentence_index(offset)
        return None if index is None else self.sentences[index]

    def clauses(self, sentence: Segment) -> list[Segment]:
        """The comma-separated clauses of one sentence, computed once per sentence."""
        found = self._clauses.get(sentence)
        if found is None:
            found = clauses(self.text, sentence)
            self._clauses[sentence] = found
        return found
