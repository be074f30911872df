"""From a sentence to a cited draft fact: "Cite" and "Propose a fact".

`suggest_fact` reads one sentence about one profile and proposes a timeline entry: its kind, its
date at exactly the precision the sentence gives, its place, and how precisely the place may be
published. It writes nothing; the editor corrects the proposal before anything is created.

`cite_sentence` turns a span of a source's text into an excerpt (the source's own characters, so it
verifies by construction) and `propose_fact` adds the proposed entry, citing that excerpt, to the
profile's working copy as an ordinary edit. Nothing is published: the excerpt waits for an
editor's review like any new quote, and the profile goes back through its workflow.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from profiles.intake.dates import find_dates
from profiles.intake.phrases import Reading
from profiles.intake.places import Place, PlaceMention, find_places
from profiles.intake.text import tokens
from profiles.models import Citation, Profile, TimelineEntry
from profiles.placenames.gazetteer import normalise
from profiles.places import Disclosure, Region, country_name, region_for
from profiles.workflow import record_edit
from profiles.workflow.shared import record_shared_edit
from sources.dates import DatePrecision, DateQualifier
from sources.models import Excerpt, Source

Kind = TimelineEntry.Kind


class FactError(Exception):
    """The excerpt or the fact cannot be made as asked; the message says why."""


# The first rule that matches decides; rarer, more specific events come first ("was put on the
# wanted list after he left Russia" is about the wanted list).
_KIND_RULES: list[tuple[str, re.Pattern]] = [
    (
        Kind.WANTED,
        re.compile(r"wanted[- ]list|put on .{0,30}wanted|в (?:федеральный |международный )?розыск|розыскн", re.I),
    ),
    (Kind.FOREIGN_AGENT, re.compile(r"foreign[- ]agent|иноагент|иностранн\w* агент", re.I)),
    (
        Kind.CRIMINAL_CASE,
        re.compile(
            r"criminal (?:case|charges?|investigation)|\bcharged\b|prosecut|indicted|under investigation"
            r"|уголовн\w* дел|обвинени|обвинил|возбудил\w* дело|под следствием",
            re.I,
        ),
    ),
    (
        Kind.CANCELLED,
        re.compile(
            r"cancel+ed|\bbanned\b|removed .{0,60}(?:programme|program|repertoire|schedule)|taken off|pulled from"
            r"|отмен|запрет|снял\w* с (?:репертуара|показа|продажи|эфира)|сняли с",
            re.I,
        ),
    ),
    (
        Kind.RETURNED,
        re.compile(r"returned to (?:russia|moscow)|came back to russia|вернул\w* в (?:россию|москву)", re.I),
    ),
    (
        Kind.MOVED_ON,
        re.compile(r"moved on|relocated|went on to|перебрал\w*|переехал\w* из (?!росси|москв)", re.I),
    ),
    (
        Kind.LEFT_RUSSIA,
        re.compile(
            r"\bleft (?:russia|the country|moscow|st\.? petersburg|for)|\bfled\b|emigrated|boarded a plane|flew (?:to|out)"
            r"|went (?:abroad|to)"
            r"|left .{0,40}\bfor\b|уехал\w*|покинул\w*|эмигрировал\w*|бежал\w*|улетел\w*|вылетел\w*",
            re.I,
        ),
    ),
    (
        Kind.ARRIVED,
        re.compile(
            r"arrived|settled|moved to|has moved|(?:is|are) (?:now )?in\b|living in|lives in|spotted in|found a new job"
            r"|new life in|прилетел\w*|приехал\w*|переехал\w*|обосновал\w*|живет|живёт|поселил\w*",
            re.I,
        ),
    ),
    (
        Kind.STATEMENT,
        re.compile(
            r"\bsaid\b|\bsays\b|\btold\b|statement|spoke out|open letter|\bsigned\b|called (?:it|the|for)|condemn|interview"
            r"|заявил\w*|сказал\w*|назвал\w*|высказал\w*|открыто\w* письм|осудил\w*|интервью|рассказ\w*",
            re.I,
        ),
    ),
]
_CLAUSE = re.compile(r"[,;:()—–]")
_SOURCE_SIDE = re.compile(r"\b(?:from|из|от)\s*$", re.I)
STRICTNESS = {Disclosure.CITY: 0, Disclosure.COUNTRY: 1, Disclosure.REGION: 2, Disclosure.UNDISCLOSED: 3}
_TEXT = {
    Kind.LEFT_RUSSIA: "Left Russia{for_place}.",
    Kind.ARRIVED: "Reported in {place}.",
    Kind.MOVED_ON: "Moved on to {place}.",
    Kind.RETURNED: "Returned to Russia.",
    Kind.WANTED: "Put on a wanted list.",
    Kind.FOREIGN_AGENT: "Designated a foreign agent.",
    Kind.CRIMINAL_CASE: "A criminal case was opened.",
    Kind.CANCELLED: "Work cancelled or banned.",
    Kind.STATEMENT: "Spoke out.",
    Kind.OTHER: "",
}


@dataclass
class FactProposal:
    """A draft timeline entry for the editor to confirm; `reasons` says where each guess came from."""

    kind: str
    date: datetime.date | None
    date_precision: str
    date_qualifier: str
    country: str = ""
    city: str = ""
    location_disclosure: str = Disclosure.COUNTRY
    text: str = ""
    attribution: str = TimelineEntry.Attribution.SOURCE
    authority: str = ""
    reasons: list[str] = field(default_factory=list)


def guess_kind(sentence: str) -> tuple[str, str]:
    """The entry kind a sentence reports, and the words that said so."""
    kind, match = _kind_match(sentence)
    return kind, match.group() if match else ""


def _kind_match(sentence: str) -> tuple[str, re.Match | None]:
    for kind, pattern in _KIND_RULES:
        match = pattern.search(sentence)
        if match:
            return kind, match
    return Kind.OTHER, None


def suggest_fact(sentence: str, profile: Profile, *, reference_year: int | None = None) -> FactProposal:
    """Propose a timeline entry for `profile` from one sentence. Reads the profile's timeline and
    withheld places (for the disclosure level); writes nothing."""
    reasons = []
    kind, said = _kind_match(sentence)
    reasons.append(f"Kind: “{said.group()}”." if said else "Kind: nothing in the sentence says; choose one.")
    dates = find_dates(sentence, reference_year=reference_year)
    if dates:
        named = _date_of_event(dates, sentence, said)
        date, precision, qualifier = named.date, named.precision, named.qualifier
        reasons.append(
            f"Date: “{named.text}”"
            + (f", in {reference_year}, the source's year." if named.year_assumed and reference_year else ".")
        )
        if date is None:
            precision = DatePrecision.UNKNOWN
    else:
        date, precision, qualifier = None, DatePrecision.UNKNOWN, DateQualifier.NONE
        reasons.append("Date: the sentence names none.")
    place = None
    if kind in TimelineEntry.LOCATION_KINDS and kind != Kind.RETURNED:
        place = destination(find_places(Reading(sentence, tokens(sentence))), sentence)
    proposal = FactProposal(kind=kind, date=date, date_precision=precision, date_qualifier=qualifier, reasons=reasons)
    if place is not None:
        proposal.country, proposal.city = place.country, place.city
        proposal.location_disclosure = default_disclosure(profile, country=place.country, city=place.city)
        reasons.append(
            f"Place: {place.city + ', ' if place.city else ''}{country_name(place.country)}; published as "
            f"“{Disclosure(proposal.location_disclosure).label}”"
            + (
                " as for this profile's other entries there."
                if _has_entries_in(profile, place.country)
                else ", a new place."
            )
        )
    proposal.attribution, proposal.authority = guess_attribution(kind, sentence, said)
    if proposal.attribution == TimelineEntry.Attribution.AUTHORITY:
        reasons.append(
            f"Who says so: an authority's claim ({proposal.authority or 'the sentence names none'}), as every "
            "designation, wanted list and criminal case is."
        )
    elif proposal.attribution == TimelineEntry.Attribution.PERSON:
        reasons.append(f"Who says so: the person (“{said.group()}”).")
    proposal.text = _reader_text(kind, proposal)
    return proposal


# Authorities a sentence may name; the entry names one as the source words it, never a guess.
_AUTHORITIES = re.compile(
    r"(?:the\s+)?(?:Russian\s+)?(?:Ministry of Justice|Justice Ministry|Interior Ministry|Ministry of (?:the )?Interior"
    r"|Investigative Committee|(?:regional\s+)?prosecutors?(?:'|’)?(?:\s+offices?)?|court)"
    r"|Министерств\w* юстиции|Минюст\w*|МВД|Следственн\w* комитет\w*|прокуратур\w*|суд\w*",
    re.IGNORECASE,
)


def guess_attribution(kind: str, sentence: str, said: re.Match | None) -> tuple[str, str]:
    """Who says so: a designation, a wanted list or a criminal case is always an authority's claim
    (named when the sentence names it); a sentence reporting the person's words is theirs."""
    if kind in TimelineEntry.CLAIM_KINDS:
        named = _AUTHORITIES.search(sentence)
        return TimelineEntry.Attribution.AUTHORITY, named.group().strip() if named else ""
    if kind == Kind.STATEMENT and said is not None and re.fullmatch(r"said|says|told", said.group(), re.IGNORECASE):
        return TimelineEntry.Attribution.PERSON, ""
    return TimelineEntry.Attribution.SOURCE, ""


