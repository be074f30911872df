"""Approving and publishing: approve now or at a time, and the one step that makes a version public."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from profiles import notifications
from profiles.models import ChangeEvent, Profile, ProfileVersion, PublicCitation, WithheldPlace
from profiles.placenames.withheld import profile_withheld
from profiles.projection.build import load_profile, ordered_entries, project_profile, public_change_note
from profiles.projection.working_copy import serialize_working_copy
from profiles.roles import users_with
from profiles.waves import wave_problem
from profiles.workflow.guards import (
    Action,
    Status,
    WorkflowError,
    after_public_change,
    clean_change_note,
    lock,
    record,
    require_permission,
    require_revision,
    require_status,
)
from profiles.workflow.indexing import index_version, refresh_live_copies
from profiles.workflow.shared import (
    after_approval,
    approve_cited,
    excerpts_of,
    require_unverified_reason,
    shared_authors,
    unverified_cited,
)
from profiles.workflow.transitions import change_status
from profiles.workflow.withholding import register, spread

logger = logging.getLogger(__name__)


def change_authors(profile: Profile) -> set[int]:
    """Who submitted or wrote the change waiting to be approved: the submitter, everyone who edited
    the working copy since the last publish, and whoever edited a quote or source it cites."""
    authors = set(profile.pending_authors.values_list("pk", flat=True)) | shared_authors(profile)
    if profile.submitted_by_id:
        authors.add(profile.submitted_by_id)
    return authors


def eligible_approvers(profile: Profile):
    """The staff who may approve this change under the four-eyes rule (active editors and
    administrators who are not among its authors), by username."""
    may = users_with("profiles.review_profile", "profiles.publish_profile")
    if settings.EXODUS_FOUR_EYES:
        may = may.exclude(pk__in=change_authors(profile))
    return may.order_by("username")


def check_four_eyes(profile: Profile, actor, *, override_reason: str = "") -> None:
    """Nobody approves a change they submitted or wrote — including changes to the quotes and
    sources the profile cites, which its approval publishes — unless the newsroom turned the rule
    off or an administrator overrides it with a recorded reason."""
    if actor is None or not settings.EXODUS_FOUR_EYES:
        return
    if actor.pk not in change_authors(profile):
        return
    if override_reason.strip() and actor.has_perm("profiles.override_four_eyes"):
        return
    raise PermissionDenied(
        "Four-eyes rule: you submitted or edited this change, so another editor must approve it."
        + (" Only an administrator may override, with a reason." if override_reason.strip() else "")
    )


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
    locked = lock(profile)
    require_status(locked, {Status.IN_REVIEW}, "approve")
    require_revision(locked, expected_revision)
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
    change_note = clean_change_note(change_note)
    locked = lock(profile)
    require_status(locked, {Status.IN_REVIEW}, "schedule")
    require_revision(locked, expected_revision)
    problem = wave_problem(locked.wave, ordered_entries(load_profile(locked.pk)))
    if problem:
        raise WorkflowError(f"Not scheduled: {problem}")
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
    notifications.scheduled(locked, actor=actor, publish_at=publish_at)
    profile.refresh_from_db()


@transaction.atomic
def cancel_schedule(profile: Profile, *, actor) -> None:
    require_permission(actor, "publish_profile", "Only editors can change a schedule.")
    change_status(
        profile,
        actor=actor,
        action=Action.UNSCHEDULE,
        allowed={Status.SCHEDULED},
        doing="cancel the schedule",
        to=Status.IN_REVIEW,
        scheduled_for=None,
    )


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
            try:
                _record_failure(pk)
            except Exception:  # the others are still published (a database gone away fails them too)
                logger.exception("Could not record the failed publication of profile %s.", pk)
            if failed is not None:
                failed.append(pk)
    return published


SCHEDULE_FAILED_NOTE = "The scheduled publication failed; it stays scheduled and is retried every minute."


@transaction.atomic
def _record_failure(pk: int) -> None:
    """Note a failed scheduled publication in the history and tell its people — once per run of
    failures, not at every retry (cron tries again each minute)."""
    profile = Profile.objects.filter(pk=pk).first()
    if profile is None:
        return
    last = profile.workflow_events.order_by("-at", "-pk").first()
    if last is not None and last.action == Action.COMMENT and last.comment == SCHEDULE_FAILED_NOTE:
        return
    record(profile, actor=None, action=Action.COMMENT, from_status=profile.status, comment=SCHEDULE_FAILED_NOTE)
    notifications.scheduled_publication_failed(pk)


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
    change_note = clean_change_note(change_note)
    locked = lock(profile)
    now = now or timezone.now()
    approved = approve_cited(locked, actor=actor, now=now) if approve_shared else (set(), set())
    loaded = load_profile(locked.pk)
    problem = wave_problem(locked.wave, ordered_entries(loaded))
    if problem:
        raise WorkflowError(f"Not published: {problem}")
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
    version.related_profiles.set({r["profile_id"] for r in snapshot["relations"]})
    from_status = locked.status
    authors = notifications.author_ids(locked)  # before publishing clears them
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
    notifications.published(locked, version, actor=actor, authors=authors)
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
    after_public_change()
    profile.refresh_from_db()
    return version
