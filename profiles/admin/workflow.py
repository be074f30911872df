"""Workflow screens in the admin: the review diff with the actions, version history, the
confirmation pages of withdraw and redact, and the dashboard. (The public preview is the reader
site's own page, public/views/preview.py, mounted at the admin's address.)

Every action is one form (`profiles.admin.forms`), looked up in a dispatch table by the URL's
action name. The view checks the role (a refusal is Django's 403, in the admin's layout), lets the
form validate what was typed, and the form calls the domain function in `profiles.workflow`, which
checks the role and the state again on the server. A form with errors is shown again on its own
screen, its fields filled in and the errors beside them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from profiles import workflow
from profiles.admin import dashboard
from profiles.admin.forms import (
    CONFIRM,
    PROFILE_ACTIONS,
    VERSIONS,
    ApproveForm,
    CancelScheduleForm,
    ProfileActionForm,
    RedactForm,
    RequestChangesForm,
    ScheduleForm,
    SubmitForm,
)
from profiles.intake.index import uncited_mentions
from profiles.models import Profile, WorkflowEvent
from profiles.projection.build import WORKING, load_profile, project_profile
from profiles.projection.diff import diff_snapshots
from profiles.workflow.shared import pending_cited, unverified_cited

Status = Profile.Status


def _related_names(*snapshots) -> dict[int, str]:
    """Names of the profiles the snapshots' relations point to, for the reviewer."""
    ids = {r["profile_id"] for snap in snapshots if snap for r in snap.get("relations", [])}
    return dict(Profile.objects.filter(pk__in=ids).values_list("pk", "display_name"))


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

    # Actions ---------------------------------------------------------------------------------

    def workflow_view(self, request, pk: int, action: str):
        form_class = PROFILE_ACTIONS.get(action)
        confirmable = form_class is not None and form_class.screen == CONFIRM
        if request.method != "POST" and not (request.method == "GET" and confirmable):
            return HttpResponseNotAllowed(["POST"])
        profile = self._profile_or_403(request, pk)
        if form_class is None:
            messages.error(request, f"Unknown action “{action}”.")
            return redirect("admin:profiles_profile_review", pk)
        form_class.check_role(request.user)
        if request.method == "GET":
            # Withdraw and redact are confirmed on a page of their own (as Wagtail's unpublish).
            form = form_class(target=profile, user=request.user, initial=request.GET.dict())
            return self._confirm_page(request, profile, form)
        form = form_class(request.POST, target=profile, user=request.user)
        message = form.run()
        if message is not None:
            messages.success(request, message)
            return redirect(self._next(request, pk))
        if not form.has_visible_fields:
            # A button with hidden values only (revert, cancel the schedule): nothing to correct
            # on a form, so the reason goes back to the screen as a message.
            for error in [
                *form.non_field_errors(),
                *(e for f in form.errors for e in form.errors[f] if f != "__all__"),
            ]:
                messages.error(request, error)
            screen = "admin:profiles_profile_versions" if form.screen == VERSIONS else "admin:profiles_profile_review"
            return redirect(screen, pk)
        if form.screen == CONFIRM:
            return self._confirm_page(request, profile, form, status=400)
        return self._review_page(request, profile, bound=form, status=400)

    def _next(self, request, pk: int) -> str:
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:profiles_profile_review", args=[pk])
        return target

    def _confirm_page(self, request, profile: Profile, form: ProfileActionForm, status: int = 200):
        context = self._context(request, profile, f"{form.title}: {profile}")
        context.update(form=form)
        if isinstance(form, RedactForm):
            context.update(entry=form.chosen_entry(), version_count=profile.versions.count())
        return TemplateResponse(request, "admin/profiles/profile/confirm_action.html", context, status=status)

    # Screens ---------------------------------------------------------------------------------

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
        return self._review_page(request, self._profile_or_403(request, pk))

    def _review_page(self, request, profile: Profile, *, bound: ProfileActionForm | None = None, status: int = 200):
        # What readers would see: the public projection, with the quotes and sources as approving
        # would publish them.
        projected = project_profile(load_profile(profile.pk), state=WORKING)
        live = profile.live_version.snapshot if profile.live_version_id else None
        unverified = unverified_cited(profile)
        context = self._context(request, profile, f"Review: {profile}")
        perms = context["perms_for"]
        approval = approval_for(request.user, profile) if perms["review"] or perms["schedule"] else None

        def form(form_class, **kwargs):
            if bound is not None and isinstance(bound, form_class):
                return bound
            return form_class(target=profile, user=request.user, **kwargs)

        action_forms = []
        if perms["submit"]:
            action_forms.append(form(SubmitForm))
        if perms["review"] and approval["may_approve"]:
            action_forms.append(form(ApproveForm, unverified=bool(unverified)))
        if perms["review"]:
            action_forms.append(form(RequestChangesForm))
        if perms["schedule"] and approval["may_approve"]:
            action_forms.append(form(ScheduleForm, unverified=bool(unverified)))
        if perms["unschedule"]:
            action_forms.append(form(CancelScheduleForm))
        if bound is not None and bound not in action_forms:
            # The state no longer offers this action (that is usually what the error says): still
            # show the form that was sent, with its error, where the editor sent it from.
            action_forms.insert(0, bound)
        context.update(
            diff=diff_snapshots(live, projected, profile_names=_related_names(live, projected)),
            pending_shared=pending_cited(profile),
            unverified=unverified,
            live_version=profile.live_version,
            events=profile.workflow_events.select_related("actor")[:30],
            action_forms=action_forms,
            approval=approval,
            redact_form=form(RedactForm) if perms["redact"] else None,
            can_withdraw=perms["withdraw"],
            review_comment=latest_review_comment(profile),
            waiting=waiting_sentence(profile, perms),
        )
        return TemplateResponse(request, "admin/profiles/profile/review.html", context, status=status)

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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Editors’ dashboard",
            **dashboard.sections(request.user),
        }
        return TemplateResponse(request, "admin/profiles/profile/dashboard.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        profile = Profile.objects.filter(pk=object_id).first()
        if profile is not None:
            extra_context.update(
                perms_for=workflow_permissions(request.user, profile),
                review_comment=latest_review_comment(profile),
                uncited_mentions=list(
                    uncited_mentions()
                    .filter(profile=profile)
                    .select_related("source__outlet")
                    .order_by("-found_at")[:20]
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


def workflow_permissions(user, profile: Profile) -> dict:
    """Which actions to offer. The server checks again on POST; this only avoids dead buttons."""
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
        "publish_role": can("profiles.publish_profile"),
    }


def approval_for(user, profile: Profile) -> dict:
    """Whether `user` may approve this change under the four-eyes rule, and if not, who may. An
    administrator who is an author may still approve, with a recorded override reason."""
    try:
        workflow.check_four_eyes(profile, user)
        author = False
    except PermissionDenied:
        author = True
    overrides = author and user.has_perm("profiles.override_four_eyes")
    return {
        "author": author,
        "may_approve": not author or overrides,
        "needs_override": overrides,
        "approvers": list(workflow.eligible_approvers(profile)) if author else [],
    }


def latest_review_comment(profile: Profile) -> WorkflowEvent | None:
    """The reviewer's comment the author has to act on, while changes are requested."""
    if profile.status != Status.CHANGES_REQUESTED:
        return None
    return (
        profile.workflow_events.filter(action=WorkflowEvent.Action.REQUEST_CHANGES)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def waiting_sentence(profile: Profile, perms: dict) -> str:
    """What happens next, for someone with no action to take on this profile now."""
    if profile.status == Status.IN_REVIEW:
        return "Waiting for an editor: submitted for review. An editor will approve it or ask for changes."
    if profile.status == Status.SCHEDULED:
        return f"Approved; it will be published on {timezone.localtime(profile.scheduled_for):%d %b %Y at %H:%M}."
    if profile.status == Status.PUBLISHED:
        return "Published. Edit the profile to start a new version; it will need another review."
    return ""
