"""Which stored sources mention which profiles: the index behind "3 new articles mention this
person" on a profile's page and the dashboard's new mentions.

The mention finder reads one text at a time; these lists would need every text at every page
view. So the names it finds are kept in `SourceMention`, one row per source and profile: written
for a source when its text is saved (the intake screen, the source's admin form) and for every
source by `manage.py index_mentions` (after new profiles are added, since older articles may name
them; run it from cron). Only names are looked for here (no places, dates or new people).

A mention is "uncited" while the profile cites nothing from that source: no timeline entry of its
working copy cites an excerpt of it and no excerpt of it is the profile's own words.
"""

import bisect

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from profiles.intake.mentions import current_matcher
from profiles.intake.phrases import Reading
from profiles.intake.text import sentences, tokens
from profiles.models import Citation, SourceMention
from sources.models import Excerpt, Source


def names_in(text: str) -> dict[int, tuple[int, str]]:
    """For each profile the text names: how many times, and the first sentence naming it. A name
    two profiles share is left out: the finder's screen lets the editor decide who is meant."""
    spans = sentences(text)
    starts = [s.start for s in spans]
    found: dict[int, tuple[int, str]] = {}
    for hit in current_matcher().find(Reading(text, tokens(text))):
        if hit.shared:
            continue
        count, sentence = found.get(hit.profile_id, (0, ""))
        if not sentence and spans:
            sentence = spans[max(bisect.bisect_right(starts, hit.start) - 1, 0)].text
        found[hit.profile_id] = (count + 1, sentence)
    return found


@transaction.atomic
def index_source(source: Source, *, now=None) -> int:
    """Record the profiles `source`'s text names, replacing what was recorded before; a profile
    found before keeps the time it was first found. Returns how many profiles it names."""
    now = now or timezone.now()
    found = names_in(source.full_text or "")
    SourceMention.objects.filter(source=source).exclude(profile_id__in=found).delete()
    existing = {m.profile_id: m for m in SourceMention.objects.filter(source=source)}
    for profile_id, (count, sentence) in found.items():
        mention = existing.get(profile_id)
        if mention is None:
            SourceMention.objects.create(
                source=source, profile_id=profile_id, count=count, first_sentence=sentence, found_at=now
            )
        elif (mention.count, mention.first_sentence) != (count, sentence):
            mention.count, mention.first_sentence = count, sentence
            mention.save(update_fields=["count", "first_sentence"])
    return len(found)


def index_all_sources(*, now=None) -> tuple[int, int]:
    """Every source, one transaction each. Returns (sources read, mentions recorded)."""
    sources = mentions = 0
    for source in Source.objects.only("pk", "full_text").order_by("pk").iterator(chunk_size=200):
        mentions += index_source(source, now=now)
        sources += 1
    return sources, mentions


def uncited_mentions():
    """Mentions whose profile cites nothing from the source yet (in one query, joined)."""
    cites = Citation.objects.filter(entry__profile_id=OuterRef("profile_id"), excerpt__source_id=OuterRef("source_id"))
    speaks = Excerpt.objects.filter(speaker_id=OuterRef("profile_id"), source_id=OuterRef("source_id"))
    return SourceMention.objects.filter(~Q(Exists(cites)), ~Q(Exists(speaks)))
