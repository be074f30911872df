"""Keep the public index (PublicProfile, PublicPlace, PublicCitation, and the public copies of shared
quotes, sources and figures) equal to what is published.

Called by the workflow (publishing, withdrawal, redaction, the shared-object review) and the bulk
loader. Shared objects are indexed from their *approved* fields, masked for every profile they
concern, never from one profile's snapshot: so no publication can overwrite another profile's
masking, and each quote has one public text.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from profiles.models import (
    Category,
    ChangeEvent,
    ProfileVersion,
    PublicCitation,
    PublicExcerpt,
    PublicPlace,
    PublicProfile,
    PublicRelation,
    PublicSource,
)
from profiles.names import search_text
from profiles.projection.build import APPROVED, mask_shared, mask_snapshot, shared_context, shared_copies
from profiles.projection.concern import PublicMasks, strings_in
from profiles.projection.schema import Snapshot
from profiles.workflow import baking
from profiles.workflow.portrait_files import publish_portrait_files, unpublish_portrait_files
from sources.models import Excerpt


def _search_document(snapshot: Snapshot) -> str:
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
        "search_names": search_text(snap["display_name"], snap["native_name"], *snap["aliases"]),
        "published_at": version.published_at,
    }


def public_places(public: PublicProfile, snapshot: Snapshot) -> list[PublicPlace]:
    return [
        PublicPlace(
            public_profile=public,
            country=entry["place"]["country"],
            region=entry["place"]["region"],
            year=int(entry["date"][:4]) if entry["date"] else None,
        )
        for entry in snapshot["timeline"]
        # Not a place a later source corrected, nor where a group's people went (older versions
        # carry no flag: every place counted then).
        if entry["place"] and entry.get("locates_profile", True)
    ]


def related_to(profile_id: int) -> set[int]:
    """Profiles whose pages show a relation to this one, in either direction: their stored pages
    name it, so they are rendered again when it is published, renamed or withdrawn."""
    pointing = PublicRelation.objects.filter(related_profile_id=profile_id).values_list(
        "public_profile__profile_id", flat=True
    )
    pointed = PublicRelation.objects.filter(public_profile__profile_id=profile_id).values_list(
        "related_profile_id", flat=True
    )
    return (set(pointing) | set(pointed)) - {profile_id}


def index_version(version: ProfileVersion) -> PublicProfile:
    """Make `version` the live public state of its profile."""
    baking.forget([version.profile_id, *related_to(version.profile_id)])
    snap = version.snapshot
    existing = PublicProfile.objects.filter(profile_id=version.profile_id).first()
    fields = public_profile_fields(version)
    before: set[int] = set()
    if existing:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        public = existing
        before = set(public.citations.values_list("excerpt__excerpt_id", flat=True))
        public.citations.all().delete()
    else:
        public = PublicProfile.objects.create(
            profile_id=version.profile_id, first_published_at=version.published_at, **fields
        )
    public.categories.set(Category.objects.filter(slug__in=[c["slug"] for c in snap["categories"]]))
    public.places.all().delete()
    PublicPlace.objects.bulk_create(public_places(public, snap))

    index_relations(public, snap)
    baking.forget(related_to(version.profile_id))  # pages this version's relations now reach too
    cited = {e["id"] for e in snap["excerpts"]}
    sync_shared(excerpt_ids=cited | before, keep=cited)
    public_excerpts = PublicExcerpt.objects.filter(excerpt_id__in=cited)
    PublicCitation.objects.bulk_create(
        PublicCitation(public_profile=public, excerpt=excerpt, source_id=excerpt.source_id)
        for excerpt in public_excerpts
    )
    # Quotes by this profile that other live profiles already published now link to it.
    PublicExcerpt.objects.filter(excerpt__speaker_id=version.profile_id, speaker__isnull=True).update(speaker=public)
    publish_portrait_files(version.profile_id)  # copies after commit
    return public


def index_relations(public: PublicProfile, snapshot: Snapshot) -> None:
    """The relations a live version publishes, for both profiles' pages (their public rows go with
    the owner's PublicProfile; readers show each only while the related profile is live too)."""
    public.relations.all().delete()
    excerpts = {e["id"]: e for e in snapshot["excerpts"]}
    PublicRelation.objects.bulk_create(
        PublicRelation(
            public_profile=public,
            relation_id=relation["id"],
            related_profile_id=relation["profile_id"],
            kind=relation["kind"],
            label=relation["label"],
            inverse_label=relation["inverse_label"],
            text=relation["text"],
            citations=[
                {"excerpt_id": pk, "source_id": excerpts[pk]["source_id"]}
                for pk in relation["citations"]
                if pk in excerpts
            ],
        )
        for relation in snapshot.get("relations", [])
    )


