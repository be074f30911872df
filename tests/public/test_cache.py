"""Public pages are cached, and publishing or withdrawing makes every cached page stale at once."""

import pytest

from profiles.publishing import withdraw_profile
from tests.public.builders import publish

pytestmark = pytest.mark.django_db

# Each page, and what on it shows the profile.
PAGES = {
    "/": 'href="/profiles/lyudmila-ulitskaya/"',
    "/profiles/": 'href="/profiles/lyudmila-ulitskaya/"',
    "/profiles/?q=Ulitska": 'href="/profiles/lyudmila-ulitskaya/"',
    "/destinations/": 'href="/profiles/?country=DE"',
    "/feed/": "Ulitskaya",
    "/sitemap.xml": "ulitskaya",
}


def test_pages_are_served_from_the_cache_until_something_is_published(client, ulitskaya, django_assert_num_queries):
    client.get(f"/profiles/{ulitskaya.slug}/")
    with django_assert_num_queries(0):
        assert "Ulitskaya" in client.get(f"/profiles/{ulitskaya.slug}/").content.decode()


def test_a_reader_never_sees_a_withdrawn_profile_from_the_cache(
    client, ulitskaya, editor, django_capture_on_commit_callbacks
):
    detail = f"/profiles/{ulitskaya.slug}/"
    source = f"/sources/{ulitskaya.timeline.get().citations.get().source_id}/"
    for url, marker in [(detail, "Ulitskaya"), (source, "Ulitskaya"), *PAGES.items()]:
        assert marker in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_profile(ulitskaya, actor=editor, reason="Safety")

    assert client.get(detail).status_code == 410
    assert client.get(source).status_code == 404
    for url, marker in PAGES.items():
        assert marker not in client.get(url).content.decode(), url


def test_a_new_version_is_shown_at_once(client, ulitskaya, editor, django_capture_on_commit_callbacks):
    detail = f"/profiles/{ulitskaya.slug}/"
    assert "Novelist" not in client.get(detail).content.decode()
    ulitskaya.description = "Novelist"
    ulitskaya.save()

    # Saving the working copy changes nothing public, even once the cache is cold.
    assert "Novelist" not in client.get(detail).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publish(ulitskaya, editor, note="New description")
    assert "Novelist" in client.get(detail).content.decode()
    assert "New description" in client.get("/feed/").content.decode()


def test_a_newly_published_profile_replaces_a_cached_not_found(client, editor, django_capture_on_commit_callbacks):
    from tests.public.builders import build_profile

    profile = build_profile(name="Late Arrival")
    assert client.get(f"/profiles/{profile.slug}/").status_code == 404
    assert "Late Arrival" not in client.get("/profiles/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(profile, editor)
    assert client.get(f"/profiles/{profile.slug}/").status_code == 200
    assert "Late Arrival" in client.get("/profiles/").content.decode()


@pytest.mark.parametrize(
    ("url", "content_type"),
    [("/feed/", "application/atom+xml"), ("/sitemap.xml", "application/xml"), ("/profiles/", "text/html")],
)
def test_a_cached_response_keeps_its_content_type(client, ulitskaya, url, content_type):
    client.get(url)
    cached = client.get(url)
    assert cached["Content-Type"].startswith(content_type)
    assert cached["X-Frame-Options"] == "DENY"


def test_an_old_slug_redirect_is_cached_with_its_location(client, ulitskaya, editor):
    from profiles.models import SlugHistory

    SlugHistory.objects.create(profile=ulitskaya, slug="old-name")
    client.get("/profiles/old-name/")
    cached = client.get("/profiles/old-name/")
    assert cached.status_code == 301
    assert cached["Location"] == f"/profiles/{ulitskaya.slug}/"
