"""Which portrait files are public: exactly the renditions that public versions show.

Uploads go to private storage only (`profiles.imaging.store_portrait`). A rendition is copied to
the public MEDIA_ROOT when a version showing it becomes public, and removed when no public version
shows it any more. "Public versions" are `ProfileVersion.objects.public()`: every version of a
live profile, not only the live one, because the API's /versions/ endpoints serve old snapshots,
portrait URLs included, for as long as the profile is live. So a replaced portrait stays public
beside the old versions that show it, and goes when the profile is withdrawn, or when a redaction
rewrites those versions (which should then call `remove_unshown_portrait_files`).

Originals never leave private storage. Names are the same in both storages, so the URL a snapshot
stores (built from the public storage when it is taken) is valid once the copy lands.
"""

import logging
import posixpath
from functools import partial
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from profiles.imaging import ORIGINALS_DIR, RENDITIONS_DIR, clean_portrait, image_metadata_problems
from profiles.models import Profile, ProfileVersion
from profiles.storage import private_storage, public_storage

logger = logging.getLogger(__name__)


def rendition_names(portrait: dict | None) -> set[str]:
    """Storage names of the renditions a snapshot's `portrait` shows, read from its URLs.

    The name is found by its folder, not by stripping MEDIA_URL: versions published under an
    earlier MEDIA_URL (a move to a CDN) must still be found when their files are to be removed.
    """
    names = set()
    for rendition in (portrait or {}).get("renditions") or []:
        path = unquote(urlsplit(rendition.get("url") or "").path)
        start = path.find("/" + RENDITIONS_DIR)
        if start == -1:
            continue
        name = path[start + 1 :]
        # Only a file directly in the renditions folder: a stored URL must never make us copy or
        # delete anything else (an original, or a file outside the portraits folder).
        if "/" not in name.removeprefix(RENDITIONS_DIR) and ".." not in name and "\\" not in name:
            names.add(name)
    return names


def shown_rendition_names(versions) -> set[str]:
    names = set()
    for portrait in versions.filter(snapshot__portrait__renditions__isnull=False).values_list(
        "snapshot__portrait", flat=True
    ):
        names |= rendition_names(portrait)
    return names


def publish_portrait_files(profile_id: int) -> None:
    """Once the current transaction commits, copy to public storage every rendition the profile's
    public versions show (the live one and the older ones the API serves). Idempotent.

    After commit, not before: a publication that rolls back must not have made anything public.
    A failed copy (a full disk) is logged and does not undo the publication; publishing again
    copies whatever is missing.
    """
    transaction.on_commit(partial(copy_portrait_files, profile_id), robust=True)


def copy_portrait_files(profile_id: int) -> list[str]:
    """Copy now what `publish_portrait_files` schedules; returns the names copied."""
    private, public = private_storage(), public_storage()
    copied = []
    with transaction.atomic():
        # A withdrawal holds this row lock until it commits: a copy racing with it waits, then
        # finds no public version, instead of putting back files the withdrawal just removed.
        list(Profile.objects.select_for_update().filter(pk=profile_id).values_list("pk"))
        for name in sorted(shown_rendition_names(ProfileVersion.objects.public().filter(profile_id=profile_id))):
            if public.exists(name):
                continue
            try:
                with private.open(name) as file:
                    # Last line of defence: never publish a file that carries metadata (a
                    # rendition made before uploads were cleaned, say).
                    problems = image_metadata_problems(file)
                    if problems:
                        logger.error("Not publishing portrait file %s: it carries %s.", name, ", ".join(problems))
                        continue
                    saved = public.save(name, file)
            except FileNotFoundError:
                logger.warning("Portrait file %s is missing from private storage; not published.", name)
                continue
            if saved != name:  # another process copied it meanwhile; keep one copy under the shown name
                public.delete(saved)
            else:
                copied.append(name)
    return copied


def unpublish_portrait_files(profile_id: int) -> list[str]:
    """Remove from public storage, now, the renditions any version of this profile showed that no
    public version (of any profile: two profiles may share a picture) shows. Returns them.

    Now, inside the caller's transaction, not after commit: a withdrawal is often a safety action,
    and the pictures must be gone when it returns. Should the transaction roll back, the profile
    stays live with its pictures missing (broken images, never a leak) until it is published
    again, which copies back whatever is missing.
    """
    candidates = shown_rendition_names(ProfileVersion.objects.filter(profile_id=profile_id))
    if not candidates:
        return []
    # Only versions whose portrait mentions one of these files are read, however many profiles exist.
    digests = {posixpath.basename(name).split("-")[0] for name in candidates}
    mentions = Q()
    for digest in digests:
        mentions |= Q(snapshot__portrait__renditions__icontains=digest)
    still_shown = shown_rendition_names(ProfileVersion.objects.public().filter(mentions))
    return _delete_public(candidates - still_shown)


def secure_portrait_files() -> dict[str, list[str]]:
    """Bring stored portrait files to the rules, whatever put them where they are: every file kept
    privately and clean, public media exactly the clean renditions public versions show.

    For a site upgraded from when originals were stored, as uploaded, in MEDIA_ROOT, and for
    repairs. Idempotent; returns the names it moved, cleaned, removed and copied.
    """
    private, public = private_storage(), public_storage()
    moved = sorted(name for name in _stored_names(public) if not private.exists(name))
    for name in moved:
        _keep_privately(name)
    cleaned = []
    for name in sorted(_stored_names(private)):
        with private.open(name) as file:
            if not image_metadata_problems(file):
                continue
            try:
                content = clean_portrait(file)
            except ValidationError:
                logger.warning("Private portrait file %s carries metadata but cannot be cleaned.", name)
                continue
        private.delete(name)
        private.save(name, content)
        cleaned.append(name)
    dirty = set()
    for name in _stored_names(public):
        with public.open(name) as file:
            if image_metadata_problems(file):
                dirty.add(name)
    removed = _delete_public(dirty) + remove_unshown_portrait_files()
    copied = []
    for profile_id in Profile.objects.filter(public__isnull=False).values_list("pk", flat=True):
        copied += copy_portrait_files(profile_id)
    return {"moved": moved, "cleaned": cleaned, "removed": sorted(removed), "copied": sorted(copied)}


def _stored_names(storage) -> set[str]:
    names = set()
    for folder in (ORIGINALS_DIR, RENDITIONS_DIR):
        try:
            names |= {folder + name for name in storage.listdir(folder)[1]}
        except FileNotFoundError:
            continue
    return names


def remove_unshown_portrait_files() -> list[str]:
    """Sweep the public portrait folders: remove every file no public version shows (originals
    included, which never belong there). For redactions that rewrite versions, and for repairs.

    Nothing is lost: a file private storage lacks (one stored before originals were kept
    privately) is moved there, cleaned, rather than deleted.
    """
    unshown = _stored_names(public_storage()) - shown_rendition_names(ProfileVersion.objects.public())
    for name in unshown:
        _keep_privately(name)
    return _delete_public(unshown)


def _keep_privately(name: str) -> None:
    private = private_storage()
    if private.exists(name):
        return
    with public_storage().open(name) as file:
        try:
            content = clean_portrait(file)
        except ValidationError:
            logger.warning("Keeping %s privately as it is: it is not an image that can be cleaned.", name)
            file.seek(0)
            content = ContentFile(file.read())
    private.save(name, content)


def _delete_public(names: set[str]) -> list[str]:
    public = public_storage()
    removed = []
    for name in sorted(names):
        if public.exists(name):
            public.delete(name)
            removed.append(name)
    return removed
