"""Profiles list and detail: the public fields of the live version, nothing else."""

import pytest
from django.core.cache import cache

from api.serializers import ProfileDetailSerializer
from profiles.models import PublicProfile, SlugHistory
from profiles.workflow import publish_profile, record_edit, withdraw_profile
from tests.api.conftest import results

pytestmark = pytest.mark.django_db


def test_anonymous_list_shows_published_profiles_in_name_order(api, corpus):
    assert results(api.get("/api/v1/profiles/")) == ["andrei-loshak", "hidden-writer", "lyudmila-ulitskaya"]


def test_list_item_carries_summary_fields_from_the_live_version(api, corpus):
    item = api.get("/api/v1/profiles/").json()["results"][2]
    assert item["id"] == corpus["ulitskaya"].pk
    assert item["display_name"] == "Lyudmila Ulitskaya"
    assert item["native_name"] == "Людмила Улицкая"
    assert item["aliases"] == ["Ludmila Ulitska"]
    assert item["categories"] == [{"slug": "culture", "name": "Arts and culture"}]
    assert item["current_location"]["label"] == "Berlin, Germany"
    assert item["departure"] == {
        "date": "2022-03-01",
        "date_precision": "month",
        "label": "early March 2022",
        "as_reported": False,
    }
    assert item["version"] == 1
    assert item["url"].endswith("/profiles/lyudmila-ulitskaya/")
    assert item["api_url"].endswith("/api/v1/profiles/lyudmila-ulitskaya/")
    assert "timeline" not in item and "biography" not in item


def test_detail_has_timeline_with_precision_places_and_cited_excerpts(api, corpus):
    response = api.get("/api/v1/profiles/lyudmila-ulitskaya/")
    assert response.status_code == 200
    data = response.json()
    entry = data["timeline"][0]
    assert (entry["date"], entry["date_precision"], entry["date_qualifier"]) == ("2022-03-01", "month", "early")
    assert entry["date_label"] == "early March 2022"
    assert entry["place"] == {
        "precision": "city",
        "country": "DE",
        "country_name": "Germany",
        "city": "Berlin",
        "region": "europe",
        "label": "Berlin, Germany",
    }
    citation = entry["citations"][0]
    assert citation["text"] == "On the same day, Loshak boarded a plane for Tbilisi."
    assert citation["source"]["outlet"].startswith("Outlet")
    assert citation["source"]["url"].startswith("https://news.example.org/")
    assert data["sources"] == [citation["source"]]
    assert data["live_version"]["number"] == 1
    assert data["live_version"]["change_note"] == "First published"
    assert data["live_version"]["is_correction"] is False
    assert data["first_published_at"] == data["updated_at"] == data["live_version"]["published_at"]


def test_place_withheld_to_a_region_is_served_at_region_precision(api, corpus):
    data = api.get("/api/v1/profiles/hidden-writer/").json()
    assert data["current_location"] == {
        "precision": "region",
        "country": "",
        "country_name": "",
        "city": "",
        "region": "europe",
        "label": "Europe",
    }
    assert data["timeline"][0]["place"]["precision"] == "region"


def test_portrait_renditions_are_absolute_urls(api, editor, loshak, settings):
    loshak.portrait = "portraits/loshak.jpg"
    loshak.portrait_alt = "Andrei Loshak in 2021"
    loshak.portrait_renditions = {"640": "portraits/loshak-640.jpg", "320": "portraits/loshak-320.jpg"}
    loshak.save()
    publish_profile(loshak, actor=editor, change_note="Portrait added")
    portrait = api.get("/api/v1/profiles/andrei-loshak/").json()["portrait"]
    assert portrait["alt"] == "Andrei Loshak in 2021"
    assert [r["width"] for r in portrait["renditions"]] == [320, 640]
    assert portrait["renditions"][0]["url"] == f"{settings.SITE_URL}/media/portraits/loshak-320.jpg"


def test_republishing_bumps_the_version_and_updated_time(api, editor, loshak):
    first = api.get("/api/v1/profiles/andrei-loshak/").json()
    loshak.description = "Documentary filmmaker"
    loshak.save()
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="New description", is_correction=True)
    data = api.get("/api/v1/profiles/andrei-loshak/").json()
    assert data["version"] == 2
    assert data["description"] == "Documentary filmmaker"
    assert data["live_version"]["is_correction"] is True
    assert data["first_published_at"] == first["first_published_at"]
    assert data["updated_at"] > first["updated_at"]


def test_pending_edit_is_not_served_until_published(api, editor, loshak):
    loshak.description = "PENDING-EDIT"
    loshak.save()
    record_edit(loshak, actor=editor)
    cache.clear()
    assert api.get("/api/v1/profiles/andrei-loshak/").json()["description"] == "Investigative journalist"


def test_draft_and_unknown_profiles_are_404_json(api, corpus):
    for slug in ("secret-draftperson", "nobody"):
        response = api.get(f"/api/v1/profiles/{slug}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found: nothing published has this address."}


def test_write_methods_are_not_allowed(api, corpus):
    assert api.post("/api/v1/profiles/", {}, format="json").status_code == 405
    assert api.delete("/api/v1/profiles/andrei-loshak/").status_code == 405
    assert api.put("/api/v1/profiles/andrei-loshak/", {}, format="json").status_code == 405


