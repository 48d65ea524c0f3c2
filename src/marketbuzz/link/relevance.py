"""How much a story is about one entity: a score in [0, 1].

    raw = W_TITLE    * in_title                      (named in the title)
        + W_COUNT    * min(1, subject_mentions / COUNT_SATURATION)
        + W_EARLY    * (1 - first_offset_in_body / body_length)   (1 when in the title)
        + W_SPREAD   * min(1, sentences_naming_it / SPREAD_SATURATION)
        + W_MOVES    * [it has a price move]
        + W_EVENTS   * [it is a subject of an event]

    relevance = raw * role_factor, clamped to [0, 1]

`subject_mentions` counts mentions whose role is "subject" (a source or actor mention counts
SIDE_ROLE_WEIGHT of one). `role_factor` keeps brokers quoted as sources below every company the
story is about:

- BROKER_SOURCE_FACTOR when the entity is a broker (Entity.roles has "broker") or an
  organisation and every mention is a source or actor and it is the subject of no move or event;
- SIDE_ROLE_FACTOR when another entity is only ever a source or actor;
- BROKER_PASSING_FACTOR for a broker with subject mentions that is still the subject of no move
  or event (a broker named in passing);
- 1 otherwise.

An entity with no mentions scores 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from marketbuzz.document import Document
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Event, Mention, Move

W_TITLE = 0.25
W_COUNT = 0.20
W_EARLY = 0.15
W_SPREAD = 0.15
W_MOVES = 0.15
W_EVENTS = 0.10
COUNT_SATURATION = 5.0
SPREAD_SATURATION = 4.0
SIDE_ROLE_WEIGHT = 0.25
BROKER_SOURCE_FACTOR = 0.25
BROKER_PASSING_FACTOR = 0.5
SIDE_ROLE_FACTOR = 0.6


def _role_factor(is_broker: bool, all_side_roles: bool, subject_of_something: bool) -> float:
    if subject_of_something:
        return 1.0
    if is_broker and all_side_roles:
        return BROKER_SOURCE_FACTOR
    if all_side_roles:
        return SIDE_ROLE_FACTOR
    if is_broker:
        return BROKER_PASSING_FACTOR
    return 1.0


def _sentence_count(doc: Document, mentions: Sequence[Mention]) -> int:
    starts = [s.start for s in doc.sentences]
    from bisect import bisect_right

    return len({bisect_right(starts, m.start) for m in mentions})


def score_relevance(  # noqa: PLR0917 (the pipeline's contract)
    doc: Document,
    entity_id: str,
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
    master: SecurityMaster,
) -> float:
    """How central `entity_id` is to the story, in [0, 1] (formula in the module docstring)."""
    own = [m for m in mentions if m.entity_id == entity_id]
    if not own:
        return 0.0
    body_start = doc.body_start if doc.article.title and doc.article.body else 0
    body_length = max(1, len(doc.text) - body_start)
    in_title = doc.article.title != "" and any(m.start < len(doc.article.title) for m in own)

    weighted = sum(1.0 if m.role == "subject" else SIDE_ROLE_WEIGHT for m in own)
    first = min(m.start for m in own)
    early = 1.0 if in_title else 1.0 - min(1.0, max(0, first - body_start) / body_length)
    has_move = any(m.entity_id == entity_id for m in moves)
    has_event = any(entity_id in e.subject_ids for e in events)

    raw = (
        W_TITLE * float(in_title)
        + W_COUNT * min(1.0, weighted / COUNT_SATURATION)
        + W_EARLY * early
        + W_SPREAD * min(1.0, _sentence_count(doc, own) / SPREAD_SATURATION)
        + W_MOVES * float(has_move)
        + W_EVENTS * float(has_event)
    )
    entity = master.entities.get(entity_id)
    is_broker = entity is not None and ("broker" in entity.roles or entity.kind == "organization")
    all_side_roles = all(m.role != "subject" for m in own)
    factor = _role_factor(is_broker, all_side_roles, has_move or has_event)
    return max(0.0, min(1.0, raw * factor))
