"""The safety invariant, checked over everything public (`manage.py audit_public`).

Nothing here trusts the code that wrote the public record: every public row and file is read back
and checked against the register of withheld places and the approved state of what it shows;
pages and payloads stored at publish (and the page files nginx serves) must equal the live version
rendered now.
A problem is named precisely (which row, which field) but never quotes the withheld value, so the
report itself can be pasted into a ticket.
"""

from pathlib import Path

from django.conf import settings

from profiles.imaging import image_metadata_problems
from profiles.models import (
    ChangeEvent,
    ProfileVersion,
    PublicExcerpt,
    PublicFigure,
    PublicProfile,
    PublicRelation,
    PublicSource,
)
from profiles.projection.build import APPROVED, mask_shared, mask_snapshot, shared_copies
from profiles.projection.concern import PublicMasks, excerpt_concerns
from profiles.storage import public_storage
from profiles.workflow.baking import baked_file_problems
from profiles.workflow.portrait_files import shown_rendition_names
from sources.models import AggregateFigure, Excerpt


def audit_public_record() -> list[str]:
    """Every way the public record breaks the safety rules; empty when it is sound."""
    return [
        *_live_profiles(),
        *_public_versions(),
        *_shared_copies(),
        *_relations(),
        *_figures(),
        *_change_feed(),
        *_media_files(),
        *baked_file_problems(),
    ]


def _changed_fields(before, after, prefix="") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        return [f for key in before for f in _changed_fields(before[key], after.get(key), f"{prefix}{key}.")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            f
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for f in _changed_fields(b, a, f"{prefix}{i}.")
        ]
    return [prefix.rstrip(".")] if before != after else []


def _live_profiles() -> list[str]:
    problems = []
    for public in PublicProfile.objects.select_related("profile", "version").only(
        "slug", "version_id", "version__profile_id", "profile__live_version_id", "profile__status"
    ):
        profile = public.profile
        if profile.live_version_id != public.version_id or public.version.profile_id != profile.pk:
            problems.append(f"profile {public.slug}: the public index shows a version that is not its live one")
        if profile.status in {profile.Status.WITHDRAWN}:
            problems.append(f"profile {public.slug}: withdrawn but still in the public index")
    return problems


def _public_versions() -> list[str]:
    """Every version the public can read (the history of live profiles) is masked by the rule."""
    problems = []
    masks = PublicMasks()
    for version in ProfileVersion.objects.public().select_related("profile").iterator(chunk_size=200):
        masked = mask_snapshot(version.snapshot, masks)
        for field in _changed_fields(version.snapshot, masked):
            problems.append(f"profile {version.profile.slug} v{version.number}: {field} shows a withheld place")
        if masks.mask(version.change_note, concerning={version.profile_id}) != version.change_note:
            problems.append(f"profile {version.profile.slug} v{version.number}: the change note shows a withheld place")
    return problems


def _shared_copies() -> list[str]:
    """Public quotes and sources equal what an editor approved, masked for everyone they concern."""
    problems = []
    public_excerpts = {e.excerpt_id: e for e in PublicExcerpt.objects.select_related("source")}
    excerpts = list(
        Excerpt.objects.filter(pk__in=public_excerpts).select_related("source__outlet").defer("source__full_text")
    )
    for excerpt in excerpts:
        if excerpt.approved is None:
            problems.append(f"excerpt {excerpt.pk}: public but never approved")
    copies, sources = shared_copies(excerpts, list({e.source_id: e.source for e in excerpts}.values()), state=APPROVED)
    copies, sources = mask_shared(copies, sources, PublicMasks())
    for excerpt_id, public in public_excerpts.items():
        expected = copies.get(excerpt_id)
        if expected is None:
            problems.append(f"excerpt {excerpt_id}: public without an approved text to show")
            continue
        for field in ("text", "translation", "location_hint"):
            if getattr(public, field) != expected[field]:
                problems.append(f"excerpt {excerpt_id}: public {field} differs from its approved, masked text")
    for public in PublicSource.objects.all():
        expected = sources.get(public.source_id)
        if expected is None:
            problems.append(f"source {public.source_id}: public without an approved, cited quote")
            continue
        for field in ("title", "outlet", "authors", "url", "archived_url", "link_withheld"):
            if getattr(public, field) != expected[field]:
                problems.append(f"source {public.source_id}: public {field} differs from its approved, masked copy")
    return problems


def _relations() -> list[str]:
    """Public relations are those live versions publish, masked for both profiles they concern."""
    problems = []
    masks = PublicMasks()
    rows = PublicRelation.objects.select_related("public_profile__version").defer(
        "public_profile__version__working_copy"
    )
    for row in rows:
        owner = row.public_profile
        live = {r["id"]: r for r in owner.version.snapshot.get("relations", [])}.get(row.relation_id)
        where = f"relation {row.relation_id} of profile {owner.slug}"
        if live is None or (live["profile_id"], live["kind"], live["text"]) != (
            row.related_profile_id,
            row.kind,
            row.text,
        ):
            problems.append(f"{where}: public, but not as its live version publishes it")
        if masks.mask(row.text, concerning={owner.profile_id, row.related_profile_id}) != row.text:
            problems.append(f"{where}: its text shows a withheld place")
    return problems


def _figures() -> list[str]:
    problems = []
    published = set(AggregateFigure.objects.filter(is_published=True).values_list("pk", flat=True))
    masks = PublicMasks()
    rows = list(PublicFigure.objects.all())
    concerns = excerpt_concerns({row.excerpt_id for row in rows})
    for row in rows:
        if row.figure_id not in published:
            problems.append(f"figure {row.figure_id}: public but not published by an editor")
        concerning = concerns.get(row.excerpt_id, set())
        for field in ("dataset", "label", "period", "as_written", "quote", "source_title", "source_outlet"):
            value = getattr(row, field)
            if masks.mask(value, concerning=concerning) != value:
                problems.append(f"figure {row.figure_id}: {field} shows a withheld place")
    return problems


def _change_feed() -> list[str]:
    live = set(PublicProfile.objects.values_list("profile_id", flat=True))
    withdrawn_last = []
    latest: dict[int, str] = {}
    for profile_id, action in ChangeEvent.objects.order_by("pk").values_list("profile_id", "action"):
        latest[profile_id] = action
    for profile_id, action in latest.items():
        if action == ChangeEvent.Action.WITHDRAWN and profile_id in live:
            withdrawn_last.append(f"profile {profile_id}: the change feed says withdrawn, the index shows it")
        if action != ChangeEvent.Action.WITHDRAWN and profile_id not in live:
            withdrawn_last.append(f"profile {profile_id}: not public, but the change feed never withdrew it")
    return withdrawn_last


def _media_files() -> list[str]:
    """Public media holds only metadata-free renditions that public versions show."""
    problems = []
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return problems
    shown = shown_rendition_names(ProfileVersion.objects.public())
    storage = public_storage()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if name not in shown:
            problems.append(f"media file {name}: public, but no public version shows it")
        for problem in image_metadata_problems(storage.path(name)):
            problems.append(f"media file {name}: {problem}")
    return problems
