"""How much a story is about one entity: a score in [0, 1].

    raw = W_TITLE    * in_title                      (named in the title)
        + W_FIRST    * first_named                   (the first subject named in the body)
        + W_LEAD     * in_lead                       (named in the lead: the first body sentence
                                                      that names any entity)
        + W_EARLY    * (1 - first_offset_in_body / body_length)   (1 when in the title)
        + W_COUNT    * min(1, subject_mentions / COUNT_SATURATION)
        + W_DOMINANCE * sentences_naming_it / most_sentences_naming_any_entity
                                                     (as subject; the story's main entity gets 1)
        + W_MOVES    * [it has a price move]
        + W_EVENTS   * [it is a subject of an event]

    relevance = raw * role_factor, clamped to [0, 1]

News names its subject first: "X公告，…", "Oracle shares fell…". `subject_mentions` counts
mentions whose role is "subject" (a source or actor mention counts SIDE_ROLE_WEIGHT of one);
`first_named` and `in_lead` look at subject mentions only, so a broker cited first
("据高盛…") does not take them. `role_factor` keeps brokers quoted as sources below every company
the story is about:

- BROKER_SOURCE_FACTOR when the entity is a broker (Entity.roles has "broker") or an
  organisation and every mention is a source or actor and it is the subject of no move or event;
- SIDE_ROLE_FACTOR when another entity is only ever a source or actor;
- BROKER_PASSING_FACTOR for a broker with subject mentions that is still the subject of no move
  or event (a broker named in passing);
- 1 otherwise.

An entity with no mentions scores 0.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from marketbuzz.document import Document
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Event, Mention, Move

W_TITLE = 0.20
W_FIRST = 0.10
W_LEAD = 0.10
W_EARLY = 0.10
W_COUNT = 0.10
W_DOMINANCE = 0.20
W_MOVES = 0.10
W_EVENTS = 0.10
COUNT_SATURATION = 5.0
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


@dataclass(frozen=True, slots=True)
class _Story:
    """What every entity's score reads from the same article: worked out once per article
    (the pipeline scores each linked entity in turn with the same document and mentions)."""

    subject_sentences: dict[str, set[int]]  # entity -> sentences naming it as subject
    most_sentences: int
    first_subject: Mention | None
    lead: int  # sentence of the first subject in the body (-1: none)


def _sentence_of(starts: list[int], mention: Mention) -> int:
    return bisect_right(starts, mention.start)


def _story(doc: Document, mentions: Sequence[Mention], body_start: int) -> _Story:
    """The article's story, worked out once per document (kept with the document, not here)."""
    return doc.memo("relevance.story", lambda: _work_out_story(doc, mentions, body_start))


def _work_out_story(doc: Document, mentions: Sequence[Mention], body_start: int) -> _Story:
    starts = [s.start for s in doc.sentences]
    sentences: dict[str, set[int]] = {}
    first: Mention | None = None
    for mention in mentions:
        if mention.role != "subject":
            continue
        sentences.setdefault(mention.entity_id, set()).add(_sentence_of(starts, mention))
        if mention.start >= body_start and (first is None or mention.start < first.start):
            first = mention
    return _Story(
        subject_sentences=sentences,
        most_sentences=max((len(v) for v in sentences.values()), default=0),
        first_subject=first,
        lead=_sentence_of(starts, first) if first is not None else -1,
    )


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

    story = _story(doc, mentions, body_start)
    first_subject = story.first_subject
    first_named = first_subject is not None and first_subject.entity_id == entity_id
    own_sentences = story.subject_sentences.get(entity_id, set())
    in_lead = story.lead in own_sentences

    weighted = sum(1.0 if m.role == "subject" else SIDE_ROLE_WEIGHT for m in own)
    first = min(m.start for m in own)
    early = 1.0 if in_title else 1.0 - min(1.0, max(0, first - body_start) / body_length)
    has_move = any(m.entity_id == entity_id for m in moves)
    has_event = any(entity_id in e.subject_ids for e in events)
    most = story.most_sentences
    dominance = len(own_sentences) / most if most else 0.0

    raw = (
        W_TITLE * float(in_title)
        + W_FIRST * float(first_named)
        + W_LEAD * float(in_lead)
        + W_EARLY * early
        + W_COUNT * min(1.0, weighted / COUNT_SATURATION)
        + W_DOMINANCE * dominance
        + W_MOVES * float(has_move)
        + W_EVENTS * float(has_event)
    )
    entity = master.entities.get(entity_id)
    is_broker = entity is not None and ("broker" in entity.roles or entity.kind == "organization")
    all_side_roles = all(m.role != "subject" for m in own)
    factor = _role_factor(is_broker, all_side_roles, has_move or has_event)
    return max(0.0, min(1.0, raw * factor))
