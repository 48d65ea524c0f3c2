"""`link_mentions`: every place an instrument or organisation is named, resolved to one entity.

Steps, all over `Document.folded`:

1. candidates: inline codes and tickers (`codes`), Chinese names (`cjk`), Latin names (`latin`);
2. overlaps: a code beats a name, then the longer span wins, then the earlier one;
3. a name right before a code of one of its entities is confirmed by it ("小米集团(01810)");
4. names that pick one entity without doubt link first; then names that need help: a name
   shared by several entities takes the one already linked elsewhere in the article, and an
   ambiguous name (苹果, 甲骨文, Apple) needs a finance cue in its sentence or its entity linked
   elsewhere — and never links in a sentence with a counter-cue (苹果 + 水果);
5. each mention gets its market hint and role (`context`).

Former names: with `as_of` (the article's date) a name valid at that date wins over the same
name held by another entity at another time; without it, current names win. A former name that
now belongs to nobody still links.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from marketbuzz.document import Document
from marketbuzz.link.candidate import PRIORITY_CODE, PRIORITY_NAME, Candidate
from marketbuzz.link.cjk import LIMITED_TAIL, SHORT_NAME_LENGTH, find_cjk_names, find_status_marked
from marketbuzz.link.codes import (
    UNCONFIRMED,
    find_bare_tickers,
    find_bracketed_ticker_lists,
    find_bracketed_tickers,
    find_codes,
    find_colon_ticker_lists,
    find_ticker_lists,
    has_capitals,
)
from marketbuzz.link.context import (
    BROKER_CUE,
    EXCHANGE_USE,
    INDEX_CUE,
    PRICE_CUE,
    STATUS_MARKED,
    SentenceIndex,
    acting_verb_end,
    clause_around,
    clause_end,
    has_attached_cue,
    has_commodity_price_cue,
    has_company_use_after,
    has_counter_cue,
    has_product_after,
    has_status_prefix,
    index_moves,
    index_or_company,
    is_amount_of_money,
    is_analyst_action,
    is_source,
)
from marketbuzz.link.latin import conjoined_after, find_latin_names, opens_headline_as_subject
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Name
from marketbuzz.model import Mention
from marketbuzz.text.fold import fold_table

# How trustworthy a kind of name is when two entities share it (higher wins).
_KIND_RANK = {
    "official": 4,
    "short": 4,
    "english": 3,
    "alias": 2,
    "shorthand": 2,
    "ticker": 1,
    "former": 0,
}
# Bare tickers are for English text: when non-ASCII text (Chinese) adds more than this many
# UTF-8 bytes per character, none link (a Han character adds 2; 0.1 is about 5% Han).
_MAX_EXTRA_BYTES_FOR_BARE_TICKERS = 0.1
# Chinese names this short are often parts of longer words (see `cjk`).
_SHORT_NAME_LENGTH = SHORT_NAME_LENGTH
# Instruments that are ordinary words in other senses (a currency is also a unit of money).
_PRICED_KINDS = frozenset({"fx", "commodity"})
_HAN = re.compile(r"[\u3400-\u9fff]")
_HK_CODE_DIGITS = 5
_MAINLAND_IDS = (".SS", ".SZ", ".BJ")  # an A-share company's id is its A-share symbol
_MAINLAND = frozenset({"SS", "SZ", "BJ"})
_HINT_MARKETS = {"CN": _MAINLAND, "HK": frozenset({"HK"}), "US": frozenset({"US"})}
_COMPANY_KINDS = frozenset({"equity", "organization", "fund"})
_ORG = "organization"
# What may stand between a name and the code that confirms it: "小米集团 (01810)", "腾讯(0700)".
_CONFIRMING_GAP = re.compile(r"[\s(\[【<]{0,3}")


@dataclass(frozen=True, slots=True)
class _Link:
    candidate: Candidate
    entity_id: str


def _select_non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Codes first, then longer spans, then earlier ones; keep whatever does not overlap."""
    if len(candidates) < 2:
        return candidates  # nothing can overlap
    # `priority` and `length` spelled out: two property calls per candidate fewer.
    ordered = sorted(
        candidates,
        key=lambda c: (
            -(PRIORITY_CODE if c.entity_id is not None else PRIORITY_NAME),
            c.start - c.end,
            c.start,
        ),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for candidate in ordered:
        i = bisect_left(starts, candidate.start)
        if i > 0 and ends[i - 1] > candidate.start:
            continue
        if i < len(starts) and starts[i] < candidate.end:
            continue
        starts.insert(i, candidate.start)
        ends.insert(i, candidate.end)
        kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _valid_at(name: Name, as_of: dt.date | None) -> bool:
    if as_of is None:
        return name.valid_to is None
    day = as_of.isoformat()
    # valid_to is exclusive: on the day of a rename the new name is in use.
    return (name.valid_from is None or name.valid_from[:10] <= day) and (
        name.valid_to is None or day < name.valid_to[:10]
    )


def _name_rank(name: Name, as_of: dt.date | None) -> tuple[int, int]:
    valid = _valid_at(name, as_of)
    # A former name in use at the article's date was that day's short name.
    kind = "short" if name.kind == "former" and valid and as_of is not None else name.kind
    return int(valid), _KIND_RANK.get(kind, 2)


def _choose_entity(
    names: Sequence[Name],
    master: SecurityMaster,
    as_of: dt.date | None,
    linked: set[str],
    markets: frozenset[str] = frozenset(),
) -> str | None:
    """The one entity these names point to, or None when two remain equally likely.

    Ranked by: linked elsewhere in the article, name in use at the date, not marked ambiguous
    for that owner, kind of name, and
    (only to break ties) a listing on one of `markets` (the market the sentence is about).
    """
    first = names[0].entity_id if names else None
    if first is not None and all(n.entity_id == first for n in names):
        return first if first in master.entities else None  # one owner: nothing to rank
    best: dict[str, tuple[int, ...]] = {}
    for name in names:
        if name.entity_id not in master.entities:
            continue
        on_market = int(bool(_entity_facts(master, name.entity_id)[2] & markets))
        valid, kind_rank = _name_rank(name, as_of)
        # A name the master marks ambiguous for one owner (the SEC's note issuer "Credit Suisse",
        # which the curated table gives to the bank) yields to an owner it is plainly the name of.
        plain = int(not name.ambiguous)
        rank = (int(name.entity_id in linked), valid, plain, kind_rank, on_market)
        if rank > best.get(name.entity_id, (-1, -1, -1, -1, -1)):
            best[name.entity_id] = rank
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


EntityFacts = tuple[str, bool, frozenset[str], bool]


def _entity_facts(master: SecurityMaster, entity_id: str) -> EntityFacts:
    """(kind, listed on the mainland, its listing markets, a source even with no other entity
    in the sentence): asked for again and again, so remembered with the master (see
    `SecurityMaster.memo`)."""
    known: dict[str, EntityFacts] = master.memo("link.entity_facts", dict)
    facts = known.get(entity_id)
    if facts is None:
        entity = master.entities[entity_id]
        markets = frozenset(x.market for x in entity.listings)
        # A broker or other organisation is a source even alone in its sentence.
        source_alone = entity.kind == "organization" or "broker" in entity.roles
        facts = (entity.kind, bool(markets & _MAINLAND), markets, source_alone)
        known[entity_id] = facts
    return facts


def _kind(master: SecurityMaster, entity_id: str) -> str:
    return _entity_facts(master, entity_id)[0]


def _is_mainland(master: SecurityMaster, entity_id: str) -> bool:
    return entity_id in master.entities and _entity_facts(master, entity_id)[1]


@dataclass(slots=True)
class _KeyFacts:
    """What a Chinese name key's automaton entry says before any context: the same for every
    match of the key, so worked out once (see `_key_facts`)."""

    names: tuple[Name, ...]  # kept so that the tuple's id() is never reused while remembered
    owners: frozenset[str]  # the entities (known to the master) the names belong to
    indices: frozenset[str]  # the owners that are indices
    # `_choose_entity` over all the names with nothing linked yet, by the article's date.
    first_choice: dict[dt.date | None, str | None]


def _key_facts(candidate: Candidate, master: SecurityMaster) -> _KeyFacts | None:
    """The facts of a Chinese name candidate's key, remembered with the master; None for other
    candidates (Latin candidates carry freshly filtered tuples, which would pile up here)."""
    if candidate.via != "name" or not candidate.names:
        return None
    names = candidate.names
    known: dict[int, _KeyFacts] = master.memo("link.key_facts", dict)
    facts = known.get(id(names))
    if facts is None or facts.names is not names:
        owners = frozenset(n.entity_id for n in names if n.entity_id in master.entities)
        indices = frozenset(e for e in owners if _kind(master, e) == "index")
        facts = _KeyFacts(names, owners, indices, {})
        known[id(names)] = facts
    return facts


def _pick(
    candidate: Candidate,
    master: SecurityMaster,
    index: SentenceIndex,
    as_of: dt.date | None,
    *,
    linked: set[str],
    text: str,
) -> str | None:
    """Choose the entity; on a tie, let the sentence's market decide (港股 -> the HK listing)."""
    names: Sequence[Name] = candidate.names
    facts = _key_facts(candidate, master)
    if candidate.via == "name" and has_status_prefix(index.folded, candidate.start):
        # *ST江特: status marks exist only on the mainland exchanges.
        names = [n for n in names if _is_mainland(master, n.entity_id)]
        facts = None  # the facts are of all the key's names
    if len(names) > 1 and (facts is None or facts.indices):  # no index among them: no choice
        filtered = _index_or_company(candidate, names, master, index, facts, linked=linked)
        if filtered is not names:
            names = filtered
            facts = None
    if facts is not None and not linked:
        # Nothing linked yet: the choice depends on the key and the date only.
        if as_of in facts.first_choice:
            chosen = facts.first_choice[as_of]
        else:
            chosen = facts.first_choice[as_of] = _choose_entity(names, master, as_of, linked)
    else:
        chosen = _choose_entity(names, master, as_of, linked)
    if chosen is None and len({n.entity_id for n in names}) > 1:
        hint = index.market_hint(candidate.start, candidate.end) or _home_market(text)
        if hint is not None:
            chosen = _choose_entity(names, master, as_of, linked, _HINT_MARKETS[hint])
    return chosen


def _index_or_company(
    candidate: Candidate,
    names: Sequence[Name],
    master: SecurityMaster,
    index: SentenceIndex,
    facts: _KeyFacts | None = None,
    *,
    linked: set[str] | frozenset[str] = frozenset(),
) -> Sequence[Name]:
    """A name an index shares with a company (Nasdaq: Nasdaq Inc. and the Nasdaq Composite;
    Dow) names the index where the sentence talks about indices or the market moves it, the
    company where the words around it say so, and neither where it is the exchange a stock is
    listed on (see `context.index_or_company`). Returns `names` itself when it keeps them all.
    `facts`, when given, are those of `names`; `linked`, the entities linked elsewhere."""
    if facts is not None:
        owners, indices = facts.owners, facts.indices
    else:
        owners = frozenset(n.entity_id for n in names if n.entity_id in master.entities)
        indices = frozenset(e for e in owners if _kind(master, e) == "index")
    if not indices or indices == owners:
        return names
    index_talk = index.sentence_has(INDEX_CUE, candidate.start)
    # The listed company linked elsewhere (its ticker): the text is about it.
    elsewhere = any(o in linked and _kind(master, o) != _ORG for o in owners - indices)
    as_index = index_or_company(
        index.folded, candidate.start, candidate.end, index_talk, company_elsewhere=elsewhere
    )
    if as_index is None:
        # "Nasdaq-listed": the exchange (an institution sharing the name), if the name has one.
        return [n for n in names if n.entity_id in owners and _kind(master, n.entity_id) == _ORG]
    if as_index:
        return [n for n in names if n.entity_id in indices]
    # The company: a listed one before an institution of the same name (Nasdaq Inc., not the
    # exchange it runs).
    companies = [n for n in names if n.entity_id in owners and n.entity_id not in indices]
    listed = [n for n in companies if _kind(master, n.entity_id) != _ORG]
    return listed or companies


@cache
def _traditional_characters() -> re.Pattern[str]:
    """Characters that folding changes: their presence marks Traditional script."""
    table = fold_table()
    chars = "".join(chr(code) for code in table if 0x3400 <= code <= 0x9FFF)
    return re.compile(f"[{re.escape(chars)}]")


def _home_market(text: str) -> str | None:
    """The market a Chinese article is about when no sentence says: Simplified script is
    mainland news (君实生物 is then the A share), Traditional is Hong Kong news."""
    if not _HAN.search(text):
        return None
    return "HK" if _traditional_characters().search(text) else "CN"


def _misused(candidate: Candidate, entity_id: str, master: SecurityMaster, folded: str) -> bool:
    """The name is used for something else here: 纳斯达克上市 (the exchange, not the index),
    天然气投资有限公司 (a company, not the commodity), 五矿稀土集团有限公司 (the parent of the
    A-share company 五矿稀土, which is a 股份有限公司)."""
    kind = _kind(master, entity_id)
    if candidate.tail and kind not in _COMPANY_KINDS:
        return True
    if candidate.tail == LIMITED_TAIL and entity_id.endswith(_MAINLAND_IDS):
        return True
    return kind == "index" and EXCHANGE_USE.match(folded, candidate.end) is not None


def _names_of(candidate: Candidate, entity_id: str) -> tuple[Name, ...]:
    return tuple(n for n in candidate.names if n.entity_id == entity_id)


def _is_ambiguous(candidate: Candidate, entity_id: str) -> bool:
    return all(n.ambiguous for n in _names_of(candidate, entity_id))


def _via(candidate: Candidate, names: Sequence[Name]) -> str:
    """How the mention was found; `names` are the candidate's names of the linked entity."""
    if candidate.entity_id is not None:
        return candidate.via if candidate.via in {"ticker", "name"} else "code"
    if names and all(n.kind == "former" for n in names):
        return "former_name"
    if candidate.via == "latin":
        return "latin"
    return "alias" if names and all(n.kind == "alias" for n in names) else "name"


def _confirming_codes(
    names: list[Candidate], codes: list[Candidate], folded: str
) -> dict[int, str]:
    """Name candidate start -> entity of a code written right after it."""
    by_outer = {c.outer_start: c for c in codes if c.entity_id}
    confirmed: dict[int, str] = {}
    if not by_outer:
        return confirmed  # most articles write no code: nothing to look for after each name
    for name in names:
        gap = _CONFIRMING_GAP.match(folded, name.end)
        position = gap.end() if gap else name.end
        code = by_outer.get(position) or by_outer.get(name.end)
        if code is None or code.entity_id is None:
            continue
        if any(n.entity_id == code.entity_id for n in name.names):
            confirmed[name.start] = code.entity_id
    return confirmed


def _code_candidates(doc: Document, master: SecurityMaster) -> list[Candidate]:
    folded = doc.folded
    codes = find_codes(folded, master)
    if not has_capitals(folded):
        return codes  # tickers are written in capitals
    # Each family needs a literal character (a substring search is far cheaper than its scan).
    if "," in folded:
        codes.extend(find_ticker_lists(folded, master))
    if ":" in folded:
        codes.extend(find_colon_ticker_lists(folded, master))
    if "(" in folded:
        codes.extend(find_bracketed_tickers(folded, master))
        if "," in folded:
            codes.extend(find_bracketed_ticker_lists(folded, master))
    # ASCII text adds no bytes: spare the encoding of the whole text.
    extra_bytes = (
        0 if folded.isascii() else len(folded.encode("utf-8", "surrogatepass")) - len(folded)
    )
    if extra_bytes <= _MAX_EXTRA_BYTES_FOR_BARE_TICKERS * len(folded):
        bounds = [(s.start, s.end) for s in doc.sentences]
        codes.extend(find_bare_tickers(folded, master, bounds))
    return codes


def _is_stale(names: Sequence[Name], as_of: dt.date | None) -> bool:
    """Every name here is out of use at the article's date (or, undated, a past name)."""
    if not names:
        return False
    if as_of is None:
        return all(n.valid_to is not None for n in names)
    return not any(_valid_at(n, as_of) for n in names)


def _is_group_name(text: str) -> bool:
    """A group's name (哈药集团): when a listed company drops it, the name stays with the unlisted
    parent group, so as a past name it means the parent, not the listed company."""
    return text.endswith("集团")


def _status_marked_only(names: Sequence[Name]) -> bool:
    """The master has these names only as written with a status mark (ST开元 -> key 开元)."""
    return bool(names) and all(n.text[:1] in "*S" and STATUS_MARKED.match(n.text) for n in names)


_NeedKey = tuple[int, str, str, int, "dt.date | None"]


def _evidence_needed(
    candidate: Candidate, entity_id: str, master: SecurityMaster, as_of: dt.date | None
) -> str:
    """`_evidence_needed_uncached`, remembered: it depends only on the candidate's names tuple
    (shared by every match of one key), its kind and length, the entity and the date."""
    # Candidate names come from the master's automaton entries, which hand out the same tuple
    # for the same key every time; the value keeps that tuple, so its id() is never reused.
    names = candidate.names
    if candidate.via != "name":
        # Latin candidates carry tuples filtered afresh for each match: remembering them would
        # only pile up entries that are never asked for again.
        return _evidence_needed_uncached(candidate, entity_id, master, as_of)
    known: dict[_NeedKey, tuple[tuple[Name, ...], str]] = master.memo("link.evidence", dict)
    key = (id(names), entity_id, candidate.via, candidate.length, as_of)
    cached = known.get(key)
    if cached is not None and cached[0] is names:
        return cached[1]
    need = _evidence_needed_uncached(candidate, entity_id, master, as_of)
    known[key] = (names, need)
    return need


def _evidence_needed_uncached(
    candidate: Candidate, entity_id: str, master: SecurityMaster, as_of: dt.date | None
) -> str:
    """How much context this name needs before it links.

    "code": a short historical name (投资 was 000548's name for two months in 2006), a past
    group name (哈药集团, now the parent's), or one the
    master knows only with its status mark (ST开元), links only with a code or status mark beside
    it, or its entity linked elsewhere; "price": currencies and
    commodities need a price in the sentence; "attached": a short ambiguous name (小米, 里昂)
    needs a finance word right after it or research talk in the sentence; "sentence": a longer
    ambiguous name (甲骨文, Apple) needs a finance word in the sentence; a historical name counts
    as ambiguous (three characters count as short then: 新材料 was a name for two months);
    "none": links as is.
    """
    names = _names_of(candidate, entity_id)
    is_cjk = candidate.via == "name"
    kind = _kind(master, entity_id)
    if kind in _PRICED_KINDS:
        return "price"
    if is_cjk and _status_marked_only(names):
        return "code"
    stale = is_cjk and _is_stale(names, as_of)
    if stale and (candidate.length <= _SHORT_NAME_LENGTH or _is_group_name(candidate.matched)):
        return "code"
    short = is_cjk and candidate.length <= _SHORT_NAME_LENGTH + int(stale)
    if _is_ambiguous(candidate, entity_id) or stale:
        return "attached" if short else "sentence"
    return "none"


def _glued_into_a_word(candidate: Candidate, entity_id: str, need: str, folded: str) -> bool:
    """A short name inside a longer word: glued on both sides, or on one side when it is weak
    (ambiguous, historical or only ever a former name: 电能表 is a meter, whatever 电能 was).
    A product or company word after an ambiguous short name joins no word with it (小米手机,
    小米电动车新款订单超预期)."""
    if candidate.via != "name":
        return False
    one_side = candidate.glued_before or candidate.glued_after
    if need in {"attached", "code"}:  # short by `_evidence_needed` (3 characters if historical)
        if (
            need == "attached"
            and not candidate.glued_before
            and not candidate.straddles
            and has_product_after(folded, candidate.end)
        ):
            return False
        return one_side or candidate.straddles
    if candidate.length > _SHORT_NAME_LENGTH:
        return False
    if candidate.straddles or (candidate.glued_before and candidate.glued_after):
        return True
    names = _names_of(candidate, entity_id)
    return one_side and (need != "none" or all(n.kind == "former" for n in names))


def _has_price_context(candidate: Candidate, kind: str, folded: str, index: SentenceIndex) -> bool:
    """A currency is priced in its sentence; a commodity in its own clause (see context)."""
    if is_amount_of_money(folded, candidate.start, candidate.end):
        return False
    if kind == "commodity":
        s_start, s_end = index.bounds(index.index_at(candidate.start))
        clause = clause_around(folded, candidate.start, candidate.end, s_start, s_end)
        return has_commodity_price_cue(candidate.matched, clause)
    return index.sentence_has(PRICE_CUE, candidate.start)


def _has_context(  # noqa: PLR0917
    candidate: Candidate,
    entity_id: str,
    need: str,
    doc: Document,
    index: SentenceIndex,
    kind: str,
) -> bool:
    folded = doc.folded
    if need == "price":
        return _has_price_context(candidate, kind, folded, index)
    keys = {n.key for n in _names_of(candidate, entity_id)}
    if any(has_counter_cue(key, candidate.start, index) for key in keys):
        return False
    if need == "attached":
        return has_attached_cue(folded, candidate.end) or index.sentence_has(
            BROKER_CUE, candidate.start
        )
    if need == "sentence":
        # "Apple Unveils Vision Pro", "Apple's iPhone Sales", "Apple Gets…"; an index the market
        # moves ("dragged the Dow lower").
        return (
            (
                candidate.via == "latin"
                and (
                    has_company_use_after(folded, candidate.end)
                    or opens_headline_as_subject(folded, candidate.start, candidate.end)
                )
            )
            or (kind == "index" and index_moves(folded, candidate.start, candidate.end))
            or index.has_finance_cue(candidate.start)
        )
    return need == "none"


# What joins the names of a list: "Amazon, Apple, Walmart", "Apple And Google", "Apple Or
# Amazon", "Apple Vs. Tesla", "苹果、微软".
_COORDINATION = re.compile(r"\s*(?:,|、|&|and|And|AND|or|Or|vs\.?|Vs\.?|versus|和|与|及)\s*")


# The widest gap `_COORDINATION` is looked for in: a connector and the spaces around it.
_MAX_COORDINATION_GAP = 40


class _Adjacent:
    """The links so far by where they end and start, so that the names listed right beside a
    candidate are found by a few lookups, not a pass over every link (a long list of names
    would otherwise cost the square of its length)."""

    __slots__ = ("by_end", "by_start")

    def __init__(self, links: Sequence[_Link]) -> None:
        self.by_end: dict[int, list[_Link]] = {}
        self.by_start: dict[int, list[_Link]] = {}
        for link in links:
            self.add(link)

    def add(self, link: _Link) -> None:
        self.by_end.setdefault(link.candidate.end, []).append(link)
        self.by_start.setdefault(link.candidate.start, []).append(link)

    def near(self, candidate: Candidate) -> list[_Link]:
        """Links ending just before the candidate, then links starting just after it."""
        found: list[_Link] = []
        for position in range(candidate.start - _MAX_COORDINATION_GAP, candidate.start + 1):
            found.extend(self.by_end.get(position, ()))
        for position in range(candidate.end, candidate.end + _MAX_COORDINATION_GAP + 1):
            found.extend(self.by_start.get(position, ()))
        return found


def _coordinated_with_a_company(
    candidate: Candidate, adjacent: _Adjacent, master: SecurityMaster, folded: str
) -> bool:
    """An ambiguous name listed beside a company linked on its own is a company too: "Amazon,
    Apple, Walmart Shutter Stores", "Apple And Google Team Up" (the fruit is not listed with
    retailers). Only names right next to it in the list count, and not the tail of a name
    joined by "&" ("Bed Bath & Beyond and Alcoa")."""
    if folded[max(0, candidate.start - 2) : candidate.start].strip() == "&":
        return False
    for link in adjacent.near(candidate):
        other = link.candidate
        if _kind(master, link.entity_id) not in _COMPANY_KINDS:
            continue
        if other.end <= candidate.start:
            gap = _COORDINATION.fullmatch(folded, other.end, candidate.start)
        elif other.start >= candidate.end:
            gap = _COORDINATION.fullmatch(folded, candidate.end, other.start)
        else:
            continue
        if gap is not None:
            return True
    return False


def _resolve(
    doc: Document,
    master: SecurityMaster,
    index: SentenceIndex,
    as_of: dt.date | None,
) -> list[_Link]:
    folded = doc.folded
    codes = _code_candidates(doc, master)
    names = find_cjk_names(folded, master) + find_latin_names(folded, master, doc.lowered)
    codes.extend(find_status_marked(folded, master, names))
    selected = _select_non_overlapping(codes + names)
    chosen_codes = [c for c in selected if c.entity_id is not None]
    chosen_names = [c for c in selected if c.entity_id is None]
    confirmed = _confirming_codes(chosen_names, chosen_codes, folded)

    links = [_Link(c, c.entity_id) for c in chosen_codes if c.entity_id and c.via != UNCONFIRMED]
    linked = {link.entity_id for link in links}
    deferred: list[Candidate] = []
    for candidate in chosen_names:
        entity_id = confirmed.get(candidate.start)
        if entity_id is None:
            entity_id = _pick(candidate, master, index, as_of, linked=set(), text=doc.text)
            if entity_id is None or _misused(candidate, entity_id, master, folded):
                deferred.append(candidate)
                continue
            need = _evidence_needed(candidate, entity_id, master, as_of)
            status_marked = candidate.via == "name" and has_status_prefix(folded, candidate.start)
            # *ST江特: the status mark makes it a stock name, however short or old.
            if not status_marked and (
                need != "none" or _glued_into_a_word(candidate, entity_id, need, folded)
            ):
                deferred.append(candidate)
                continue
        links.append(_Link(candidate, entity_id))
        linked.add(entity_id)

    _link_deferred(deferred, links, linked, doc, master, index, as_of)

    # Year-like bracketed codes count only where a name right before them confirmed them.
    confirmed_entities = set(confirmed.values())
    links.extend(
        _Link(c, c.entity_id)
        for c in chosen_codes
        if c.via == UNCONFIRMED and c.entity_id in confirmed_entities
    )
    return sorted(links, key=lambda link: link.candidate.start)


def _link_deferred(  # noqa: PLR0917 (what _resolve has worked out so far)
    deferred: Sequence[Candidate],
    links: list[_Link],
    linked: set[str],
    doc: Document,
    master: SecurityMaster,
    index: SentenceIndex,
    as_of: dt.date | None,
) -> None:
    """The names that need context, once every plain name is linked: each links (is appended
    to `links`) when its context holds, or when it is listed beside a linked company."""
    folded = doc.folded
    adjacent: _Adjacent | None = None  # made for the first name that asks who is listed beside it
    for candidate in deferred:
        entity_id = _pick(candidate, master, index, as_of, linked=linked, text=doc.text)
        if entity_id is None or _misused(candidate, entity_id, master, folded):
            continue
        need = _evidence_needed(candidate, entity_id, master, as_of)
        if _glued_into_a_word(candidate, entity_id, need, folded):
            continue
        if need != "price" and entity_id in linked:
            need = "none"  # named unambiguously elsewhere in the article (still no counter-cue)
        kind = _kind(master, entity_id)
        if need == "code":
            continue
        coordinated = False
        if need == "sentence":
            adjacent = adjacent or _Adjacent(links)
            coordinated = _coordinated_with_a_company(candidate, adjacent, master, folded)
        if (
            candidate.via == "latin"
            and _is_ambiguous(candidate, entity_id)
            and not candidate.matched.isupper()  # an acronym (ZTE) never read as a proper noun
            and conjoined_after(folded, candidate.end)
        ):
            # "Apple And Google": the conjunction only frees the name when a company is listed
            # beside it ("ETF News And Commentary" is no list of companies).
            if not coordinated:
                continue
        elif not coordinated and not _has_context(candidate, entity_id, need, doc, index, kind):
            continue
        link = _Link(candidate, entity_id)
        links.append(link)
        if adjacent is not None:
            adjacent.add(link)


def _role(
    position: int,
    links: Sequence[_Link],
    starts: list[int],
    *,
    doc: Document,
    index: SentenceIndex,
    master: SecurityMaster,
) -> str:
    """source: it publishes, says or is cited; actor: it acts on another entity; else subject."""
    link = links[position]
    folded = doc.folded
    start, end = link.candidate.start, link.candidate.end
    s_start, s_end = index.bounds(index.index_at(start))
    s_end = max(s_end, end)
    first, last = bisect_left(starts, s_start), bisect_left(starts, s_end)
    # A broker or organisation reports or acts even with no other entity in the sentence.
    source_alone = _may_be_source_alone(master, link.entity_id)
    role = _reporting_role(folded, start, end, (s_start, s_end)) if source_alone else "subject"
    if role != "subject" or last - first <= 1:  # alone in its sentence (the usual case)
        return role

    def other_named(low: int, high: int) -> bool:
        """Another entity's link starts in [low, high) of this sentence (found by bisection:
        a sentence naming many entities would otherwise be scanned once per mention)."""
        below = bisect_left(starts, low, first, last)
        return any(
            links[i].entity_id != link.entity_id
            for i in range(below, bisect_left(starts, high, below, last))
        )

    if not source_alone and other_named(s_start, s_end) and is_source(folded, start, end, s_start):
        return _if_company("source", master, link.entity_id)
    if not other_named(end + 1, s_end):
        return "subject"  # nothing after it for a verb to act on
    verb_end = acting_verb_end(folded, end, s_end)
    if verb_end is None:
        return "subject"
    # What it acts on is named in the verb's own clause: in "茅台大股东增持500万股，中金维持…"
    # the shareholder bought its own shares, and the broker of the next clause is no object.
    if other_named(verb_end, clause_end(folded, verb_end, s_end)):
        return _if_company("actor", master, link.entity_id)
    return "subject"


def _if_company(role: str, master: SecurityMaster, entity_id: str) -> str:
    """`role` for a company; an index or a price reports and acts on nothing: "subject"
    (沪指震荡收涨 北向资金净买入贵州茅台, "the S&P 500 rose as investors bought Apple")."""
    return role if _kind(master, entity_id) in _COMPANY_KINDS else "subject"


def _reporting_role(folded: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    """The role of a broker or organisation by what follows it, whoever else the sentence names:
    a source when it reports, an actor when it acts on a target or rating (高盛將目標價由720元上調
    至760元, the company named in the sentences before; 高盛將騰訊目標價上調, the company before
    the verb), else "subject" (an actor, maybe, by `ACTOR_VERB`)."""
    if is_source(folded, start, end, sentence[0]):
        return "source"
    return "actor" if is_analyst_action(folded, end, sentence[1]) else "subject"


def _may_be_source_alone(master: SecurityMaster, entity_id: str) -> bool:
    """A broker or other organisation is a source even with no other entity in the sentence."""
    return _entity_facts(master, entity_id)[3]


def _code_market(candidate: Candidate) -> str | None:
    """The market an inline code names, when the sentence names none: $TSLA, 0700.HK, sh600519."""
    if candidate.entity_id is None or candidate.via == "name":
        return None
    if candidate.via == "ticker":
        return "US"
    code = candidate.matched.upper()
    if code.endswith(".HK") or (code.isdigit() and len(code) <= _HK_CODE_DIGITS):
        return "HK"
    if code.endswith((".SH", ".SS", ".SZ", ".BJ")) or code[:2] in {"SH", "SZ", "BJ"}:
        return "CN"
    return "CN" if code.isdigit() else None


def link_mentions(
    doc: Document, master: SecurityMaster, *, as_of: dt.date | None = None
) -> list[Mention]:
    """Every mention of an instrument or organisation in `doc`, sorted, never overlapping."""
    folded = doc.folded
    if not folded.strip():
        return []
    index = SentenceIndex(folded, doc.sentences, doc)
    links = _resolve(doc, master, index, as_of)
    text = doc.text
    starts = [link.candidate.start for link in links]
    mentions: list[Mention] = []
    for position, link in enumerate(links):
        candidate = link.candidate
        start, end = candidate.start, candidate.end
        names = _names_of(candidate, link.entity_id)
        mentions.append(
            Mention(
                entity_id=link.entity_id,
                start=start,
                end=end,
                text=text[start:end],
                via=_via(candidate, names),
                # The dictionary form that matched: the name key, or the code as written.
                matched=names[0].key if names else candidate.matched,
                role=_role(position, links, starts, doc=doc, index=index, master=master),
                market_hint=index.market_hint(start, end) or _code_market(candidate),
            )
        )
    return mentions
