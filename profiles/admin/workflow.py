"""Workflow screens in the admin: action buttons, the review diff, version history, the dashboard.

Every action is a POST to one view that calls the domain function in profiles.workflow; the
role check happens there, on the server, so a hand-made POST gets the same 403 as a hidden button.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme

from profiles import workflow
from profiles.models import Profile, ProfileVersion
from profiles.places import Disclosure
from profiles.projection.build import WORKING, load_profile, project_profile
from profiles.projection.diff import diff_snapshots
from profiles.workflow.shared import pending_cited, unverified_cited

Status = Profile.Status


def _flag(request, name: str) -> bool:
    return request.POST.get(name) in {"on", "true", "1"}


def _parse_publish_at(value: str):
    moment = parse_datetime(value or "")
    if moment is None:
        raise workflow.WorkflowError("Give the publication time as YYYY-MM-DD HH:MM.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _revision(request) -> int | None:
    """The revision the review screen showed; absent for callers that did not look at a diff."""
    try:
        return int(request.POST["revision"])
    except (KeyError, ValueError):
        return None


def _related_names(*snapshots) -> dict[int, str]:
    """Names of the profiles the snapshots' relations point to, for the reviewer."""
    ids = {r["profile_id"] for snap in snapshots if snap for r in snap.get("relations", [])}
    return dict(Profile.objects.filter(pk__in=ids).values_list("pk", "display_name"))


def _run_action(request, profile: Profile, action: str):
    post, user = request.POST, request.user
    if action == "submit":
        workflow.submit_for_review(profile, actor=user, comment=post.get("comment", ""))
        return "Submitted for review."
    if action == "request_changes":
        workflow.request_changes(profile, actor=user, comment=post.get("comment", ""))
        return "Changes requested."
    if action == "publish":
        version = workflow.approve_and_publish(
            profile,
            actor=user,
            change_note=post.get("change_note", ""),
            is_correction=_flag(request, "is_correction"),
            override_reason=post.get("override_reason", ""),
            unverified_reason=post.get("unverified_reason", ""),
            expected_revision=_revision(request),
        )
        return f"Published as version {version.number}."
    if action == "schedule":
        workflow.schedule_publication(
            profile,
            actor=user,
            publish_at=_parse_publish_at(post.get("publish_at", "")),
            change_note=post.get("change_note", ""),
            is_correction=_flag(request, "is_correction"),
            override_reason=post.get("override_reason", ""),
            unverified_reason=post.get("unverified_reason", ""),
            expected_revision=_revision(request),
        )
        return "Scheduled."
    if action == "unschedule":
        workflow.cancel_schedule(profile, actor=user)
        return "Schedule cancelled; the profile is back in review."
    if action == "withdraw":
        workflow.withdraw_profile(profile, actor=user, reason=post.get("reason", ""))
        return "Withdrawn from the public site and API."
    if action == "revert":
        try:
            number = int(post.get("version", ""))
        except ValueError as exc:
            raise workflow.WorkflowError("Choose a version to revert to.") from exc
        version = get_object_or_404(ProfileVersion, profile=profile, number=number)
        workflow.revert_to_version(profile, actor=user, version=version)
        return f"Working copy reverted to version {number}. Publish to make it public."
    if action == "redact":
        try:
            entry_id = int(post.get("entry", ""))
        except ValueError as exc:
            raise workflow.WorkflowError("Choose the timeline entry to redact.") from exc
        remove = post.get("disclosure") == "remove"
        count = workflow.redact(
            profile,
            actor=user,
            entry_id=entry_id,
            reason=post.get("reason", ""),
            disclosure=None if remove else post.get("disclosure"),
            remove=remove,
        )
        return f"Redaction applied to the working copy and {count} stored version(s)."
    raise workflow.WorkflowError(f"Unknown action “{action}”.")


