"""E-mail to the people a workflow step concerns, sent once the step has committed.

- submitted for review: every active editor and administrator, except the submitter;
- changes requested: the authors (the submitter and whoever edited since the last publish), with
  the reviewer's comment;
- published, scheduled: the authors, except the editor who did it;
- a scheduled publication failed: the authors and the editor who scheduled it.

The workflow functions call these inside their transaction: who gets what is decided there, from
the rows as they are at that moment (publishing clears the authors), and the messages go out through
`transaction.on_commit`, so a rolled-back action sends nothing. Sending is robust: a mail server
that is down is logged and never undoes or fails the action. Each person can turn any of these off
(`NotificationSettings`, the "E-mail notifications" page). Django's mail settings apply
(EMAIL_BACKEND; the console in development).

E-mails go to staff addresses and carry what the admin shows them: the profile's name, the comment,
the public change note, and links into the admin. Never a place.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile, ProfileVersion, WorkflowEvent
from profiles.roles import users_with

logger = logging.getLogger(__name__)

SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
SCHEDULED = "scheduled"
SCHEDULE_FAILED = "schedule_failed"


def author_ids(profile: Profile) -> set[int]:
    """Whose work this is: the submitter and everyone who edited since the last publish."""
    ids = set(profile.pending_authors.values_list("pk", flat=True))
    if profile.submitted_by_id:
        ids.add(profile.submitted_by_id)
    return ids


def submitted_for_review(profile: Profile, *, actor, comment: str = "") -> None:
    editors = users_with("profiles.review_profile")
    _notify(
        SUBMITTED,
        editors,
        exclude=actor,
        subject=f"For review: {profile}",
        context={"profile": profile, "actor": actor, "comment": comment.strip()},
    )


def changes_requested(profile: Profile, *, actor, comment: str) -> None:
    _notify(
        CHANGES_REQUESTED,
        _users(author_ids(profile)),
        exclude=actor,
        subject=f"Changes requested: {profile}",
        context={"profile": profile, "actor": actor, "comment": comment.strip()},
    )


def published(profile: Profile, version: ProfileVersion, *, actor, authors: set[int]) -> None:
    """`authors` as they were before publishing cleared them."""
    _notify(
        PUBLISHED,
        _users(authors),
        exclude=actor,
        subject=f"Published: {profile} (version {version.number})",
        context={"profile": profile, "actor": actor, "version": version},
    )


def scheduled(profile: Profile, *, actor, publish_at) -> None:
    _notify(
        SCHEDULED,
        _users(author_ids(profile)),
        exclude=actor,
        subject=f"Scheduled: {profile}",
        context={"profile": profile, "actor": actor, "publish_at": timezone.localtime(publish_at)},
    )


def scheduled_publication_failed(profile_id: int) -> None:
    """Called by the scheduler after a publication failed (and was rolled back); it is retried."""
    profile = Profile.objects.filter(pk=profile_id).first()
    if profile is None:
        return
    ids = author_ids(profile)
    scheduler = (
        WorkflowEvent.objects.filter(profile=profile, action=WorkflowEvent.Action.SCHEDULE)
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if scheduler:
        ids.add(scheduler)
    _notify(
        SCHEDULE_FAILED,
        _users(ids),
        exclude=None,
        subject=f"Scheduled publication failed: {profile}",
        context={"profile": profile, "scheduled_for": profile.scheduled_for},
    )


def _users(ids):
    return get_user_model().objects.filter(pk__in=ids)


def _notify(event: str, users, *, exclude, subject: str, context: dict) -> None:
    recipients = list(
        users.filter(is_active=True)
        .exclude(email="")
        .exclude(Q(**{f"notification_settings__{event}": False}))
        .exclude(pk=getattr(exclude, "pk", None))
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return
    profile = context["profile"]
    context = {
        **context,
        "review_url": settings.SITE_URL + reverse("admin:profiles_profile_review", args=[profile.pk]),
        "edit_url": settings.SITE_URL + reverse("admin:profiles_profile_change", args=[profile.pk]),
        "settings_url": settings.SITE_URL + reverse("staff-notifications"),
    }
    body = render_to_string(f"notifications/{event}.txt", context)
    # One message per person: nobody sees who else was told.
    messages = [EmailMessage(subject=f"[Exodus] {subject}", body=body, to=[address]) for address in recipients]
    transaction.on_commit(lambda: _deliver(messages), robust=True)


def _deliver(messages: list[EmailMessage]) -> None:
    sent = get_connection().send_messages(messages)
    logger.info("Sent %s notification e-mail(s).", sent)
