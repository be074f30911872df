"""The profile index, /profiles/: filters from the shared FilterSet (public/filters.py), the panel
drawn from its form, active filters, bad values, pages, and search."""

import re

import pytest

from tests.public.builders import published_profile

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def names_on(response) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', text_of(response))


def test_index_lists_published_profiles_by_name(client, index_corpus):
    assert names_on(client.get("/profiles/")) == ["Andrei Loshak", "Lyudmila Ulitskaya", "Pussy Riot"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=culture", ["Pussy Riot"]),
        ("country=DE", ["Lyudmila Ulitskaya"]),
        ("country=ge", ["Andrei Loshak"]),
        ("year=2023", ["Pussy Riot"]),
        ("kind=group", ["Pussy Riot"]),
        ("kind=person&country=GE", ["Andrei Loshak"]),
        ("wave=2022&category=media", ["Andrei Loshak", "Lyudmila Ulitskaya"]),
        ("wave=soviet", []),
        ("q=Ulitska", ["Lyudmila Ulitskaya"]),
        ("q=Улицкая&year=2022", ["Lyudmila Ulitskaya"]),
    ],
)
def test_index_filters_combine(client, index_corpus, query, expected):
    response = client.get(f"/profiles/?{query}")
    assert response.status_code == 200
    assert names_on(response) == expected


def test_active_filters_are_shown_with_links_that_remove_each_one(client, index_corpus):
    page = text_of(client.get("/profiles/?category=media&country=DE"))
    assert "Category: Media and journalism" in page
    assert "Lives in now: Germany" in page
    assert 'href="/profiles/?country=DE"' in page  # removes the category
    assert 'href="/profiles/?category=media"' in page  # removes the country
    assert "Clear all" in page


def test_a_route_country_filter_has_its_own_chip(client, index_corpus):
    page = text_of(client.get("/profiles/?timeline_country=GE"))
    assert "On their route: Georgia" in page


def test_filter_form_keeps_the_chosen_values(client, index_corpus):
    page = text_of(client.get("/profiles/?category=culture&q=riot"))
    assert '<option value="culture" selected>' in page
    assert 'name="q" value="riot"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "The year must be a number"),
        ("year=99999", "less than or equal to 2100"),
        # The messages the API gives for the same parameters (tests/api/test_filters.py).
        ("country=ZZZ", "Select a valid choice. ZZZ is not one of the available choices."),
        ("country=QQ", "Select a valid choice. QQ is not one of the available choices."),
        ("timeline_country=QQ", "Select a valid choice. QQ is not one of the available choices."),
        ("category=%3Cscript%3E", "Select a valid choice. &lt;script&gt; is not one of the available choices."),
        ("departed_after=March", "Enter a valid date."),
        ("wave=1812", "Select a valid choice"),
        ("kind=robot", "Select a valid choice"),
    ],
)
def test_bad_filter_values_get_a_clear_message_not_an_error(client, index_corpus, query, message):
    response = client.get(f"/profiles/?{query}")
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert "That filter was ignored." in page
    assert "<script>" not in page
    # The other profiles are still listed: a bad filter narrows nothing.
    assert len(names_on(response)) == 3


def test_the_filter_form_submitted_with_nothing_chosen_lists_everyone(client, index_corpus):
    response = client.get("/profiles/?q=&category=&country=&timeline_country=&year=&wave=&kind=")
    assert response.status_code == 200
    assert len(names_on(response)) == 3
    assert "Active filters" not in text_of(response)


def test_the_panel_offers_published_values_with_counts(client, index_corpus):
    page = text_of(client.get("/profiles/"))
    assert '<option value="DE">Germany (1)</option>' in page  # country, now
    assert '<option value="IS">Iceland (1)</option>' in page
    assert '<option value="2023">2023 (1)</option>' in page
    assert '<option value="culture">Arts and culture (1)</option>' in page
    assert '<option value="FR"' not in page  # nobody published there


def test_a_bad_filter_does_not_drop_the_good_ones(client, index_corpus):
    response = client.get("/profiles/?year=abc&kind=group")
    assert response.status_code == 400
    assert names_on(response) == ["Pussy Riot"]


def test_index_paginates_and_keeps_filters_in_page_links(client, editor, settings, monkeypatch):
    monkeypatch.setattr("public.views.profiles.PROFILES_PER_PAGE", 2)
    for n in range(5):
        published_profile(editor, name=f"Person Paged{n}")
    first = client.get("/profiles/?category=media")
    assert names_on(first) == ["Person Paged0", "Person Paged1"]
    assert 'href="?category=media&amp;page=2"' in text_of(first)
    assert names_on(client.get("/profiles/?category=media&page=3")) == ["Person Paged4"]
    # A page number out of range or not a number shows a real page, not an error.
    assert client.get("/profiles/?page=999").status_code == 200
    assert client.get("/profiles/?page=abc").status_code == 200


def test_search_with_no_match_says_so(client, index_corpus):
    page = text_of(client.get("/profiles/?q=Pugacheva"))
    assert "No published profile matches" in page
