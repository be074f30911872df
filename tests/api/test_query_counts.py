"""Every list and detail costs the same number of queries at any page size, at a small and a
larger corpus."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import ChangeEvent
from profiles.workflow import withdraw_profile
from tests.public.builders import published_corpus, published_profile

pytestmark = pytest.mark.django_db


# (profiles citing one shared source thrice, profiles citing their own source); one is withdrawn.
SIZES = [(3, 4), (6, 7)]


@pytest.fixture(params=SIZES, ids=["six", "twelve"])
def corpus(request, editor):
    shared, own = request.param
    profiles = published_corpus(editor, shared)
    profiles += [published_profile(editor, name=f"Own Source{n}", country="DE", city="Berlin") for n in range(own)]
    withdraw_profile(profiles[0], actor=editor, reason="Safety")
    return profiles


def warm(client, url):
    """Fill the validators cache (one query per public change, not per request)."""
    assert client.get(url).status_code == 200


LISTS = [
    # (url, queries, what they are)
    ("/api/v1/profiles/", 2, "count; page of profiles joined with their live versions"),
    ("/api/v1/profiles/?category=media&country=DE", 3, "category slugs validated; count; page"),
    ("/api/v1/profiles/?ordering=-departure&timeline_country=DE", 2, "count; page"),
    ("/api/v1/sources/", 2, "count; page of sources with excerpt counts"),
    ("/api/v1/excerpts/", 3, "count; page of excerpts with source and speaker; citing profiles' slugs"),
    ("/api/v1/changes/", 1, "page of changes joined with version numbers (no count)"),
]


@pytest.mark.parametrize(("url", "queries", "what"), LISTS)
@pytest.mark.parametrize("page_size", [2, 10])
def test_list_queries_do_not_grow_with_the_page(api, corpus, django_assert_num_queries, url, queries, what, page_size):
    param = "limit" if "changes" in url else "page_size"
    url = f"{url}{'&' if '?' in url else '?'}{param}={page_size}"
    warm(api, url)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    data = response.json()
    total = ChangeEvent.objects.count() if "changes" in url else data["count"]
    assert len(data["results"]) == min(page_size, total)
    assert "changes" in url or data["count"] > 2
    # No count when the first page holds every result (public/pagination.py).
    fits = "changes" not in url and data["count"] <= page_size
    assert len(captured) == queries - fits


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/profiles/corpus-person2/", 1),  # the payload stored when its live version was published
        ("/api/v1/profiles/by-id/{profile}/", 1),  # the same, found by the profile's id
        ("/api/v1/profiles/corpus-person2/versions/", 2),  # the profile; its public versions
        ("/api/v1/profiles/corpus-person2/versions/1/", 3),  # the profile; that version; related profiles
        ("/api/v1/sources/{source}/", 2),  # the source with its excerpt count; its excerpts
        ("/api/v1/excerpts/{excerpt}/", 2),  # the excerpt with source and speaker; citing slugs
        ("/api/v1/facets/", 1),  # every facet in one query (the total is the sum of the kinds)
    ],
)
def test_detail_and_facet_queries(api, corpus, django_assert_num_queries, url, queries):
    source = api.get("/api/v1/sources/").json()["results"][0]["id"]
    excerpt = api.get("/api/v1/excerpts/").json()["results"][0]["id"]
    url = url.format(source=source, excerpt=excerpt, profile=corpus[2].pk)
    warm(api, url)
    with django_assert_num_queries(queries):
        assert api.get(url).status_code == 200


def test_partner_key_adds_two_queries(partner, corpus, django_assert_num_queries):
    warm(partner, "/api/v1/profiles/")
    # key lookup; usage upsert; count (only when one page cannot hold every result); page
    # (last_used_at is refreshed at most once a minute)
    fits = len(corpus) - 1 <= 10  # one of the corpus is withdrawn
    with django_assert_num_queries(4 - fits):
        partner.get("/api/v1/profiles/?page_size=10")


def test_validators_cost_one_query_per_public_change(api, corpus, django_assert_num_queries):
    cache.clear()
    # latest change (cached per generation); the page (every result fits on it: no count)
    with django_assert_num_queries(2):
        api.get("/api/v1/profiles/")
