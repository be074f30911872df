import pytest
from django.core.cache import cache

from tests.public.builders import published_profile


@pytest.fixture
def ulitskaya(editor):
    """A published person with a native name, aliases, a Berlin location and a correction."""
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
    )


@pytest.fixture
def fresh_cache():
    """Each request below renders afresh, so query counts measure the page, not the cache."""

    def clear():
        cache.clear()

    return clear
