import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    cache.clear()


@pytest.fixture
def contributor(db):
    return factories.contributor()


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def second_editor(db):
    return factories.editor("frank")


@pytest.fixture
def administrator(db):
    return factories.administrator()


@pytest.fixture
def source(db):
    return factories.SourceFactory()


@pytest.fixture
def profile_with_timeline(db):
    """A draft profile with one cited timeline entry in Tbilisi (city disclosed)."""
    excerpt = factories.ExcerptFactory()
    entry = factories.TimelineEntryFactory(profile__display_name="Andrei Loshak")
    factories.cite(entry, excerpt)
    return entry.profile
