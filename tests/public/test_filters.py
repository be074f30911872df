"""One FilterSet (public/filters.py) for the site's index and the API: each parameter means the
same in both, `country` is where someone lives now and `timeline_country` anywhere on their route."""

import datetime
import re

import pytest
from rest_framework.test import APIClient

from profiles.workflow import publish_profile, record_edit
from tests import factories
from tests.public.builders import CULTURE, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(editor):
    """Left for Tbilisi in March 2022, lives in Berlin since 2023: Georgia is on the route, not now."""
    profile = published_profile(editor, name="Kirill Moved", country="GE", city="Tbilisi")
    later = factories.TimelineEntryFactory(
        profile=profile,
        kind="moved_on",
        date=datetime.date(2023, 1, 10),
        country="DE",
        city="Berlin",
        text="Moved on to Berlin.",
        is_current=True,
    )
    factories.cite(later, factories.ExcerptFactory())
    record_edit(profile, actor=editor)
    publish_profile(profile, actor=editor, change_note="Moved on")
    return profile


@pytest.fixture
def people(editor, moved):
    published_profile(editor, name="Andrei Loshak", country="GE", city="Tbilisi")
    published_profile(
        editor,
        name="Pussy Riot",
        kind="group",
        categories=(CULTURE,),
        country="IS",
        city="Reykjavik",
        date=datetime.date(2023, 5, 1),
    )
    return moved


def on_site(client, query: str) -> list[str]:
    response = client.get(f"/profiles/?{query}")
    assert response.status_code == 200, query
    return sorted(re.findall(r'<h3 class="card-title"><a href="/profiles/([^/]+)/">', response.content.decode()))


def in_api(query: str) -> list[str]:
    response = APIClient().get(f"/api/v1/profiles/?{query}")
    assert response.status_code == 200, (query, response.content)
    return sorted(item["slug"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=DE", ["kirill-moved"]),
        ("country=GE", ["andrei-loshak"]),
        ("country=ge", ["andrei-loshak"]),
        ("timeline_country=GE", ["andrei-loshak", "kirill-moved"]),
        ("timeline_country=DE", ["kirill-moved"]),
        ("year=2023", ["pussy-riot"]),
        ("year=2022", ["andrei-loshak", "kirill-moved"]),
        ("category=culture", ["pussy-riot"]),
        ("category=culture&category=media", ["andrei-loshak", "kirill-moved", "pussy-riot"]),
        ("kind=group", ["pussy-riot"]),
        ("wave=2022&timeline_country=IS", ["pussy-riot"]),
        ("departed_after=2023-01-01", ["pussy-riot"]),
        ("departed_before=2022-12-31&country=DE", ["kirill-moved"]),
        ("q=Kirill", ["kirill-moved"]),
        ("category=", ["andrei-loshak", "kirill-moved", "pussy-riot"]),
    ],
)
def test_each_parameter_means_the_same_on_the_site_and_in_the_api(client, people, query, expected):
    assert on_site(client, query) == in_api(query) == expected


def test_the_site_takes_the_apis_ordering_too(client, people):
    response = client.get("/profiles/?ordering=-name")
    names = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    assert names == ["Pussy Riot", "Kirill Moved", "Andrei Loshak"]


def test_the_destinations_chart_links_to_the_people_who_live_there_now(client, people):
    """The chart counts current countries and links ?country=XX, which now means just that."""
    chart = client.get("/destinations/").content.decode()
    assert '<a href="/profiles/?country=GE">' in chart
    assert on_site(client, "country=GE") == ["andrei-loshak"]  # not the one who moved on to Berlin


def test_the_panel_counts_both_countries_as_their_filters_do(client, people):
    page = client.get("/profiles/").content.decode()
    now = page[page.index('name="country"') : page.index("</select>", page.index('name="country"'))]
    route = page[page.index('name="timeline_country"') : page.index("</select>", page.index('name="timeline_country"'))]
    assert '<option value="GE">Georgia (1)</option>' in now
    assert '<option value="GE">Georgia (2)</option>' in route


def test_the_api_facets_count_years_like_the_year_filter(people):
    facets = APIClient().get("/api/v1/facets/").json()
    assert facets["years"] == [
        {"value": "2022", "label": "2022", "count": 2},
        {"value": "2023", "label": "2023", "count": 1},
    ]
    assert facets["total"] == 3
