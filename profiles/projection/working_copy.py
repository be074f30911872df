"""The private, complete state of a profile's working copy, stored with each published version so
that reverting to a version restores exactly what the editors had (withheld cities included)."""

import datetime

from profiles.models import Category, Citation, Profile, Relation, RelationCitation, TimelineEntry
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
    "as_of_source",
    "sort_order",
    "attribution",
    "authority",
    "dispute",
    "dispute_note",
    "current_reason",
    "about",
]


ENTRY_DEFAULTS = {
    "as_of_source": False,
    "sort_order": 0,
    "attribution": "source",
    "authority": "",
    "dispute": "",
    "dispute_note": "",
    "current_reason": "",
    "about": "",
}


def serialize_working_copy(profile: Profile) -> dict:
    """`profile` loaded with `load_profile_for_snapshot` (timeline and citations prefetched)."""
    data = {name: _plain(getattr(profile, name)) for name in PROFILE_FIELDS}
    data["categories"] = sorted(c.slug for c in profile.categories.all())
    data["timeline"] = [
        {
            "id": entry.pk,
            **{name: _plain(getattr(entry, name)) for name in ENTRY_FIELDS},
            "citations": [
                link.excerpt_id for link in entry.citation_links.all() if link.role == Citation.Role.SUPPORTS
            ],
            "dispute_citations": [
                link.excerpt_id for link in entry.citation_links.all() if link.role == Citation.Role.DISPUTES
            ],
        }
        for entry in profile.timeline.all()
    ]
    data["relations"] = [
        {
            "id": relation.pk,
            "related_profile": relation.related_profile_id,
            "kind": relation.kind,
            "text": relation.text,
            "citations": [link.excerpt_id for link in relation.citation_links.all()],
        }
        for relation in profile.relations.all()
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
    """Replace the working copy's fields and timeline with `data` (from serialize_working_copy).

    Entries keep their ids (an entry deleted since comes back under its old id), so a diff against
    any version lines up entry by entry and a later redaction of an entry reaches every version.
    """
    for name in PROFILE_FIELDS:
        setattr(profile, name, data.get(name, getattr(profile, name)))
    profile.save()
    profile.categories.set(Category.objects.filter(slug__in=data.get("categories", [])))
    items = data.get("timeline", [])
    wanted_ids = [item["id"] for item in items if item.get("id")]
    profile.timeline.exclude(pk__in=wanted_ids).delete()
    # Ids are never reused, so an id that exists elsewhere would be another profile's: never touch it.
    foreign = set(TimelineEntry.objects.filter(pk__in=wanted_ids).exclude(profile=profile).values_list("pk", flat=True))
    # An excerpt deleted since the version was published cannot be cited again.
    existing = set(
        Excerpt.objects.filter(
            pk__in=[pk for item in items for pk in [*item.get("citations", []), *item.get("dispute_citations", [])]]
        ).values_list("pk", flat=True)
    )
    for item in items:
        # Fields added after a version was stored take their defaults (a state designation was
        # always an authority's claim).
        fields = {name: item.get(name, ENTRY_DEFAULTS.get(name)) for name in ENTRY_FIELDS}
        if "attribution" not in item and fields["kind"] in TimelineEntry.CLAIM_KINDS:
            fields["attribution"] = TimelineEntry.Attribution.AUTHORITY
        fields["date"] = datetime.date.fromisoformat(fields["date"]) if fields["date"] else None
        if item.get("id") and item["id"] not in foreign:
            entry, _ = TimelineEntry.objects.update_or_create(pk=item["id"], profile=profile, defaults=fields)
        else:
            entry = TimelineEntry.objects.create(profile=profile, **fields)
        entry.citation_links.all().delete()
        for role, key in ((Citation.Role.SUPPORTS, "citations"), (Citation.Role.DISPUTES, "dispute_citations")):
            Citation.objects.bulk_create(
                Citation(entry=entry, excerpt_id=excerpt_id, order=order, role=role)
                for order, excerpt_id in enumerate(pk for pk in item.get(key, []) if pk in existing)
            )
    _restore_relations(profile, data)


def _restore_relations(profile: Profile, data: dict) -> None:
    """Relations as the version had them (a version stored before relations existed had none, so
    restoring it leaves today's alone); a related profile deleted since is dropped."""
    if "relations" not in data:
        return
    items = data["relations"]
    wanted = {item["id"] for item in items if item.get("id")}
    profile.relations.exclude(pk__in=wanted).delete()
    existing_profiles = set(
        Profile.objects.filter(pk__in=[item["related_profile"] for item in items]).values_list("pk", flat=True)
    )
    existing_excerpts = set(
        Excerpt.objects.filter(pk__in=[pk for item in items for pk in item.get("citations", [])]).values_list(
            "pk", flat=True
        )
    )
    foreign = set(Relation.objects.filter(pk__in=wanted).exclude(profile=profile).values_list("pk", flat=True))
    for item in items:
        if item["related_profile"] not in existing_profiles:
            continue
        fields = {"related_profile_id": item["related_profile"], "kind": item["kind"], "text": item.get("text", "")}
        if item.get("id") and item["id"] not in foreign:
            relation, _ = Relation.objects.update_or_create(pk=item["id"], profile=profile, defaults=fields)
        else:
            relation = Relation.objects.create(profile=profile, **fields)
        relation.citation_links.all().delete()
        RelationCitation.objects.bulk_create(
            RelationCitation(relation=relation, excerpt_id=excerpt_id, order=order)
            for order, excerpt_id in enumerate(pk for pk in item.get("citations", []) if pk in existing_excerpts)
        )
