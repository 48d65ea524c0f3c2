"""The working document every extractor reads: text, its folded twin and its sentences."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from marketbuzz.model import Article
from marketbuzz.text.fold import fold
from marketbuzz.text.sentences import Segment, sentences


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
    def sentences(self) -> list[Segment]:
        return sentences(self.text)

    @property
    def body_start(self) -> int:
        return self.article.body_offset

    def sentence_at(self, offset: int) -> Segment | None:
        """The sentence holding `offset`, by bisection."""
        from bisect import bisect_right

        spans = self.sentences
        index = bisect_right([s.start for s in spans], offset) - 1
        if index >= 0 and spans[index].start <= offset < spans[index].end:
            return spans[index]
        return None
