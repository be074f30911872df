"""Build the public snapshot of a profile's working copy: exactly what a published version shows.

Locations are cut to their allowed precision here, private notes and full texts never enter, so a
stored version cannot leak what the editors withheld.
"""

from django.db.models import Prefetch

from profiles.dates import format_date
from profiles.models import Citation, Profile, TimelineEntry
from profiles.storage import public_storage
from sources.models import Excerpt

SNAPSHOT_SCHEMA = 1


def _excerpt_queryset():
    return Excerpt.objects.select_related("source__outlet", "speaker")


def load_profile_for_snapshot(profile_id: int) -> Profile:
    return (
        Profile.objects.prefetch_related(
            "categories",
            Prefetch(
                "timeline",
                queryset=TimelineEntry.objects.prefetch_related(
                    Prefetch("citation_links", queryset=Citation.objects.select_related("excerpt__source__outlet"))
                ),
            ),
            Prefetch("quotes", queryset=_excerpt_queryset()),
        )
    ).get(pk=profile_id)


def _portrait(profile: Profile) -> dict | None:
    if not profile.portrait or not profile.portrait_renditions:
        return None
    # Public URLs of files still private: profiles.portrait_files copies them there on publication.
    public = public_storage()
    return {
        "alt": profile.portrait_alt or profile.display_name,
        "credit": profile.portrait_credit,
        "licence": profile.portrait_licence,
        "renditions": [
            {"width": int(width), "url": public.url(name)}
            for width, name in sorted(profile.portrait_renditions.items(), key=lambda item: int(item[0]))
        ],
    }


def _excerpt_data(excerpt: Excerpt) -> dict:
    data = excerpt.public_data()
    data["speaker_name"] = excerpt.speaker.display_name if excerpt.speaker_id else ""
    return data


def build_snapshot(profile: Profile) -> dict:
    """The public content of `profile` (loaded with `load_profile_for_snapshot`)."""
    entries = sorted(profile.timeline.all(), key=lambda e: (e.date is None, e.date or 0, e.pk))
    excerpts: dict[int, Excerpt] = {}
    timeline = []
    for entry in entries:
        cited = [link.excerpt for link in entry.citation_links.all()]
        for excerpt in cited:
            excerpts[excerpt.pk] = excerpt
        timeline.append(
            {
                "id": entry.pk,
                "kind": entry.kind,
                "kind_label": entry.get_kind_display(),
                "date": entry.date.isoformat() if entry.date else None,
                "date_precision": entry.date_precision,
                "date_qualifier": entry.date_qualifier,
                "date_label": format_date(entry.date, entry.date_precision, entry.date_qualifier),
                "place": entry.public_place(),
                "text": entry.public_text(),
                "is_current": entry.is_current,
                "citations": [excerpt.pk for excerpt in cited],
            }
        )
    quotes = list(profile.quotes.all())
    for excerpt in quotes:
        excerpts.setdefault(excerpt.pk, excerpt)

    current = profile.current_location_entry(entries)
    departure = next((e for e in entries if e.kind == TimelineEntry.Kind.LEFT_RUSSIA and e.date), None)
    if departure is None:
        departure = next((e for e in entries if e.kind in TimelineEntry.LOCATION_KINDS and e.date), None)

    sources = {}
    for excerpt in excerpts.values():
        sources.setdefault(excerpt.source_id, excerpt.source.public_metadata())

    return {
        "schema": SNAPSHOT_SCHEMA,
        "profile_id": profile.pk,
        "slug": profile.slug,
        "kind": profile.kind,
        "display_name": profile.display_name,
        "native_name": profile.native_name,
        "aliases": profile.alias_list(),
        "description": profile.description,
        "biography": profile.biography,
        "wave": profile.wave,
        "categories": [
            {"slug": c.slug, "name": c.name} for c in sorted(profile.categories.all(), key=lambda c: c.name)
        ],
        "portrait": _portrait(profile),
        "current_location": current.public_place() if current else None,
        "current_entry_id": current.pk if current else None,
        "departure": (
            {
                "date": departure.date.isoformat(),
                "date_precision": departure.date_precision,
                "label": departure.date_label,
            }
            if departure
            else None
        ),
        "timeline": timeline,
        "quotes": [excerpt.pk for excerpt in quotes],
        "excerpts": [_excerpt_data(excerpts[pk]) for pk in sorted(excerpts)],
        "sources": [sources[pk] for pk in sorted(sources)],
    }
