"""A request with several problems gets one 400 that names every one of them, so a partner fixes
their query in one round instead of one parameter per request."""

import pytest

pytestmark = pytest.mark.django_db


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    for name in body["errors"]:
        assert f"{name}: " in body["detail"]
    return body["errors"]


def test_an_unknown_parameter_and_a_bad_date_are_both_named(api, corpus):
    errors = errors_of(api.get("/api/v1/profiles/?categroy=arts&departed_after=March"))
    assert set(errors) == {"categroy", "departed_after"}
    assert errors["categroy"][0].startswith("Unknown parameter. This endpoint accepts: category,")
    assert errors["departed_after"] == ["Enter a valid date."]


def test_bad_filter_values_and_a_bad_page_are_all_named(api, corpus):
    response = api.get("/api/v1/profiles/?category=nope&country=XX&page=0&expand=sources")
    assert set(errors_of(response)) == {"category", "country", "page", "expand"}


def test_bad_filter_values_alone_are_all_named(api, corpus):
    assert set(errors_of(api.get("/api/v1/profiles/?year=abc&updated_since=yesterday"))) == {"year", "updated_since"}


def test_facets_name_an_unknown_parameter_and_a_bad_filter_value(api, corpus):
    assert set(errors_of(api.get("/api/v1/facets/?ordering=name&kind=robot"))) == {"ordering", "kind"}


def test_sources_name_an_unknown_parameter_a_bad_value_and_a_bad_page_size(api, corpus):
    response = api.get("/api/v1/sources/?title=x&year=old&page_size=1000")
    assert set(errors_of(response)) == {"title", "year", "page_size"}


def test_the_changes_feed_names_a_bad_cursor_a_bad_limit_and_an_unknown_parameter(api, corpus):
    response = api.get("/api/v1/changes/?since=yesterday&limit=0&format=json")
    assert set(errors_of(response)) == {"since", "limit", "format"}


def test_a_detail_names_unknown_parameters_only(api, corpus):
    response = api.get("/api/v1/profiles/lyudmila-ulitskaya/?page=0&nocache=1")
    assert set(errors_of(response)) == {"page", "nocache"}
