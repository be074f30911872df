"""The mention finder's result for one source, arranged for the screen: each profile with the
sentences naming it (the name marked, whether the profile already cites the sentence, whether it
is already an excerpt), the places and dates of every sentence, and the "new profile?" names.

The similar-name check reads every profile for each name, so it runs only for the new names the
screen shows (at most `MAX_CANDIDATES`), once per distinct name.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from profiles.intake.mentions import Mention, Sentence, mentions_in_source
from profiles.models import Profile
from profiles.places import country_name
from profiles.similar_names import find_similar_profiles
from sources.dates import format_date
from sources.models import Excerpt, Source

MAX_CANDIDATES = 25


@dataclass
class SentenceRow:
    sentence: Sentence
    html: SafeString
    places: list[str]
    dates: list[str]
    cited: bool = False
    excerpt: Excerpt | None = None


@dataclass
class ProfileMentions:
    profile: Profile
    rows: list[SentenceRow] = field(default_factory=list)
    shared_names: list[str] = field(default_factory=list)

    @property
    def uncited(self) -> int:
        return sum(1 for row in self.rows if not row.cited)


@dataclass
class Candidate:
    name: str
    sentence: Sentence
    similar: list[Profile]
    times: int


def place_labels(sentence: Sentence) -> list[str]:
    labels = [
        f"{p.place.city}, {country_name(p.place.country)}" if p.place.city else country_name(p.place.country)
        for p in sentence.places
    ]
    return list(dict.fromkeys(labels))


def date_labels(sentence: Sentence) -> list[str]:
    labels = []
    for d in sentence.dates:
        label = format_date(d.date, d.precision, d.qualifier) if d.date else f"“{d.text}” (year unknown)"
        labels.append(label + (" (the source's year)" if d.year_assumed else ""))
    return labels


def marked(sentence: Sentence, spans: list[tuple[int, int]]) -> SafeString:
    """The sentence, escaped, with the names at `spans` (text positions) in <mark>."""
    out, at = [], sentence.start
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [escape(sentence.text[at - sentence.start : start - sentence.start]), "<mark>"]
        out += [escape(sentence.text[start - sentence.start : end - sentence.start]), "</mark>"]
        at = end
    out.append(escape(sentence.text[at - sentence.start :]))
    return mark_safe("".join(out))


def _excerpt_for(sentence: Sentence, excerpts: list[Excerpt]) -> Excerpt | None:
    """An excerpt of the source that quotes this sentence (or part of it, or more)."""
    for excerpt in excerpts:
        if (
            excerpt.position is not None
            and excerpt.position < sentence.end
            and excerpt.position + len(excerpt.text) > sentence.start
        ):
            return excerpt
    return None


def mention_report(source: Source) -> dict:
    report = mentions_in_source(source, check_similar=False)
    excerpts = list(Excerpt.objects.filter(source=source).only("pk", "text", "position", "source_id"))
    by_profile: dict[int, ProfileMentions] = {}
    rows: dict[tuple[int, int], SentenceRow] = {}
    grouped: dict[tuple[int, int], list[Mention]] = {}
    for mention in report.mentions:
        grouped.setdefault((mention.profile_id, mention.sentence.index), []).append(mention)
    for (profile_id, _), mentions in grouped.items():
        profile = report.profiles.get(profile_id)
        if profile is None:
            continue
        entry = by_profile.setdefault(profile_id, ProfileMentions(profile=profile))
        sentence = mentions[0].sentence
        row = SentenceRow(
            sentence=sentence,
            html=marked(sentence, [(m.start, m.end) for m in mentions]),
            places=place_labels(sentence),
            dates=date_labels(sentence),
            cited=any(m.cited for m in mentions),
            excerpt=_excerpt_for(sentence, excerpts),
        )
        rows[(profile_id, sentence.index)] = row
        entry.rows.append(row)
        for m in mentions:
            if m.shared and m.text not in entry.shared_names:
                entry.shared_names.append(m.text)

    candidates: dict[str, Candidate] = {}
    for found in report.candidates:
        if found.name in candidates:
            candidates[found.name].times += 1
        elif len(candidates) < MAX_CANDIDATES:
            candidates[found.name] = Candidate(name=found.name, sentence=found.sentence, similar=[], times=1)
    for candidate in candidates.values():
        candidate.similar = find_similar_profiles([candidate.name])

    located = [
        {"sentence": s, "places": place_labels(s), "dates": date_labels(s)}
        for s in report.sentences
        if s.places or s.dates
    ]
    return {
        "profiles": list(by_profile.values()),
        "candidates": list(candidates.values()),
        "more_candidates": len({c.name for c in report.candidates}) - len(candidates),
        "located": located,
        "sentence_count": len(report.sentences),
        "mention_count": len(report.mentions),
    }
