"""The editorial workflow: every transition of a profile is one function here.

Each is atomic, checks the actor's permission on the server (actor=None is the system: cron, the
corpus loader), records who did what in `WorkflowEvent`, and only these functions write the
public index, so the public site and API never see anything an editor did not publish.

    draft ──submit──▶ in review ──approve_and_publish──▶ published ──(edit)──▶ draft …
                        │   ▲                 │
        request_changes ▼   │ submit          └─schedule_publication─▶ scheduled ─(publish_due)─▶ published
                  changes requested
    published ──withdraw──▶ withdrawn (versions and history kept; a deletion in the sync feed)
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from profiles.models import ChangeEvent, Profile, ProfileVersion, PublicCitation, WithheldPlace, WorkflowEvent
from profiles.projection.build import load_profile, ordered_entries, project_profile, public_change_note
from profiles.projection.withheld import profile_withheld
from profiles.public_index import index_version, refresh_live_copies, remove_from_index
from profiles.shared_review import (
    SharedReviewError,
    after_approval,
    approve_cited,
    excerpts_of,
    require_unverified_reason,
    shared_authors,
    unverified_cited,
)
from profiles.withholding import register, spread
from profiles.working_copy import restore_working_copy, serialize_working_copy

logger = logging.getLogger(__name__)
Status = Profile.Status
Action = WorkflowEvent.Action


class WorkflowError(SharedReviewError):
    """An action the profile's state does not allow; the message says why."""


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


def _lock(profile: Profile) -> Profile:
    # Row lock on PostgreSQL so concurrent publishers (or two cron runs) serialise on the profile.
    return Profile.objects.select_for_update().get(pk=profile.pk)


def _require_status(profile: Profile, allowed: set, doing: str) -> None:
    if profile.status not in allowed:
        raise WorkflowError(f"Cannot {doing}: the profile is {profile.get_status_display().lower()}.")


def _require_revision(profile: Profile, expected: int | None) -> None:
    if expected is None or expected == profile.revision:
        return
    who = profile.updated_by.get_username() if profile.updated_by_id else "someone else"
    when = timezone.localtime(profile.updated_at).strftime("%d %b %Y at %H:%M:%S")
    raise WorkflowError(
        f"{who} changed this profile on {when}, after you opened the review. Nothing was published: "
        "look at the changes again before approving."
    )


def _clean_change_note(change_note: str) -> str:
    change_note = (change_note or "").strip()
    if not change_note:
        raise WorkflowError("A published version needs a public change note.")
    limit = ProfileVersion._meta.get_field("change_note").max_length
    if len(change_note) > limit:
        raise WorkflowError(f"Keep the public change note to {limit} characters (it has {len(change_note)}).")
    return change_note


def check_four_eyes(profile: Profile, actor, *, override_reason: str = "") -> None:
    """Nobody approves a change they submitted or wrote — including changes to the quotes and
    sources the profile cites, which its approval publishes — unless the newsroom turned the rule
    off or an administrator overrides it with a recorded reason."""
    if actor is None or not settings.EXODUS_FOUR_EYES:
        return
    authors = set(profile.pending_authors.values_list("pk", flat=True)) | shared_authors(profile)
    if profile.submitted_by_id:
        authors.add(profile.submitted_by_id)
    if actor.pk not in authors:
        return
    if override_reason.strip() and actor.has_perm("profiles.override_four_eyes"):
        return
    raise PermissionDenied(
        "Four-eyes rule: you submitted or edited this change, so another editor must approve it."
        + (" Only an administrator may override, with a reason." if override_reason.strip() else "")
    )


@transaction.atomic
def record_edit(profile: Profile, *, actor) -> None:
    """The working copy changed: note the author, bump the revision, and take a published or
    scheduled profile back to draft (the live version stays public until the next publish)."""
    locked = _lock(profile)
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


@transaction.atomic
def submit_for_review(profile: Profile, *, actor, comment: str = "") -> None:
    require_permission(actor, "submit_profile", "Your role cannot submit profiles for review.")
    locked = _lock(profile)
    _require_status(locked, {Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN}, "submit for review")
    from_status = locked.status
    locked.status = Status.IN_REVIEW
    locked.submitted_by = actor
    locked.save(update_fields=["status", "submitted_by", "updated_at"])
    record(locked, actor=actor, action=Action.SUBMIT, from_status=from_status, comment=comment.strip())
    profile.refresh_from_db()


@transaction.atomic
def request_changes(profile: Profile, *, actor, comment: str) -> None:
    require_permission(actor, "review_profile", "Only editors can review profiles.")
    if not (comment or "").strip():
        raise WorkflowError("Say what should change: a comment is required.")
    locked = _lock(profile)
    _require_status(locked, {Status.IN_REVIEW, Status.SCHEDULED}, "request changes")
    from_status = locked.status
    locked.status = Status.CHANGES_REQUESTED
    locked.scheduled_for = None
    locked.save(update_fields=["status", "scheduled_for", "updated_at"])
    record(locked, actor=actor, action=Action.REQUEST_CHANGES, from_status=from_status, comment=comment.strip())
    profile.refresh_from_db()


