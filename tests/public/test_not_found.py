"""Addresses readers guess: another spelling of a name, an unknown profile, /favicon.ico."""

import pytest
from django.test import Client

from profiles.workflow import withdraw_profile
from tests.public.builders import build_profile, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def glukhovsky(editor):
    return published_profile(
        editor,
        name="Dmitry Glukhovsky",
        native_name="Дмитрий Глуховский",
        aliases="Dmitri Glukhovsky\nDmitriy Glukhovskiy",
    )


@pytest.mark.parametrize("spelling", ["dmitri-glukhovsky", "dmitriy-glukhovskiy"])
def test_another_spelling_of_the_name_moves_permanently_to_the_profile(client, glukhovsky, spelling):
    response = client.get(f"/profiles/{spelling}/")
    assert response.status_code == 301
    assert response["Location"] == f"/profiles/{glukhovsky.slug}/"


def test_an_alias_that_is_only_part_of_a_name_is_not_followed(client, glukhovsky):
    assert client.get("/profiles/dmitri/").status_code == 404
    assert client.get("/profiles/glukhovsky/").status_code == 404


def test_a_withdrawn_profiles_spellings_lead_nowhere(client, glukhovsky, editor):
    withdraw_profile(glukhovsky, actor=editor, reason="Safety")
    response = client.get("/profiles/dmitri-glukhovsky/")
    assert response.status_code == 404
    assert glukhovsky.slug not in response.content.decode()


def test_an_unpublished_profiles_spellings_lead_nowhere(client, db):
    build_profile(name="Secret Person", aliases="Sekret Persona")
    assert client.get("/profiles/sekret-persona/").status_code == 404


def test_an_unknown_profile_offers_a_search_for_the_words_of_its_address(client, editor):
    published_profile(editor, name="Zemfira", description="Singer")
    response = client.get("/profiles/zemfira-singer/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert '<a href="/profiles/?q=zemfira%20singer">Search the profiles for “zemfira singer”</a>' in page


def test_the_404_offers_only_the_words_published_profiles_contain(client, editor):
    published_profile(editor, name="Zemfira")
    build_profile(name="Secretdraft Person")  # never published
    page = client.get("/profiles/zemfira-secretdraft/").content.decode()
    assert "Search the profiles for “zemfira”" in page
    assert "secretdraft" not in page.lower()
    page = client.get("/profiles/secretdraft-person/").content.decode()
    assert "secretdraft" not in page.lower() and "Search the profiles for" not in page


def test_in_development_an_unknown_profile_shows_the_sites_own_page(editor, settings):
    published_profile(editor, name="Nobody Atall")
    settings.DEBUG = True
    response = Client().get("/profiles/nobody-atall-else/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Search the profiles for “nobody atall”" in page
    assert "Using the URLconf" not in page  # not Django's technical 404


def test_favicon_is_linked_and_served(client, db):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