def remove_from_index(profile_id: int) -> None:
    # The baked page and payloads go now, before the withdrawal returns, and so do those of the
    # pages that name this profile as related.
    baking.forget([profile_id, *related_to(profile_id)])
    cited = set(
        PublicCitation.objects.filter(public_profile__profile_id=profile_id).values_list(
            "excerpt__excerpt_id", flat=True
        )
    )
    PublicProfile.objects.filter(profile_id=profile_id).delete()
    sync_shared(excerpt_ids=cited)
    unpublish_portrait_files(profile_id)  # removes now, before the withdrawal returns


def sync_shared(*, excerpt_ids=(), source_ids=(), keep=()) -> set[int]:
    """Rebuild the public copies of these quotes and their sources from what editors approved,
    masked for every profile they concern. A quote is public while a live profile cites it (or it
    is in `keep`, about to be cited); a source while one of its quotes is. Only the rows of these
    objects are touched: publishing stays proportional to the profile, not to the corpus.

    Returns the ids of the quotes whose public copy changed."""
    excerpt_ids, keep = set(excerpt_ids), set(keep)
    excerpt_ids |= set(Excerpt.objects.filter(source_id__in=source_ids).values_list("pk", flat=True))
    if not excerpt_ids:
        return set()
    cited = set(
        PublicCitation.objects.filter(excerpt__excerpt_id__in=excerpt_ids).values_list("excerpt__excerpt_id", flat=True)
    )
    wanted = (cited | keep) & excerpt_ids
    excerpts = list(Excerpt.objects.filter(pk__in=wanted).select_related("source__outlet").defer("source__full_text"))
    copies, source_copies = shared_copies(
        excerpts, list({e.source_id: e.source for e in excerpts}.values()), state=APPROVED
    )
    copies, source_copies = mask_shared(copies, source_copies, PublicMasks())
    now = timezone.now()

    existing_sources = {s.source_id: s for s in PublicSource.objects.filter(source_id__in=source_copies)}
    new_sources, updated_sources = [], []
    for source_id, copy in source_copies.items():
        values = {key: copy[key] for key in SOURCE_COLUMNS}
        values["published_on"] = datetime.date.fromisoformat(copy["published_on"]) if copy["published_on"] else None
        row = existing_sources.get(source_id)
        if row is None:
            row = existing_sources[source_id] = PublicSource(source_id=source_id, updated_at=now, **values)
            new_sources.append(row)
        elif _differs(row, values):
            _assign(row, values, now)
            updated_sources.append(row)
    PublicSource.objects.bulk_create(new_sources, batch_size=1000)
    PublicSource.objects.bulk_update(updated_sources, [*SOURCE_COLUMNS, "published_on", "updated_at"], batch_size=1000)

    speakers = dict(
        PublicProfile.objects.filter(
            profile_id__in={c["speaker_id"] for c in copies.values() if c["speaker_id"]}
        ).values_list("profile_id", "pk")
    )
    existing = {e.excerpt_id: e for e in PublicExcerpt.objects.filter(excerpt_id__in=excerpt_ids)}
    changed, new_rows, updated_rows = set(), [], []
    for excerpt_id, copy in copies.items():
        values = {
            "source_id": existing_sources[copy["source_id"]].pk,
            **{key: copy[key] for key in EXCERPT_COLUMNS},
            "speaker_id": speakers.get(copy["speaker_id"]),
        }
        row = existing.get(excerpt_id)
        if row is None:
            new_rows.append(PublicExcerpt(excerpt_id=excerpt_id, updated_at=now, **values))
            changed.add(excerpt_id)
        elif _differs(row, values):
            _assign(row, values, now)
            updated_rows.append(row)
            changed.add(excerpt_id)
    PublicExcerpt.objects.bulk_create(new_rows, batch_size=2000)
    PublicExcerpt.objects.bulk_update(
        updated_rows, ["source_id", *EXCERPT_COLUMNS, "speaker_id", "updated_at"], batch_size=2000
    )
    # Not cited by any live profile (or nothing approved left to show): no longer public.
    PublicExcerpt.objects.filter(excerpt_id__in=excerpt_ids - set(copies)).delete()
    touched_sources = set(Excerpt.objects.filter(pk__in=excerpt_ids).values_list("source_id", flat=True))
    PublicSource.objects.filter(source_id__in=touched_sources).annotate(n=Count("excerpts")).filter(n=0).delete()
    return changed


SOURCE_COLUMNS = (
    "title",
    "outlet",
    "authors",
    "url",
    "archived_url",
    "year",
    "published",
    "published_precision",
    "written_after",
    "title_is_descriptive",
    "language",
    "kind",
    "link_withheld",
)
EXCERPT_COLUMNS = ("text", "language", "translation", "location_hint")


