"""Keep the public index (PublicProfile, PublicPlace, PublicSource, PublicExcerpt,
PublicCitation) equal to the live versions. Called only from `profiles.publishing`."""

import datetime

from django.utils import timezone

from profiles.models import (
    Category,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicPlace,
    PublicProfile,
    PublicSource,
)
from profiles.names import search_text
from profiles.portrait_files import publish_portrait_files, unpublish_portrait_files


def _search_document(snapshot: dict) -> str:
    names = search_text(snapshot["display_name"], snapshot["native_name"], *snapshot["aliases"])
    return " ".join([names, snapshot["description"].lower(), snapshot["biography"].lower()])


def public_profile_fields(version: ProfileVersion) -> dict:
    """The PublicProfile columns derived from a version's snapshot (shared with the bulk loader)."""
    snap = version.snapshot
    departure = snap.get("departure")
    departure_date = datetime.date.fromisoformat(departure["date"]) if departure else None
    current = snap.get("current_location") or {}
    return {
        "version": version,
        "slug": snap["slug"],
        "kind": snap["kind"],
        "display_name": snap["display_name"],
        "native_name": snap["native_name"],
        "sort_name": snap["display_name"].lower(),
        "description": snap["description"],
        "wave": snap["wave"],
        "current_country": current.get("country", ""),
        "current_region": current.get("region", ""),
        "current_place_label": current.get("label", ""),
        "departure_date": departure_date,
        "departure_year": departure_date.year if departure_date else None,
        "search_document": _search_document(snap),
        "published_at": version.published_at,
    }


def index_version(version: ProfileVersion) -> PublicProfile:
    """Make `version` the live public state of its profile."""
    snap = version.snapshot
    now = timezone.now()
    existing = PublicProfile.objects.filter(profile_id=version.profile_id).first()
    fields = public_profile_fields(version)
    if existing:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        public = existing
    else:
        public = PublicProfile.objects.create(
            profile_id=version.profile_id, first_published_at=version.published_at, **fields
        )
    public.categories.set(Category.objects.filter(slug__in=[c["slug"] for c in snap["categories"]]))

    public.places.all().delete()
    PublicPlace.objects.bulk_create(
        PublicPlace(
            public_profile=public,
            country=entry["place"]["country"],
            region=entry["place"]["region"],
            year=int(entry["date"][:4]) if entry["date"] else None,
        )
        for entry in snap["timeline"]
        if entry["place"]
    )

    for source in snap["sources"]:
        PublicSource.objects.update_or_create(
            source_id=source["id"],
            defaults={
                "title": source["title"],
                "outlet": source["outlet"],
                "authors": source["authors"],
                "url": source["url"],
                "archived_url": source["archived_url"],
                "published_on": source["published_on"],
                "year": source["year"],
                "language": source["language"],
                "kind": source["kind"],
                "updated_at": now,
            },
        )
    speakers = dict(
        PublicProfile.objects.filter(
            profile_id__in={e["speaker_id"] for e in snap["excerpts"] if e["speaker_id"]}
        ).values_list("profile_id", "pk")
    )
    for excerpt in snap["excerpts"]:
        PublicExcerpt.objects.update_or_create(
            excerpt_id=excerpt["id"],
            defaults={
                "source_id": PublicSource.objects.only("pk").get(source_id=excerpt["source_id"]).pk,
                "text": excerpt["text"],
                "language": excerpt["language"],
                "translation": excerpt["translation"],
                "location_hint": excerpt["location_hint"],
                "speaker_id": speakers.get(excerpt["speaker_id"]),
                "updated_at": now,
            },
        )
    public.citations.all().delete()
    public_excerpts = PublicExcerpt.objects.filter(excerpt_id__in=[e["id"] for e in snap["excerpts"]])
    PublicCitation.objects.bulk_create(
        PublicCitation(public_profile=public, excerpt=excerpt, source_id=excerpt.source_id)
        for excerpt in public_excerpts
    )
    # Quotes by this profile that other live profiles already published now link to it.
    PublicExcerpt.objects.filter(excerpt__speaker_id=version.profile_id, speaker__isnull=True).update(speaker=public)
    _drop_orphans()
    publish_portrait_files(version.profile_id)  # copies after commit
    return public


def remove_from_index(profile_id: int) -> None:
    PublicProfile.objects.filter(profile_id=profile_id).delete()
    _drop_orphans()
    unpublish_portrait_files(profile_id)  # removes now, before the withdrawal returns


def _drop_orphans() -> None:
    PublicExcerpt.objects.filter(citations__isnull=True).delete()
    PublicSource.objects.filter(citations__isnull=True).delete()
