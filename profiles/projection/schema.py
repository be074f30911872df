"""The shape of a published version: what readers and partners get of a profile.

`Snapshot` is stored as JSON in `ProfileVersion.snapshot` and read by the public index, the pages,
the API, the diff and redaction. Every value in it is already cut to its allowed precision and
masked (`profiles.projection.build`), so a reader of it cannot leak what was never put in it.
"""

from typing import TypedDict

# 2: shared quotes and sources carry their approved, masked public copy; a source whose address
# names a withheld place has `link_withheld` and no URLs; excerpts no longer carry a speaker name.
# 3: entries say who says so, may be dated by their source, disputed or corrected (citing the
# other source) and grouped where sources differ; relations to other profiles, cited; sources
# carry their date at its precision. Readers of older versions take the defaults for the keys they lack.
SNAPSHOT_SCHEMA = 3


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
    as_reported: bool  # the date is the source's: they had left by a report written then or later


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


class Dispute(TypedDict):
    status: str  # disputed or corrected
    label: str
    note: str  # what the other source says
    citations: list[int]  # the disputing or correcting excerpts, all present in Snapshot.excerpts


class Entry(TypedDict):
    id: int  # TimelineEntry id, stable across versions
    kind: str
    kind_label: str  # a state designation names its authority: "Designated a “foreign agent” by …"
    attribution: str  # who says so: source, person or authority
    authority: str  # the authority making the claim, as the source names it; "" when it does not
    attribution_label: str  # as readers see it: "Alleged by …", "Stated by …", "Reported by the source"
    date: str | None
    date_precision: str
    date_qualifier: str
    date_label: str
    as_of_source: bool  # dated by the source that reports it as already true ("as reported, … or later")
    place: Place | None
    text: str
    is_current: bool
    current_reason: str  # when sources differ: why the current report is the one followed
    citations: list[int]  # excerpt ids, all present in Snapshot.excerpts
    dispute: Dispute | None  # disputed by another source, or corrected by a later one
    differs_from: list[int]  # ids of entries other sources contradict: read together, not in sequence
    about: str  # "people": about some of a group's people, not the group itself
    locates_profile: bool  # its place is where the profile itself went (not corrected, not its people's)


class RelationEntry(TypedDict):
    id: int  # Relation id, stable across versions
    profile_id: int  # the related profile: never shown unless it is public (it may be a draft)
    kind: str  # member, founder, worked_at, colleague, spouse, friend, performed_with, other
    label: str  # as this profile's page reads it: "Member of"
    inverse_label: str  # as the related profile's page reads it: "Has member"
    text: str  # masked for both profiles
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
    published_on: str | None  # only when known to the day
    year: int | None
    published: str  # at its precision: "2022", "2022-03", "2022-03-04"; "" when unknown
    published_precision: str  # day, month, year or unknown
    written_after: str  # the latest date the text mentions, at its precision; "" when none
    title_is_descriptive: bool  # our copy has no headline: the title describes the piece
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
    relations: list[RelationEntry]
    quotes: list[int]  # excerpt ids of their own words
    excerpts: list[ExcerptCopy]
    sources: list[SourceCopy]


# The free text of a snapshot a withheld place could hide in, outside shared copies.
PROFILE_TEXT_FIELDS = ("display_name", "native_name", "aliases", "description", "biography")
ENTRY_TEXT_FIELDS = ("text", "kind_label", "authority", "attribution_label", "current_reason", "dispute")
