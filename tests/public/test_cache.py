"""Public pages are cached, and publishing or withdrawing makes every cached page stale at once."""

import secrets
from unittest import mock

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from api.conditional import LAST_CHANGE_SECONDS, last_public_change
from profiles.models import ChangeEvent
from profiles.workflow import withdraw_profile
from profiles.workflow.cache import GENERATION_KEY, public_generation, purge_public_cache
from public.page_cache import public_page
from tests.public.builders import publish, published_profile

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


# The cache key: path plus the parameters each page declares ----------------------------------------


def test_unknown_query_parameters_get_the_cached_page_and_store_nothing_new(
    client, ulitskaya, django_assert_num_queries
):
    pages = {url: client.get(url).content for url in ("/profiles/", f"/profiles/{ulitskaya.slug}/", "/sources/")}
    with mock.patch.object(cache, "set", wraps=cache.set) as stored, django_assert_num_queries(0):
        for url, content in pages.items():
            for _ in range(3):
                response = client.get(f"{url}?x={secrets.token_hex(8)}&utm_source={secrets.token_hex(4)}")
                assert response.status_code == 200, url
                assert response.content == content, url
    assert stored.call_count == 0


def test_a_page_first_asked_for_with_unknown_parameters_is_cached_for_its_plain_address(
    client, ulitskaya, django_assert_num_queries
):
    first = client.get(f"/profiles/{ulitskaya.slug}/?fbclid={secrets.token_hex(8)}")
    assert "Ulitskaya" in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get(f"/profiles/{ulitskaya.slug}/").content == first.content


def test_declared_parameters_still_vary_the_page(client, ulitskaya, editor):
    published_profile(editor, name="Andrei Loshak", description="Investigative journalist")
    everyone = client.get("/profiles/").content.decode()
    searched = client.get("/profiles/?q=Ulitska").content.decode()
    assert 'href="/profiles/andrei-loshak/"' in everyone
    assert 'href="/profiles/andrei-loshak/"' not in searched
    assert 'href="/profiles/lyudmila-ulitskaya/"' in searched
    assert client.get("/profiles/?q=Ulitska&x=1").content.decode() == searched
    assert client.get("/profiles/?q=Loshak").content.decode() != searched


def test_declared_parameters_in_another_order_share_one_cache_entry(client, ulitskaya, django_assert_num_queries):
    first = client.get("/profiles/?q=Ulitska&country=DE")
    assert 'href="/profiles/lyudmila-ulitskaya/"' in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get("/profiles/?country=DE&x=2&q=Ulitska").content == first.content


def test_an_undeclared_parameter_never_reaches_the_view(rf, ulitskaya):
    seen = {}

    @public_page(params=("page",))
    def view(request):
        seen.update(request.GET.lists())
        return HttpResponse("ok")

    view(rf.get("/anything/?page=2&q=secret&page=3"))
    assert seen == {"page": ["2", "3"]}


# The generation in the shared cache -----------------------------------------------------------------


def test_the_generation_lives_in_redis_and_never_expires(redis_cache):
    _, redis = redis_cache
    key = cache.make_key(GENERATION_KEY)
    first = public_generation()
    purge_public_cache()
    assert int(redis.get(key)) == public_generation() == first + 1
    assert redis.ttl(key) == -1  # stored without an expiry


def test_a_lost_generation_restarts_above_every_number_it_had(redis_cache):
    _, redis = redis_cache
    for _ in range(3):
        purge_public_cache()
    before = public_generation()
    redis.delete(cache.make_key(GENERATION_KEY))  # evicted, or Redis restarted
    assert public_generation() > before
    redis.delete(cache.make_key(GENERATION_KEY))
    purge_public_cache()  # a publication right after the loss
    assert public_generation() > before


def test_api_validators_are_shared_and_expire_with_their_generation(redis_cache, ulitskaya):
    _, redis = redis_cache
    generation = public_generation()
    event_id, _at = last_public_change(generation)
    key = cache.make_key(f"exodus:api-last-change:{generation}")
    assert redis.exists(key)
    assert 0 < redis.ttl(key) <= LAST_CHANGE_SECONDS
    assert event_id == ChangeEvent.objects.latest("pk").pk
