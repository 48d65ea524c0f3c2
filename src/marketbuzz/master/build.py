"""Building the security master from the public data sets and the curated tables.

    build_master(shared_data, curated_dir=CURATED_DIR) -> SecurityMaster
    build_bytes(shared_data, curated_dir=CURATED_DIR) -> bytes      (the file's content)
    write_master(shared_data, out, curated_dir=CURATED_DIR) -> SecurityMaster

Steps: read every source into `Draft`s (A/B-shares, HK, US, crypto); merge A+H lines of one
company (same folded short name: 中国平安 601318.SS + 2318.HK, entity id = the A-share);
merge the curated rows (their ids, display names, names and ambiguity win, listings are
united, ADR+HK pairs join); give companies their first-word shorthand ("Agilent" for Agilent
Technologies, `marketbuzz.master.shorthand`); mark names that are ordinary words as ambiguous;
merge duplicate names; sort everything so that the same inputs always give the same bytes.
The version is the data vintage plus a hash of the content.

Build-time only dependencies: `wordfreq` and `jieba` (word lists for the ambiguity flags).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from marketbuzz.master.load import SecurityMaster, decode_master, encode_master
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.master.shorthand import add_first_word_names
from marketbuzz.master.sources import ashare, crypto, curated, hkex, sec
from marketbuzz.master.sources.common_words import CommonWords
from marketbuzz.master.sources.curated import CuratedRow
from marketbuzz.master.sources.draft import Draft
from marketbuzz.master.sources.names import cjk_key, latin_key

DATA_VINTAGE = ashare.INDEX_DATE  # the newest source list
CURATED_DIR = Path(__file__).parent / "curated"
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_ACRONYM = re.compile(r"^[A-Z0-9]{1,5}$")
# Which of two names with the same key speaks for it: the more official kind wins.
_KIND_RANK = {
    "official": 0,
    "short": 1,
    "english": 2,
    "alias": 3,
    "shorthand": 4,
    "ticker": 5,
    "former": 6,
}


# -- reading ---------------------------------------------------------------------------------


def read_sources(shared_data: Path) -> list[Draft]:
    """Drafts from every public source, before any merging."""
    drafts: list[Draft] = []
    drafts.extend(ashare.load(shared_data))
    drafts.extend(hkex.load(shared_data))
    drafts.extend(sec.load(shared_data))
    drafts.extend(crypto.load(shared_data))
    return drafts


def _unique_ids(drafts: Iterable[Draft]) -> dict[str, Draft]:
    """Drafts by id; a later draft with a taken id merges into the first."""
    by_id: dict[str, Draft] = {}
    for draft in drafts:
        if draft.id in by_id:
            by_id[draft.id].absorb(draft)
        else:
            by_id[draft.id] = draft
    return by_id


# -- A+H -------------------------------------------------------------------------------------


def merge_a_and_h(drafts: dict[str, Draft], h_shares: frozenset[str] = frozenset()) -> None:
    """An HK line named like an active A-share (any of its short names) joins that A-share.

    The HK list and the A-share list have different dates, so a renamed company may carry the
    new name in one and the old in the other: every current short name counts.
    """
    a_shares: dict[str, set[str]] = defaultdict(set)
    for draft in drafts.values():
        first = draft.listings[0]
        if first.market in {"SS", "SZ"} and first.active and not ashare.is_bshare(draft):
            for key in _short_keys(draft):
                a_shares[key].add(draft.id)
    for hk_id in sorted(drafts):
        hk = drafts[hk_id]
        if hk.listings[0].market != "HK" or hk.kind != "equity" or not hk.name_zh:
            continue
        matches = set().union(*(a_shares.get(key, set()) for key in _short_keys(hk)))
        if len(matches) != 1:
            continue
        a_share = drafts[matches.pop()]
        a_share.absorb(hk)
        if hk.name and not _HAS_CJK.search(hk.name):
            a_share.name = hk.name  # HKEX's English short name beats the Chinese one as `name`
        del drafts[hk_id]
    merge_abbreviated_a_and_h(drafts, h_shares)


# An A-share short name this long, abbreviating the HK line's fuller name, is specific enough
# to pair the two (中信建投 / 中信建投証券, 四川成渝 / 四川成渝高速公路, 中国石化 / 中國石油化工).
_ABBREVIATION_LENGTH = 4


def _abbreviates(short: str, full: str) -> bool:
    """`short` keeps `full`'s first two characters and the rest of its characters in order.

    股份 ("joint-stock") names no company: 东风股份 is no abbreviation of 东风集团股份.
    """
    short, full = short.removesuffix("股份"), full.removesuffix("股份")
    if len(short) < _ABBREVIATION_LENGTH or len(short) >= len(full) or short[:2] != full[:2]:
        return False
    rest = iter(full[2:])
    return all(ch in rest for ch in short[2:])


def merge_abbreviated_a_and_h(
    drafts: dict[str, Draft], h_shares: frozenset[str]
) -> list[tuple[str, str]]:
    """An H-share line (`h_shares`: HK symbols of mainland-incorporated issuers) still alone
    joins the one active A-share without an HK line whose short name
    abbreviates the HK name; returns the (A id, HK id) pairs merged.

    Runs after the exact-name pass, so a company already paired (中国石油 / 中國石油股份) cannot
    claim another line (中國石油化工股份 is 中国石化's). Two candidates: no merge. Only H-shares
    qualify: HK-incorporated or offshore issuers named like an A-share are other companies
    (中国软件国际 is no 中国软件, 招商局港口 no 招商港口).
    """
    by_start: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for draft in drafts.values():
        first = draft.listings[0]
        if first.market not in {"SS", "SZ"} or not first.active or ashare.is_bshare(draft):
            continue
        if any(listing.market == "HK" for listing in draft.listings):
            continue
        for key in _short_keys(draft):
            if len(key) >= _ABBREVIATION_LENGTH:
                by_start[key[:2]].append((key, draft.id))
    merged: list[tuple[str, str]] = []
    for hk_id in sorted(drafts):
        hk = drafts[hk_id]
        if hk_id not in h_shares or hk.kind != "equity" or not hk.name_zh:
            continue
        matches = {
            a_id
            for full in _short_keys(hk)
            for short, a_id in by_start.get(full[:2], ())
            if _abbreviates(short, full)
        }
        if len(matches) != 1 or (a_id := matches.pop()) not in drafts:
            continue
        drafts[a_id].absorb(hk)
        if hk.name and not _HAS_CJK.search(hk.name):
            drafts[a_id].name = hk.name
        del drafts[hk_id]
        merged.append((a_id, hk_id))
    return merged


def _short_keys(draft: Draft) -> set[str]:
    """Current short names; an H-share's 股份 (中國石油股份 is 中国石油's H line) comes off."""
    keys = {n.key for n in draft.names if n.lang == "zh" and n.kind == "short" and not n.valid_to}
    if draft.name_zh:
        keys.add(cjk_key(draft.name_zh))
    return keys | {key.removesuffix("股份") for key in keys if len(key) > 4}


# -- curated ---------------------------------------------------------------------------------


_SYMBOL_IS_CODE = {"US", "CRYPTO", "FX", "INDEX", "FUT", "RATE"}


def _local_code(symbol: str, market: str) -> str:
    """The code an exchange prints: 9988.HK -> 09988, 8604.T -> 8604, HSBA.L -> HSBA."""
    head = symbol.rsplit(".", 1)[0]
    if market == "HK" and head.isdigit():
        return head.zfill(5)
    if "." in symbol and market not in _SYMBOL_IS_CODE:
        return head
    return symbol


def _symbol_index(drafts: dict[str, Draft]) -> dict[str, str]:
    index: dict[str, str] = {}
    for draft in drafts.values():
        for listing in draft.listings:
            index.setdefault(listing.symbol.upper(), draft.id)
    return index


def _curated_target(drafts: dict[str, Draft], index: dict[str, str], row: CuratedRow) -> Draft:
    """The one draft the row describes, merging every draft it names into it."""
    targets = [index[s.upper()] for s, _ in row.listings if s.upper() in index]
    if row.id in drafts:
        targets.insert(0, row.id)
    targets = list(dict.fromkeys(t for t in targets if t in drafts))
    if not targets:
        draft = Draft(row.id, row.kind or "organization", row.name or row.id, row.name_zh)
    else:
        first = drafts.pop(targets[0])
        draft = first if first.id == row.id else first.renamed(row.id)
        for other_id in targets[1:]:
            draft.absorb(drafts.pop(other_id))
    drafts[row.id] = draft
    return draft


def _curated_listings(draft: Draft, row: CuratedRow) -> None:
    """Curated listings first, in the row's order (the first is primary), then the rest."""
    existing = {listing.symbol.upper(): listing for listing in draft.listings}
    ordered: list[Listing] = []
    for symbol, market in row.listings:
        listing = existing.pop(symbol.upper(), None)
        ordered.append(listing or Listing(symbol, market, _local_code(symbol, market)))
    ordered.extend(listing for listing in draft.listings if listing.symbol.upper() in existing)
    draft.listings = ordered


