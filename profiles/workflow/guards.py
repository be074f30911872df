"""What every workflow operation checks and records: permission, state, revision, the audit log,
and the cache purge after commit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from exodus.routers import wait_for_replica
from profiles.models import Profile, ProfileVersion, WorkflowEvent
from profiles.workflow import baking
from profiles.workflow.cache import purge_public_cache

Status = Profile.Status
Action = WorkflowEvent.Action


class WorkflowError(Exception):
    """An action the object's state does not allow; the message says why."""


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


def require_permission(actor, codename: str, message: str) -> None:
    """Server-side role check; actor None is the system itself (commands, cron, loaders)."""
    if actor is not None and not actor.has_perm(f"profiles.{codename}"):
        raise PermissionDenied(message)


def lock(profile: Profile) -> Profile:
    # Row lock on PostgreSQL so concurrent publishers (or two cron runs) serialise on the profile.
    return Profile.objects.select_for_update().get(pk=profile.pk)


def require_status(profile: Profile, allowed: set, doing: str) -> None:
    if profile.status not in allowed:
        raise WorkflowError(f"Cannot {doing}: the profile is {profile.get_status_display().lower()}.")


def require_revision(profile: Profile, expected: int | None) -> None:
    if expected is None or expected == profile.revision:
        return
    who = profile.updated_by.get_username() if profile.updated_by_id else "someone else"
    when = timezone.localtime(profile.updated_at).strftime("%d %b %Y at %H:%M:%S")
    raise WorkflowError(
        f"{who} changed this profile on {when}, after you opened the review. Nothing was published: "
        "look at the changes again before approving."
    )


def clean_change_note(change_note: str) -> str:
    change_note = (change_note or "").strip()
    if not change_note:
        raise WorkflowError("A published version needs a public change note.")
    limit = ProfileVersion._meta.get_field("change_note").max_length
    if len(change_note) > limit:
        raise WorkflowError(f"Keep the public change note to {limit} characters (it has {len(change_note)}).")
    return change_note


def after_public_change() -> None:
    """Render again, in this transaction, the profiles whose stored pages and payloads the action
    removed; drop cached pages once the change is committed, never before."""
    baking.bake_pending()
    transaction.on_commit(wait_for_replica)
    transaction.on_commit(purge_public_cache)
