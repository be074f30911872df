"""The reader site's baker: each live profile's page, rendered at publish (registered with
`profiles.workflow.baking` in PublicConfig.ready) by `profile_page_html`, the very function the view
falls back to when nothing is stored, so a stored page is the page the view would render."""

from django.conf import settings

from profiles.models import ProfileVersion, PublicProfile
from public.views.profiles import profile_page_html

# What the stored page depends on besides the live version: these files, and the settings and
# static names profiles.workflow.baking.build_id() adds.
DEPENDS_ON = [
    settings.BASE_DIR / "templates" / "base.html",
    # detail.html and what it includes (_entry.html, the sources' _title and _address).
    settings.BASE_DIR / "templates" / "public" / "profiles",
    settings.BASE_DIR / "templates" / "public" / "sources",
    settings.BASE_DIR / "public" / "views" / "profiles.py",
    settings.BASE_DIR / "public" / "citations.py",
    settings.BASE_DIR / "public" / "structured_data.py",
    settings.BASE_DIR / "public" / "templatetags",
    settings.BASE_DIR / "public" / "baking.py",
    settings.BASE_DIR / "public" / "bakers.py",
    settings.BASE_DIR / "public" / "links.py",
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
