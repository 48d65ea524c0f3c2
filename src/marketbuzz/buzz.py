"""What one article adds to an instrument's buzz, and at what time it counts.

The hot board (`marketbuzz.board`) sums these weights with a time decay; they are computed once,
when an article is stored, so the board reads numbers instead of re-deriving them.

    weight = relevance x novelty x role
      relevance  the analysis's 0..1 relevance of the instrument to the article
      novelty    1 for a new story, REPEAT_WEIGHT for a copy of a story already stored
      role       1 when the article is about the instrument (a subject), 0 when it is only
                 named as the source of a report or a quote (a broker whose note is cited)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# A repeat still says the story is spreading, but a wire story reprinted by ten sites is one
# story, not ten.
REPEAT_WEIGHT: float = 0.25

# Chinese-language news gives local times without a zone: Beijing and Hong Kong, UTC+8.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
# A date later than this past the ingest time is a misreading: count the article when seen.
FUTURE_TOLERANCE = dt.timedelta(hours=1)


def mention_weight(relevance: float, roles: Iterable[str], *, is_repeat: bool) -> float:
    if "subject" not in roles:
        return 0.0
    novelty = REPEAT_WEIGHT if is_repeat else 1.0
    return relevance * novelty


def effective_time(
    published: dt.date | dt.datetime | None, *, language: str, ingested: dt.datetime
) -> dt.datetime:
    """The time an article counts at: its published time, else when it was ingested.

    A time without a zone is UTC+8 for Chinese and UTC otherwise. A date without a time is
    the ingest time when that is the same day, else noon of that day (the middle of a news day,
    so decay neither flatters nor punishes it by more than half a day).
    """
    zone = CHINA_TIME if language.startswith("zh") else dt.UTC
    if isinstance(published, dt.datetime):
        moment = published if published.tzinfo else published.replace(tzinfo=zone)
    elif isinstance(published, dt.date):
        if published == ingested.astimezone(zone).date():
            return ingested
        moment = dt.datetime(published.year, published.month, published.day, 12, tzinfo=zone)
    else:
        return ingested
    if moment > ingested + FUTURE_TOLERANCE:
        return ingested
    return moment.astimezone(dt.UTC)
