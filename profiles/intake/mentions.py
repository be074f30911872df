"""The mention finder: whom, where and when an article names, sentence by sentence.

For a text it lists every known profile it mentions (by display name, native name, aliases, the
surname alone where unambiguous, in Latin and Cyrillic, in Russian case forms), each with its
sentence and whether the profile already cites that sentence; for every sentence the places and
dates it names; and the people it names who have no profile yet ("new profile?"), each with the
profiles the similar-name check finds.

`analyse` works on plain data (no database); `find_mentions` and `mentions_in_source` add what the
database knows. Nothing here writes anything.

The name matcher is built once per process and kept until a profile changes: `current_matcher`
compares a cheap stamp of the profiles table (count, latest change, highest id: one aggregate
query) with the one it was built for, and rebuilds when they differ. Name forms are cached per
name, so a rebuild after one edit only computes that profile's forms again.
"""

import bisect
from dataclasses import dataclass, field

from django.db.models import Q

from profiles.intake.candidates import find_candidates
from profiles.intake.dates import DateMention, find_dates
from profiles.intake.matcher import NameMatcher, build_matcher
from profiles.intake.phrases import Reading
from profiles.intake.places import PlaceMention, find_places, place_keys
from profiles.intake.text import sentences, tokens
from profiles.models import Citation, Profile
from profiles.process_cache import PerProcess
from profiles.similar_names import find_similar_profiles
from sources.models import Excerpt, Source
from sources.quotes import normalise_quote


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    """Positions in the text: text[start:end] is the sentence, as a quote would take it."""
    text: str
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


@dataclass
class Mention:
    profile_id: int
    text: str
    """The name as the article writes it ("Улицкой", "Serebrennikov")."""
    form: str
    """The known form it matched, normalised ("улицкой")."""
    by: str
    """"name" or "surname" (the surname alone)."""
    start: int
    end: int
    sentence: Sentence
    shared: bool = False
    """Two profiles have this very name: the editor decides which one is meant."""
    cited: bool = False
    """The profile already cites this sentence, or a quote containing it or contained in it."""


@dataclass
class NewPersonCandidate:
    name: str
    start: int
    end: int
    sentence: Sentence
    similar: list[Profile] = field(default_factory=list)
    """Existing profiles with a similar name, from the similar-name check: maybe not new at all."""


@dataclass
class MentionReport:
    sentences: list[Sentence]
    mentions: list[Mention]
    candidates: list[NewPersonCandidate]
    profiles: dict[int, Profile] = field(default_factory=dict)
    """The mentioned profiles, when read from the database."""

    def profile_ids(self) -> list[int]:
        """Mentioned profiles, in the order the text first names them."""
        return list(dict.fromkeys(m.profile_id for m in self.mentions))

    def for_profile(self, profile_id: int) -> list[Mention]:
        return [m for m in self.mentions if m.profile_id == profile_id]


def analyse(text: str, *, matcher: NameMatcher, reference_year: int | None = None) -> MentionReport:
    """Mentions, places, dates and candidates in `text`, without the database."""
    reading = Reading(text, tokens(text))
    spans = sentences(text)
    found = [
        Sentence(
            index=i,
            start=s.start,
            end=s.end,
            text=s.text,
            dates=find_dates(s.text, reference_year=reference_year, offset=s.start),
        )
        for i, s in enumerate(spans)
    ]
    starts = [s.start for s in found]

    def sentence_at(position: int) -> Sentence:
        return found[max(bisect.bisect_right(starts, position) - 1, 0)]

    mentions = [
        Mention(
            profile_id=hit.profile_id,
            text=text[hit.start : hit.end],
            form=hit.key,
            by=hit.by,
            start=hit.start,
            end=hit.end,
            sentence=sentence_at(hit.start),
            shared=hit.shared,
        )
        for hit in matcher.find(reading)
    ]
    named = [(m.start, m.end) for m in mentions]
    places = [p for p in find_places(reading) if not _overlaps(p.start, p.end, named)]
    # A place is not a new person ("New York"), but a person is not a place either ("Vladimir
    # Putin" names no city): candidates are found around the places, then places inside them go.
    token_index = {t.start: i for i, t in enumerate(reading.tokens)}
    candidates = find_candidates(
        reading, taken=named + [(p.start, p.end) for p in places if _whole_run_is_place(p, reading, token_index)]
    )
    people = [(c.start, c.end) for c in candidates]
    for place in places:
        if not _overlaps(place.start, place.end, people):
            sentence_at(place.start).places.append(place)
    return MentionReport(
        sentences=found,
        mentions=mentions,
        candidates=[
            NewPersonCandidate(name=c.name, start=c.start, end=c.end, sentence=sentence_at(c.start)) for c in candidates
        ],
    )