def _differs(row, values: dict) -> bool:
    return any(getattr(row, key) != value for key, value in values.items())


def _assign(row, values: dict, now) -> None:
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = now


def versions_carrying(*, excerpt_ids=(), source_ids=()):
    """Stored versions that carry a copy of these quotes or of quotes from these sources."""
    return ProfileVersion.objects.filter(
        Q(cited_excerpts__in=list(excerpt_ids)) | Q(cited_excerpts__source_id__in=list(source_ids))
    ).distinct()


def refresh_live_copies(*, excerpt_ids=(), source_ids=(), now=None) -> set[int]:
    """Put the current public copy of these quotes and sources into the live versions that carry
    them (a correction an editor published reaches every live profile citing it at once); old
    versions keep their wording. Returns the profile ids whose live version changed."""
    excerpt_ids, source_ids = set(excerpt_ids), set(source_ids)
    public_excerpts = {
        e.excerpt_id: e for e in PublicExcerpt.objects.filter(excerpt_id__in=excerpt_ids).select_related("source")
    }
    public_sources = {s.source_id: s for s in PublicSource.objects.filter(source_id__in=source_ids)}
    changed = set()
    live = versions_carrying(excerpt_ids=excerpt_ids, source_ids=source_ids).filter(public__isnull=False)
    for version in live:
        snapshot = version.snapshot
        excerpts = [_excerpt_from_public(e, public_excerpts.get(e["id"])) for e in snapshot["excerpts"]]
        sources = [_source_from_public(s, public_sources.get(s["id"])) for s in snapshot["sources"]]
        if excerpts != snapshot["excerpts"] or sources != snapshot["sources"]:
            version.snapshot = {**snapshot, "excerpts": excerpts, "sources": sources}
            _save_in_place(version, now=now)
            changed.add(version.profile_id)
    return changed


def _excerpt_from_public(copy: dict, public: PublicExcerpt | None) -> dict:
    if public is None:
        return copy
    return {
        **copy,
        "text": public.text,
        "translation": public.translation,
        "location_hint": public.location_hint,
        "language": public.language,
    }


def _source_from_public(copy: dict, public: PublicSource | None) -> dict:
    if public is None:
        return copy
    return {
        **copy,
        **{key: getattr(public, key) for key in SOURCE_COLUMNS},
        "published_on": public.published_on.isoformat() if public.published_on else None,
    }


def remask_versions(versions, *, now=None) -> set[int]:
    """Mask stored versions again with the current register (masking only removes, so this is
    safe to repeat). Returns the profile ids whose live version changed."""
    versions = list(versions)
    # One context for the batch: whom a quote or source concerns does not depend on which version
    # carries it, and reading it per version cost a dozen queries each (seconds when a growing
    # register reaches a hundred versions).
    context = shared_context(
        {e["id"] for version in versions for e in version.snapshot["excerpts"]},
        {s["id"] for version in versions for s in version.snapshot["sources"]},
    )
    masks = PublicMasks()
    # And the names and registers every text of the batch needs, in a few queries rather than a
    # few per version.
    masks.prepare(
        [*strings_in([version.snapshot for version in versions]), *(version.change_note for version in versions)],
        {version.profile_id for version in versions}.union(*context[0].values(), *context[1].values()),
    )
    changed = set()
    for version in versions:
        snapshot = mask_snapshot(version.snapshot, masks, context=context)
        note = masks.mask(version.change_note, concerning={version.profile_id})
        if snapshot == version.snapshot and note == version.change_note:
            continue
        version.snapshot, version.change_note = snapshot, note
        live = _save_in_place(version, now=now)
        if live:
            changed.add(version.profile_id)
    return changed


def _save_in_place(version: ProfileVersion, *, now=None) -> bool:
    """Store a version rewritten in place; when it is live, the index and the partners' change
    feed follow. Returns whether it is live."""
    now = now or timezone.now()
    # Its page shows every version's change note, so a rewritten old version changes it too.
    baking.forget([version.profile_id])
    version.redacted_at = now
    version.save(update_fields=["snapshot", "change_note", "redacted_at"])
    public = PublicProfile.objects.filter(version=version).first()
    if public is None:
        return False
    for name, value in public_profile_fields(version).items():
        setattr(public, name, value)
    public.save()
    index_relations(public, version.snapshot)
    ChangeEvent.objects.create(
        profile_id=version.profile_id,
        slug=public.slug,
        action=ChangeEvent.Action.UPDATED,
        version=version,
        at=now,
    )
    return True
