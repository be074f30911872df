"""Nothing unpublished is ever public: drafts, pending edits, withdrawn profiles, private notes and
withheld places never appear on any page, in the feed, the sitemap or a search result.

The test crawls the whole public site from its entry points, following every internal link, and
looks for markers planted in everything that must stay private.
"""

import re

import pytest

from profiles.workflow import withdraw_profile
from sources.models import AggregateFigure
from tests import factories
from tests.crawl import site_pages
from tests.public.builders import build_profile, publish

pytestmark = pytest.mark.django_db

SECRETS = [
    "Secretdraft",  # a draft's name
    "Draft-only source",  # a source only a draft cites
    "Withdrawn Person",  # a withdrawn profile's name
    "Withdrawn-only source",  # a source only the withdrawn profile cited
    "PENDING-DESCRIPTION",  # an edit of a published profile, not yet published
    "PENDING-ENTRY-TEXT",
    "Pending-only source",
    "Pendingalias",
    "PRIVATE-PROFILE-NOTE",  # editorial notes
    "PRIVATE-SOURCE-NOTE",
    "fall asleep",  # a source's private full text (never quoted in an excerpt)
    "Yerevan",  # a city published at country precision
    "Riga",  # an undisclosed place: neither city...
    "Latvia",  # ...nor country
    "Unpublished-dataset",  # an aggregate figure not published
]


@pytest.fixture
def world(editor, settings):
    settings.SITE_URL = "http://testserver"
    visible = build_profile(name="Visible Person", country="AM", city="Yerevan", disclosure="country")
    hidden = factories.TimelineEntryFactory(
        profile=visible, kind="moved_on", country="LV", city="Riga", location_disclosure="undisclosed",
        text="Moved on to a place the editors keep private.", is_current=True,
    )  # fmt: skip
    factories.cite(hidden, factories.ExcerptFactory(text="Loshak boarded a plane"))
    publish(visible, editor)

    # A pending edit of the published profile: a new description, alias and a cited entry.
    visible.description = "PENDING-DESCRIPTION"
    visible.aliases = "Pendingalias"
    visible.save()
    pending = factories.TimelineEntryFactory(profile=visible, kind="statement", text="PENDING-ENTRY-TEXT")
    factories.cite(pending, factories.ExcerptFactory(source__title="Pending-only source"))

    draft = build_profile(name="Secretdraft Person", source=factories.SourceFactory(title="Draft-only source"))
    draft.categories.set([])

    withdrawn = build_profile(name="Withdrawn Person", source=factories.SourceFactory(title="Withdrawn-only source"))
    publish(withdrawn, editor)
    withdraw_profile(withdrawn, actor=editor, reason="Safety")

    AggregateFigure.objects.create(
        dataset="Unpublished-dataset", label="Georgia", value=1, unit="percent",
        excerpt=factories.ExcerptFactory(), is_published=False,
    )  # fmt: skip
    # A published figure whose source no live profile cites: its metadata shows, its notes never.
    factories.published_figure(
        dataset="Published survey", label="Georgia", value=23, unit="percent",
        excerpt=factories.ExcerptFactory(source__title="Survey-only source"),
    )  # fmt: skip
    return {"visible": visible, "draft": draft, "withdrawn": withdrawn}


def leaked(content: str) -> list[str]:
    return [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", content, re.IGNORECASE)]


def crawl(client) -> dict[str, str]:
    return site_pages(client)


def test_no_public_page_feed_or_sitemap_shows_anything_unpublished(client, world):
    pages = crawl(client)
    assert f"/profiles/{world['visible'].slug}/" in pages
    assert any(url.startswith("/sources/") and url != "/sources/" for url in pages)
    assert {url: leaked(content) for url, content in pages.items() if leaked(content)} == {}


def test_the_crawl_reaches_published_figures(client, world):
    page = crawl(client)["/destinations/"]
    assert "Published survey" in page and "Survey-only source" in page


def test_published_profile_shows_the_published_text_while_an_edit_is_pending(client, world):
    page = client.get(f"/profiles/{world['visible'].slug}/").content.decode()
    assert "Investigative journalist" in page
    assert "PENDING" not in page


def test_withheld_places_are_cut_to_their_allowed_precision(client, world):
    page = client.get(f"/profiles/{world['visible'].slug}/").content.decode()
    assert "Armenia" in page
    # The undisclosed move is told without a place, and "now in" does not fall back to it.
    assert "Moved on to a place the editors keep private." in page
    assert "Now in</dt><dd>Not disclosed" in page


def test_drafts_and_withdrawn_profiles_have_no_page(client, world):
    assert client.get(f"/profiles/{world['draft'].slug}/").status_code == 404
    response = client.get(f"/profiles/{world['withdrawn'].slug}/")
    assert response.status_code == 410
    assert leaked(response.content.decode()) == []


def test_sources_only_unpublished_profiles_cite_have_no_page(client, world):
    for profile in (world["draft"], world["withdrawn"]):
        source_id = profile.timeline.first().citations.first().source_id
        assert client.get(f"/sources/{source_id}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["Secretdraft", "Withdrawn", "Pendingalias", "PENDING-DESCRIPTION", "PRIVATE-PROFILE-NOTE", "Yerevan", "Riga"],
)
def test_search_finds_nothing_unpublished_or_withheld(client, world, query):
    page = client.get("/profiles/", {"q": query}).content.decode()
    assert "No published profile matches" in page


@pytest.mark.parametrize(
    ("parameter", "country", "found"),
    [
        # Armenia is on the published route (country precision), but she lives elsewhere now.
        ("timeline_country", "AM", True),
        ("country", "AM", False),
        # Latvia, where she lives now, was undisclosed: it filters on nothing, as now or on the route.
        ("timeline_country", "LV", False),
        ("country", "LV", False),
    ],
)
def test_filters_do_not_reveal_withheld_places(client, world, parameter, country, found):
    page = client.get("/profiles/", {parameter: country}).content.decode()
    assert ("Visible Person" in page) is found
    assert '<option value="LV"' not in page


PRIVATE_COLUMNS = ["editorial_notes", "full_text", "working_copy", "aliases", "biography", '"profiles_timelineentry"']


def test_no_public_page_even_reads_private_columns_or_the_working_copy(client, world):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = list(crawl(client)) + [f"/profiles/{world['withdrawn'].slug}/", "/profiles/nobody/"]
    read = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        read[url] = [column for column in PRIVATE_COLUMNS if column in sql]
    assert {url: columns for url, columns in read.items() if columns} == {}
