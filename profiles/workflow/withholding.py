"""The register of withheld places, and how its growth reaches everything already public.

When a profile is published its withheld places are registered (`register`). When that adds a
place the public record did not yet hide — a new withheld city, a redaction — or the profile starts
citing quotes others cite, every public copy that concerns it is masked again before the action
returns (`spread`): the shared quotes and sources, every stored version carrying them, every
version and change note that names the profile, and the figures quoting them.
"""

import json

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from profiles.models import Citation, NameForm, ProfileVersion, PublicCitation, RelationCitation, WithheldPlace
from profiles.placenames.gazetteer import person_forms
from profiles.workflow.figures import index_figures
from profiles.workflow.indexing import remask_versions, sync_shared, versions_carrying
from sources.models import AggregateFigure, Excerpt, Source


def register(profile, withheld: dict[str, frozenset[str]], *, redacted: bool = False) -> set[str]:
    """Record the places `profile`'s published state withholds; returns the forms that are new.

    Without `redacted`, `withheld` replaces what the timeline withheld before (the live version
    decides); with it, the places are added for good, as a redaction requires.
    """
    before = {
        form
        for forms in WithheldPlace.objects.filter(profile=profile).values_list("forms", flat=True)
        for form in forms
    }
    if not redacted:
        WithheldPlace.objects.filter(profile=profile, redacted=False).exclude(name__in=withheld).delete()
    kept = set(WithheldPlace.objects.filter(profile=profile, redacted=True).values_list("name", flat=True))
    for name, forms in withheld.items():
        if name in kept and not redacted:
            continue
        WithheldPlace.objects.update_or_create(
            profile=profile, name=name, defaults={"forms": sorted(forms), **({"redacted": True} if redacted else {})}
        )
    after = {
        form
        for forms in WithheldPlace.objects.filter(profile=profile).values_list("forms", flat=True)
        for form in forms
    }
    _register_names(profile, has_withheld=bool(after))
    return after - before


