from pathlib import Path

import pytest

from profiles.corpus import load_corpus
from profiles.intake.extract import extract_from_html
from profiles.intake.mentions import clear_matcher_cache
from profiles.models import ChangeEvent, Profile, PublicProfile, PublicSource, SharedEvent
from sources.models import AggregateFigure, Excerpt, Outlet, Source

PAGES = Path(__file__).parent / "pages"


def read_page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="session")
def english_article():
    """The English test article as intake gives it: the saved page's main text and metadata."""
    return extract_from_html(read_page("en-exiled-artists.html"))


@pytest.fixture(scope="session")
def russian_article():
    return extract_from_html(read_page("ru-iz-tbilisi-v-rigu.html"))


@pytest.fixture(autouse=True)
def _fresh_matcher():
    # The matcher cache outlives a test's rolled-back transaction; start each test from nothing.
    clear_matcher_cache()
    yield
    clear_matcher_cache()


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The seed corpus, loaded once per module through the real workflow; tests only read it or
    write inside their own rolled-back transaction."""
    with django_db_blocker.unblock():
        assert not Profile.objects.exists() and not Source.objects.exists()
        load_corpus()
        yield
        # Leave the shared test database as the other modules expect it: no corpus rows.
        PublicProfile.objects.all().delete()
        PublicSource.objects.all().delete()
        ChangeEvent.objects.all().delete()
        SharedEvent.objects.all().delete()
        Profile.objects.all().delete()
        AggregateFigure.objects.all().delete()
        Excerpt.objects.all().delete()
        Source.objects.all().delete()
        Outlet.objects.all().delete()


@pytest.fixture
def db_with_corpus(corpus, db):
    return corpus
