"""Review of shared objects: sources, excerpts and aggregate figures.

Many profiles cite one quote, so editing a quote, a source's public metadata or a figure changes
nothing public until an editor publishes the change: on its own (`publish_shared`), or with the
review of a profile that cites it, whose diff shows the change (`approve_cited`). The four-eyes
rule counts whoever edited a cited quote or source as an author of the profile's change, and a
quote that does not occur in its source's text needs an editor's recorded reason to go out.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from profiles.models import Profile, SharedEvent
from profiles.workflow.figures import index_figures
from profiles.workflow.guards import WorkflowError, after_public_change
from profiles.workflow.indexing import refresh_live_copies, sync_shared
from profiles.workflow.withholding import spread
from sources.models import AggregateFigure, Excerpt, ReviewedContent, Source

KIND_OF = {Source: SharedEvent.Kind.SOURCE, Excerpt: SharedEvent.Kind.EXCERPT, AggregateFigure: SharedEvent.Kind.FIGURE}


def record_shared_edit(obj: ReviewedContent, *, actor) -> None:
    """Someone changed a shared object: they count as its author until it is published."""
    if actor is not None and obj.has_pending_changes:
        obj.pending_authors.add(actor)


def cited_shared(profile: Profile) -> tuple[list[Excerpt], list[Source]]:
    """The quotes a profile's working copy cites or owns, and their sources."""
    excerpts = {
        e.pk: e for e in Excerpt.objects.filter(citation_links__entry__profile=profile).select_related("source__outlet")
    }
    excerpts.update({e.pk: e for e in Excerpt.objects.filter(speaker=profile).select_related("source__outlet")})
    excerpts.update(
        {
            e.pk: e
            for e in Excerpt.objects.filter(relation_citation_links__relation__profile=profile).select_related(
                "source__outlet"
            )
        }
    )
    sources = {e.source_id: e.source for e in excerpts.values()}
    return list(excerpts.values()), list(sources.values())


def pending_cited(profile: Profile) -> list[ReviewedContent]:
    """Cited shared objects whose change approving this profile would publish."""
    excerpts, sources = cited_shared(profile)
    return [obj for obj in [*sources, *excerpts] if obj.has_pending_changes]


def shared_authors(profile: Profile) -> set[int]:
    return {user.pk for obj in pending_cited(profile) for user in obj.pending_authors.all()}


def unverified_cited(profile: Profile) -> list[Excerpt]:
    """Cited quotes that do not occur in their source's text (as they would be published)."""
    excerpts, _ = cited_shared(profile)
    return [e for e in excerpts if not e.is_verified]


def require_unverified_reason(unverified: list[Excerpt], reason: str) -> str:
    reason = (reason or "").strip()
    if unverified and not reason:
        quoted = "; ".join(f"“{e.text[:60]}…”" if len(e.text) > 60 else f"“{e.text}”" for e in unverified)
        raise WorkflowError(
            f"{len(unverified)} cited quote(s) do not occur in their source's text: {quoted}. Correct them, or "
            "give a reason to publish them anyway (it is recorded)."
        )
    return reason


def approve(obj: ReviewedContent, *, actor, now=None, via_profile: Profile | None = None) -> bool:
    """Make the working fields of `obj` the approved ones. Returns whether anything changed."""
    if not obj.has_pending_changes:
        return False
    obj.approved = obj.public_fields()
    obj.approved_at = now or timezone.now()
    obj.approved_by = actor
    obj.save(update_fields=["approved", "approved_at", "approved_by"])
    obj.pending_authors.clear()
    SharedEvent.objects.create(
        kind=KIND_OF[type(obj)],
        object_id=obj.pk,
        action=SharedEvent.Action.PUBLISH,
        actor=actor,
        via_profile=via_profile,
    )
    return True


def approve_cited(profile: Profile, *, actor, now=None) -> tuple[set[int], set[int]]:
    """Approve the pending changes of what the profile cites (its review covered them). Returns
    the ids of the excerpts and sources approved."""
    excerpts, sources = cited_shared(profile)
    approved_sources = {s.pk for s in sources if approve(s, actor=actor, now=now, via_profile=profile)}
    approved_excerpts = {e.pk for e in excerpts if approve(e, actor=actor, now=now, via_profile=profile)}
    return approved_excerpts, approved_sources


