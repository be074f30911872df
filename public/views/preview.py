"""A preview of a profile's public page as approving it would publish it.

The page is drawn by the reader site's own template and context builder (`profile_page_context`)
from the public projection of the working copy (`project_profile(..., state=WORKING)`: places cut
to their disclosure, withheld places masked, private notes left out), never from the working copy
itself: reviewers see what readers will see. It lives in the reader site, which may use profiles,
rather than in the admin, which must not use the reader site; exodus/urls.py mounts it at the
admin's address, behind the admin's login.

Staff only (the admin's login and a view permission on the profile); the admin marks it
never-cached and it tells robots not to index it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile, ProfileVersion
from profiles.projection.build import WORKING, load_profile, project_profile
from public.views.profiles import profile_page_context


@dataclass
class _Version:
    snapshot: dict


@dataclass
class PreviewedProfile:
    """What `profile_page_context` and the page template read of a `PublicProfile`."""

    profile_id: int
    slug: str
    snapshot: dict
    published_at: object = field(default_factory=timezone.now)

    @property
    def version(self) -> _Version:
        return _Version(self.snapshot)

    def get_absolute_url(self) -> str:
        return reverse("profiles:detail", kwargs={"slug": self.slug})


def staff_portrait(snapshot: dict, profile: Profile) -> dict:
    """A portrait not yet published has no public file: show it through the staff-only view."""
    portrait = snapshot.get("portrait")
    if not portrait:
        return snapshot
    renditions = [
        {**r, "url": reverse("admin:profiles_profile_portrait", args=[profile.pk, r["width"]])}
        for r in portrait["renditions"]
    ]
    return {**snapshot, "portrait": {**portrait, "renditions": renditions}}


def public_page_preview(request, pk: int):
    if not request.user.has_perm("profiles.view_profile"):
        raise PermissionDenied
    profile = get_object_or_404(Profile, pk=pk)
    snapshot = staff_portrait(project_profile(load_profile(profile.pk), state=WORKING), profile)
    context = profile_page_context(PreviewedProfile(profile_id=profile.pk, slug=profile.slug, snapshot=snapshot))
    context["versions"] = list(
        ProfileVersion.objects.public()
        .filter(profile_id=profile.pk)
        .only("number", "change_note", "is_correction", "published_at")
        .order_by("-number")
    )
    context.update(
        profile=profile,
        review_url=reverse("admin:profiles_profile_review", args=[profile.pk]),
        live_version=profile.live_version,
    )
    response = TemplateResponse(request, "admin/profiles/profile/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
