"""A strict Content-Security-Policy on the public site, the admin and the API docs.

The public site runs no JavaScript and the admin only Django's static scripts, so no page may need
inline script or style; the Swagger UI and Redoc pages loosen only styles, data: images and a blob:
worker for themselves.
"""

import re

import pytest
from django.test import Client

from tests import factories
from tests.public.builders import build_profile, published_profile

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>")
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


def assert_nothing_inline(html: str, url: str) -> None:
    assert ' style="' not in html, url
    assert not INLINE_SCRIPT.search(html), url
    assert not EVENT_HANDLER.search(html), url


@pytest.fixture
def site(editor):
    profile = published_profile(editor, name="Lyudmila Ulitskaya", country="DE", city="Berlin")
    return profile


def test_public_pages_have_a_strict_policy_fresh_and_from_the_cache(client, site):
    source_id = site.timeline.get().citations.get().source_id
    for url in ("/", "/profiles/", f"/profiles/{site.slug}/", "/sources/", f"/sources/{source_id}/", "/destinations/"):
        for _ in range(2):  # rendered, then served from the page cache
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict(response)
            assert_nothing_inline(response.content.decode(), url)


def test_the_admin_login_has_a_strict_policy():
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert_strict(response)
    assert_nothing_inline(response.content.decode(), "/admin/login/")


def test_the_newsrooms_admin_pages_need_no_inline_style_or_script(client, administrator, editor, site):
    draft = build_profile(name="Draft Person")
    source = factories.SourceFactory()
    factories.ExcerptFactory(source=source, text="This sentence is not in the source.")  # unverified
    client.force_login(administrator)
    urls = [
        "/admin/",
        "/admin/profiles/profile/",
        "/admin/profiles/profile/add/",
        f"/admin/profiles/profile/{draft.pk}/change/",
        f"/admin/profiles/profile/{site.pk}/change/",
        f"/admin/profiles/profile/{site.pk}/versions/",
        "/admin/profiles/profile/dashboard/",
        "/admin/sources/source/",
        f"/admin/sources/source/{source.pk}/change/",
        "/admin/sources/excerpt/",
        "/admin/two-factor/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert_nothing_inline(response.content.decode(), url)
    assert 'class="quote-unverified"' in client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert "/static/css/admin.css" in client.get("/admin/").content.decode()


def test_swagger_ui_renders_with_its_script_from_a_url_of_its_own(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not INLINE_SCRIPT.search(html)
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]  # still no inline or eval'd script
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]

    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert "/api/schema/" in script.content.decode()


def test_redoc_renders_without_inline_script_or_web_fonts(client):
    response = client.get("/api/redoc/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<redoc spec-url="/api/schema/"' in html
    assert "redoc.standalone.js" in html
    assert not INLINE_SCRIPT.search(html)
    assert "fonts.googleapis.com" not in html and "https://" not in html
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["worker-src"] == ["'self'", "blob:"]


def test_the_api_schema_itself_keeps_the_strict_policy(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert_strict(response)


def test_the_newsroom_screens_need_no_inline_style_or_script(client, editor, contributor, site):
    from profiles.workflow import record_edit, submit_for_review

    draft = build_profile(name="Draft Person")
    record_edit(draft, actor=contributor)
    submit_for_review(draft, actor=contributor)
    source = factories.SourceFactory()
    client.force_login(editor)
    urls = [
        f"/admin/profiles/profile/{draft.pk}/review/",
        f"/admin/profiles/profile/{draft.pk}/preview/",
        f"/admin/profiles/profile/{site.pk}/workflow/withdraw/",
        f"/admin/profiles/profile/{site.pk}/workflow/redact/?entry={site.timeline.get().pk}&disclosure=country",
        "/admin/sources/source/intake/",
        f"/admin/sources/source/{source.pk}/mentions/",
        f"/admin/sources/source/{source.pk}/publish/",
        "/admin/notifications/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert_nothing_inline(response.content.decode(), url)
    client.force_login(contributor)
    refused = client.post(f"/admin/profiles/profile/{draft.pk}/workflow/publish/", {"change_note": "x"})
    assert refused.status_code == 403
    assert_strict(refused)
    assert_nothing_inline(refused.content.decode(), "403")