def _curated_names(row: CuratedRow) -> list[tuple[str, str, str, str]]:
    """(key, text, kind, lang) for every name the row gives."""
    names: list[tuple[str, str, str, str]] = []
    zh_texts = ([row.name_zh] if row.name_zh else []) + list(row.zh_names)
    en_texts = list(row.en_names)
    if row.name and not _HAS_CJK.search(row.name):
        en_texts.insert(0, row.name)
    elif row.name:
        zh_texts.insert(0, row.name)
    for index, text in enumerate(zh_texts):
        names.append((cjk_key(text), text, "short" if index == 0 else "alias", "zh"))
    for index, text in enumerate(en_texts):
        names.append((latin_key(text), text, "english" if index == 0 else "alias", "en"))
    return names


def apply_curated(drafts: dict[str, Draft], rows: Iterable[CuratedRow]) -> set[tuple[str, str]]:
    """Merge curated rows; returns the (entity id, key) pairs whose ambiguity they decided."""
    decided: dict[tuple[str, str], bool] = {}
    index = _symbol_index(drafts)
    for row in rows:
        draft = _curated_target(drafts, index, row)
        draft.kind = row.kind or draft.kind
        draft.name = row.name or draft.name
        draft.name_zh = row.name_zh or draft.name_zh
        draft.roles = row.roles or draft.roles
        draft.themes = row.themes or draft.themes
        _curated_listings(draft, row)
        for listing in draft.listings:
            index[listing.symbol.upper()] = draft.id
        ambiguous_keys = {cjk_key(t) for t in row.ambiguous} | {latin_key(t) for t in row.ambiguous}
        for key, text, kind, lang in _curated_names(row):
            case_sensitive = lang == "en" and bool(_ACRONYM.match(text))
            draft.add_name(key, text, kind, lang, case_sensitive=case_sensitive)
            decided[(draft.id, key)] = key in ambiguous_keys
        for key in ambiguous_keys:  # an ambiguous name the row lists only there
            decided.setdefault((draft.id, key), True)
    # Entities merged later keep their decisions under the final id.
    final = {d.id for d in drafts.values()}
    _apply_decisions(drafts, decided)
    return {pair for pair in decided if pair[0] in final}