class WorkflowAdminMixin:
    change_form_template = "admin/profiles/profile/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="profiles_profile_dashboard"),
            path("<int:pk>/workflow/<slug:action>/", view(self.workflow_view), name="profiles_profile_workflow"),
            path("<int:pk>/review/", view(self.review_view), name="profiles_profile_review"),
            path("<int:pk>/versions/", view(self.versions_view), name="profiles_profile_versions"),
            *super().get_urls(),
        ]

    def _profile_or_403(self, request, pk: int) -> Profile:
        profile = get_object_or_404(Profile, pk=pk)
        if not self.has_view_permission(request, profile):
            raise PermissionDenied
        return profile

    def workflow_view(self, request, pk: int, action: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        profile = self._profile_or_403(request, pk)
        try:
            message = _run_action(request, profile, action)
        except PermissionDenied as exc:
            return HttpResponseForbidden(str(exc) or "Your role does not allow this action.")
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:profiles_profile_review", args=[pk])
        return redirect(target)

    def _context(self, request, profile: Profile, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": profile,
            "profile": profile,
            "title": title,
            "perms_for": workflow_permissions(request.user, profile),
        }

    def review_view(self, request, pk: int):
        profile = self._profile_or_403(request, pk)
        # What readers would see: the public projection, with the quotes and sources as approving
        # would publish them.
        preview = project_profile(load_profile(profile.pk), state=WORKING)
        live = profile.live_version.snapshot if profile.live_version_id else None
        context = self._context(request, profile, f"Review: {profile}")
        context.update(
            diff=diff_snapshots(live, preview, profile_names=_related_names(live, preview)),
            pending_shared=pending_cited(profile),
            unverified=unverified_cited(profile),
            live_version=profile.live_version,
            events=profile.workflow_events.select_related("actor")[:30],
            redactable=redactable_entries(profile),
            disclosures=[(d.value, d.label) for d in Disclosure if d != Disclosure.CITY],
            default_publish_at=(timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        )
        return TemplateResponse(request, "admin/profiles/profile/review.html", context)

    def versions_view(self, request, pk: int):
        profile = self._profile_or_403(request, pk)
        versions = list(profile.versions.select_related("published_by"))
        by_number = {v.number: v for v in versions}
        diff = None
        try:
            a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            a = b = None
        if a in by_number and b in by_number:
            old, new = by_number[a].snapshot, by_number[b].snapshot
            diff = diff_snapshots(old, new, profile_names=_related_names(old, new))
        context = self._context(request, profile, f"Versions of {profile}")
        context.update(versions=versions, diff=diff, a=a, b=b)
        return TemplateResponse(request, "admin/profiles/profile/versions.html", context)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        user = request.user
        profiles = Profile.objects.select_related("submitted_by", "updated_by")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Editors’ dashboard",
            "my_drafts": profiles.filter(status__in=[Status.DRAFT, Status.CHANGES_REQUESTED])
            .filter(pending_authors=user)
            .distinct()[:50],
            "awaiting_review": profiles.filter(status=Status.IN_REVIEW).order_by("updated_at")[:50],
            "changes_requested": profiles.filter(status=Status.CHANGES_REQUESTED).order_by("-updated_at")[:50],
            "scheduled": profiles.filter(status=Status.SCHEDULED).order_by("scheduled_for")[:50],
            "recently_published": ProfileVersion.objects.select_related("profile", "published_by").order_by(
                "-published_at"
            )[:20],
        }
        return TemplateResponse(request, "admin/profiles/profile/dashboard.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        profile = Profile.objects.filter(pk=object_id).first()
        if profile is not None:
            extra_context["perms_for"] = workflow_permissions(request.user, profile)
        return super().change_view(request, object_id, form_url, extra_context)


def redactable_entries(profile: Profile) -> list[dict]:
    """Every timeline entry a redaction can reach: the working copy's, and those only old versions
    still carry (deleted from the working copy since, but public in the version history)."""
    choices = [
        {"id": e.pk, "label": f"{e} — shown as: {e.get_location_disclosure_display()}"} for e in profile.timeline.all()
    ]
    seen = {c["id"] for c in choices}
    for version in profile.versions.only("number", "snapshot"):
        for entry in version.snapshot.get("timeline", []):
            if entry["id"] not in seen:
                seen.add(entry["id"])
                place = entry["place"]["label"] if entry.get("place") else "no place"
                choices.append(
                    {
                        "id": entry["id"],
                        "label": f"{entry['kind_label']} ({entry['date_label']}) — deleted from the working copy, "
                        f"still in v{version.number} shown as: {place}",
                    }
                )
    return choices


def workflow_permissions(user, profile: Profile) -> dict:
    """Which buttons to show. The server checks again on POST; this only avoids dead buttons."""
    can = user.has_perm
    status = profile.status
    return {
        "submit": can("profiles.submit_profile")
        and status in {Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN},
        "review": can("profiles.review_profile") and status == Status.IN_REVIEW,
        "schedule": can("profiles.publish_profile") and status == Status.IN_REVIEW,
        "unschedule": can("profiles.publish_profile") and status == Status.SCHEDULED,
        "withdraw": can("profiles.withdraw_profile") and profile.live_version_id is not None,
        "revert": can("profiles.revert_profile"),
        "redact": can("profiles.redact_profile"),
        "override": can("profiles.override_four_eyes"),
    }