def find_mentions(text: str, *, reference_year: int | None = None, check_similar: bool = True) -> MentionReport:
    """`analyse` with the current profiles, which sentences they already cite, and the
    similar-name check for each new-person candidate."""
    report = analyse(text, matcher=current_matcher(), reference_year=reference_year)
    ids = report.profile_ids()
    report.profiles = Profile.objects.in_bulk(ids) if ids else {}
    cited = _cited_quotes(ids)
    for mention in report.mentions:
        sentence = normalise_quote(mention.sentence.text)
        mention.cited = any(sentence in quote or quote in sentence for quote in cited.get(mention.profile_id, ()))
    if check_similar:
        # The similar-name check reads every profile per name: ask once per distinct name.
        similar: dict[str, list[Profile]] = {}
        for candidate in report.candidates:
            if candidate.name not in similar:
                similar[candidate.name] = find_similar_profiles([candidate.name])
            candidate.similar = similar[candidate.name]
    return report


def mentions_in_source(source: Source, *, check_similar: bool = True) -> MentionReport:
    """The finder on a stored source's full text; dates without a year take the source's year."""
    return find_mentions(source.full_text, reference_year=source.year, check_similar=check_similar)


# The matcher cache ---------------------------------------------------------------------------------


def _build_current_matcher() -> NameMatcher:
    rows = Profile.objects.values_list("pk", "kind", "display_name", "native_name", "aliases")
    return build_matcher(
        (
            (pk, [display, native, *aliases.splitlines()], kind == Profile.Kind.PERSON)
            for pk, kind, display, native, aliases in rows.iterator(chunk_size=2000)
        ),
        not_surnames=place_keys(),
    )


_matcher = PerProcess(_build_current_matcher)


def current_matcher() -> NameMatcher:
    """The matcher for the profiles as they are now: reused while the stamp holds, rebuilt when it
    changes."""
    return _matcher.get()


def clear_matcher_cache() -> None:
    _matcher.clear()


def _cited_quotes(profile_ids: list[int]) -> dict[int, list[str]]:
    """The normalised text of every quote each profile cites in its timeline or speaks."""
    quotes: dict[int, list[str]] = {}
    if not profile_ids:
        return quotes
    rows = list(
        Citation.objects.filter(entry__profile_id__in=profile_ids).values_list("entry__profile_id", "excerpt__text")
    )
    rows += list(Excerpt.objects.filter(Q(speaker_id__in=profile_ids)).values_list("speaker_id", "text"))
    for profile_id, text in rows:
        normalised = normalise_quote(text)
        if normalised:
            quotes.setdefault(profile_id, []).append(normalised)
    return quotes


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def _whole_run_is_place(place: PlaceMention, reading: Reading, token_index: dict[int, int]) -> bool:
    """Whether the place is not followed by another capitalised word it would form a name with."""
    last = token_index.get(place.start)
    if last is None:
        return True
    while last + 1 < len(reading.tokens) and reading.tokens[last + 1].end <= place.end:
        last += 1
    following = last + 1
    return not (
        following < len(reading.tokens) and reading.joins_previous[following] and reading.capitalised(following)
    )
