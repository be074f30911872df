"""The transitions of a profile's working copy that publish nothing: edit, submit, request changes,
withdraw and revert."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from profiles import notifications
from profiles.models import ChangeEvent, Profile, ProfileVersion
from profiles.projection.working_copy import restore_working_copy
from profiles.workflow.guards import (
    Action,
    Status,
    WorkflowError,
    after_public_change,
    lock,
    record,
    require_permission,
    require_status,
)
from profiles.workflow.indexing import remove_from_index


@transaction.atomic
def record_edit(profile: Profile, *, actor) -> None:
    """The working copy changed: note the author, bump the revision, and take a published or
    scheduled profile back to draft (the live version stays public until the next publish)."""
    locked = lock(profile)
    from_status = locked.status
    fields = ["revision", "updated_at", "updated_by"]
    locked.revision = F("revision") + 1
    locked.updated_by = actor
    if locked.status in {Status.PUBLISHED, Status.SCHEDULED, Status.WITHDRAWN}:
        # An approved schedule must not publish edits nobody reviewed.
        locked.status = Status.DRAFT
        locked.scheduled_for = None
        fields += ["status", "scheduled_for"]
    locked.save(update_fields=fields)
    if actor is not None:
        locked.pending_authors.add(actor)
    if from_status != locked.status:
        record(locked, actor=actor, action=Action.EDIT, from_status=from_status)
    profile.refresh_from_db()


def change_status(
    profile: Profile, *, actor, action: str, allowed: set[str], doing: str, to: str, comment: str = "", **fields
) -> None:
    """The plain transitions: lock the profile, check its status allows `doing`, move it to `to`
    (setting `fields` too) and record it. Call inside the caller's transaction."""
    locked = lock(profile)
    require_status(locked, allowed, doing)
    from_status = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields, "updated_at"])
    record(locked, actor=actor, action=action, from_status=from_status, comment=comment.strip())
    profile.refresh_from_db()


@transaction.atomic
def submit_for_review(profile: Profile, *, actor, comment: str = "") -> None:
    require_permission(actor, "submit_profile", "Your role cannot submit profiles for review.")
    change_status(
        profile,
        actor=actor,
        action=Action.SUBMIT,
        allowed={Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN},
        doing="submit for review",
        to=Status.IN_REVIEW,
        comment=comment,
        submitted_by=actor,
    )
    notifications.submitted_for_review(profile, actor=actor, comment=comment)


@transaction.atomic
def request_changes(profile: Profile, *, actor, comment: str) -> None:
    require_permission(actor, "review_profile", "Only editors can review profiles.")
    if not (comment or "").strip():
        raise WorkflowError("Say what should change: a comment is required.")
    change_status(
        profile,
        actor=actor,
        action=Action.REQUEST_CHANGES,
        allowed={Status.IN_REVIEW, Status.SCHEDULED},
        doing="request changes",
        to=Status.CHANGES_REQUESTED,
        comment=comment,
        scheduled_for=None,
    )
    notifications.changes_requested(profile, actor=actor, comment=comment)


@transaction.atomic
def withdraw_profile(profile: Profile, *, actor, reason: str, now=None) -> None:
    """Take the profile off the public site and API; its versions and history stay."""
    require_permission(actor, "withdraw_profile", "Only editors can withdraw profiles.")
    locked = lock(profile)
    if not locked.is_public:
        raise WorkflowError("This profile is not published, so there is nothing to withdraw.")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Say why the profile is withdrawn (kept in the private history).")
    now = now or timezone.now()
    from_status = locked.status
    locked.live_version = None
    locked.status = Status.WITHDRAWN
    locked.scheduled_for = None
    locked.save(update_fields=["live_version", "status", "scheduled_for", "updated_at"])
    remove_from_index(locked.pk)
    ChangeEvent.objects.create(profile=locked, slug=locked.slug, action=ChangeEvent.Action.WITHDRAWN, at=now)
    record(locked, actor=actor, action=Action.WITHDRAW, from_status=from_status, comment=reason)
    after_public_change()
    profile.refresh_from_db()


@transaction.atomic
def revert_to_version(profile: Profile, *, actor, version: ProfileVersion) -> None:
    """Restore the working copy to `version`; it goes live only when published again."""
    require_permission(actor, "revert_profile", "Only editors can revert profiles.")
    if version.profile_id != profile.pk:
        raise WorkflowError("That version belongs to another profile.")
    if not version.working_copy:
        raise WorkflowError("This version has no stored working copy to restore.")
    locked = lock(profile)
    from_status = locked.status
    restore_working_copy(locked, version.working_copy)
    locked.status = Status.DRAFT
    locked.scheduled_for = None
    locked.revision = F("revision") + 1
    locked.updated_by = actor
    locked.save(update_fields=["status", "scheduled_for", "revision", "updated_by", "updated_at"])
    if actor is not None:
        locked.pending_authors.add(actor)
    record(
        locked,
        actor=actor,
        action=Action.REVERT,
        from_status=from_status,
        comment=f"Working copy reverted to version {version.number}.",
        version=version,
    )
    profile.refresh_from_db()