def _date_of_event(dates: list, sentence: str, said: re.Match | None):
    """Of several dates, the one in the same clause as the words that gave the kind, else the
    nearest ("spotted in Paris in early March, left Russia for Berlin on March 29": March 29)."""
    if len(dates) == 1 or said is None:
        return dates[0]
    anchor = said.start()
    bounds = [m.start() for m in _CLAUSE.finditer(sentence)]
    clause_start = max([b for b in bounds if b < anchor], default=0)
    clause_end = min([b for b in bounds if b >= said.end()], default=len(sentence))
    same_clause = [d for d in dates if clause_start <= d.start and d.end <= clause_end]
    return min(same_clause or dates, key=lambda d: min(abs(d.start - anchor), abs(d.end - anchor)))


def destination(places: list[PlaceMention], sentence: str) -> Place | None:
    """Where the sentence puts someone: the last place outside Russia it names, not counting a
    place they came from ("from Paris to Berlin" is Berlin) unless it is the only one."""
    abroad = [p for p in places if not p.place.is_russia]
    towards = [p for p in abroad if not _SOURCE_SIDE.search(sentence[: p.start])]
    chosen = (towards or abroad)[-1:] if abroad else []
    return chosen[0].place if chosen else None


def default_disclosure(profile: Profile, *, country: str, city: str = "") -> str:
    """The strictest level the profile already uses for this place, or country only for a new
    place. "This place" is the country, or its region where the profile withholds the country
    (someone placed only "in Europe" does not get a European country published by default). A
    city the profile has not disclosed before is at most country-level, and a place in the
    profile's register of withheld places is never more precise than the register allows."""
    region = region_for(country)
    levels = [
        entry.location_disclosure
        for entry in profile.timeline.all()
        if (entry.country and str(entry.country) == country) or (not entry.country and entry.region == region)
    ]
    level = max(levels, key=STRICTNESS.__getitem__) if levels else Disclosure.COUNTRY
    same_city = city and any(
        str(e.country) == country and normalise(e.city) == normalise(city) and e.location_disclosure == Disclosure.CITY
        for e in profile.timeline.all()
    )
    if level == Disclosure.CITY and not same_city:
        level = Disclosure.COUNTRY
    withheld = {form for place in profile.withheld_places.all() for form in place.forms}
    if normalise(country_name(country)) in withheld:
        level = max(level, Disclosure.REGION, key=STRICTNESS.__getitem__)
    elif city and normalise(city) in withheld:
        level = max(level, Disclosure.COUNTRY, key=STRICTNESS.__getitem__)
    return level


