"""HTTP done properly: validators with 304s, cache headers, CORS for partner origins, JSON errors."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils.http import http_date

from profiles.workflow import withdraw_profile

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/profiles/",
    "/api/v1/profiles/andrei-loshak/",
    "/api/v1/sources/",
    "/api/v1/excerpts/",
    "/api/v1/changes/",
    "/api/v1/facets/",
]


@pytest.mark.parametrize("url", URLS)
def test_responses_carry_etag_last_modified_and_cache_control(api, corpus, url):
    response = api.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", URLS)
def test_conditional_get_with_the_etag_is_a_304_without_queries(api, corpus, url, django_assert_num_queries):
    etag = api.get(url)["ETag"]
    with django_assert_num_queries(0):  # validators come from the cache: no database work at all
        response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_the_last_change_is_a_304(api, corpus):
    last_modified = api.get("/api/v1/profiles/")["Last-Modified"]
    assert api.get("/api/v1/profiles/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get("/api/v1/profiles/", HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_publishing_or_withdrawing_changes_the_etag(api, corpus, editor, django_capture_on_commit_callbacks):
    etag = api.get("/api/v1/profiles/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_profile(corpus["loshak"], actor=editor, reason="Safety")
    response = api.get("/api/v1/profiles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "andrei-loshak" not in response.content.decode()


def test_a_lost_cache_changes_every_etag_once(api, corpus, editor):
    etag = api.get("/api/v1/profiles/")["ETag"]
    # A restarted cache starts the generation from the clock, never from a number it had before,
    # so no page or validator cached under an older number can come back: a partner downloads
    # once more instead.
    cache.clear()
    response = api.get("/api/v1/profiles/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert api.get("/api/v1/profiles/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    with transaction.atomic():
        withdraw_profile(corpus["loshak"], actor=editor, reason="Safety")
    cache.clear()
    assert api.get("/api/v1/profiles/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_different_queries_have_different_etags(api, corpus):
    assert api.get("/api/v1/profiles/")["ETag"] != api.get("/api/v1/profiles/?ordering=-name")["ETag"]


def test_errors_are_json_and_not_cached(api, corpus):
    response = api.get("/api/v1/profiles/?country=XX")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response


def test_cors_allows_configured_partner_origins_only(api, corpus, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    allowed = api.get("/api/v1/profiles/", HTTP_ORIGIN="https://partner.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
    other = api.get("/api/v1/profiles/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = api.options(
        "/api/v1/profiles/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,x-api-key",
    )
    assert preflight.status_code == 200
    assert "x-api-key" in preflight["Access-Control-Allow-Headers"]
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    # The public pages are not part of the API: no CORS there.
    page = api.get("/profiles/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in page


def test_schema_and_docs_are_served_from_this_site(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/profiles/", "/api/v1/profiles/{slug}/", "/api/v1/changes/", "/api/v1/facets/"} <= set(paths)
    docs = api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()


def test_an_empty_site_answers_without_last_modified(api, db, settings):
    response = api.get("/api/v1/profiles/")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert "Last-Modified" not in response and response["ETag"]
    assert api.get("/api/v1/changes/").json() == {
        "cursor": 0,
        "has_more": False,
        "next": f"{settings.SITE_URL}/api/v1/changes/?since=0",
        "results": [],
    }


def test_head_answers_like_get_without_a_body(api, corpus):
    response = api.head("/api/v1/profiles/")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == api.get("/api/v1/profiles/")["ETag"]


def test_other_addresses_under_api_are_json_404s(api, db):
    for url in ("/api/", "/api/v1/", "/api/v2/profiles/", "/api/v1/profiles/a/b/c/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found: nothing published has this address."}
