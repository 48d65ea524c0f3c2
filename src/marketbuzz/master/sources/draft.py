"""The mutable working form of an entity while the master is being built.

Sources produce `Draft`s; the build merges them (A+H, share classes, curated rows) and only then
freezes them into `Entity` and `Name` records. Names are kept as `Name` objects whose
`entity_id` is re-pointed when drafts merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from marketbuzz.master.model import Entity, Listing, Name


@dataclass
class Draft:
    id: str
    kind: str
    name: str
    name_zh: str | None
    listings: list[Listing] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    roles: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def add_listing(self, listing: Listing) -> None:
        """Add a listing unless one with the same symbol is there already."""
        if all(existing.symbol != listing.symbol for existing in self.listings):
            self.listings.append(listing)

    def add_name(
        self,
        key: str,
        text: str,
        kind: str,
        lang: str,
        *,
        valid_from: str | None = None,
        valid_to: str | None = None,
        ambiguous: bool = False,
        case_sensitive: bool = False,
    ) -> None:
        if key:
            self.names.append(
                Name(
                    self.id, key, text, kind, lang, valid_from, valid_to, ambiguous, case_sensitive
                )
            )

    def absorb(self, other: Draft) -> None:
        """Take over another draft's listings and names (this draft's display names stay)."""
        for listing in other.listings:
            self.add_listing(listing)
        self.names.extend(replace(n, entity_id=self.id) for n in other.names)
        if self.name_zh is None:
            self.name_zh = other.name_zh
        self.roles = tuple(dict.fromkeys(self.roles + other.roles))
        self.themes = tuple(dict.fromkeys(self.themes + other.themes))

    def renamed(self, new_id: str) -> Draft:
        return Draft(
            new_id,
            self.kind,
            self.name,
            self.name_zh,
            list(self.listings),
            [replace(n, entity_id=new_id) for n in self.names],
            self.roles,
            self.themes,
        )

    def freeze(self) -> Entity:
        return Entity(
            self.id,
            self.name,
            self.name_zh,
            self.kind,
            tuple(self.listings),
            self.roles,
            self.themes,
        )
