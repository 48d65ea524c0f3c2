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


@dataclass(slots=True)
class _Named:
    """How one entity is named in the article: the weight of each mention (a subject counts
    1, a source or actor SIDE_ROLE_WEIGHT) in text order, where it is first named, and whether
    it is ever named as a subject."""

    weights: list[float]
    first: int
    as_subject: bool

    # Written out, as in `marketbuzz.model`: compiled, a written __init__ is a native
    # constructor, where the one @dataclass generates runs as interpreted Python.
    def __init__(self, weights: list[float], first: int, as_subject: bool) -> None:
        self.weights = weights
        self.first = first
        self.as_subject = as_subject


@dataclass(slots=True)
class _Story:
    """What every entity's score reads from the same article, worked out in one pass over its
    mentions, moves and events (the pipeline scores each linked entity in turn with the same
    lists) and kept with the document. (A slotted dataclass, not frozen: made for every
    article, it costs less than a named tuple, and compiled it is a native class.)"""

    lists: tuple[Sequence[Mention], Sequence[Move], Sequence[Event], int, int, int]
    named: dict[str, _Named]
    subject_sentences: dict[str, set[int]]  # entity -> sentences naming it as subject
    most_sentences: int
    first_subject: str | None  # the entity first named as subject in the body
    lead: int  # sentence of the first subject in the body (-1: none)
    moved: frozenset[str]  # entities with a price move
    in_events: frozenset[str]  # entities some event is about

    def __init__(  # noqa: PLR0917 (the fields, in order)
        self,
        lists: tuple[Sequence[Mention], Sequence[Move], Sequence[Event], int, int, int],
        named: dict[str, _Named],
        subject_sentences: dict[str, set[int]],
        most_sentences: int,
        first_subject: str | None,
        lead: int,
        moved: frozenset[str],
        in_events: frozenset[str],
    ) -> None:
        self.lists = lists
        self.named = named
        self.subject_sentences = subject_sentences
        self.most_sentences = most_sentences
        self.first_subject = first_subject
        self.lead = lead
        self.moved = moved
        self.in_events = in_events


@dataclass(slots=True)
class _Kept:
    """The story kept with a document (`Document.memo` sets a key once; this can change)."""

    story: _Story | None = None

    def __init__(self) -> None:
        self.story = None


def _story(
    doc: Document,
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
    body_start: int,
) -> _Story:
    """The article's story, worked out once per document (kept with the document, not here)
    and again only if other lists come: tuples compare their items by identity first, and the
    story holds the lists, so a new list cannot pass for a freed one at the same address; a
    list that grew or shrank is read again."""
    kept = doc.memo("relevance.story", _Kept)
    story = kept.story
    if story is None or story.lists != _lists(mentions, moves, events):
        story = kept.story = _work_out_story(doc, mentions, moves, events, body_start)
    return story


def _lists(
    mentions: Sequence[Mention], moves: Sequence[Move], events: Sequence[Event]
) -> tuple[Sequence[Mention], Sequence[Move], Sequence[Event], int, int, int]:
    return mentions, moves, events, len(mentions), len(moves), len(events)


_NOBODY: frozenset[str] = frozenset()


def _work_out_story(
    doc: Document,
    mentions: Sequence[Mention],
    moves: Sequence[Move],
    events: Sequence[Event],
    body_start: int,
) -> _Story:
    named: dict[str, _Named] = {}
    sentences: dict[str, set[int]] = {}
    first: Mention | None = None
    for mention in mentions:
        subject = mention.role == "subject"
        entity = named.get(mention.entity_id)
        if entity is None:
            entity = named[mention.entity_id] = _Named([], mention.start, subject)
        entity.weights.append(1.0 if subject else SIDE_ROLE_WEIGHT)
        entity.first = min(entity.first, mention.start)
        if not subject:
            continue
        entity.as_subject = True
        index = doc.sentences_up_to(mention.start)
        sentences.setdefault(mention.entity_id, set()).add(index)
        if mention.start >= body_start and (first is None or mention.start < first.start):
            first = mention
    return _Story(
        _lists(mentions, moves, events),
        named,
        sentences,
        max(map(len, sentences.values()), default=0),
        first.entity_id if first is not None else None,
        doc.sentences_up_to(first.start) if first is not None else -1,
        frozenset(move.entity_id for move in moves) if moves else _NOBODY,
        frozenset(entity_id for event in events for entity_id in event.subject_ids)
        if events
        else _NOBODY,
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
    article = doc.article
    body_start = doc.body_start if article.title and article.body else 0
    story = _story(doc, mentions, moves, events, body_start)
    named = story.named.get(entity_id)
    if named is None:
        return 0.0
    body_length = max(1, len(doc.text) - body_start)
    in_title = article.title != "" and named.first < len(article.title)
    first_named = story.first_subject == entity_id
    own_sentences = story.subject_sentences.get(entity_id, ())
    in_lead = story.lead in own_sentences

    weighted = sum(named.weights, 0.0)
    first = named.first
    early = 1.0 if in_title else 1.0 - min(1.0, max(0, first - body_start) / body_length)
    has_move = entity_id in story.moved
    has_event = entity_id in story.in_events
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
    subject_of_something = has_move or has_event
    # The master is asked only when the role factor depends on it.
    is_broker = not subject_of_something and _is_broker(master, entity_id)
    factor = _role_factor(is_broker, not named.as_subject, subject_of_something)
    return max(0.0, min(1.0, raw * factor))


def _is_broker(master: SecurityMaster, entity_id: str) -> bool:
    entity = master.entities.get(entity_id)
    return entity is not None and ("broker" in entity.roles or entity.kind == "organization")