def _has_entries_in(profile: Profile, country: str) -> bool:
    region = region_for(country)
    return any(
        (e.country and str(e.country) == country) or (not e.country and e.region == region)
        for e in profile.timeline.all()
    )


def _reader_text(kind: str, proposal: FactProposal) -> str:
    """A neutral line for readers naming the place only as precisely as it may be published."""
    place = ""
    if proposal.country and proposal.location_disclosure == Disclosure.CITY and proposal.city:
        place = f"{proposal.city}, {country_name(proposal.country)}"
    elif proposal.country and proposal.location_disclosure == Disclosure.COUNTRY:
        place = country_name(proposal.country)
    elif proposal.country and proposal.location_disclosure == Disclosure.REGION:
        place = Region(region_for(proposal.country)).label
    template = _TEXT.get(kind, "")
    if "{place}" in template and not place:
        return {Kind.ARRIVED: "Reported abroad.", Kind.MOVED_ON: "Moved on."}.get(kind, "")
    return template.format(place=place, for_place=f" for {place}" if place else "")


# Writing: cite and propose ------------------------------------------------------------------------


def _require(actor, *permissions: str) -> None:
    if actor is not None and not all(actor.has_perm(p) for p in permissions):
        raise PermissionDenied("Your role cannot add quotes or timeline entries.")


