"""The shape of a published version: what readers and partners get of a profile.

`Snapshot` is stored as JSON in `ProfileVersion.snapshot` and read by the public index, the pages,
the API, the diff and redaction. Every value in it is already cut to its allowed precision and
masked (`profiles.projection.build`), so a reader of it cannot leak what was never put in it.
"""

from typing import TypedDict

# 2: shared quotes and sources carry their approved, masked public copy; a source whose address
# names a withheld place has `link_withheld` and no URLs; excerpts no longer carry a speaker name.
SNAPSHOT_SCHEMA = 2


class Place(TypedDict):
    precision: str  # city, country or region
    country: str  # ISO code; empty at region precision
    country_name: str
    city: str  # empty unless precision is city
    region: str
    label: str  # as readers see it


class Departure(TypedDict):
    date: str  # ISO date, first day of the known period
    date_precision: str
    label: str


class CategoryRef(TypedDict):
    slug: str
    name: str


class Rendition(TypedDict):
    width: int
    url: str


class Portrait(TypedDict):
    alt: str
    credit: str
    licence: str
    renditions: list[Rendition]


class Entry(TypedDict):
    id: int  # TimelineEntry id, stable across versions
    kind: str
    kind_label: str
    date: str | None
    date_precision: str
    date_qualifier: str
    date_label: str
    place: Place | None
    text: str
    is_current: bool
    citations: list[int]  # excerpt ids, all present in Snapshot.excerpts


class ExcerptCopy(TypedDict):
    id: int
    text: str
    language: str
    translation: str
    location_hint: str
    speaker_id: int | None
    source_id: int


class SourceCopy(TypedDict):
    id: int
    title: str
    outlet: str
    authors: str
    url: str  # empty when link_withheld
    archived_url: str
    published_on: str | None
    year: int | None
    language: str
    kind: str
    link_withheld: bool


class Snapshot(TypedDict):
    schema: int
    profile_id: int
    slug: str
    kind: str
    display_name: str
    native_name: str
    aliases: list[str]
    description: str
    biography: str
    wave: str
    categories: list[CategoryRef]
    portrait: Portrait | None
    current_location: Place | None
    current_entry_id: int | None
    departure: Departure | None
    timeline: list[Entry]
    quotes: list[int]  # excerpt ids of their own words
    excerpts: list[ExcerptCopy]
    sources: list[SourceCopy]


# The free text of a snapshot a withheld place could hide in, outside shared copies.
PROFILE_TEXT_FIELDS = ("display_name", "native_name", "aliases", "description", "biography")
