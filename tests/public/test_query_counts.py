"""Each public page costs the same number of queries at a small and a larger data size.

The cache is cleared before each request so the page is really rendered; every query is named.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from profiles.models import PublicProfile, PublicSource, SlugHistory
from profiles.workflow import withdraw_profile
from tests.public.builders import published_corpus

pytestmark = pytest.mark.django_db

# (profiles, timeline entries per profile): the larger size spans several index pages.
SIZES = [(2, 1), (13, 6)]


@pytest.fixture(params=SIZES, ids=["small", "large"])
def corpus(request, editor, monkeypatch):
    monkeypatch.setattr("public.views.profiles.PROFILES_PER_PAGE", 5)
    monkeypatch.setattr("public.views.sources.SOURCES_PER_PAGE", 5)
    profiles, entries = request.param
    return published_corpus(editor, profiles, entries=entries)


def get(client, url):
    cache.clear()
    return client.get(url)


def test_home(client, corpus, django_assert_num_queries):
    # latest versions, profile and country counts, source count, excerpt count, categories
    with django_assert_num_queries(5):
        assert get(client, "/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page=2",
        "?country=GE&page=2",
        "?timeline_country=GE&year=2022&wave=2022&kind=person&ordering=-departure",
    ],
)
def test_profile_index(client, corpus, django_assert_num_queries, query):
    # every filter's published values with their counts (one query), count, the page, the page's categories
    with django_assert_num_queries(4):
        assert get(client, f"/profiles/{query}").status_code == 200


def test_profile_index_by_category(client, corpus, django_assert_num_queries):
    # the category slugs exist; the four index queries
    with django_assert_num_queries(5):
        assert get(client, "/profiles/?category=media&country=DE&year=2022&wave=2022&kind=person").status_code == 200


def test_profile_index_with_bad_filters(client, corpus, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert get(client, "/profiles/?year=abc&country=QQ").status_code == 400


def test_profile_index_search(client, corpus, django_assert_num_queries):
    # the four index queries; SQLite's fallback first checks for a substring match
    expected = 4 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(expected):
        assert get(client, "/profiles/?q=person").status_code == 200


def test_profile_index_search_with_a_typo(client, corpus, django_assert_num_queries):
    # SQLite's fallback adds one more: the fuzzy pass over the public search documents
    expected = 4 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        assert get(client, "/profiles/?q=persn").status_code == 200


def test_profile_page(client, corpus, django_assert_num_queries):
    # the public profile with its live version (snapshot); its relations in both directions, with
    # the related profiles' public names; the public change history
    slug = corpus[-1].slug
    with django_assert_num_queries(3):
        response = get(client, f"/profiles/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-entry') == len(corpus[-1].timeline.all())


def test_old_slug_redirect(client, corpus, django_assert_num_queries):
    SlugHistory.objects.create(profile=corpus[0], slug="an-old-name")
    # no public profile at the slug, the slug history joined to the public index
    with django_assert_num_queries(2):
        assert get(client, "/profiles/an-old-name/").status_code == 301


def test_withdrawn_and_unknown_profile(client, corpus, editor, django_assert_num_queries):
    withdraw_profile(corpus[0], actor=editor, reason="Safety")
    # no public profile, no slug history, a public change event for the slug
    with django_assert_num_queries(3):
        assert get(client, f"/profiles/{corpus[0].slug}/").status_code == 410
    with django_assert_num_queries(3):
        assert get(client, "/profiles/nobody/").status_code == 404


def test_source_index(client, corpus, django_assert_num_queries):
    # count, the page of sources with excerpt and profile counts
    with django_assert_num_queries(2):
        assert get(client, "/sources/").status_code == 200


def test_source_page(client, corpus, django_assert_num_queries):
    source_id = PublicSource.objects.get().source_id
    # the source, its excerpts with speakers, the citations with their profiles
    with django_assert_num_queries(3):
        response = get(client, f"/sources/{source_id}/")
    assert response.content.decode().count('class="excerpt"') == sum(len(p.timeline.all()) for p in corpus)


def test_destinations(client, corpus, django_assert_num_queries):
    # profiles per current country, published aggregate figures with their sources
    with django_assert_num_queries(2):
        assert get(client, "/destinations/").status_code == 200


def test_feed(client, corpus, django_assert_num_queries):
    # the latest versions joined to the public index
    with django_assert_num_queries(1):
        assert get(client, "/feed/").status_code == 200


def test_sitemap(client, corpus, django_assert_num_queries):
    # count and list of public profiles, count and list of public sources
    with django_assert_num_queries(4):
        response = get(client, "/sitemap.xml")
    assert response.content.decode().count("<url>") == 4 + PublicProfile.objects.count() + 1


def test_a_cached_page_costs_no_query(client, corpus, django_assert_num_queries):
    get(client, "/profiles/")
    with django_assert_num_queries(0):
        assert client.get("/profiles/").status_code == 200