def test_every_published_version_stays_retrievable(api, editor, loshak):
    loshak.description = "Documentary filmmaker"
    loshak.save()
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="Fixed the description", is_correction=True)
    versions = api.get("/api/v1/profiles/andrei-loshak/versions/").json()
    assert [(v["number"], v["change_note"], v["is_correction"]) for v in versions] == [
        (1, "First published", False),
        (2, "Fixed the description", True),
    ]
    first = api.get("/api/v1/profiles/andrei-loshak/versions/1/").json()
    assert (first["version"], first["description"]) == (1, "Investigative journalist")
    assert first["updated_at"] == versions[0]["published_at"]
    current = api.get("/api/v1/profiles/andrei-loshak/versions/2/").json()
    assert current == api.get("/api/v1/profiles/andrei-loshak/").json()
    response = api.get("/api/v1/profiles/andrei-loshak/versions/3/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Version 3 of this profile was never published."}


def test_a_withdrawn_profiles_versions_are_not_public(api, editor, loshak):
    withdraw_profile(loshak, actor=editor, reason="Safety")
    assert api.get("/api/v1/profiles/andrei-loshak/versions/").status_code == 404
    assert api.get("/api/v1/profiles/andrei-loshak/versions/1/").status_code == 404


def test_versions_refuse_list_parameters(api, loshak):
    response = api.get("/api/v1/profiles/andrei-loshak/versions/?page=2")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


# --- by id ---------------------------------------------------------------------------------------


def test_a_profile_is_fetched_by_its_id_with_the_same_payload_as_by_slug(api, corpus):
    by_slug = api.get("/api/v1/profiles/lyudmila-ulitskaya/").json()
    response = api.get(f"/api/v1/profiles/by-id/{corpus['ulitskaya'].pk}/")
    assert response.status_code == 200
    assert response.json() == by_slug


def test_the_id_address_outlives_a_rename(api, editor, loshak):
    url = f"/api/v1/profiles/by-id/{loshak.pk}/"
    loshak.slug = "andrey-loshak"
    loshak.save()
    SlugHistory.objects.create(profile=loshak, slug="andrei-loshak")
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="Renamed")
    assert api.get("/api/v1/profiles/andrei-loshak/").status_code == 404
    data = api.get(url).json()
    assert (data["slug"], data["version"]) == ("andrey-loshak", 2)


@pytest.mark.parametrize(
    "who", ["draft", "withdrawn", "unknown"], ids=["a draft", "a withdrawn profile", "no profile at all"]
)
def test_by_id_serves_only_live_profiles(api, editor, corpus, who):
    if who == "withdrawn":
        withdraw_profile(corpus["loshak"], actor=editor, reason="Safety")
    profile_id = {"draft": corpus["draft"].pk, "withdrawn": corpus["loshak"].pk, "unknown": 10**17}[who]
    response = api.get(f"/api/v1/profiles/by-id/{profile_id}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found: nothing published has this address."}


@pytest.mark.parametrize("address", ["by-id/abc/", "by-id/1234567890123456789/", "by-id/"])
def test_by_id_needs_a_64_bit_id(api, corpus, address):
    assert api.get(f"/api/v1/profiles/{address}").status_code == 404


def test_by_id_refuses_filters_and_pages(api, corpus):
    response = api.get(f"/api/v1/profiles/by-id/{corpus['loshak'].pk}/?country=DE")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]


# --- an earlier version ----------------------------------------------------------------------------


def test_an_earlier_version_shows_its_own_names_with_the_profiles_current_slug(api, editor, loshak):
    loshak.display_name = "Andrey Loshak"
    loshak.native_name = "Андрей Лошак"
    loshak.description = "Documentary filmmaker"
    loshak.kind = "group"
    loshak.save()
    record_edit(loshak, actor=editor)
    publish_profile(loshak, actor=editor, change_note="Renamed")
    live = api.get("/api/v1/profiles/andrei-loshak/").json()
    first = api.get("/api/v1/profiles/andrei-loshak/versions/1/").json()
    assert (first["display_name"], first["native_name"], first["description"], first["kind"]) == (
        "Andrei Loshak",
        "",
        "Investigative journalist",
        "person",
    )
    assert (live["display_name"], live["kind"]) == ("Andrey Loshak", "group")
    assert {key: first[key] for key in ("id", "slug", "url", "api_url", "first_published_at")} == {
        key: live[key] for key in ("id", "slug", "url", "api_url", "first_published_at")
    }
    assert first["live_version"]["number"] == first["version"] == 1
    assert first["updated_at"] == first["live_version"]["published_at"] < live["updated_at"]


def test_the_detail_serializer_takes_only_a_version_of_the_same_profile(editor, loshak, ulitskaya):
    other = ulitskaya.versions.get()
    with pytest.raises(ValueError, match="one of this profile's"):
        ProfileDetailSerializer(loshak.public, version=other)
    # The caller's public row keeps its live version.
    record_edit(loshak, actor=editor)
    second = publish_profile(loshak, actor=editor, change_note="Again")
    public = PublicProfile.objects.select_related("version").get(profile=loshak)
    assert ProfileDetailSerializer(public, version=loshak.versions.get(number=1)).data["version"] == 1
    assert public.version == second
    assert ProfileDetailSerializer(public).data["version"] == 2
