"""Each public page costs the same number of queries at a small and a larger data size.

The cache is cleared before each request so the page is really rendered; every query is named.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import BakedProfile, PublicProfile, PublicSource, SlugHistory
from profiles.workflow import withdraw_profile
from public.facets import index_facets, public_facets
from tests.public.builders import published_corpus, published_profile

pytestmark = pytest.mark.django_db

# (profiles, timeline entries per profile): the larger size spans several index pages.
SIZES = [(2, 1), (13, 6)]


@pytest.fixture(params=SIZES, ids=["small", "large"])
def corpus(request, editor, monkeypatch):
    monkeypatch.setattr("public.views.profiles.PROFILES_PER_PAGE", 5)
    monkeypatch.setattr("public.views.sources.SOURCES_PER_PAGE", 5)
    profiles, entries = request.param
    return published_corpus(editor, profiles, entries=entries)


def fresh():
    """The next request renders its page afresh, with the counts of the current public generation
    already made (the first page after each publication makes them:
    test_facets_are_counted_once_per_generation)."""
    cache.clear()
    public_facets()
    index_facets()  # the index's panel counts, made once per generation too


def get(client, url):
    return client.get(url)


def test_facets_are_counted_once_per_generation(corpus, django_assert_num_queries):
    cache.clear()
    # profiles and current countries; timeline countries; sources; excerpts; categories; years
    with django_assert_num_queries(6):
        public_facets()
    with django_assert_num_queries(0):
        public_facets()
    # the index's panel: every filter's values with their counts, in one query
    with django_assert_num_queries(1):
        index_facets()
    with django_assert_num_queries(0):
        index_facets()


def test_home(client, corpus, django_assert_num_queries):
    # the latest versions joined to the public index (the counts: once per generation)
    fresh()
    with django_assert_num_queries(1):
        assert get(client, "/").status_code == 200


def index_queries(client, url, status=200) -> tuple[int, int]:
    """(queries made, queries expected) for an index page: the page of profiles, their categories,
    and the count only when the results do not fit on the first page."""
    fresh()
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    assert response.status_code == status
    page = response.context["page"]
    return len(queries), 2 + ("page=" in url or page.paginator.num_pages > 1)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?page=2",
        "?country=GE&page=2",
        "?timeline_country=GE&year=2022&wave=2022&kind=person&ordering=-departure",
    ],
)
def test_profile_index(client, corpus, query):
    made, expected = index_queries(client, f"/profiles/{query}")
    assert made == expected


def test_profile_index_by_category(client, corpus):
    # and the check that the category slugs exist
    made, expected = index_queries(client, "/profiles/?category=media&country=DE&year=2022&wave=2022&kind=person")
    assert made == expected + 1


def test_profile_index_with_bad_filters(client, corpus):
    made, expected = index_queries(client, "/profiles/?year=abc&country=QQ", status=400)
    assert made == expected


def test_profile_index_search(client, corpus):
    made, expected = index_queries(client, "/profiles/?q=person")
    # SQLite's fallback first checks for a substring match
    assert made == expected + (connection.vendor != "postgresql")


def test_profile_index_search_with_a_typo(client, corpus):
    made, expected = index_queries(client, "/profiles/?q=persn")
    # SQLite's fallback adds two more: the substring check, the fuzzy pass over the search documents
    assert made == expected + 2 * (connection.vendor != "postgresql")


def test_a_search_that_fits_on_one_page_costs_no_count(client, corpus, editor):
    published_profile(editor, name="Zemfira Ramazanova")
    made, expected = index_queries(client, "/profiles/?q=Zemfira")
    assert expected == 2
    assert made == expected + (connection.vendor != "postgresql")


def test_profile_page(client, corpus, django_assert_num_queries):
    # the page stored when the live version was published
    slug = corpus[-1].slug
    fresh()
    with django_assert_num_queries(1):
        response = get(client, f"/profiles/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-entry') == len(corpus[-1].timeline.all())


def test_profile_page_not_baked_yet(client, corpus, django_assert_num_queries):
    BakedProfile.objects.all().delete()  # as after a deploy, before `manage.py bake`
    slug = corpus[-1].slug
    # no stored page, the public profile with its live version (snapshot), its relations in both
    # directions with the related profiles' public names, the public change history
    fresh()
    with django_assert_num_queries(4):
        response = get(client, f"/profiles/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-entry') == len(corpus[-1].timeline.all())


def test_old_slug_redirect(client, corpus, django_assert_num_queries):
    SlugHistory.objects.create(profile=corpus[0], slug="an-old-name")
    # no stored page, no public profile at the slug, the slug history joined to the public index
    fresh()
    with django_assert_num_queries(3):
        assert get(client, "/profiles/an-old-name/").status_code == 301


def test_withdrawn_and_unknown_profile(client, corpus, editor, django_assert_num_queries):
    withdraw_profile(corpus[0], actor=editor, reason="Safety")
    # no stored page, no public profile, no slug history, a public change event for the slug
    fresh()
    with django_assert_num_queries(4):
        assert get(client, f"/profiles/{corpus[0].slug}/").status_code == 410
    # unknown: no stored page, no public profile, no slug history, no change event, and which words
    # of the slug live profiles contain (for the 404's search; when every word is found, one more
    # looks for a live profile whose alias spelling the slug is)
    fresh()
    with django_assert_num_queries(5):
        assert get(client, "/profiles/nobody/").status_code == 404


def test_source_index(client, corpus, django_assert_num_queries):
    # count, the page of sources with excerpt and profile counts
    fresh()
    with django_assert_num_queries(2):
        assert get(client, "/sources/").status_code == 200


def test_source_page(client, corpus, django_assert_num_queries):
    source_id = PublicSource.objects.get().source_id
    # the source, its excerpts with speakers, the citations with their profiles
    fresh()
    with django_assert_num_queries(3):
        response = get(client, f"/sources/{source_id}/")
    assert response.content.decode().count('class="excerpt"') == sum(len(p.timeline.all()) for p in corpus)


def test_destinations(client, corpus, django_assert_num_queries):
    # profiles per current country, published aggregate figures with their sources
    fresh()
    with django_assert_num_queries(2):
        assert get(client, "/destinations/").status_code == 200


def test_feed(client, corpus, django_assert_num_queries):
    # the latest versions joined to the public index
    fresh()
    with django_assert_num_queries(1):
        assert get(client, "/feed/").status_code == 200


def test_sitemap(client, corpus, django_assert_num_queries):
    # count and list of public profiles, count and list of public sources
    fresh()
    with django_assert_num_queries(4):
        response = get(client, "/sitemap.xml")
    assert response.content.decode().count("<url>") == 4 + PublicProfile.objects.count() + 1


def test_a_cached_page_costs_no_query(client, corpus, django_assert_num_queries):
    fresh()
    get(client, "/profiles/")
    with django_assert_num_queries(0):
        assert client.get("/profiles/").status_code == 200
