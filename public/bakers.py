"""The reader site's baker: each live profile's page, rendered at publish (registered with
`profiles.workflow.baking` in PublicConfig.ready) by `profile_page_html`, the very function the view
falls back to when nothing is stored, so a stored page is the page the view would render."""

from django.conf import settings

from profiles.models import ProfileVersion, PublicProfile
from public.views.profiles import profile_page_html

# What the stored page depends on besides the live version: these files, and the settings and
# static names profiles.workflow.baking.build_id() adds. The whole reader site, not a list of the
# modules the page uses today: a helper moved into a new module must not leave stale pages behind.
DEPENDS_ON = [
    settings.BASE_DIR / "templates" / "base.html",
    settings.BASE_DIR / "templates" / "public",
    settings.BASE_DIR / "public",
]


def render_pages(publics: list[PublicProfile]) -> dict[int, dict[str, str]]:
    versions: dict[int, list] = {public.profile_id: [] for public in publics}
    for version in (
        ProfileVersion.objects.filter(profile_id__in=versions)
        .only("profile_id", "number", "change_note", "is_correction", "published_at")
        .order_by("profile_id", "-number")
    ):
        versions[version.profile_id].append(version)
    return {public.pk: {"page": profile_page_html(public, versions[public.profile_id])} for public in publics}
