import pytest

from profiles.models import Profile
from tests.factories import ExcerptFactory, ProfileFactory
from tests.test_helpers import profile_form


@pytest.mark.django_db
def test_citation_autocomplete_searches_excerpts_by_quote_words(admin_client):
    wanted = ExcerptFactory(text="On the same day, Loshak boarded a plane for Tbilisi.")
    ExcerptFactory(text="Writer Ludmila Ulitska is giving interviews from her apartment in Berlin.")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "profiles", "model_name": "timelineentry", "field_name": "citations", "term": "Loshak"},
    )
    assert response.status_code == 200
    assert [int(r["id"]) for r in response.json()["results"]] == [wanted.pk]


@pytest.mark.django_db
def test_citation_autocomplete_is_not_open_to_the_public(client):
    ExcerptFactory()
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "profiles", "model_name": "timelineentry", "field_name": "citations", "term": "Loshak"},
    )
    assert response.status_code == 302  # to the login page


@pytest.mark.django_db
def test_timeline_entry_with_citations_is_saved_inline(admin_client):
    excerpt = ExcerptFactory()
    data = profile_form(
        "Andrei Loshak",
        **{
            "confirm_not_duplicate": "on",
            "timeline-TOTAL_FORMS": "1",
            "timeline-0-kind": "left_russia",
            "timeline-0-date": "2022-03-04",
            "timeline-0-date_precision": "day",
            "timeline-0-date_qualifier": "",
            "timeline-0-country": "GE",
            "timeline-0-city": "Tbilisi",
            "timeline-0-region": "",
            "timeline-0-location_disclosure": "city",
            "timeline-0-text": "Boarded a plane for Tbilisi on the night of 4 March.",
            "timeline-0-cited_excerpts": [str(excerpt.pk)],
        },
    )
    response = admin_client.post("/admin/profiles/profile/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Profile.objects.get().timeline.get()
    assert list(entry.citations.all()) == [excerpt]


@pytest.mark.django_db
def test_two_current_locations_are_refused(admin_client):
    base = {
        "timeline-TOTAL_FORMS": "2",
        "confirm_not_duplicate": "on",
    }
    for i, (country, city) in enumerate([("FR", "Paris"), ("DE", "Berlin")]):
        base.update(
            {
                f"timeline-{i}-kind": "arrived",
                f"timeline-{i}-date": "2022-03-20",
                f"timeline-{i}-date_precision": "month",
                f"timeline-{i}-country": country,
                f"timeline-{i}-city": city,
                f"timeline-{i}-location_disclosure": "city",
                f"timeline-{i}-text": "Reported there.",
                f"timeline-{i}-is_current": "on",
            }
        )
    response = admin_client.post("/admin/profiles/profile/add/", profile_form("Kirill Serebrennikov", **base))
    assert response.status_code == 200
    assert "Only one timeline entry can be marked as the current location." in response.content.decode()
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_profile_admin_lists_and_filters(admin_client):
    ProfileFactory(display_name="Zemfira", wave="2022")
    ProfileFactory(display_name="Marina Tsvetaeva", wave="1917")
    page = admin_client.get("/admin/profiles/profile/?wave__exact=1917").content.decode()
    assert "Marina Tsvetaeva" in page and "Zemfira" not in page
