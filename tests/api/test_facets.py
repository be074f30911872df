"""Facet counts for building filters: published values only, following the filters given."""

import pytest

pytestmark = pytest.mark.django_db


def test_facets_count_published_profiles_by_category_country_wave_and_kind(api, corpus):
    data = api.get("/api/v1/facets/").json()
    assert data["total"] == 3
    assert data["categories"] == [
        {"value": "culture", "label": "Arts and culture", "count": 2},
        {"value": "media", "label": "Media and journalism", "count": 1},
    ]
    # The hidden writer's France is withheld (region only): not counted anywhere.
    assert data["countries"] == [
        {"value": "GE", "label": "Georgia", "count": 1},
        {"value": "DE", "label": "Germany", "count": 1},
    ]
    assert data["timeline_countries"] == data["countries"]
    assert data["waves"] == [{"value": "2022", "label": "2022 onwards", "count": 3}]
    assert data["kinds"] == [{"value": "person", "label": "Person", "count": 3}]


def test_facets_follow_the_filters(api, corpus):
    data = api.get("/api/v1/facets/?category=culture").json()
    assert data["total"] == 2
    assert data["countries"] == [{"value": "DE", "label": "Germany", "count": 1}]
    assert data["categories"] == [{"value": "culture", "label": "Arts and culture", "count": 2}]


def test_facets_reject_bad_filters_and_ordering(api, corpus):
    assert api.get("/api/v1/facets/?country=ZZ").status_code == 400
    response = api.get("/api/v1/facets/?ordering=name")
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]