@transaction.atomic
def approve_and_publish(
    profile: Profile,
    *,
    actor,
    change_note: str,
    is_correction: bool = False,
    override_reason: str = "",
    unverified_reason: str = "",
    expected_revision: int | None = None,
) -> ProfileVersion:
    """Approve what is in review and publish it, with the pending changes of the quotes and
    sources it cites. `expected_revision` is the revision the reviewer looked at: if the working
    copy changed since, nothing is published (they must look again)."""
    require_permission(actor, "review_profile", "Only editors can approve profiles.")
    require_permission(actor, "publish_profile", "Only editors can publish profiles.")
    locked = _lock(profile)
    _require_status(locked, {Status.IN_REVIEW}, "approve")
    _require_revision(locked, expected_revision)
    check_four_eyes(locked, actor, override_reason=override_reason)
    unverified_reason = require_unverified_reason(unverified_cited(locked), unverified_reason)
    record(
        locked,
        actor=actor,
        action=Action.APPROVE,
        from_status=locked.status,
        override_reason=override_reason.strip(),
        unverified_reason=unverified_reason,
    )
    version = publish_profile(locked, actor=actor, change_note=change_note, is_correction=is_correction)
    profile.refresh_from_db()
    return version


@transaction.atomic
def schedule_publication(
    profile: Profile,
    *,
    actor,
    publish_at,
    change_note: str,
    is_correction: bool = False,
    override_reason: str = "",
    unverified_reason: str = "",
    expected_revision: int | None = None,
    now=None,
) -> None:
    """Approve now, publish at `publish_at` (an embargo, e.g. until the person is confirmed safe).

    The pending changes of the quotes and sources it cites are approved now, with the profile: an
    edit made to them after this waits for its own review, and is not what publishes at the time."""
    require_permission(actor, "review_profile", "Only editors can approve profiles.")
    require_permission(actor, "publish_profile", "Only editors can schedule publication.")
    now = now or timezone.now()
    if publish_at is None or publish_at <= now:
        raise WorkflowError("Choose a publication time in the future.")
    change_note = _clean_change_note(change_note)
    locked = _lock(profile)
    _require_status(locked, {Status.IN_REVIEW}, "schedule")
    _require_revision(locked, expected_revision)
    check_four_eyes(locked, actor, override_reason=override_reason)
    unverified_reason = require_unverified_reason(unverified_cited(locked), unverified_reason)
    after_approval(*approve_cited(locked, actor=actor, now=now), now=now)
    from_status = locked.status
    locked.status = Status.SCHEDULED
    locked.scheduled_for = publish_at
    locked.scheduled_change_note = change_note
    locked.scheduled_is_correction = is_correction
    locked.save(
        update_fields=["status", "scheduled_for", "scheduled_change_note", "scheduled_is_correction", "updated_at"]
    )
    record(
        locked,
        actor=actor,
        action=Action.SCHEDULE,
        from_status=from_status,
        comment=f"Publish at {publish_at:%Y-%m-%d %H:%M %Z}",
        override_reason=override_reason.strip(),
        unverified_reason=unverified_reason,
    )
    profile.refresh_from_db()


@transaction.atomic
def cancel_schedule(profile: Profile, *, actor) -> None:
    require_permission(actor, "publish_profile", "Only editors can change a schedule.")
    locked = _lock(profile)
    _require_status(locked, {Status.SCHEDULED}, "cancel the schedule")
    locked.status = Status.IN_REVIEW
    locked.scheduled_for = None
    locked.save(update_fields=["status", "scheduled_for", "updated_at"])
    record(locked, actor=actor, action=Action.UNSCHEDULE, from_status=Status.SCHEDULED)
    profile.refresh_from_db()


def publish_due(*, now=None, failed: list | None = None) -> list[ProfileVersion]:
    """Publish every scheduled profile whose time has come. Idempotent, and safe when two copies
    run at once: each profile is claimed by a conditional UPDATE inside its own transaction, which
    only one runner can win (PostgreSQL re-checks the condition after a concurrent commit; SQLite
    serialises writers). One profile failing does not hold back the others: it stays scheduled,
    is logged and its pk appended to `failed` (if given), and the next run retries it."""
    now = now or timezone.now()
    published = []
    due = Profile.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        try:
            with transaction.atomic():
                claimed = Profile.objects.filter(pk=pk, status=Status.SCHEDULED, scheduled_for__lte=now).update(
                    scheduled_for=None
                )
                if not claimed:
                    continue  # another runner has it, or it was unscheduled or edited meanwhile
                profile = Profile.objects.get(pk=pk)
                published.append(
                    publish_profile(
                        profile,
                        actor=None,
                        change_note=profile.scheduled_change_note,
                        is_correction=profile.scheduled_is_correction,
                        now=now,
                        # What was approved at scheduling time, not edits made since.
                        approve_shared=False,
                    )
                )
        except Exception:
            logger.exception("Scheduled publication of profile %s failed; it stays scheduled.", pk)
            if failed is not None:
                failed.append(pk)
    return published


