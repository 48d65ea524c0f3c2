"""A possible mention before disambiguation: a span with the names (or entity) it may be."""

from __future__ import annotations

from dataclasses import dataclass

from marketbuzz.master.model import Name

# Priority when candidates overlap: an inline code beats a name (then the longer span wins).
PRIORITY_CODE = 2
PRIORITY_NAME = 1


# Not frozen: a frozen dataclass's __init__ costs several times more, and thousands of these are
# made per megabyte. Treat instances as read-only all the same.
@dataclass(slots=True, eq=False)
class Candidate:
    """`names` for name matches, `entity_id` for codes and tickers (already resolved).

    `outer_start` is where the code's wrapping begins ("(" of "(600519)", "$" of "$TSLA"), so a
    name right before it can be recognised as confirmed by the code.
    """

    start: int
    end: int
    via: str  # "code" | "ticker" | "name" | "latin"
    matched: str
    names: tuple[Name, ...] = ()
    entity_id: str | None = None
    outer_start: int = -1
    glued_before: bool = False  # a Han character before it would join it into another word
    glued_after: bool = False
    tail: str = ""  # "generic" / "limited": followed by generic corporate words and 有限公司
    straddles: bool = False  # a 2-character match across common words (股东|海通 -> 东海)

    @property
    def priority(self) -> int:
        return PRIORITY_CODE if self.entity_id is not None else PRIORITY_NAME

    @property
    def length(self) -> int:
        return self.end - self.start