def register_first_publications(withheld: dict) -> None:
    """`register` for many never-published profiles at once (the bulk loader): {profile: places}."""
    WithheldPlace.objects.bulk_create(
        (
            WithheldPlace(profile=profile, name=name, forms=sorted(forms))
            for profile, places in withheld.items()
            for name, forms in places.items()
        ),
        batch_size=2000,
    )
    NameForm.objects.bulk_create(
        (
            NameForm(profile=profile, form=form[:200])
            for profile, places in withheld.items()
            if places
            for form in sorted(person_forms(profile.all_names(), is_person=profile.kind == profile.Kind.PERSON))
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


def _register_names(profile, *, has_withheld: bool) -> None:
    """Only profiles that withhold something need to be found by name in other texts."""
    NameForm.objects.filter(profile=profile).delete()
    if has_withheld:
        forms = person_forms(profile.all_names(), is_person=profile.kind == profile.Kind.PERSON)
        NameForm.objects.bulk_create(NameForm(profile=profile, form=form[:200]) for form in sorted(forms))


def spread(profile_ids, *, excerpt_ids=(), now=None) -> set[int]:
    """Mask again every public copy concerning `profile_ids` (and these quotes). Returns the profile
    ids whose live version changed."""
    profile_ids, now = set(profile_ids), now or timezone.now()
    names = {form for form in NameForm.objects.filter(profile_id__in=profile_ids).values_list("form", flat=True)}
    naming = _text_pattern(names)
    excerpts = set(excerpt_ids)
    excerpts |= set(Citation.objects.filter(entry__profile_id__in=profile_ids).values_list("excerpt_id", flat=True))
    excerpts |= set(
        RelationCitation.objects.filter(
            Q(relation__profile_id__in=profile_ids) | Q(relation__related_profile_id__in=profile_ids)
        ).values_list("excerpt_id", flat=True)
    )
    excerpts |= set(
        PublicCitation.objects.filter(public_profile__profile_id__in=profile_ids).values_list(
            "excerpt__excerpt_id", flat=True
        )
    )
    excerpts |= set(Excerpt.objects.filter(speaker_id__in=profile_ids).values_list("pk", flat=True))
    sources = set()
    if naming:
        excerpts |= set(
            Excerpt.objects.filter(Q(text__regex=naming) | Q(translation__regex=naming)).values_list("pk", flat=True)
        )
        sources = set(
            Source.objects.filter(Q(title__regex=naming) | Q(outlet__name__regex=naming)).values_list("pk", flat=True)
        )
    sync_shared(excerpt_ids=excerpts, source_ids=sources)
    version_ids = set(versions_carrying(excerpt_ids=excerpts, source_ids=sources).values_list("pk", flat=True))
    version_ids |= set(ProfileVersion.objects.filter(profile_id__in=profile_ids).values_list("pk", flat=True))
    # Versions whose relations point to these profiles: their words are read on these pages too.
    version_ids |= set(ProfileVersion.objects.filter(related_profiles__in=profile_ids).values_list("pk", flat=True))
    if naming:
        version_ids |= _versions_naming(naming)
    changed = remask_versions(ProfileVersion.objects.filter(pk__in=version_ids).order_by("pk"), now=now)
    index_figures(AggregateFigure.objects.filter(excerpt_id__in=excerpts).values_list("pk", flat=True))
    return changed


def _text_pattern(forms) -> str:
    """One case-insensitive pattern both SQLite (Python's re) and PostgreSQL (ARE) read the same
    way: letters as [xX] classes (PostgreSQL folds case by locale, which may not know Cyrillic)
    and every other character escaped, matched as whole words."""
    if not forms:
        return ""
    parts = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        chars = []
        for char in form:
            if char.isalpha() and char.lower() != char.upper():
                chars.append(f"[{char.lower()}{char.upper()}]")
            elif char.isalnum():
                chars.append(char)
            elif char == " ":
                chars.append(" ")
            else:
                chars.append("\\" + char)
        parts.append("".join(chars))
    return "(" + "|".join(parts) + ")"


def _versions_naming(pattern: str) -> set[int]:
    """Ids of stored versions whose public text (snapshot or change note) may name someone."""
    if connection.vendor == "postgresql":
        return set(
            ProfileVersion.objects.annotate(text=Cast("snapshot", TextField()))
            .filter(Q(text__regex=pattern) | Q(change_note__regex=pattern))
            .values_list("pk", flat=True)
        )
    # SQLite stores JSON with non-ASCII letters escaped; read it as text in Python (SQLite holds
    # development-sized data).
    import re

    compiled = re.compile(pattern)
    return {
        pk
        for pk, snapshot, note in ProfileVersion.objects.values_list("pk", "snapshot", "change_note").iterator()
        if compiled.search(json.dumps(snapshot, ensure_ascii=False)) or compiled.search(note)
    }


def rebuild_register() -> int:
    """Register the withheld places of every profile ever published, from the working copy stored
    with its live (or, once withdrawn, latest) version, and mask everything public again. For a
    public record published before the register existed; idempotent. Returns how many profiles."""
    from types import SimpleNamespace

    from profiles.models import Profile
    from profiles.placenames.withheld import profile_withheld

    profiles = list(Profile.objects.filter(versions__isnull=False).distinct())
    for profile in profiles:
        version = profile.live_version or profile.versions.order_by("-number").first()
        entries = [SimpleNamespace(**entry) for entry in version.working_copy.get("timeline", [])]
        redacted = {
            name: frozenset(forms)
            for name, forms in WithheldPlace.objects.filter(profile=profile, redacted=True).values_list("name", "forms")
        }
        register(profile, profile_withheld(entries, redacted))
    spread({p.pk for p in profiles})
    index_figures(AggregateFigure.objects.filter(is_published=True).values_list("pk", flat=True))
    return len(profiles)
