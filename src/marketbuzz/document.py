"""The working document every extractor reads: text, its folded twin and its sentences.

Everything derived from the text is computed once per document and cached here, so stages
that need the same view (sentences, clauses, the lower-cased fold) never recompute it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from marketbuzz.model import Article
from marketbuzz.text.fold import fold
from marketbuzz.text.sentences import Segment, clauses, sentences

T = TypeVar("T")


@dataclass(frozen=True)
class Document:
    """`text` is `Article.text`; `folded` has the same length (see `text.fold`)."""

    article: Article

    @cached_property
    def text(self) -> str:
        return self.article.text

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def lowered(self) -> str:
        """`folded` lower-cased, for Latin matching; same length (ASCII-only case change)."""
        lowered = self.folded.lower()
        return lowered if len(lowered) == len(self.folded) else self._ascii_lower()

    def _ascii_lower(self) -> str:
        # A few non-ASCII capitals change length when lower-cased (İ); keep offsets aligned.
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in self.folded)

    @cached_property
    def sentences(self) -> list[Segment]:
        return sentences(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _clauses(self) -> dict[Segment, list[Segment]]:
        return {}

    @cached_property
    def _memo(self) -> dict[str, Any]:
        return {}

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """A per-document view computed once: `factory()` the first time `key` is asked for.

        For views several stages share (sentence tones, trigger scans). Keys are module-qualified
        ("sentiment.tones") so stages cannot collide. The value lives and dies with the document:
        no state outlives one analysis.
        """
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]  # type: ignore[no-any-return]

    @property
    def body_start(self) -> int:
        return self.article.body_offset

    def sentence_index(self, offset: int) -> int | None:
        """Index into `sentences` of the sentence holding `offset`, by bisection."""
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and self.sentences[index].start <= offset < self.sentences[index].end:
            return index
        return None

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
