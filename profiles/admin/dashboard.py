"""The editors' dashboard, by role: what is mine to do, what waits for whom, what was published,
and the new articles that mention the profiles I work on.

Editors see everything awaiting review and everyone's drafts; contributors see their own work.
Each section is one query (the reviewer's and the submitter's comments come in as subqueries), so
the page costs the same however many profiles there are.
"""

from django.db.models import OuterRef, Q, Subquery

from profiles.intake.index import uncited_mentions
from profiles.models import Profile, ProfileVersion, WorkflowEvent

Status = Profile.Status
Action = WorkflowEvent.Action
LIMIT = 50


def _latest(action: str, field: str):
    events = WorkflowEvent.objects.filter(profile=OuterRef("pk"), action=action).order_by("-at", "-pk")
    return Subquery(events.values(field)[:1])


def sections(user) -> dict:
    is_editor = user.has_perm("profiles.review_profile")
    profiles = Profile.objects.select_related("submitted_by", "updated_by")
    mine = Q(pending_authors=user) | Q(submitted_by=user) | Q(created_by=user)
    commented = profiles.annotate(
        review_comment=_latest(Action.REQUEST_CHANGES, "comment"),
        reviewer=_latest(Action.REQUEST_CHANGES, "actor__username"),
        submit_note=_latest(Action.SUBMIT, "comment"),
    )
    awaiting = commented.filter(status=Status.IN_REVIEW).prefetch_related("pending_authors")
    changes = commented.filter(status=Status.CHANGES_REQUESTED)
    if not is_editor:
        awaiting, changes = awaiting.filter(mine), changes.filter(mine)
    awaiting = list(awaiting.distinct().order_by("updated_at")[:LIMIT])
    for profile in awaiting:
        # The dashboard's hint; the review screen applies the whole rule (cited quotes' authors too).
        profile.is_mine = profile.submitted_by_id == user.pk or any(
            u.pk == user.pk for u in profile.pending_authors.all()
        )
    # Profiles I work on: mine now, or any I edited, submitted, reviewed or published before.
    worked_on = Profile.objects.filter(mine | Q(workflow_events__actor=user)).values("pk")
    context = {
        "is_editor": is_editor,
        "new_mentions": uncited_mentions()
        .filter(profile__in=worked_on)
        .select_related("source", "profile")
        .order_by("-found_at", "-pk")[:20],
        "my_drafts": profiles.filter(status__in=[Status.DRAFT, Status.CHANGES_REQUESTED])
        .filter(pending_authors=user)
        .distinct()[:LIMIT],
        "awaiting_review": awaiting,
        "changes_requested": changes.distinct().order_by("-updated_at")[:LIMIT],
        "scheduled": profiles.filter(status=Status.SCHEDULED).order_by("scheduled_for")[:LIMIT],
        "recently_published": ProfileVersion.objects.select_related("profile", "published_by").order_by(
            "-published_at"
        )[:20],
    }
    if is_editor:
        context["others_drafts"] = (
            profiles.filter(status=Status.DRAFT).exclude(pending_authors=user).order_by("-updated_at")[:LIMIT]
        )
    return context