def after_approval(excerpt_ids: set[int], source_ids: set[int], *, now=None) -> set[int]:
    """An approved change reaches every public copy: the public rows, the live versions that carry
    them, and — since new words may name someone who withholds a place — masking again.
    Returns the profile ids whose live version changed."""
    if not (excerpt_ids or source_ids):
        return set()
    sync_shared(excerpt_ids=excerpt_ids, source_ids=source_ids)
    changed = refresh_live_copies(excerpt_ids=excerpt_ids, source_ids=source_ids, now=now)
    changed |= spread(set(), excerpt_ids=excerpt_ids | excerpts_of(source_ids), now=now)
    return changed


def excerpts_of(source_ids) -> set[int]:
    return set(Excerpt.objects.filter(source_id__in=source_ids).values_list("pk", flat=True))


def check_four_eyes(obj: ReviewedContent, actor, *, override_reason: str = "") -> None:
    if actor is None or not settings.EXODUS_FOUR_EYES:
        return
    if not obj.pending_authors.filter(pk=actor.pk).exists():
        return
    if override_reason.strip() and actor.has_perm("profiles.override_four_eyes"):
        return
    raise PermissionDenied("Four-eyes rule: you changed this, so another editor must publish it.")


def _require(actor, codename: str, message: str) -> None:
    if actor is not None and not actor.has_perm(codename):
        raise PermissionDenied(message)


@transaction.atomic
def publish_shared(obj: ReviewedContent, *, actor, override_reason: str = "", unverified_reason: str = "") -> None:
    """Publish the pending change of a source, an excerpt or a figure (a figure also goes live)."""
    if isinstance(obj, AggregateFigure):
        _require(actor, "sources.publish_aggregatefigure", "Only editors can publish figures.")
    else:
        _require(actor, "profiles.publish_profile", "Only editors can publish changes to sources and quotes.")
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not obj.has_pending_changes and not (isinstance(obj, AggregateFigure) and not obj.is_published):
        raise WorkflowError("There is no change to publish.")
    check_four_eyes(obj, actor, override_reason=override_reason)
    if isinstance(obj, Excerpt):
        reason = require_unverified_reason([] if obj.is_verified else [obj], unverified_reason)
    elif isinstance(obj, AggregateFigure):
        reason = require_unverified_reason([] if obj.excerpt.is_verified else [obj.excerpt], unverified_reason)
    else:
        reason = ""
    if isinstance(obj, AggregateFigure) and (obj.excerpt.approved is None or obj.excerpt.source.approved is None):
        raise WorkflowError("Publish the figure's quote and its source first.")
    now = timezone.now()
    approve(obj, actor=actor, now=now)
    if override_reason.strip() or reason:
        SharedEvent.objects.filter(kind=KIND_OF[type(obj)], object_id=obj.pk).order_by("-pk").update(
            override_reason="; ".join(r for r in [override_reason.strip(), reason and f"Unverified: {reason}"] if r)
        )
    if isinstance(obj, AggregateFigure):
        if not obj.is_published:
            obj.is_published = True
            obj.save(update_fields=["is_published"])
        index_figures([obj.pk])
    elif isinstance(obj, Excerpt):
        after_approval({obj.pk}, set(), now=now)
    else:
        after_approval(set(), {obj.pk}, now=now)
    after_public_change()


@transaction.atomic
def withdraw_figure(figure: AggregateFigure, *, actor, reason: str) -> None:
    _require(actor, "sources.publish_aggregatefigure", "Only editors can withdraw figures.")
    figure = AggregateFigure.objects.select_for_update().get(pk=figure.pk)
    if not figure.is_published:
        raise WorkflowError("This figure is not published.")
    if not (reason or "").strip():
        raise WorkflowError("Say why the figure is withdrawn (kept in the private history).")
    figure.is_published = False
    figure.save(update_fields=["is_published"])
    index_figures([figure.pk])
    SharedEvent.objects.create(
        kind=SharedEvent.Kind.FIGURE,
        object_id=figure.pk,
        action=SharedEvent.Action.WITHDRAW,
        actor=actor,
        comment=reason.strip(),
    )
    after_public_change()
