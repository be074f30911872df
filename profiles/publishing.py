"""Domain operations that publish and withdraw profiles.

Each is atomic, records who did what in `WorkflowEvent`, and is the only writer of the public
index, so the public site and API can never see anything an editor did not publish.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, ProfileVersion, WorkflowEvent
from profiles.public_index import index_version, remove_from_index
from profiles.snapshot import build_snapshot, load_profile_for_snapshot


class WorkflowError(Exception):
    """An action the profile's state or the user's role does not allow; the message says why."""


def record(profile: Profile, *, actor, action: str, from_status: str, comment: str = "", **extra) -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        profile=profile,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=profile.status,
        comment=comment,
        **extra,
    )


def _lock(profile: Profile) -> Profile:
    # Row lock on PostgreSQL so concurrent publishers (or two cron runs) serialise on the profile.
    return Profile.objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def publish_profile(
    profile: Profile, *, actor, change_note: str, is_correction: bool = False, now=None
) -> ProfileVersion:
    """Take an immutable, numbered version of the working copy and make it the public one."""
    change_note = (change_note or "").strip()
    if not change_note:
        raise WorkflowError("A published version needs a public change note.")
    locked = _lock(profile)
    now = now or timezone.now()
    loaded = load_profile_for_snapshot(locked.pk)
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProfileVersion.objects.create(
        profile=locked,
        number=number,
        snapshot=build_snapshot(loaded),
        change_note=change_note,
        is_correction=is_correction,
        published_at=now,
        published_by=actor,
    )
    from_status = locked.status
    locked.live_version = version
    locked.status = Profile.Status.PUBLISHED
    locked.scheduled_for = None
    locked.submitted_by = None
    locked.save(update_fields=["live_version", "status", "scheduled_for", "submitted_by", "updated_at"])
    locked.pending_authors.clear()
    index_version(version)
    ChangeEvent.objects.create(
        profile=locked, slug=locked.slug, action=ChangeEvent.Action.PUBLISHED, version=version, at=now
    )
    record(locked, actor=actor, action=WorkflowEvent.Action.PUBLISH, from_status=from_status, version=version)
    _after_public_change()
    profile.refresh_from_db()
    return version


@transaction.atomic
def withdraw_profile(profile: Profile, *, actor, reason: str, now=None) -> None:
    """Take the profile off the public site and API; its versions and history stay."""
    locked = _lock(profile)
    if not locked.is_public:
        raise WorkflowError("This profile is not published, so there is nothing to withdraw.")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Say why the profile is withdrawn (kept in the private history).")
    now = now or timezone.now()
    from_status = locked.status
    locked.live_version = None
    locked.status = Profile.Status.WITHDRAWN
    locked.scheduled_for = None
    locked.save(update_fields=["live_version", "status", "scheduled_for", "updated_at"])
    remove_from_index(locked.pk)
    ChangeEvent.objects.create(profile=locked, slug=locked.slug, action=ChangeEvent.Action.WITHDRAWN, at=now)
    record(locked, actor=actor, action=WorkflowEvent.Action.WITHDRAW, from_status=from_status, comment=reason)
    _after_public_change()
    profile.refresh_from_db()


def _after_public_change() -> None:
    """Public pages are cached; drop them once the change is committed, never before."""
    from profiles.cache import purge_public_cache

    transaction.on_commit(purge_public_cache)
