import datetime

import pytest
from rest_framework.test import APIClient

from api.models import ApiKey
from tests import factories
from tests.public.builders import CULTURE, MEDIA, build_profile, publish, published_profile


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner_key(db):
    """(ApiKey, raw key) for a partner newsroom."""
    return ApiKey.issue(name="Partner Newsroom", contact_email="data@partner.example")


@pytest.fixture
def partner(partner_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key[1]}")
    return client


@pytest.fixture
def loshak(editor):
    """Published: left for Tbilisi (city disclosed) on a known day, media."""
    return published_profile(editor, name="Andrei Loshak", description="Investigative journalist")


@pytest.fixture
def ulitskaya(editor):
    """Published: Berlin, city disclosed, month precision, culture, native name and alias."""
    return published_profile(
        editor,
        name="Lyudmila Ulitskaya",
        native_name="Людмила Улицкая",
        aliases="Ludmila Ulitska",
        description="Writer",
        country="DE",
        city="Berlin",
        precision="month",
        qualifier="early",
        date=datetime.date(2022, 3, 15),
        categories=(CULTURE,),
    )


@pytest.fixture
def hidden_writer(editor):
    """Published: a writer who 'won't reveal where in Europe he's moved' (France, region only)."""
    return published_profile(
        editor,
        name="Hidden Writer",
        description="Novelist",
        country="FR",
        city="Marseille",
        disclosure="region",
        date=datetime.date(2022, 4, 1),
        categories=(CULTURE,),
    )


@pytest.fixture
def draft(db):
    """Never published; must never appear anywhere in the API."""
    return build_profile(name="Secret Draftperson", country="AM", city="Yerevan", categories=(MEDIA,))


@pytest.fixture
def corpus(loshak, ulitskaya, hidden_writer, draft):
    return {"loshak": loshak, "ulitskaya": ulitskaya, "hidden": hidden_writer, "draft": draft}


__all__ = ["build_profile", "factories", "publish", "results"]


def results(response) -> list[str]:
    """Slugs (profiles) or ids (others) of a list response, asserting it succeeded."""
    assert response.status_code == 200, response.content
    return [item.get("slug", item.get("id")) for item in response.json()["results"]]