def _apply_decisions(drafts: dict[str, Draft], decided: dict[tuple[str, str], bool]) -> None:
    for draft in drafts.values():
        draft.names = [
            replace(n, ambiguous=decided[(draft.id, n.key)]) if (draft.id, n.key) in decided else n
            for n in draft.names
        ]


# -- ambiguity -------------------------------------------------------------------------------


def mark_ambiguous(
    drafts: dict[str, Draft], decided: set[tuple[str, str]], words: CommonWords
) -> None:
    """Flag names that are ordinary words, short aliases several companies' names start with,
    or names a curated row gives to another entity (curated `UBS` is UBS Group, so the SEC's
    `UBS AG` note issuer needs context). Short Latin names must match with their case."""
    prefix_owners = _prefix_owners(drafts)
    curated_keys = {key for _, key in decided}
    for draft in drafts.values():
        flagged: list[Name] = []
        for name in draft.names:
            if (draft.id, name.key) in decided:
                flagged.append(name)
                continue
            ambiguous = (
                name.ambiguous
                or _is_common(name, words)
                or (name.key in curated_keys and name.kind != "official")
            )
            if not ambiguous and name.lang == "zh" and name.kind in {"alias", "former"}:
                owners = prefix_owners.get(name.key, set()) - {draft.id}
                ambiguous = len(owners) >= 2
            flagged.append(_with_flags(name, ambiguous=ambiguous))
        draft.names = flagged


def _with_flags(name: Name, *, ambiguous: bool) -> Name:
    # Short Latin names written in capitals are acronyms (REF, ICO, HSBC): they match only as
    # written, never as the lower-case word.
    acronym = name.lang == "en" and len(name.key.replace(" ", "")) <= 4 and name.text.isupper()
    case_sensitive = name.case_sensitive or acronym
    if (ambiguous, case_sensitive) == (name.ambiguous, name.case_sensitive):
        return name
    return replace(name, ambiguous=ambiguous, case_sensitive=case_sensitive)


def _is_common(name: Name, words: CommonWords) -> bool:
    if name.lang == "en":
        return words.latin_is_common(name.key)
    return words.chinese_is_common(name.key)


def _prefix_owners(drafts: dict[str, Draft]) -> dict[str, set[str]]:
    """Two- and three-character prefixes of current Chinese names -> entities using them."""
    owners: dict[str, set[str]] = defaultdict(set)
    for draft in drafts.values():
        for name in draft.names:
            if name.lang == "zh" and name.kind == "short" and name.valid_to is None:
                for length in (2, 3):
                    if len(name.key) > length:
                        owners[name.key[:length]].add(draft.id)
    return owners


# -- finishing -------------------------------------------------------------------------------


