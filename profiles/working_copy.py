"""The private, complete state of a profile's working copy, stored with each published version so
that reverting to a version restores exactly what the editors had (withheld cities included)."""

import datetime

from profiles.models import Category, Citation, Profile, TimelineEntry
from sources.models import Excerpt

PROFILE_FIELDS = [
    "kind",
    "display_name",
    "native_name",
    "aliases",
    "description",
    "biography",
    "wave",
    "portrait",
    "portrait_renditions",
    "portrait_alt",
    "portrait_credit",
    "portrait_licence",
]
ENTRY_FIELDS = [
    "kind",
    "date",
    "date_precision",
    "date_qualifier",
    "country",
    "city",
    "region",
    "location_disclosure",
    "text",
    "is_current",
]


def serialize_working_copy(profile: Profile) -> dict:
    """`profile` loaded with `load_profile_for_snapshot` (timeline and citations prefetched)."""
    data = {name: _plain(getattr(profile, name)) for name in PROFILE_FIELDS}
    data["categories"] = sorted(c.slug for c in profile.categories.all())
    data["timeline"] = [
        {
            "id": entry.pk,
            **{name: _plain(getattr(entry, name)) for name in ENTRY_FIELDS},
            "citations": [link.excerpt_id for link in entry.citation_links.all()],
        }
        for entry in profile.timeline.all()
    ]
    return data


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "code"):  # django_countries Country
        return value.code or ""
    if hasattr(value, "name") and not isinstance(value, str | dict | list):  # FieldFile
        return value.name or ""
    return value


def restore_working_copy(profile: Profile, data: dict) -> None:
    """Replace the working copy's fields and timeline with `data` (from serialize_working_copy)."""
    for name in PROFILE_FIELDS:
        setattr(profile, name, data.get(name, getattr(profile, name)))
    profile.save()
    profile.categories.set(Category.objects.filter(slug__in=data.get("categories", [])))
    profile.timeline.all().delete()
    # An excerpt deleted since the version was published cannot be cited again.
    existing = set(
        Excerpt.objects.filter(
            pk__in=[pk for item in data.get("timeline", []) for pk in item.get("citations", [])]
        ).values_list("pk", flat=True)
    )
    for item in data.get("timeline", []):
        fields = {name: item.get(name) for name in ENTRY_FIELDS}
        fields["date"] = datetime.date.fromisoformat(fields["date"]) if fields["date"] else None
        entry = TimelineEntry.objects.create(profile=profile, **fields)
        Citation.objects.bulk_create(
            Citation(entry=entry, excerpt_id=excerpt_id, order=order)
            for order, excerpt_id in enumerate(pk for pk in item.get("citations", []) if pk in existing)
        )