@transaction.atomic
def publish_profile(
    profile: Profile, *, actor, change_note: str, is_correction: bool = False, now=None, approve_shared: bool = True
) -> ProfileVersion:
    """Take an immutable, numbered version of the working copy and make it the public one.

    The low-level step behind approve_and_publish and publish_due; it checks the publish permission
    but not review state, so the corpus loader and the scheduler can use it. With `approve_shared`
    the pending changes of the quotes and sources it cites are approved with it (the publisher saw
    them); without, the version carries what was approved before.
    """
    require_permission(actor, "publish_profile", "Only editors can publish profiles.")
    change_note = _clean_change_note(change_note)
    locked = _lock(profile)
    now = now or timezone.now()
    approved = approve_cited(locked, actor=actor, now=now) if approve_shared else (set(), set())
    loaded = load_profile(locked.pk)
    redacted = {
        name: frozenset(forms)
        for name, forms in WithheldPlace.objects.filter(profile=locked, redacted=True).values_list("name", "forms")
    }
    grew = register(locked, profile_withheld(ordered_entries(loaded), redacted))
    cited_before = set(
        PublicCitation.objects.filter(public_profile__profile=locked).values_list("excerpt__excerpt_id", flat=True)
    )
    snapshot = project_profile(loaded)
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    public_note = public_change_note(locked.pk, change_note)
    version = ProfileVersion.objects.create(
        profile=locked,
        number=number,
        snapshot=snapshot,
        working_copy=serialize_working_copy(loaded),
        change_note=public_note,
        is_correction=is_correction,
        published_at=now,
        published_by=actor,
    )
    version.cited_excerpts.set([e["id"] for e in snapshot["excerpts"]])
    from_status = locked.status
    locked.live_version = version
    locked.status = Status.PUBLISHED
    locked.scheduled_for = None
    locked.scheduled_change_note = ""
    locked.submitted_by = None
    locked.save(
        update_fields=["live_version", "status", "scheduled_for", "scheduled_change_note", "submitted_by", "updated_at"]
    )
    locked.pending_authors.clear()
    index_version(version)
    ChangeEvent.objects.create(
        profile=locked, slug=locked.slug, action=ChangeEvent.Action.PUBLISHED, version=version, at=now
    )
    record(locked, actor=actor, action=Action.PUBLISH, from_status=from_status, version=version, comment=public_note)
    approved_excerpts, approved_sources = approved
    refresh_live_copies(excerpt_ids=approved_excerpts, source_ids=approved_sources, now=now)
    # What must be masked again elsewhere: quotes whose approved words changed (they may name
    # someone), and — when this profile withholds a place — the quotes it newly cites; with a
    # newly withheld place, everything public that concerns this profile.
    remask = approved_excerpts | excerpts_of(approved_sources)
    if WithheldPlace.objects.filter(profile=locked).exists():
        remask |= {e["id"] for e in snapshot["excerpts"]} - cited_before
    if grew or remask:
        spread({locked.pk} if grew else set(), excerpt_ids=remask, now=now)
    _after_public_change()
    profile.refresh_from_db()
    return version


@transaction.atomic
def withdraw_profile(profile: Profile, *, actor, reason: str, now=None) -> None:
    """Take the profile off the public site and API; its versions and history stay."""
    require_permission(actor, "withdraw_profile", "Only editors can withdraw profiles.")
    locked = _lock(profile)
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
    _after_public_change()
    profile.refresh_from_db()


@transaction.atomic
def revert_to_version(profile: Profile, *, actor, version: ProfileVersion) -> None:
    """Restore the working copy to `version`; it goes live only when published again."""
    require_permission(actor, "revert_profile", "Only editors can revert profiles.")
    if version.profile_id != profile.pk:
        raise WorkflowError("That version belongs to another profile.")
    if not version.working_copy:
        raise WorkflowError("This version has no stored working copy to restore.")
    locked = _lock(profile)
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


def _after_public_change() -> None:
    """Public pages are cached; drop them once the change is committed, never before."""
    from profiles.cache import purge_public_cache

    transaction.on_commit(purge_public_cache)


from profiles.redaction import redact  # noqa: E402  (re-exported: one module to import operations from)

__all__ = [
    "WorkflowError",
    "approve_and_publish",
    "cancel_schedule",
    "check_four_eyes",
    "publish_due",
    "publish_profile",
    "record_edit",
    "redact",
    "request_changes",
    "revert_to_version",
    "schedule_publication",
    "submit_for_review",
    "withdraw_profile",
]
