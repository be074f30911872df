"""Nothing unpublished reaches the API: not through any endpoint, filter, ordering, search or export.

The crawl below requests every endpoint, every detail, every ordering, and searches and filters
for each secret; no response may contain any of them, and filtering by a withheld place finds no one.
"""

import json

import pytest

from profiles.workflow import (
    publish_profile,
    record_edit,
    redact,
    request_changes,
    submit_for_review,
    withdraw_profile,
)
from public.filters import PROFILE_ORDERINGS
from tests import factories
from tests.crawl import api_responses
from tests.public.builders import build_profile, published_profile

pytestmark = pytest.mark.django_db

SECRETS = {
    "draft name": "Secret Draftperson",
    "draft city": "Yerevan",
    "profile note": "PRIVATE-PROFILE-NOTE",
    "source note": "PRIVATE-SOURCE-NOTE",
    "source full text": "giving interviews from her apartment",
    "review comment": "REVIEW-COMMENT-SECRET",
    "pending edit": "PENDING-EDIT-SECRET",
    "pending place": "Vilnius",
    "withheld city (country shown)": "Batumi",
    "withheld city (region shown)": "Marseille",
    "withheld country (region shown)": "France",
    "undisclosed country": "Lithuania",
    "withdrawn description": "WITHDRAWN-DESCRIPTION",
}


@pytest.fixture
def newsroom(editor, second_editor, contributor):
    draft = build_profile(name="Secret Draftperson", country="AM", city="Yerevan")
    submit_for_review(draft, actor=contributor)
    request_changes(draft, actor=editor, comment="REVIEW-COMMENT-SECRET")

    pending = published_profile(editor, name="Pending Person", country="DE", city="Berlin")
    pending.description = "PENDING-EDIT-SECRET"
    pending.save()
    factories.TimelineEntryFactory(profile=pending, kind="moved_on", country="LT", city="Vilnius", text="Moved.")
    record_edit(pending, actor=contributor)

    published_profile(editor, name="Country Only", country="GE", city="Batumi", disclosure="country")
    published_profile(editor, name="Region Only", country="FR", city="Marseille", disclosure="region")
    published_profile(editor, name="Undisclosed Person", country="LT", city="Kaunas", disclosure="undisclosed")
    withdrawn = published_profile(editor, name="Gone Person", description="WITHDRAWN-DESCRIPTION")
    withdraw_profile(withdrawn, actor=editor, reason="Safety")


def crawl(client) -> dict[str, str]:
    return api_responses(client, searches=SECRETS.values(), orderings=PROFILE_ORDERINGS)


def test_no_secret_in_any_response(partner, newsroom):
    bodies = crawl(partner)
    assert len(bodies) > 30
    for url, body in bodies.items():
        for what, secret in SECRETS.items():
            assert secret.lower() not in body.lower(), f"{what} leaked at {url}"


def test_draft_and_withdrawn_profiles_are_not_served(api, newsroom):
    slugs = [p["slug"] for p in api.get("/api/v1/profiles/").json()["results"]]
    assert slugs == ["country-only", "pending-person", "region-only", "undisclosed-person"]
    assert api.get("/api/v1/profiles/secret-draftperson/").status_code == 404
    assert api.get("/api/v1/profiles/gone-person/").status_code == 404


def test_pending_edit_serves_the_published_version(api, newsroom):
    data = api.get("/api/v1/profiles/pending-person/").json()
    assert data["description"] == "Investigative journalist"
    assert [e["place"]["country"] for e in data["timeline"]] == ["DE"]


@pytest.mark.parametrize(
    "query",
    [
        "q=Batumi",
        "q=Marseille",
        "q=Vilnius",
        "q=Yerevan",
        "q=Kaunas",
        "q=REVIEW-COMMENT-SECRET",
        "q=PRIVATE-PROFILE-NOTE",
        "q=PENDING-EDIT-SECRET",
        "q=WITHDRAWN-DESCRIPTION",
        "q=Secret+Draftperson",
        "country=FR",
        "country=LT",
        "country=AM",
        "timeline_country=FR",
        "timeline_country=LT",
        "timeline_country=AM",
    ],
)
def test_filtering_by_a_withheld_or_unpublished_value_finds_no_one(api, newsroom, query):
    response = api.get(f"/api/v1/profiles/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert api.get(f"/api/v1/facets/?{query}").json()["total"] == 0


def test_withheld_values_are_not_counted_in_facets(api, newsroom):
    data = api.get("/api/v1/facets/").json()
    counted = {f["value"] for f in data["countries"]} | {f["value"] for f in data["timeline_countries"]}
    assert counted == {"DE", "GE"}


def test_payloads_carry_no_private_field_names(partner, newsroom):
    text = json.dumps(crawl(partner))
    for field in ("editorial_notes", "full_text", "working_copy", "search_document", "published_by", "comment"):
        assert f'"{field}"' not in text and f'\\"{field}\\"' not in text


def test_redacting_a_place_removes_it_from_every_served_version(api, editor):
    profile = published_profile(editor, name="Redacted Person", country="GE", city="Batumi", disclosure="city")
    profile.description = "Second version"
    profile.save()
    record_edit(profile, actor=editor)
    publish_profile(profile, actor=editor, change_note="Second")
    assert "Batumi" in api.get("/api/v1/profiles/redacted-person/versions/1/").content.decode()
    redact(profile, actor=editor, entry_id=profile.timeline.first().pk, reason="Safety", disclosure="country")
    for url in (
        "/api/v1/profiles/redacted-person/",
        "/api/v1/profiles/redacted-person/versions/1/",
        "/api/v1/profiles/redacted-person/versions/2/",
    ):
        body = api.get(url).content.decode()
        assert "Batumi" not in body and "Georgia" in body
    assert api.get("/api/v1/changes/").json()["results"][-1]["action"] == "updated"