def dedupe_names(names: Iterable[Name]) -> list[Name]:
    """One name per (entity, language, key); the most official kind speaks for it.

    A key in current use keeps the widest validity any source gives it (a timeless alias beats
    a dated sighting). A key only used in the past keeps the span from its first to last use.
    """
    groups: dict[tuple[str, str, str], list[Name]] = defaultdict(list)
    for name in names:
        groups[(name.entity_id, name.lang, name.key)].append(name)
    kept = [_merge_group(group) for group in groups.values()]
    return sorted(kept, key=_name_order)


def _written_form(speaker: Name, group: list[Name], exact: list[Name]) -> str:
    """The casing the linker checks text against: a case-sensitive name's own; otherwise a
    mixed-case form (the curated "Morgan Stanley") over a list's all-caps legal name
    ("MORGAN STANLEY"), which says nothing about how the name is written in prose."""
    if exact:
        return exact[0].text
    if speaker.text != speaker.text.upper():
        return speaker.text
    mixed = [n.text for n in group if n.text != n.text.upper()]
    return mixed[0] if mixed else speaker.text


def _merge_group(group: list[Name]) -> Name:
    current = [n for n in group if n.valid_to is None]
    speaker = min(current or group, key=_name_rank)
    # A dated start wins over a list that simply gives no date (an HK line merged into its
    # A-share), but an alias means the name is good at any date (茅台).
    dated = [n.valid_from for n in group if n.valid_from]
    timeless = any(n.valid_from is None and n.kind in {"alias", "english"} for n in group)
    valid_from = None if timeless or not dated else min(dated)
    valid_to = None if current else max(n.valid_to for n in group if n.valid_to)
    exact = [n for n in group if n.case_sensitive]
    return replace(
        speaker,
        text=_written_form(speaker, group, exact),
        valid_from=valid_from,
        valid_to=valid_to,
        ambiguous=any(n.ambiguous for n in group),
        case_sensitive=bool(exact),
    )


def _name_rank(name: Name) -> tuple[int, int]:
    return (_KIND_RANK.get(name.kind, 9), 0 if _HAS_CJK.search(name.text) else 1)


def _name_order(name: Name) -> tuple[str, ...]:
    return (
        name.entity_id,
        name.lang,
        name.key,
        name.valid_from or "",
        name.valid_to or "",
        name.kind,
        name.text,
    )


def finish(drafts: dict[str, Draft]) -> tuple[list[Entity], list[Name]]:
    entities = [drafts[entity_id].freeze() for entity_id in sorted(drafts)]
    names = dedupe_names(name for draft in drafts.values() for name in draft.names)
    return entities, names


def version_of(entities: list[Entity], names: list[Name], vintage: str = DATA_VINTAGE) -> str:
    """`<vintage>+<hash>`: the data's date and a hash of the content itself."""
    digest = hashlib.sha256(encode_master(entities, names, "")).hexdigest()[:12]
    return f"{vintage}+{digest}"


def build_drafts(shared_data: Path, curated_dir: Path | None = CURATED_DIR) -> dict[str, Draft]:
    drafts = _unique_ids(read_sources(shared_data))
    merge_a_and_h(drafts, hkex.mainland_incorporated(shared_data))
    rows = curated.load(curated_dir) if curated_dir is not None else []
    decided = apply_curated(drafts, rows)
    words = CommonWords()
    add_first_word_names(drafts, words)
    mark_ambiguous(drafts, decided, words)
    return drafts


def build_master(shared_data: Path, curated_dir: Path | None = CURATED_DIR) -> SecurityMaster:
    """The master built from `shared_data` (the data folder) and the curated tables."""
    entities, names = finish(build_drafts(shared_data, curated_dir))
    return SecurityMaster(entities, names, version_of(entities, names))


def build_bytes(shared_data: Path, curated_dir: Path | None = CURATED_DIR) -> bytes:
    """The encoded master file; the same inputs give the same bytes."""
    entities, names = finish(build_drafts(shared_data, curated_dir))
    return encode_master(entities, names, version_of(entities, names))


def write_master(
    shared_data: Path, out: Path, curated_dir: Path | None = CURATED_DIR
) -> SecurityMaster:
    """Build, write to `out` and return the master as loaded back from the bytes written."""
    data = build_bytes(shared_data, curated_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return decode_master(data)


def summary(master: SecurityMaster) -> dict[str, int]:
    """Counts for the build log."""
    kinds = Counter(entity.kind for entity in master.entities.values())
    stats = {f"entities.{kind}": count for kind, count in sorted(kinds.items())}
    stats["entities"] = len(master.entities)
    stats["names"] = len(master.names)
    stats["names.ambiguous"] = sum(1 for name in master.names if name.ambiguous)
    stats["names.former"] = sum(1 for name in master.names if name.kind == "former")
    return stats