@transaction.atomic
def cite_sentence(source: Source, start: int, end: int, *, actor, speaker: Profile | None = None) -> Excerpt:
    """An excerpt of `source` from `start` to `end` (positions in its full text, as the finder
    reports them; surrounding spaces are trimmed). The words are the source's own, so the excerpt
    verifies. An identical excerpt of the source is reused rather than duplicated. The excerpt is
    not public until an editor approves it; `actor` counts as its author for the four-eyes rule."""
    _require(actor, "sources.add_excerpt")
    text = source.full_text
    if not 0 <= start < end <= len(text):
        raise FactError(f"The span {start}–{end} is not inside the source's text ({len(text)} characters).")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quote = text[start:end]
    if not quote:
        raise FactError("The span holds no words to quote.")
    existing = Excerpt.objects.filter(source=source, text=quote).order_by("pk").first()
    if existing is not None:
        return existing
    excerpt = Excerpt(
        source=source,
        text=quote,
        language=source.language,
        speaker=speaker,
        location_hint=f"Paragraph {_paragraph_number(text, start)}",
        created_by=actor,
    )
    excerpt.full_clean(exclude=["position"])
    excerpt.save()
    if not excerpt.is_verified:  # cannot happen for a span of the text itself; never save a false quote
        raise FactError("The quote does not occur in the source's text.")
    record_shared_edit(excerpt, actor=actor)
    return excerpt


@transaction.atomic
def propose_fact(profile: Profile, excerpt: Excerpt, proposal: FactProposal, *, actor) -> TimelineEntry:
    """Add the proposed entry, citing `excerpt`, to the profile's working copy, as any edit: the
    profile goes (back) to draft and waits for review; nothing is published."""
    _require(actor, "profiles.add_timelineentry", "profiles.add_citation")
    entry = TimelineEntry(
        profile=profile,
        kind=proposal.kind,
        date=proposal.date,
        date_precision=proposal.date_precision,
        date_qualifier=proposal.date_qualifier,
        country=proposal.country,
        city=proposal.city,
        location_disclosure=proposal.location_disclosure,
        text=proposal.text or "See the cited source.",
        attribution=proposal.attribution,
        authority=proposal.authority,
    )
    if entry.location_disclosure == Disclosure.CITY and not entry.city:
        entry.location_disclosure = Disclosure.COUNTRY
    entry.full_clean()
    entry.save()
    Citation.objects.create(entry=entry, excerpt=excerpt, order=0)
    record_edit(profile, actor=actor)
    return entry


def _paragraph_number(text: str, position: int) -> int:
    # The paragraphs before the position, plus the one it is in (the "x" stands for its start).
    return len([p for p in re.split(r"\n\s*\n", text[:position] + "x") if p.strip()])
